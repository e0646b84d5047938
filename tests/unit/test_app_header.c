/*
 * lib/boot/app_header: every status the bootloader can report, built from a
 * valid image by changing one thing at a time; the CRC on the check values
 * of CRC-32 (IEEE).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "app_header.h"

#define LOAD    0x70000000u
#define RAM_LO  0x20000000u
#define RAM_HI  0x24072000u
#define LEN     0x800u
static uint8_t img[LEN + 64];

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void seal(void)
{
    app_header_t h;
    memcpy(&h, img, sizeof(h));
    h.crc32 = app_crc32(0, img + APP_HEADER_SIZE, h.length - APP_HEADER_SIZE);
    memcpy(img, &h, sizeof(h));
    put32(img + 28, app_crc32(0, img, 28));
}

static void make_valid(void)
{
    app_header_t h = {
        .magic = APP_MAGIC, .version = APP_HEADER_VERSION, .header_size = APP_HEADER_SIZE,
        .load_addr = LOAD, .vector_offset = 0x400, .length = LEN,
    };
    memset(img, 0xFF, sizeof(img));
    for (uint32_t i = APP_HEADER_SIZE; i < LEN; i++) {
        img[i] = (uint8_t)(i * 7 + 1);
    }
    memcpy(img, &h, sizeof(h));
    put32(img + 0x400, 0x20010000);                 /* SP: top of DTCM */
    put32(img + 0x404, LOAD + 0x500 + 1);           /* reset handler, Thumb */
    seal();
}

static app_status_t check(size_t avail, app_info_t *info)
{
    return app_check(img, avail, LOAD, RAM_LO, RAM_HI, info);
}

static void test_crc32_check_value(void **state)
{
    (void)state;
    assert_int_equal(app_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(app_crc32(app_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
    assert_int_equal(app_crc32(0, "", 0), 0);
}

static void test_valid_image(void **state)
{
    (void)state;
    app_info_t info;
    make_valid();
    assert_int_equal(check(LEN, &info), APP_OK);
    assert_int_equal(info.sp, 0x20010000u);
    assert_int_equal(info.entry, LOAD + 0x501);
    assert_int_equal(info.vtor, LOAD + 0x400);
    assert_int_equal(info.length, LEN);
    assert_string_equal(app_status_str(APP_OK), "ok");
}

static void test_short_and_erased(void **state)
{
    (void)state;
    make_valid();
    assert_int_equal(check(APP_HEADER_SIZE - 1, NULL), APP_E_SHORT);
    memset(img, 0xFF, sizeof(img));
    assert_int_equal(check(sizeof(img), NULL), APP_E_ERASED);
    memset(img, 0x00, sizeof(img));
    assert_int_equal(check(sizeof(img), NULL), APP_E_MAGIC);
}

static void test_header_fields(void **state)
{
    (void)state;
    make_valid();
    img[4] = 2;                                     /* version, header CRC not redone */
    assert_int_equal(check(LEN, NULL), APP_E_HEADER);
    seal();                                         /* version 2 with a right CRC */
    assert_int_equal(check(LEN, NULL), APP_E_HEADER);
    make_valid();
    img[29] ^= 1;                                   /* the header CRC itself */
    assert_int_equal(check(LEN, NULL), APP_E_HEADER);
    make_valid();
    put32(img + 24, 1);                             /* reserved */
    seal();
    assert_int_equal(check(LEN, NULL), APP_E_HEADER);
    make_valid();
    put32(img + 8, 0x08000000);                     /* load address */
    seal();
    assert_int_equal(check(LEN, NULL), APP_E_ADDRESS);
}

static void test_lengths(void **state)
{
    (void)state;
    make_valid();
    assert_int_equal(check(LEN - 1, NULL), APP_E_LENGTH);        /* longer than the flash */
    put32(img + 16, 0x404);                         /* no room for the reset vector */
    seal();
    assert_int_equal(check(LEN, NULL), APP_E_LENGTH);
    make_valid();
    put32(img + 16, 0xFFFFFFF0u);                   /* huge: no overflow */
    put32(img + 28, app_crc32(0, img, 28));
    assert_int_equal(check(LEN, NULL), APP_E_LENGTH);
}

static void test_damage_and_truncation(void **state)
{
    (void)state;
    make_valid();
    img[0x600] ^= 0x40;
    assert_int_equal(check(LEN, NULL), APP_E_CRC);
    make_valid();
    memset(img + LEN - 200, 0xFF, 200);             /* the flasher stopped early */
    assert_int_equal(check(LEN, NULL), APP_E_TRUNCATED);
    assert_string_equal(app_status_str(APP_E_TRUNCATED), "image truncated (ends in erased flash)");
}

static void test_vector_table(void **state)
{
    (void)state;
    make_valid();
    /* a table at 0x200 that is valid in every other way: only VTOR's
     * alignment (1 KiB) refuses it */
    put32(img + 0x200, 0x20010000);
    put32(img + 0x204, LOAD + 0x501);
    put32(img + 12, 0x200);
    seal();
    assert_int_equal(check(LEN, NULL), APP_E_VECTOR);
    uint32_t bad[][2] = {
        { 0x20010004, LOAD + 0x501 },   /* stack not 8-aligned */
        { 0x10000000, LOAD + 0x501 },   /* stack below RAM */
        { 0x24080000, LOAD + 0x501 },   /* stack above RAM */
        { 0x20010000, LOAD + 0x500 },   /* ARM state */
        { 0x20010000, LOAD + 0x101 },   /* into the header */
        { 0x20010000, LOAD + LEN + 1 }, /* past the end */
        { 0x20010000, 0x08000001 },     /* elsewhere */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        make_valid();
        put32(img + 0x400, bad[i][0]);
        put32(img + 0x404, bad[i][1]);
        seal();
        assert_int_equal(check(LEN, NULL), APP_E_VECTOR);
    }
}

static void test_every_status_has_a_reason(void **state)
{
    (void)state;
    for (int st = APP_E_VECTOR; st <= APP_OK; st++) {
        assert_string_not_equal(app_status_str((app_status_t)st), "unknown status");
    }
    assert_string_equal(app_status_str((app_status_t)5), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_check_value),
        cmocka_unit_test(test_valid_image),
        cmocka_unit_test(test_short_and_erased),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_damage_and_truncation),
        cmocka_unit_test(test_vector_table),
        cmocka_unit_test(test_every_status_has_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
