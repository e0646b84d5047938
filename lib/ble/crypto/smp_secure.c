/*
 * f4, f5, f6 and g2; see smp_secure.h.  The spec writes the functions on
 * numbers most significant byte first, and AES-CMAC (RFC 4493) takes its
 * key and message that way: inputs are reversed into the message, the
 * result reversed back into PDU order.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "aes_cmac.h"
#include "smp_secure.h"

/* appends n bytes of a PDU-order value to a message, most significant first */
static uint8_t *put(uint8_t *m, const uint8_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        m[i] = v[n - 1 - i];
    }
    return m + n;
}

/* AES-CMAC with a PDU-order key, result in PDU order */
static void cmac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t out[16])
{
    uint8_t k[16], mac[16];
    put(k, key, 16);
    h7bt_aes128_cmac(k, msg, len, mac);
    put(out, mac, 16);
}

void h7bt_smp_f4(const uint8_t u[32], const uint8_t v[32], const uint8_t x[16], uint8_t z,
                uint8_t out[16])
{
    uint8_t m[65], *p = m;
    p = put(p, u, 32);
    p = put(p, v, 32);
    *p = z;
    cmac(x, m, sizeof m, out);
}

void h7bt_smp_f5(const uint8_t w[32], const uint8_t n1[16], const uint8_t n2[16],
                const uint8_t a1[7], const uint8_t a2[7], uint8_t mackey[16], uint8_t ltk[16])
{
    /* SALT, most significant byte first as the spec prints it */
    static const uint8_t salt[16] = {
        0x6c, 0x88, 0x83, 0x91, 0xaa, 0xf5, 0xa5, 0x38,
        0x60, 0x37, 0x0b, 0xdb, 0x5a, 0x60, 0x83, 0xbe,
    };
    uint8_t wm[32], t[16];
    put(wm, w, 32);
    h7bt_aes128_cmac(salt, wm, 32, t);       /* T, most significant byte first */
    /* Counter || keyID "btle" || N1 || N2 || A1 || A2 || Length 256 */
    uint8_t m[53], *p = m + 1;
    memcpy(p, "btle", 4);
    p = put(p + 4, n1, 16);
    p = put(p, n2, 16);
    p = put(p, a1, 7);
    p = put(p, a2, 7);
    p[0] = 0x01;
    p[1] = 0x00;
    uint8_t mac[16];
    m[0] = 0;
    h7bt_aes128_cmac(t, m, sizeof m, mac);
    put(mackey, mac, 16);
    m[0] = 1;
    h7bt_aes128_cmac(t, m, sizeof m, mac);
    put(ltk, mac, 16);
}

void h7bt_smp_f6(const uint8_t w[16], const uint8_t n1[16], const uint8_t n2[16],
                const uint8_t r[16], const uint8_t io_cap[3], const uint8_t a1[7],
                const uint8_t a2[7], uint8_t out[16])
{
    uint8_t m[65], *p = m;
    p = put(p, n1, 16);
    p = put(p, n2, 16);
    p = put(p, r, 16);
    p = put(p, io_cap, 3);
    p = put(p, a1, 7);
    put(p, a2, 7);
    cmac(w, m, sizeof m, out);
}

uint32_t h7bt_smp_g2(const uint8_t u[32], const uint8_t v[32], const uint8_t x[16],
                    const uint8_t y[16])
{
    uint8_t m[80], *p = m, mac[16];
    p = put(p, u, 32);
    p = put(p, v, 32);
    put(p, y, 16);
    cmac(x, m, sizeof m, mac);
    /* the least significant 32 bits (mac is in PDU order now) */
    return (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
           (uint32_t)mac[3] << 24;
}
