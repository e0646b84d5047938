/*
 * The LE legacy pairing functions of the Security Manager (Core spec Vol 3
 * Part H 2.2.3-2.2.4): c1, the confirm value, and s1, the short-term key.
 * All 128-bit values are byte arrays in the order SMP PDUs carry them
 * (least significant byte first); addresses as HCI carries them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_SMP_LEGACY_H
#define H7STACK_BLE_SMP_LEGACY_H

#include <stdint.h>

/* preq/pres: the 7-byte Pairing Request/Response PDUs; iat/rat: address
 * types (0 public, 1 random) of the initiator and responder */
void h7bt_smp_c1(const uint8_t k[16], const uint8_t r[16], const uint8_t preq[7],
                const uint8_t pres[7], uint8_t iat, const uint8_t ia[6], uint8_t rat,
                const uint8_t ra[6], uint8_t out[16]);
/* STK = s1(TK, Srand, Mrand) */
void h7bt_smp_s1(const uint8_t k[16], const uint8_t r1[16], const uint8_t r2[16], uint8_t out[16]);

#endif
