/* cmocka tests of lib/ipc/ipc_ring: every edge of the ring. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ipc_ring.h"

#define SIZE 256

static ipc_ring_t *new_ring(uint32_t size)
{
    ipc_ring_t *r = aligned_alloc(IPC_LINE, IPC_RING_BYTES(size));
    assert_int_equal(ipc_ring_init(r, size), IPC_OK);
    return r;
}

static void fill(uint8_t *b, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(seed + i * 7);
    }
}

static void read_expect(ipc_ring_t *r, uint16_t len, uint16_t type, uint32_t seq, uint8_t seed)
{
    uint8_t buf[1024], want[1024];
    uint16_t l, t;
    uint32_t s;
    assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_OK);
    assert_int_equal(l, len);
    assert_int_equal(t, type);
    assert_int_equal(s, seq);
    fill(want, len, seed);
    assert_memory_equal(buf, want, len);
}

static void test_init_rejects_bad_sizes(void **state)
{
    (void)state;
    ipc_ring_t *r = aligned_alloc(IPC_LINE, IPC_RING_BYTES(1024));
    assert_int_equal(ipc_ring_init(r, 100), IPC_EINVAL);     /* not a power of two */
    assert_int_equal(ipc_ring_init(r, 32), IPC_EINVAL);      /* too small */
    assert_int_equal(ipc_ring_init(NULL, 64), IPC_EINVAL);
    assert_int_equal(ipc_ring_init(r, 1024), IPC_OK);
    free(r);
}

static void test_empty(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t buf[8];
    uint16_t l, t;
    uint32_t s;
    assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_EEMPTY);
    assert_int_equal(ipc_ring_depth(r), 0);
    free(r);
}

static void test_round_trip_and_zero_length(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[40];
    fill(p, sizeof(p), 1);
    assert_int_equal(ipc_ring_try_write(r, p, 40, 7), IPC_OK);
    assert_int_equal(ipc_ring_try_write(r, NULL, 0, 8), IPC_OK);
    assert_int_equal(ipc_ring_depth(r), 48 + 8);
    read_expect(r, 40, 7, 0, 1);
    read_expect(r, 0, 8, 1, 0);
    assert_int_equal(ipc_ring_depth(r), 0);
    free(r);
}

static void test_full_then_room_again(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[56];
    fill(p, sizeof(p), 3);
    /* 64-byte records: exactly four fit */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(ipc_ring_try_write(r, p, 56, 1), IPC_OK);
    }
    assert_int_equal(ipc_ring_try_write(r, p, 1, 1), IPC_EFULL);
    assert_int_equal(ipc_ring_depth(r), SIZE);
    assert_int_equal(r->high_water, SIZE);
    read_expect(r, 56, 1, 0, 3);
    assert_int_equal(ipc_ring_try_write(r, p, 56, 1), IPC_OK);   /* exact fit at the end */
    free(r);
}

static void test_record_that_would_wrap_is_padded(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[120];
    fill(p, sizeof(p), 5);
    assert_int_equal(ipc_ring_try_write(r, p, 88, 1), IPC_OK);   /* 96 bytes */
    assert_int_equal(ipc_ring_try_write(r, p, 88, 2), IPC_OK);   /* to 192 */
    read_expect(r, 88, 1, 0, 5);
    read_expect(r, 88, 2, 1, 5);
    /* 64 bytes left before the end: a 104-byte record pads them and wraps */
    assert_int_equal(ipc_ring_try_write(r, p, 96, 3), IPC_OK);
    assert_int_equal(ipc_ring_depth(r), 64 + 104);
    read_expect(r, 96, 3, 2, 5);
    assert_int_equal(ipc_ring_depth(r), 0);
    free(r);
}

static void test_no_room_for_padding_plus_record_is_full(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[120];
    fill(p, sizeof(p), 9);
    assert_int_equal(ipc_ring_try_write(r, p, 112, 1), IPC_OK);  /* 120 */
    assert_int_equal(ipc_ring_try_write(r, p, 64, 1), IPC_OK);   /* 72: to 192 */
    read_expect(r, 112, 1, 0, 9);       /* 72 in use, 184 free, 64 before the end */
    /* a 120-byte record needs 64 bytes of padding + 120 = 184: exactly the room */
    assert_int_equal(ipc_ring_try_write(r, p, 112, 2), IPC_OK);
    assert_int_equal(ipc_ring_try_write(r, p, 0, 3), IPC_EFULL);
    read_expect(r, 64, 1, 1, 9);
    read_expect(r, 112, 2, 2, 9);
    free(r);
}

static void test_too_big_and_reserved_type(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[200] = { 0 };
    assert_int_equal(ipc_ring_max_payload(r), SIZE / 2 - 8);
    assert_int_equal(ipc_ring_try_write(r, p, SIZE / 2 - 7, 1), IPC_ETOOBIG);
    assert_int_equal(ipc_ring_try_write(r, p, 4, IPC_TYPE_PAD), IPC_EINVAL);
    assert_int_equal(ipc_ring_try_write(r, NULL, 4, 1), IPC_EINVAL);
    free(r);
}

