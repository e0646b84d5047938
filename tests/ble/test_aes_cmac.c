/* FIPS-197 and RFC 4493 test vectors for tests/ble/aes_cmac.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>
#include "aes_cmac.h"

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
    aes128_encrypt(key, in, out);
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
        aes128_cmac(key, msg, v[i].len, mac);
        assert_memory_equal(mac, want, 16);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips197),
        cmocka_unit_test(test_rfc4493),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
