/*
 * lib/ble/crypto/p256.c: the public key of the Core spec's SMP debug
 * private key (Vol 3 Part H 2.3.5.6.1), computed independently as well;
 * (n-1)G = -G; Diffie-Hellman agrees both ways; points off the curve and
 * scalars out of range are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "p256.h"

static void hex(uint8_t *out, const char *s)
{
    for (int i = 0; i < 32; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static const char *DEBUG_PRIV = "3f49f6d4a3c55f3874c9b3e3d2103f504aff607beb40b7995899b8a6cd3c1abd";
static const char *DEBUG_X = "20b003d2f297be2c5e2c83a7e9f9a5b9eff49111acf4fddbcc0301480e359de6";
static const char *DEBUG_Y = "dc809c49652aeb6d63329abf5a52155c766345c28fed3024741c8ed01589d28b";
static const char *N_MINUS_1 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550";
static const char *GX = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
/* a point with a small X: X + p still fits in 256 bits and names the same
 * point modulo p, so only the range check can refuse it */
static const char *SMALL_X = "0000000000000000000000000000000000000000000000000000000000000005";
static const char *SMALL_X_PLUS_P = "ffffffff00000001000000000000000000000001000000000000000000000004";
static const char *SMALL_Y = "459243b9aa581806fe913bce99817ade11ca503c64d9a3c533415c083248fbcc";
static const char *NEG_GY = "b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a";

/* the public key of priv is (x, y) */
static void check_public_key(const char *priv, const char *x, const char *y)
{
    uint8_t k[32], px[32], py[32], ex[32], ey[32];
    hex(k, priv);
    hex(ex, x);
    hex(ey, y);
    assert_true(h7bt_p256_public_key(k, px, py));
    assert_memory_equal(px, ex, 32);
    assert_memory_equal(py, ey, 32);
}

static void test_debug_key(void **state)
{
    (void)state;
    check_public_key(DEBUG_PRIV, DEBUG_X, DEBUG_Y);
}

static void test_minus_g(void **state)
{
    (void)state;
    check_public_key(N_MINUS_1, GX, NEG_GY);
}

static void test_dh_agrees(void **state)
{
    (void)state;
    uint8_t a[32], b[32], ax[32], ay[32], bx[32], by[32], s1[32], s2[32];
    for (int round = 0; round < 8; round++) {
        for (int i = 0; i < 32; i++) {
            a[i] = (uint8_t)(i * 7 + round * 13 + 1);
            b[i] = (uint8_t)(255 - i * 5 - round);
        }
        a[0] &= 0x7F;
        b[0] &= 0x7F;                       /* below n */
        assert_true(h7bt_p256_public_key(a, ax, ay));
        assert_true(h7bt_p256_public_key(b, bx, by));
        assert_true(h7bt_p256_dh(a, bx, by, s1));
        assert_true(h7bt_p256_dh(b, ax, ay, s2));
        assert_memory_equal(s1, s2, 32);
    }
    /* the debug key times -G: the x of the debug public key */
    uint8_t d[32], gx[32], ngy[32], ex[32];
    hex(d, DEBUG_PRIV);
    hex(gx, GX);
    hex(ngy, NEG_GY);
    hex(ex, DEBUG_X);
    assert_true(h7bt_p256_dh(d, gx, ngy, s1));
    assert_memory_equal(s1, ex, 32);
}

static void test_refusals(void **state)
{
    (void)state;
    uint8_t d[32], x[32], y[32], s[32], zero[32] = { 0 }, n[32];
    hex(d, DEBUG_PRIV);
    hex(x, DEBUG_X);
    hex(y, DEBUG_Y);
    y[31] ^= 1;                             /* off the curve */
    assert_false(h7bt_p256_dh(d, x, y, s));
    memset(y, 0xFF, 32);                    /* not below p, and off the curve */
    assert_false(h7bt_p256_dh(d, x, y, s));
    hex(x, SMALL_X);                        /* on the curve: taken */
    hex(y, SMALL_Y);
    assert_true(h7bt_p256_dh(d, x, y, s));
    hex(x, SMALL_X_PLUS_P);                 /* the same point, X not below p: refused */
    assert_false(h7bt_p256_dh(d, x, y, s));
    assert_false(h7bt_p256_public_key(zero, x, y));
    hex(n, N_MINUS_1);
    n[31]++;                                /* n itself */
    assert_false(h7bt_p256_public_key(n, x, y));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug_key),
        cmocka_unit_test(test_minus_g),
        cmocka_unit_test(test_dh_agrees),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
