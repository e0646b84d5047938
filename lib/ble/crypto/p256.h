/*
 * NIST P-256 for LE Secure Connections pairing: public keys and the
 * Diffie-Hellman shared secret, for controllers (btvirt among them) that
 * do not offer the LE Read Local P-256 Public Key / LE Generate DHKey
 * commands.  Numbers are 32 bytes, most significant byte first, as the
 * spec's sample data prints them (SMP sends them least significant byte
 * first: the caller reverses).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_P256_H
#define H7STACK_BLE_P256_H

#include <stdbool.h>
#include <stdint.h>

/* pub = priv * G; false if priv is 0 or not below the group order */
bool h7bt_p256_public_key(const uint8_t priv[32], uint8_t pub_x[32], uint8_t pub_y[32]);
/* dh = x coordinate of priv * (peer_x, peer_y); false if the peer's point
 * is not on the curve (an invalid-curve attack) or priv is out of range */
bool h7bt_p256_dh(const uint8_t priv[32], const uint8_t peer_x[32], const uint8_t peer_y[32],
             uint8_t dh[32]);

#endif
