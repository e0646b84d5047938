/* lib/ble/crypto against published vectors: FIPS-197 (AES), RFC 4493
 * (CMAC), the Core spec's examples for SMP c1 and s1 (Vol 3 Part H 2.2.3,
 * 2.2.4) and its sample data for f4, f5, f6 and g2 (Appendix D). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>
#include "aes_cmac.h"
#include "smp_legacy.h"
#include "smp_secure.h"

static void hex(const char *s, uint8_t *out)
{
    for (size_t i = 0; s[2 * i]; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void test_fips197(void **state)
{
    (void)state;
    uint8_t key[16], in[16], want[16], out[16];
    hex("000102030405060708090a0b0c0d0e0f", key);
    hex("00112233445566778899aabbccddeeff", in);
    hex("69c4e0d86a7b0430d8cdb78070b4c55a", want);
    h7bt_aes128_encrypt(key, in, out);
    assert_memory_equal(out, want, 16);
}

static void test_rfc4493(void **state)
{
    (void)state;
    static const struct { size_t len; const char *mac; } v[] = {
        { 0, "bb1d6929e95937287fa37d129b756746" },
        { 16, "070a16b46b4d4144f79bdd9dd04a287c" },
        { 40, "dfa66747de9ae63030ca32611497c827" },
        { 64, "51f0bebf7e3b9d92fc49741779363cfe" },
    };
    uint8_t key[16], msg[64], want[16], mac[16];
    hex("2b7e151628aed2a6abf7158809cf4f3c", key);
    hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710", msg);
    for (size_t i = 0; i < 4; i++) {
        hex(v[i].mac, want);
        h7bt_aes128_cmac(key, msg, v[i].len, mac);
        assert_memory_equal(mac, want, 16);
    }
}

/* the spec writes values most significant byte first; SMP carries them reversed */
static void hex_le(const char *s, uint8_t *out)
{
    size_t n = strlen(s) / 2;
    hex(s, out);
    for (size_t i = 0; i < n / 2; i++) {
        uint8_t t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
}

static void test_smp_c1(void **state)
{
    (void)state;
    uint8_t k[16] = { 0 }, r[16], preq[7], pres[7], ia[6], ra[6], want[16], out[16];
    hex_le("5783d52156ad6f0e6388274ec6702ee0", r);
    hex_le("07071000000101", preq);
    hex_le("05000800000302", pres);
    hex_le("a1a2a3a4a5a6", ia);
    hex_le("b1b2b3b4b5b6", ra);
    hex_le("1e1e3fef878988ead2a74dc5bef13b86", want);
    h7bt_smp_c1(k, r, preq, pres, 1, ia, 0, ra, out);
    assert_memory_equal(out, want, 16);
    r[0] ^= 1;                                  /* any other random gives another value */
    h7bt_smp_c1(k, r, preq, pres, 1, ia, 0, ra, out);
    assert_memory_not_equal(out, want, 16);
}

static void test_smp_s1(void **state)
{
    (void)state;
    uint8_t k[16] = { 0 }, r1[16], r2[16], want[16], out[16];
    hex_le("000f0e0d0c0b0a091122334455667788", r1);
    hex_le("010203040506070899aabbccddeeff00", r2);
    hex_le("9a1fe1f0e8b0f49b5b4216ae796da062", want);
    h7bt_smp_s1(k, r1, r2, out);
    assert_memory_equal(out, want, 16);
}

/* Appendix D's sample data: PKax (the debug key's x), PKbx, Na, Nb,
 * the DHKey, the two addresses */
static const char *PKAX = "20b003d2f297be2c5e2c83a7e9f9a5b9eff49111acf4fddbcc0301480e359de6";
static const char *PKBX = "55188b3d32f6bb9a900afcfbeed4e72a59cb9ac2f19d7cfb6b4fdd49f47fc5fd";
static const char *NA = "d5cb8454d177733effffb2ec712baeab";
static const char *NB = "a6e8e7cc25a75f6e216583f7ff3dc4cf";
static const char *DHKEY = "ec0234a357c8ad05341010a60a397d9b99796b13b4f866f1868d34f373bfa698";
static const char *ADDR_A = "0056123737bfce";
static const char *ADDR_B = "00a713702dcfc1";

static void test_smp_f4(void **state)
{
    (void)state;
    uint8_t u[32], v[32], x[16], want[16], out[16];
    hex_le(PKAX, u);
    hex_le(PKBX, v);
    hex_le(NA, x);
    hex_le("f2c916f107a9bd1cf1eda1bea974872d", want);
    h7bt_smp_f4(u, v, x, 0, out);
    assert_memory_equal(out, want, 16);
    h7bt_smp_f4(u, v, x, 0x81, out);             /* a passkey bit changes the value */
    assert_memory_not_equal(out, want, 16);
}

static void test_smp_f5(void **state)
{
    (void)state;
    uint8_t w[32], n1[16], n2[16], a1[7], a2[7], mac_want[16], ltk_want[16], mac[16], ltk[16];
    hex_le(DHKEY, w);
    hex_le(NA, n1);
    hex_le(NB, n2);
    hex_le(ADDR_A, a1);
    hex_le(ADDR_B, a2);
    hex_le("2965f176a1084a02fd3f6a20ce636e20", mac_want);
    hex_le("6986791169d7cd23980522b594750a38", ltk_want);
    h7bt_smp_f5(w, n1, n2, a1, a2, mac, ltk);
    assert_memory_equal(mac, mac_want, 16);
    assert_memory_equal(ltk, ltk_want, 16);
}

static void test_smp_f6(void **state)
{
    (void)state;
    uint8_t w[16], n1[16], n2[16], r[16], io[3], a1[7], a2[7], want[16], out[16];
    hex_le("2965f176a1084a02fd3f6a20ce636e20", w);      /* f5's MacKey */
    hex_le(NA, n1);
    hex_le(NB, n2);
    hex_le("12a3343bb453bb5408da42d20c2d0fc8", r);
    hex_le("010102", io);                       /* AuthReq 01, OOB 01, IO capability 02 */
    hex_le(ADDR_A, a1);
    hex_le(ADDR_B, a2);
    hex_le("e3c473989cd0e8c5d26c0b09da958f61", want);
    h7bt_smp_f6(w, n1, n2, r, io, a1, a2, out);
    assert_memory_equal(out, want, 16);
}

static void test_smp_g2(void **state)
{
    (void)state;
    uint8_t u[32], v[32], x[16], y[16];
    hex_le(PKAX, u);
    hex_le(PKBX, v);
    hex_le(NA, x);
    hex_le(NB, y);
    assert_int_equal(h7bt_smp_g2(u, v, x, y), 0x2f9ed5ba);
    assert_int_equal(h7bt_smp_g2(u, v, x, y) % 1000000, 938554);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips197),
        cmocka_unit_test(test_rfc4493),
        cmocka_unit_test(test_smp_c1),
        cmocka_unit_test(test_smp_s1),
        cmocka_unit_test(test_smp_f4),
        cmocka_unit_test(test_smp_f5),
        cmocka_unit_test(test_smp_f6),
        cmocka_unit_test(test_smp_g2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
