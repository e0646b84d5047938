/* cmocka tests of lib/xspi_nor against a scripted controller: the command
 * sequences the library sends (write enable before every program/erase,
 * pages never crossed, 64 KiB blocks where they fit, the octal switch),
 * and its errors (range, alignment, wrong ID, timeouts); and the MT25QL
 * pair in dual-flash mode (interleaved ID and status bytes, the pair's
 * 8 KiB, 128 KiB and 512-byte units, quad programs, both chips waited for,
 * flag status errors). */
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

static int idles;
static uint32_t idle_first_at;

static void count_idle(void)
{
    if (!idles++) {
        idle_first_at = fk.now;
    }
}

/* long waits let the port sleep between polls, short ones poll only
 * (fault: idle() from the first poll, or never: both counts change) */
static void test_long_waits_call_idle(void **state)
{
    (void)state;
    nor.idle = count_idle;
    idles = 0;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    fk.busy_reads = 1;                          /* a program: ready at once */
    uint8_t b[4] = { 1, 2, 3, 4 };
    assert_int_equal(xspi_nor_program(&nor, 0, b, 4), XSPI_NOR_OK);
    assert_int_equal(idles, 0);
    fk.busy_reads = 10;                         /* an erase: 10 polls, 1 ms each */
    uint32_t t0 = fk.now;
    assert_int_equal(xspi_nor_erase(&nor, 0, 0x1000), XSPI_NOR_OK);
    assert_in_range(idles, 8, 10);              /* from the second poll on */
    assert_true(idle_first_at - t0 >= 1);
}

static void test_memory_mapped_uses_the_octal_read(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&nor), XSPI_NOR_OK);
    assert_int_equal(xspi_nor_octal_dtr(&nor), XSPI_NOR_OK);
    assert_int_equal(xspi_nor_memory_mapped(&nor, true), XSPI_NOR_OK);
    assert_true(fk.mmap_on);
}


/* ---- the MT25QL pair in dual-flash mode: a second scripted controller
 * that answers each chip's byte in turn, as QUADSPI interleaves them ---- */

typedef struct {
    xspi_nor_cmd_t log[LOG];
    int n;
    uint8_t id[2][3];
    uint8_t sr[2];
    int busy_reads[2];          /* RDSR shows WIP for this chip this many times */
    uint8_t fsr[2];             /* flag status */
    bool cleared;               /* CLEAR FLAG STATUS REGISTER seen */
    uint32_t now;
} pair_t;

static pair_t pr;

static int pair_cmd(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data)
{
    bool dual = n->chips == 2;
    if (pr.n < LOG) {
        pr.log[pr.n++] = *c;
    }
    for (uint32_t i = 0; i < c->len && !c->write; i++) {
        /* dual: even bytes FLASH 1, odd FLASH 2; else FLASH 1 alone */
        unsigned k = dual ? i % 2 : 0, b = dual ? i / 2 : i;
        switch (c->opcode) {
        case 0x9F: data[i] = pr.id[k][b % 3]; break;
        case 0x05:
            data[i] = (uint8_t)(pr.sr[k] | (pr.busy_reads[k] > 0 ? 1 : 0));
            if (pr.busy_reads[k] > 0) {
                pr.busy_reads[k]--;
            }
            break;
        case 0x70: data[i] = pr.fsr[k]; break;
        default: data[i] = 0xA5; break;
        }
    }
    switch (c->opcode) {
    case 0x06: pr.sr[0] = pr.sr[1] = 2; break;
    case 0x05: pr.now++; break;
    case 0x50: pr.cleared = true; pr.fsr[0] = pr.fsr[1] = 0x80; break;
    case 0x34: case 0x21: case 0xDC: case 0xC7: pr.sr[0] = pr.sr[1] = 0; break;
    }
    return XSPI_NOR_OK;
}

static uint32_t pair_now(void)
{
    return pr.now;
}

static xspi_nor_t pair;

static int setup_pair(void **state)
{
    (void)state;
    memset(&pr, 0, sizeof(pr));
    memcpy(pr.id[0], "\x20\xba\x20", 3);
    memcpy(pr.id[1], "\x20\xba\x20", 3);
    pr.fsr[0] = pr.fsr[1] = 0x80;
    pair = (xspi_nor_t){ .cmd = pair_cmd, .now_ms = pair_now, .mmap = fake_mmap, .chips = 2 };
    return 0;
}

static int pair_count(uint8_t op)
{
    int k = 0;
    for (int i = 0; i < pr.n; i++) {
        k += pr.log[i].opcode == op;
    }
    return k;
}

