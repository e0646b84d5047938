/*
 * c1 and s1; see smp_legacy.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "aes_cmac.h"
#include "smp_legacy.h"

/* the spec's e(): AES-128 on values written most significant byte first */
static void e(const uint8_t k[16], const uint8_t in[16], uint8_t out[16])
{
    uint8_t kb[16], ib[16], ob[16];
    for (int i = 0; i < 16; i++) {
        kb[i] = k[15 - i];
        ib[i] = in[15 - i];
    }
    h7bt_aes128_encrypt(kb, ib, ob);
    for (int i = 0; i < 16; i++) {
        out[i] = ob[15 - i];
    }
}

void h7bt_smp_c1(const uint8_t k[16], const uint8_t r[16], const uint8_t preq[7],
                const uint8_t pres[7], uint8_t iat, const uint8_t ia[6], uint8_t rat,
                const uint8_t ra[6], uint8_t out[16])
{
    /* p1 = pres || preq || rat' || iat', p2 = padding || ia || ra */
    uint8_t p1[16], p2[16] = { 0 }, t[16];
    p1[0] = iat;
    p1[1] = rat;
    memcpy(p1 + 2, preq, 7);
    memcpy(p1 + 9, pres, 7);
    memcpy(p2, ra, 6);
    memcpy(p2 + 6, ia, 6);
    for (int i = 0; i < 16; i++) {
        t[i] = r[i] ^ p1[i];
    }
    e(k, t, t);
    for (int i = 0; i < 16; i++) {
        t[i] ^= p2[i];
    }
    e(k, t, out);
}

void h7bt_smp_s1(const uint8_t k[16], const uint8_t r1[16], const uint8_t r2[16], uint8_t out[16])
{
    uint8_t r[16];                      /* r1' || r2': the low halves */
    memcpy(r, r2, 8);
    memcpy(r + 8, r1, 8);
    e(k, r, out);
}
