/*
 * The LE Secure Connections functions of the Security Manager (Core spec
 * Vol 3 Part H 2.2.6-2.2.9), all AES-CMAC: f4 (confirm values), f5 (MacKey
 * and LTK from the Diffie-Hellman key), f6 (the DHKey checks) and g2 (the
 * numeric comparison value).  As in smp_legacy.h, every value is a byte
 * array in the order SMP PDUs carry it, least significant byte first;
 * addresses are 7 bytes: the 6 address bytes as HCI carries them, then the
 * address type (0 public, 1 random).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_SMP_SECURE_H
#define H7STACK_BLE_SMP_SECURE_H

#include <stdint.h>

/* u, v: public key x coordinates; x: a nonce; z: 0, or 0x80|bit in passkey entry */
void h7bt_smp_f4(const uint8_t u[32], const uint8_t v[32], const uint8_t x[16], uint8_t z,
                uint8_t out[16]);
/* w: the DHKey; n1, n2: the initiator's and responder's nonces; a1, a2: their addresses */
void h7bt_smp_f5(const uint8_t w[32], const uint8_t n1[16], const uint8_t n2[16],
                const uint8_t a1[7], const uint8_t a2[7], uint8_t mackey[16], uint8_t ltk[16]);
/* w: MacKey; io_cap: IO capability, OOB flag, AuthReq as the pairing PDU carries them */
void h7bt_smp_f6(const uint8_t w[16], const uint8_t n1[16], const uint8_t n2[16],
                const uint8_t r[16], const uint8_t io_cap[3], const uint8_t a1[7],
                const uint8_t a2[7], uint8_t out[16]);
/* the 32-bit value; the six digits shown to the user are this mod 10^6 */
uint32_t h7bt_smp_g2(const uint8_t u[32], const uint8_t v[32], const uint8_t x[16],
                    const uint8_t y[16]);

#endif
