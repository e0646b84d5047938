/* AES-128 and AES-CMAC, written from FIPS-197 and RFC 4493.  A build whose
 * image links mbedtls anyway (the CM7 port's TLS) sets H7BT_CRYPTO_MBEDTLS and
 * the block cipher is mbedtls's: one AES in the image, not two. */
#include <string.h>
#include "aes_cmac.h"

#if H7BT_CRYPTO_MBEDTLS
#include "mbedtls/aes.h"

void h7bt_aes128_encrypt(const uint8_t key[16], const uint8_t in[16], uint8_t out[16])
{
    mbedtls_aes_context ctx;

    mbedtls_aes_init(&ctx);
    mbedtls_aes_setkey_enc(&ctx, key, 128); /* 128 bits: cannot fail */
    mbedtls_aes_crypt_ecb(&ctx, MBEDTLS_AES_ENCRYPT, in, out);
    mbedtls_aes_free(&ctx);
}
#else
static uint8_t sbox[256];

static uint8_t xtime(uint8_t x)
{
    return (uint8_t)((x << 1) ^ ((x & 0x80) ? 0x1B : 0));
}

/* the S-box: the multiplicative inverse in GF(2^8), then the affine map */
static void make_sbox(void)
{
    uint8_t p = 1, q = 1;
    do {
        p = p ^ (uint8_t)(p << 1) ^ ((p & 0x80) ? 0x1B : 0);    /* p *= 3 */
        q ^= (uint8_t)(q << 1);                                /* q /= 3 */
        q ^= (uint8_t)(q << 2);
        q ^= (uint8_t)(q << 4);
        if (q & 0x80) {
            q ^= 0x09;
        }
        uint8_t x = q ^ (uint8_t)(q << 1 | q >> 7) ^ (uint8_t)(q << 2 | q >> 6) ^
                    (uint8_t)(q << 3 | q >> 5) ^ (uint8_t)(q << 4 | q >> 4);
        sbox[p] = x ^ 0x63;
    } while (p != 1);
    sbox[0] = 0x63;
}

void h7bt_aes128_encrypt(const uint8_t key[16], const uint8_t in[16], uint8_t out[16])
{
    uint8_t rk[176], s[16], rcon = 1;

    if (!sbox[0]) {
        make_sbox();
    }
    memcpy(rk, key, 16);
    for (int i = 16; i < 176; i += 4) {
        uint8_t t[4] = { rk[i - 4], rk[i - 3], rk[i - 2], rk[i - 1] };
        if (i % 16 == 0) {
            uint8_t t0 = t[0];
            t[0] = sbox[t[1]] ^ rcon;
            t[1] = sbox[t[2]];
            t[2] = sbox[t[3]];
            t[3] = sbox[t0];
            rcon = xtime(rcon);
        }
        for (int k = 0; k < 4; k++) {
            rk[i + k] = rk[i - 16 + k] ^ t[k];
        }
    }
    for (int i = 0; i < 16; i++) {
        s[i] = in[i] ^ rk[i];
    }
    for (int round = 1; round <= 10; round++) {
        uint8_t t[16];
        for (int i = 0; i < 16; i++) {                  /* SubBytes + ShiftRows */
            int c = i / 4, r = i % 4;
            t[i] = sbox[s[((c + r) % 4) * 4 + r]];
        }
        if (round < 10) {                               /* MixColumns */
            for (int c = 0; c < 4; c++) {
                uint8_t *a = &t[4 * c], a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
                uint8_t all = a0 ^ a1 ^ a2 ^ a3;
                a[0] ^= all ^ xtime(a0 ^ a1);
                a[1] ^= all ^ xtime(a1 ^ a2);
                a[2] ^= all ^ xtime(a2 ^ a3);
                a[3] ^= all ^ xtime(a3 ^ a0);
            }
        }
        for (int i = 0; i < 16; i++) {
            s[i] = t[i] ^ rk[16 * round + i];
        }
    }
    memcpy(out, s, 16);
}
#endif

static void shift_left(const uint8_t in[16], uint8_t out[16])
{
    uint8_t carry = 0;
    for (int i = 15; i >= 0; i--) {
        out[i] = (uint8_t)(in[i] << 1 | carry);
        carry = in[i] >> 7;
    }
}

void h7bt_aes128_cmac(const uint8_t key[16], const uint8_t *msg, size_t len, uint8_t mac[16])
{
    uint8_t zero[16] = { 0 }, l[16], k1[16], k2[16], x[16] = { 0 }, last[16];

    h7bt_aes128_encrypt(key, zero, l);                       /* subkeys */
    shift_left(l, k1);
    if (l[0] & 0x80) {
        k1[15] ^= 0x87;
    }
    shift_left(k1, k2);
    if (k1[0] & 0x80) {
        k2[15] ^= 0x87;
    }
    size_t n = len ? (len + 15) / 16 : 1;
    int complete = len && len % 16 == 0;
    for (size_t b = 0; b + 1 < n; b++) {
        for (int i = 0; i < 16; i++) {
            x[i] ^= msg[16 * b + i];
        }
        h7bt_aes128_encrypt(key, x, x);
    }
    size_t rest = len - 16 * (n - 1);
    memset(last, 0, 16);
    memcpy(last, msg + 16 * (n - 1), rest);
    if (!complete) {
        last[rest] = 0x80;
    }
    for (int i = 0; i < 16; i++) {
        x[i] ^= last[i] ^ (complete ? k1[i] : k2[i]);
    }
    h7bt_aes128_encrypt(key, x, mac);
}