static void test_dual_mt25ql_probe_and_units(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&pair), XSPI_NOR_OK);
    assert_int_equal(pair.part, XSPI_NOR_MT25QL);
    assert_int_equal(pair.size, 128u << 20);            /* two 64 MiB chips */
    assert_int_equal(pr.log[pr.n - 1].len, 6);          /* three ID bytes of each */
    assert_int_equal(xspi_nor_sector(&pair), 8192);
    assert_int_equal(xspi_nor_block(&pair), 131072);
    assert_int_equal(xspi_nor_page(&pair), 512);
    assert_int_equal(xspi_nor_octal_dtr(&pair), XSPI_NOR_EINVAL);
    memcpy(pr.id[1], "\x20\xba\x21", 3);               /* not a matched pair */
    assert_int_equal(xspi_nor_probe(&pair), XSPI_NOR_EID);
    pair.chips = 1;                                     /* one 1 Gbit MT25Q alone */
    memcpy(pr.id[0], "\x20\xba\x21", 3);
    assert_int_equal(xspi_nor_probe(&pair), XSPI_NOR_OK);
    assert_int_equal(pair.size, 128u << 20);
    assert_int_equal(xspi_nor_sector(&pair), 4096);
}

static void test_dual_program_is_quad_and_waits_for_both(void **state)
{
    (void)state;
    static uint8_t buf[1200];
    assert_int_equal(xspi_nor_probe(&pair), XSPI_NOR_OK);
    pr.n = 0;
    pr.busy_reads[1] = 3;                               /* FLASH 2 finishes later */
    assert_int_equal(xspi_nor_program(&pair, 0x3F0, buf, sizeof(buf)), XSPI_NOR_OK);
    uint32_t covered = 0;
    for (int i = 0; i < pr.n; i++) {
        xspi_nor_cmd_t *c = &pr.log[i];
        if (c->opcode == 0x34) {                        /* 4-byte quad input program */
            assert_int_equal(c->data_lines, 4);
            assert_int_equal(c->lines, 1);
            assert_int_equal(c->addr_bytes, 4);
            assert_true(c->addr / 512 == (c->addr + c->len - 1) / 512);   /* a pair's page */
            assert_int_equal(c->addr, 0x3F0 + covered);
            covered += c->len;
        }
        if (c->opcode == 0x05) {
            assert_int_equal(c->len, 2);                /* one status byte of each */
        }
    }
    assert_int_equal(covered, sizeof(buf));
    assert_int_equal(pair_count(0x34), 4);              /* 16 + 512 + 512 + 160 */
    /* the first program waited for FLASH 2's WIP although FLASH 1 was done:
     * three status reads after it (two busy; write enable's read took the
     * third) before its flag status check; one, if FLASH 1 alone counted */
    int first_pp = -1, polls = 0;
    for (int i = 0; i < pr.n && first_pp < 0; i++) {
        first_pp = pr.log[i].opcode == 0x34 ? i : -1;
    }
    for (int i = first_pp + 1; i < pr.n && pr.log[i].opcode != 0x70; i++) {
        polls += pr.log[i].opcode == 0x05;
    }
    assert_int_equal(polls, 3);
    assert_true(pair_count(0x70) >= 4);                 /* flag status after each */
}

static void test_dual_erase_units_and_flag_errors(void **state)
{
    (void)state;
    assert_int_equal(xspi_nor_probe(&pair), XSPI_NOR_OK);
    pr.n = 0;
    assert_int_equal(xspi_nor_erase(&pair, 0x1000, 8192), XSPI_NOR_EINVAL);   /* unaligned */
    assert_int_equal(xspi_nor_erase(&pair, 0x1E000, 0x24000), XSPI_NOR_OK);
    /* 8 KiB at 0x1E000, then a 128 KiB block at 0x20000, then 8 KiB */
    uint32_t want[][2] = { { 0x21, 0x1E000 }, { 0xDC, 0x20000 }, { 0x21, 0x40000 } };
    int k = 0;
    for (int i = 0; i < pr.n; i++) {
        if (pr.log[i].opcode == 0x21 || pr.log[i].opcode == 0xDC) {
            assert_true(k < 3);
            assert_int_equal(pr.log[i].opcode, want[k][0]);
            assert_int_equal(pr.log[i].addr, want[k][1]);
            k++;
        }
    }
    assert_int_equal(k, 3);
    /* FLASH 2 reports an erase error in its flag status: EIO, flags cleared */
    pr.fsr[1] = 0x80 | 0x20;
    assert_int_equal(xspi_nor_erase(&pair, 0, 8192), XSPI_NOR_EIO);
    assert_true(pr.cleared);
    pr.n = 0;
    assert_int_equal(xspi_nor_erase_chip(&pair), XSPI_NOR_OK);
    assert_int_equal(pair_count(0xC7), 1);              /* bulk erase, no address */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_probe_reads_the_id_in_spi, setup),
        cmocka_unit_test_setup(test_octal_switch_sets_dummy_then_mode, setup),
        cmocka_unit_test_setup(test_program_never_crosses_a_page, setup),
        cmocka_unit_test_setup(test_long_waits_call_idle, setup),
        cmocka_unit_test_setup(test_erase_uses_blocks_where_they_fit, setup),
        cmocka_unit_test_setup(test_ranges_and_timeouts, setup),
        cmocka_unit_test_setup(test_memory_mapped_uses_the_octal_read, setup),
        cmocka_unit_test_setup(test_dual_mt25ql_probe_and_units, setup_pair),
        cmocka_unit_test_setup(test_dual_program_is_quad_and_waits_for_both, setup_pair),
        cmocka_unit_test_setup(test_dual_erase_units_and_flag_errors, setup_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
