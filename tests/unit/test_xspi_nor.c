/* cmocka tests of lib/xspi_nor against a scripted controller: the command
 * sequences the library sends (write enable before every program/erase,
 * pages never crossed, 64 KiB blocks where they fit, the octal switch),
 * and its errors (range, alignment, wrong ID, timeouts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xspi_nor.h"

#define LOG 256

typedef struct {
    xspi_nor_cmd_t log[LOG];
    int n;
    uint8_t sr;                 /* what RDSR answers */
    int busy_reads;             /* RDSR answers WIP this many times */
    uint8_t id[3];
    bool mmap_on;
    uint32_t now;
} fake_t;

static fake_t fk;

static int fake_cmd(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data)
{
    (void)n;
    if (fk.n < LOG) {
        fk.log[fk.n++] = *c;
    }
    switch (c->opcode) {
    case 0x9F:
        memcpy(data, fk.id, 3);
        break;
    case 0x06:
        fk.sr |= 2;
        break;
    case 0x05:
        data[0] = fk.sr | (fk.busy_reads > 0 ? 1 : 0);
        if (fk.busy_reads > 0) {
            fk.busy_reads--;
        }
        fk.now++;
        break;
    case 0x12: case 0x21: case 0xDC: case 0x60: case 0x72:
        fk.sr &= ~2;
        break;
    case 0xEE: case 0x0C:
        memset(data, 0xA5, c->len);
        break;
    }
    return XSPI_NOR_OK;
}

static uint32_t fake_now(void)
{
    return fk.now;
}

static int fake_mmap(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *rc)
{
    (void)n;
    fk.mmap_on = on && rc->opcode == 0xEE && rc->dummy == XSPI_NOR_DUMMY_OCTAL;
    return XSPI_NOR_OK;
}

static xspi_nor_t nor;

static int setup(void **state)
{
    (void)state;
    memset(&fk, 0, sizeof(fk));
    memcpy(fk.id, "\xc2\x84\x39", 3);
    nor = (xspi_nor_t){ .cmd = fake_cmd, .now_ms = fake_now, .mmap = fake_mmap };
    return 0;
}

static int count(uint8_t op)
{
    int k = 0;
    for (int i = 0; i < fk.n; i++) {
        k += fk.log[i].opcode == op;
    }
    return k;
}

static void test_probe_reads_the_id_in_spi(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    assert_int_equal(nor.size, 32u << 20);
    xspi_nor_cmd_t last = fk.log[fk.n - 1];
    assert_int_equal(last.opcode, 0x9F);
    assert_int_equal(last.lines, 1);
    assert_int_equal(count(0x99), 2);           /* reset tried in both modes */
    memcpy(fk.id, "\xef\x40\x18", 3);
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_EID);
}

static void test_octal_switch_sets_dummy_then_mode(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    fk.n = 0;
    assert_int_equal(xspi_nor_octal_dtr(&nor), XSPI_NOR_OK);
    assert_int_equal(nor.mode, XSPI_NOR_OCTAL_DTR);
    int wrcr2[2], k = 0;
    for (int i = 0; i < fk.n; i++) {
        if (fk.log[i].opcode == 0x72) {
            wrcr2[k++] = i;
            assert_int_equal(fk.log[i - 2].opcode, 0x06);   /* WREN, RDSR, WRCR2 */
        }
    }
    assert_int_equal(k, 2);
    assert_int_equal(fk.log[wrcr2[0]].addr, 0x300);
    assert_int_equal(fk.log[wrcr2[1]].addr, 0);
    xspi_nor_cmd_t id = fk.log[fk.n - 1];
    assert_int_equal(id.opcode, 0x9F);
    assert_int_equal(id.lines, 8);
    assert_true(id.dtr);
    assert_int_equal(id.dummy, 4);
}

