/* mbedtls configuration of our unix-port build (the Makefile points
 * MBEDTLS_CONFIG_FILE here): the unix port's own, plus what the board has
 * beyond it, so that both ends of a test offer the same. */
#ifndef H7_UNIX_MBEDTLS_CONFIG_H
#define H7_UNIX_MBEDTLS_CONFIG_H

#include "mbedtls/mbedtls_config_port.h" /* ports/unix's */

/* SSLSocket.getpeercert(), as on the board */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE

#endif