static void test_small_reader_buffer_keeps_the_record(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[32], small[8];
    uint16_t l, t;
    uint32_t s;
    fill(p, sizeof(p), 11);
    assert_int_equal(ipc_ring_try_write(r, p, 32, 4), IPC_OK);
    assert_int_equal(ipc_ring_try_read(r, small, sizeof(small), &l, &t, &s), IPC_ESMALL);
    read_expect(r, 32, 4, 0, 11);
    free(r);
}

static void test_corrupt_header_is_reported(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[16], buf[64];
    uint16_t l, t;
    uint32_t s;
    assert_int_equal(ipc_ring_try_write(r, p, 16, 1), IPC_OK);
    r->data[0] = 0xF0;                                   /* length 0x..F0: past head */
    r->data[1] = 0x00;
    assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_ECORRUPT);
    r->data[0] = 16;
    r->data[4] = 9;                                      /* sequence skipped */
    assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_ECORRUPT);
    free(r);
}

static int waits_left;
static int wait_stub(void *ctx)
{
    ipc_ring_t *r = ctx;
    uint8_t buf[256];
    uint16_t l, t;
    uint32_t s;
    if (waits_left-- <= 0) {
        return 1;                       /* time is up */
    }
    /* the "consumer" makes room while the producer waits */
    assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_OK);
    return 0;
}

static void test_blocking_write_waits_then_times_out(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[56] = { 0 };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(ipc_ring_write(r, p, 56, 1, wait_stub, r), IPC_OK);
    }
    waits_left = 1;
    assert_int_equal(ipc_ring_write(r, p, 56, 1, wait_stub, r), IPC_OK);  /* after one wait */
    assert_int_equal(r->producer_waits, 1);
    waits_left = 0;
    assert_int_equal(ipc_ring_write(r, p, 56, 1, wait_stub, r), IPC_ETIMEOUT);
    assert_int_equal(r->producer_waits, 2);
    assert_int_equal(r->records_written, 5);    /* nothing half-written */
    free(r);
}

static void test_many_wraparounds_keep_order(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(SIZE);
    uint8_t p[120];
    uint32_t seq_w = 0, seq_r = 0;
    srand(747);
    for (int i = 0; i < 20000; i++) {
        uint16_t len = (uint16_t)(rand() % 121);
        fill(p, len, (uint8_t)seq_w);
        if (ipc_ring_try_write(r, p, len, (uint16_t)(len ^ 0x55)) == IPC_OK) {
            seq_w++;
        }
        while (rand() % 3 == 0 && seq_r < seq_w) {
            uint8_t buf[128], want[128];
            uint16_t l, t;
            uint32_t s;
            assert_int_equal(ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &s), IPC_OK);
            assert_int_equal(s, seq_r);
            assert_int_equal(t, l ^ 0x55);
            fill(want, l, (uint8_t)seq_r);
            assert_memory_equal(buf, want, l);
            seq_r++;
        }
    }
    assert_true(seq_w > 5000);
    free(r);
}

/* fits() says exactly when try_write() would succeed, at every fill level
 * and wrap position */
static void test_fits_agrees_with_try_write(void **state)
{
    (void)state;
    ipc_ring_t *r = new_ring(256);
    uint8_t buf[128] = { 0 };
    uint32_t s = 7;
    for (int i = 0; i < 20000; i++) {
        s = s * 1664525u + 1013904223u;
        uint16_t len = (uint16_t)((s >> 8) % 125);
        if ((s >> 20) & 1) {
            bool fits = ipc_ring_fits(r, len);
            assert_int_equal(ipc_ring_try_write(r, buf, len, 1) == IPC_OK, fits);
        } else {
            uint16_t l, t;
            uint32_t q;
            (void)ipc_ring_try_read(r, buf, sizeof(buf), &l, &t, &q);
        }
    }
    assert_false(ipc_ring_fits(r, (uint16_t)(ipc_ring_max_payload(r) + 1)));
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_rejects_bad_sizes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_round_trip_and_zero_length),
        cmocka_unit_test(test_full_then_room_again),
        cmocka_unit_test(test_record_that_would_wrap_is_padded),
        cmocka_unit_test(test_no_room_for_padding_plus_record_is_full),
        cmocka_unit_test(test_too_big_and_reserved_type),
        cmocka_unit_test(test_small_reader_buffer_keeps_the_record),
        cmocka_unit_test(test_corrupt_header_is_reported),
        cmocka_unit_test(test_blocking_write_waits_then_times_out),
        cmocka_unit_test(test_many_wraparounds_keep_order),
        cmocka_unit_test(test_fits_agrees_with_try_write),
    };
    return cmocka_run_group_tests_name("ipc_ring", tests, NULL, NULL);
}