static void test_program_never_crosses_a_page(void **state)
{
    (void)state;
    static uint8_t buf[1000];
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    fk.n = 0;
    assert_int_equal(xspi_nor_program(&nor, 0x1F0, buf, sizeof(buf)), XSPI_NOR_OK);
    uint32_t covered = 0;
    for (int i = 0; i < fk.n; i++) {
        xspi_nor_cmd_t *c = &fk.log[i];
        if (c->opcode == 0x12) {
            assert_int_equal(fk.log[i - 2].opcode, 0x06);
            assert_true(c->addr / 256 == (c->addr + c->len - 1) / 256);
            assert_int_equal(c->addr, 0x1F0 + covered);
            covered += c->len;
        }
    }
    assert_int_equal(covered, sizeof(buf));
    assert_int_equal(count(0x12), 5);           /* 16 + 3 x 256 + 216 */
}

static void test_erase_uses_blocks_where_they_fit(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    fk.n = 0;
    assert_int_equal(xspi_nor_erase(&nor, 0xF000, 0x22000), XSPI_NOR_OK);
    assert_int_equal(count(0x21), 2);           /* 0xF000, then 0x30000 */
    assert_int_equal(count(0xDC), 2);           /* 0x10000, 0x20000 */
    /* in address order, each after its own write enable (WREN, RDSR, erase) */
    static const struct { uint8_t op; uint32_t addr; } want[] = {
        { 0x21, 0xF000 }, { 0xDC, 0x10000 }, { 0xDC, 0x20000 }, { 0x21, 0x30000 },
    };
    int k = 0;
    for (int i = 0; i < fk.n; i++) {
        if (fk.log[i].opcode == 0x21 || fk.log[i].opcode == 0xDC) {
            assert_true(k < 4);
            assert_int_equal(fk.log[i].opcode, want[k].op);
            assert_int_equal(fk.log[i].addr, want[k].addr);
            assert_true(i >= 2);
            assert_int_equal(fk.log[i - 2].opcode, 0x06);
            k++;
        }
    }
    assert_int_equal(k, 4);
    assert_int_equal(xspi_nor_erase(&nor, 0x100, 0x1000), XSPI_NOR_EINVAL);
    assert_int_equal(xspi_nor_erase(&nor, 0, 0x800), XSPI_NOR_EINVAL);
    assert_int_equal(xspi_nor_erase(&nor, (32u << 20) - 0x1000, 0x2000), XSPI_NOR_EINVAL);
}

static void test_ranges_and_timeouts(void **state)
{
    (void)state;
    uint8_t b[4];
    assert_int_equal(xspi_nor_read(&nor, 0, b, 4), XSPI_NOR_EINVAL);     /* not probed */
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    assert_int_equal(xspi_nor_read(&nor, (32u << 20) - 2, b, 4), XSPI_NOR_EINVAL);
    assert_int_equal(xspi_nor_program(&nor, 0xFFFFFFFF, b, 4), XSPI_NOR_EINVAL);
    fk.busy_reads = 1000000;                   /* never ready */
    assert_int_equal(xspi_nor_erase(&nor, 0, 0x1000), XSPI_NOR_ETIMEOUT);
}

static void test_memory_mapped_uses_the_octal_read(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    assert_int_equal(xspi_nor_octal_dtr(&nor), XSPI_NOR_OK);
    assert_int_equal(xspi_nor_memory_mapped(&nor, true), XSPI_NOR_OK);
    assert_true(fk.mmap_on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_probe_reads_the_id_in_spi, setup),
        cmocka_unit_test_setup(test_octal_switch_sets_dummy_then_mode, setup),
        cmocka_unit_test_setup(test_program_never_crosses_a_page, setup),
        cmocka_unit_test_setup(test_erase_uses_blocks_where_they_fit, setup),
        cmocka_unit_test_setup(test_ranges_and_timeouts, setup),
        cmocka_unit_test_setup(test_memory_mapped_uses_the_octal_read, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
