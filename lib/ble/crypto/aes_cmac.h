/* AES-128 (FIPS-197) encryption of one block and AES-CMAC (RFC 4493),
 * small and portable: the BLE host's Security Manager and the AF_ALG shim
 * that lets btvirt run here (tests/ble). */
#ifndef H7STACK_AES_CMAC_H
#define H7STACK_AES_CMAC_H

#include <stddef.h>
#include <stdint.h>

void h7bt_aes128_encrypt(const uint8_t key[16], const uint8_t in[16], uint8_t out[16]);
void h7bt_aes128_cmac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t mac[16]);

#endif
