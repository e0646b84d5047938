/* mbedtls configuration of the h7stack port: MicroPython's common set for a
 * bare-metal board (its allocator, no OS entropy or clock), with the time
 * and the entropy taken from the board (mbedtls_port.c). */
#ifndef H747_MBEDTLS_CONFIG_PORT_H
#define H747_MBEDTLS_CONFIG_PORT_H

#include <time.h>

/* the RTC, for certificate validity; mbedtls_ms_time for TLS 1.3 tickets and
 * DTLS timers comes from the board's millisecond tick */
time_t h747_mbedtls_time(time_t *timer);
#define MBEDTLS_PLATFORM_TIME_MACRO h747_mbedtls_time
#define MBEDTLS_PLATFORM_MS_TIME_ALT

/* cryptolib.aes mode 6 (MICROPY_PY_CRYPTOLIB_CTR) */
#define MBEDTLS_CIPHER_MODE_CTR
/* SSLSocket.getpeercert(): the peer's certificate kept for the connection's
 * life (its DER, a kilobyte or so of heap), e.g. to pin a server's */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE

#define MICROPY_MBEDTLS_CONFIG_BARE_METAL (1)
#include "extmod/mbedtls/mbedtls_config_common.h"

#endif
