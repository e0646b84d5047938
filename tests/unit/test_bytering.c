/* cmocka tests of lib/bytering: sizes, empty and full, exact fit, wrap-around
 * of the buffer and of the 32-bit counts, the linear peek. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "bytering.h"

#define SIZE 16

static void pattern(uint8_t *b, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(seed + 3 * i);
    }
}

static void test_init_sizes(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[64];
    assert_false(bytering_init(&r, mem, 0));
    assert_false(bytering_init(&r, mem, 1));
    assert_false(bytering_init(&r, mem, 3));
    assert_false(bytering_init(&r, mem, 48));
    assert_false(bytering_init(&r, NULL, 16));
    assert_true(bytering_init(&r, mem, 2));
    assert_true(bytering_init(&r, mem, 64));
    assert_int_equal(bytering_size(&r), 64);
    assert_int_equal(bytering_used(&r), 0);
    assert_int_equal(bytering_free(&r), 64);
}

static void test_empty(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[SIZE], out[4];
    size_t n = 99;
    bytering_init(&r, mem, SIZE);
    assert_int_equal(bytering_read(&r, out, sizeof(out)), 0);
    assert_int_equal(bytering_get(&r), -1);
    bytering_peek_linear(&r, &n);
    assert_int_equal(n, 0);
    assert_int_equal(bytering_skip(&r, 5), 0);
    assert_int_equal(bytering_used(&r), 0);
}

static void test_full_and_exact_fit(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[SIZE], in[SIZE + 4], out[SIZE + 4];
    bytering_init(&r, mem, SIZE);
    pattern(in, sizeof(in), 1);
    /* every byte of the buffer holds data: no slot kept empty */
    assert_int_equal(bytering_write(&r, in, SIZE), SIZE);
    assert_int_equal(bytering_used(&r), SIZE);
    assert_int_equal(bytering_free(&r), 0);
    assert_false(bytering_put(&r, 0xAA));
    assert_int_equal(bytering_write(&r, in, 1), 0);
    assert_int_equal(bytering_read(&r, out, sizeof(out)), SIZE);
    assert_memory_equal(out, in, SIZE);
    /* more than fits: the first SIZE bytes go in, the rest is refused */
    assert_int_equal(bytering_write(&r, in, sizeof(in)), SIZE);
    assert_int_equal(bytering_read(&r, out, 3), 3);
    assert_memory_equal(out, in, 3);
    assert_int_equal(bytering_write(&r, in + SIZE, 4), 3);   /* 3 freed, 3 taken */
    assert_int_equal(bytering_read(&r, out, sizeof(out)), SIZE);
    assert_memory_equal(out, in + 3, SIZE);
}

static void test_wrap_and_peek(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[SIZE], in[SIZE], out[SIZE];
    bytering_init(&r, mem, SIZE);
    pattern(in, sizeof(in), 7);
    assert_int_equal(bytering_write(&r, in, 12), 12);
    assert_int_equal(bytering_skip(&r, 10), 10);
    /* 2 left at offset 10; 10 more wrap around the end */
    assert_int_equal(bytering_write(&r, in, 10), 10);
    size_t n;
    const uint8_t *p = bytering_peek_linear(&r, &n);
    assert_int_equal(n, 6);                     /* offsets 10..15 */
    assert_ptr_equal(p, mem + 10);
    assert_memory_equal(p, in + 10, 2);
    assert_memory_equal(p + 2, in, 4);
    assert_int_equal(bytering_skip(&r, n), 6);
    p = bytering_peek_linear(&r, &n);
    assert_int_equal(n, 6);                     /* the wrapped part at offset 0 */
    assert_ptr_equal(p, mem);
    assert_memory_equal(p, in + 4, 6);
    assert_int_equal(bytering_read(&r, out, sizeof(out)), 6);
    assert_int_equal(bytering_used(&r), 0);
}

static void test_counts_wrap(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[SIZE], in[SIZE], out[SIZE];
    bytering_init(&r, mem, SIZE);
    /* both counts just below 2^32: used bytes stay head - tail across it */
    r.head = r.tail = UINT32_MAX - 5;
    pattern(in, sizeof(in), 40);
    for (int round = 0; round < 4; round++) {
        assert_int_equal(bytering_write(&r, in, 11), 11);
        assert_int_equal(bytering_used(&r), 11);
        assert_int_equal(bytering_free(&r), SIZE - 11);
        assert_int_equal(bytering_read(&r, out, sizeof(out)), 11);
        assert_memory_equal(out, in, 11);
    }
    assert_true(r.head < 64);                   /* it did wrap */
}

static void test_put_get_and_reset(void **state)
{
    (void)state;
    bytering_t r;
    uint8_t mem[4];
    bytering_init(&r, mem, sizeof(mem));
    for (int i = 0; i < 4; i++) {
        assert_true(bytering_put(&r, (uint8_t)(0xF0 + i)));
    }
    assert_false(bytering_put(&r, 0));
    assert_int_equal(bytering_get(&r), 0xF0);
    assert_int_equal(bytering_get(&r), 0xF1);
    bytering_reset(&r);
    assert_int_equal(bytering_used(&r), 0);
    assert_int_equal(bytering_get(&r), -1);
    assert_true(bytering_put(&r, 0x5A));
    assert_int_equal(bytering_get(&r), 0x5A);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sizes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_full_and_exact_fit),
        cmocka_unit_test(test_wrap_and_peek),
        cmocka_unit_test(test_counts_wrap),
        cmocka_unit_test(test_put_get_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
