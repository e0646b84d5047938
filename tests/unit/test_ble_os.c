/*
 * lib/ble/os, the BLE host's kernel adapter, on a fake clock: timers
 * (one-shot, periodic, catching up, stop, restart, order, the 32-bit
 * millisecond wrap), work (FIFO, once while queued, resubmitting itself,
 * cancel), delayable work, semaphores woken by timers and timing out,
 * k_sleep, mutexes, spinlocks, atomics and input hooks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ble_os.h"

static uint32_t fake_ms;
static unsigned locks, idles;
static uint32_t now_ms(void) { return fake_ms; }
static unsigned irq_lock(void) { return locks++; }
static void irq_unlock(unsigned key) { locks = key; }
static void idle(uint32_t max_ms) { idles++; fake_ms += max_ms ? max_ms : 1; }
/* a port heap that can run out: at most heap_left bytes */
static size_t heap_left, heap_blocks;
static void *heap_alloc(size_t len)
{
    if (len > heap_left) {
        return NULL;
    }
    heap_left -= len;
    heap_blocks++;
    size_t *b = calloc(1, len + sizeof(size_t));
    *b = len;
    return b + 1;
}
static void heap_free(void *p)
{
    size_t *b = (size_t *)p - 1;
    heap_left += *b;
    heap_blocks--;
    free(b);
}
static const h7bt_os_port_t port = { now_ms, irq_lock, irq_unlock, idle, heap_alloc, heap_free };

static int setup(void **state)
{
    (void)state;
    fake_ms = 1000;
    locks = idles = 0;
    h7bt_os_init(&port);
    return 0;
}

static void advance(uint32_t ms)
{
    fake_ms += ms;
    h7bt_os_poll();
}

static int fired[8], stopped;
static void on_expiry(struct k_timer *t) { fired[(intptr_t)k_timer_user_data_get(t)]++; }
static void on_stop(struct k_timer *t) { (void)t; stopped++; }

static void test_one_shot_and_periodic_timers(void **state)
{
    (void)state;
    struct k_timer a, b;
    fired[0] = fired[1] = stopped = 0;
    k_timer_init(&a, on_expiry, on_stop);
    k_timer_init(&b, on_expiry, NULL);
    k_timer_user_data_set(&a, (void *)0);
    k_timer_user_data_set(&b, (void *)1);
    k_timer_start(&a, K_MSEC(50), K_NO_WAIT);
    k_timer_start(&b, K_MSEC(10), K_MSEC(20));
    assert_int_equal(k_timer_remaining_get(&a), 50);
    advance(9);
    assert_int_equal(fired[1], 0);
    advance(1);
    assert_int_equal(fired[1], 1);
    advance(40);                                    /* t=50: a; b due at 30 and 50 */
    assert_int_equal(fired[0], 1);
    assert_int_equal(fired[1], 2);                  /* one callback per pass ... */
    assert_int_equal(k_timer_status_get(&a), 1);
    assert_int_equal(k_timer_status_get(&a), 0);    /* read resets it */
    advance(1000);
    assert_int_equal(fired[0], 1);                  /* one-shot: done */
    assert_int_equal(k_timer_status_get(&b), 3 + 50);  /* ... each period counted */
    assert_int_equal(fired[1], 3);
    k_timer_stop(&a);                               /* not running: no stop callback */
    assert_int_equal(stopped, 0);
    k_timer_start(&a, K_MSEC(5), K_NO_WAIT);
    k_timer_stop(&a);
    assert_int_equal(stopped, 1);
    advance(10);
    assert_int_equal(fired[0], 1);
    assert_int_equal(k_timer_remaining_get(&a), 0);
    k_timer_stop(&b);
}

static int order[4], norder;
static void record(struct k_timer *t) { order[norder++] = (int)(intptr_t)t->user_data; }

static void test_timers_fire_in_expiry_order_across_the_ms_wrap(void **state)
{
    (void)state;
    fake_ms = 0xFFFFFFF0u;                          /* the port's counter about to wrap */
    h7bt_os_init(&port);
    struct k_timer t[3];
    int delays[3] = { 30, 10, 20 };
    norder = 0;
    for (int i = 0; i < 3; i++) {
        k_timer_init(&t[i], record, NULL);
        t[i].user_data = (void *)(intptr_t)i;
        k_timer_start(&t[i], K_MSEC(delays[i]), K_NO_WAIT);
    }
    advance(15);                                    /* wrapped */
    assert_int_equal(norder, 1);
    advance(20);
    assert_int_equal(norder, 3);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
    assert_int_equal(k_uptime_get(), 35);           /* never wraps */
    k_timer_start(&t[0], K_FOREVER, K_NO_WAIT);     /* never expires */
    assert_int_equal(h7bt_os_next_due_ms(), -1);
}

static int runs[4];
static struct k_work self_resubmit;
static void count_run(struct k_work *w) { runs[w == &self_resubmit ? 1 : 0]++; }
static void again(struct k_work *w) { runs[1]++; k_work_submit(w); }

static void test_work_runs_once_in_order_and_can_be_cancelled(void **state)
{
    (void)state;
    struct k_work a, b;
    runs[0] = runs[1] = 0;
    k_work_init(&a, count_run);
    k_work_init(&b, count_run);
    assert_int_equal(k_work_submit(&a), 1);
    assert_int_equal(k_work_submit(&a), 0);         /* already queued */
    assert_true(k_work_is_pending(&a));
    assert_int_equal(h7bt_os_next_due_ms(), 0);
    assert_int_equal(h7bt_os_poll(), 1);
    assert_int_equal(runs[0], 1);
    assert_false(k_work_is_pending(&a));
    k_work_submit(&a);
    k_work_submit(&b);
    assert_int_equal(k_work_cancel(&a), 0);
    h7bt_os_poll();
    assert_int_equal(runs[0], 2);                   /* b only */
    k_work_init(&self_resubmit, again);
    k_work_submit(&self_resubmit);
    assert_int_equal(h7bt_os_poll(), 1);             /* once per pass, no endless loop */
    assert_int_equal(h7bt_os_poll(), 1);
    assert_int_equal(runs[1], 2);
    k_work_cancel(&self_resubmit);
    struct k_work_q stopped_q;
    k_work_queue_init(&stopped_q);
    assert_int_equal(k_work_submit_to_queue(&stopped_q, &a), -EINVAL);
}

/* each item notes itself, so the order they ran in is seen (a shared
 * counter would not tell it) */
static struct k_work fifo_items[3];
static int fifo_order[3], fifo_n;
static void note_item(struct k_work *w)
{
    fifo_order[fifo_n++] = (int)(w - fifo_items);
}

static void test_work_runs_in_submission_order(void **state)
{
    (void)state;
    fifo_n = 0;
    for (int i = 0; i < 3; i++) {
        k_work_init(&fifo_items[i], note_item);
    }
    k_work_submit(&fifo_items[2]);
    k_work_submit(&fifo_items[0]);
    k_work_submit(&fifo_items[1]);
    assert_int_equal(h7bt_os_poll(), 3);
    assert_int_equal(fifo_n, 3);
    assert_int_equal(fifo_order[0], 2);
    assert_int_equal(fifo_order[1], 0);
    assert_int_equal(fifo_order[2], 1);
}

static struct k_work_delayable dwork;
static int dw_runs;
static void dw_handler(struct k_work *w)
{
    assert_ptr_equal(k_work_delayable_from_work(w), &dwork);
    dw_runs++;
}

static void test_delayable_work(void **state)
{
    (void)state;
    dw_runs = 0;
    k_work_init_delayable(&dwork, dw_handler);
    assert_int_equal(k_work_schedule(&dwork, K_MSEC(100)), 1);
    assert_int_equal(k_work_schedule(&dwork, K_MSEC(10)), 0);    /* no change */
    assert_true(k_work_delayable_is_pending(&dwork));
    advance(50);
    assert_int_equal(k_work_delayable_remaining_get(&dwork), 50);
    assert_int_equal(k_work_reschedule(&dwork, K_MSEC(200)), 1); /* moved */
    advance(100);
    assert_int_equal(dw_runs, 0);
    advance(100);                                   /* timer queues, same pass runs it */
    assert_int_equal(dw_runs, 1);
    assert_false(k_work_delayable_is_pending(&dwork));
    k_work_schedule(&dwork, K_MSEC(5));
    k_work_cancel_delayable(&dwork);
    advance(10);
    assert_int_equal(dw_runs, 1);
    k_work_schedule(&dwork, K_NO_WAIT);             /* straight to the queue */
    h7bt_os_poll();
    assert_int_equal(dw_runs, 2);
}

static struct k_sem sem;
static void give(struct k_timer *t) { (void)t; k_sem_give(&sem); }

static void test_semaphores(void **state)
{
    (void)state;
    assert_int_equal(k_sem_init(&sem, 2, 1), -EINVAL);
    assert_int_equal(k_sem_init(&sem, 0, 0), -EINVAL);
    assert_int_equal(k_sem_init(&sem, 0, 2), 0);
    assert_int_equal(k_sem_take(&sem, K_NO_WAIT), -EBUSY);
    k_sem_give(&sem);
    k_sem_give(&sem);
    k_sem_give(&sem);                               /* capped at the limit */
    assert_int_equal(k_sem_count_get(&sem), 2);
    assert_int_equal(k_sem_take(&sem, K_NO_WAIT), 0);
    k_sem_reset(&sem);
    int64_t t0 = k_uptime_get();
    assert_int_equal(k_sem_take(&sem, K_MSEC(30)), -EAGAIN);
    assert_true(k_uptime_get() - t0 >= 30);
    struct k_timer t;                               /* a timer gives while take waits */
    k_timer_init(&t, give, NULL);
    k_timer_start(&t, K_MSEC(20), K_NO_WAIT);
    t0 = k_uptime_get();
    assert_int_equal(k_sem_take(&sem, K_FOREVER), 0);
    assert_int_equal(k_uptime_get() - t0, 20);      /* idled exactly to the timer */
    assert_int_equal(locks, 0);                     /* interrupt masking balanced */
}

static void test_sleep_runs_the_loop(void **state)
{
    (void)state;
    struct k_timer t;
    fired[2] = 0;
    k_timer_init(&t, on_expiry, NULL);
    k_timer_user_data_set(&t, (void *)2);
    k_timer_start(&t, K_MSEC(10), K_MSEC(10));
    int64_t t0 = k_uptime_get();
    assert_int_equal(k_sleep(K_MSEC(55)), 0);
    assert_int_equal(k_uptime_get() - t0, 55);
    assert_int_equal(fired[2], 5);
    k_timer_stop(&t);
}

static void test_mutex_and_spinlock(void **state)
{
    (void)state;
    struct k_mutex m;
    struct k_spinlock l = { 0 };
    k_mutex_init(&m);
    assert_int_equal(k_mutex_unlock(&m), -EINVAL);
    assert_int_equal(k_mutex_lock(&m, K_FOREVER), 0);
    assert_int_equal(k_mutex_lock(&m, K_FOREVER), 0);   /* nested */
    assert_int_equal(k_mutex_unlock(&m), 0);
    assert_int_equal(k_mutex_unlock(&m), 0);
    assert_int_equal(k_mutex_unlock(&m), -EINVAL);
    k_spinlock_key_t k1 = k_spin_lock(&l);
    k_spinlock_key_t k2 = k_spin_lock(&l);
    assert_int_equal(locks, 2);
    k_spin_unlock(&l, k2);
    k_spin_unlock(&l, k1);
    assert_int_equal(locks, 0);
    assert_int_equal(l.depth, 0);
}

static void test_atomics(void **state)
{
    (void)state;
    atomic_t v = 5;
    ATOMIC_DEFINE(bits, 70);
    assert_int_equal(ATOMIC_BITMAP_SIZE(70), (70 + ATOMIC_BITS - 1) / ATOMIC_BITS);
    for (size_t i = 0; i < ATOMIC_BITMAP_SIZE(70); i++) {
        bits[i] = 0;
    }
    assert_int_equal(atomic_set(&v, 7), 5);
    assert_int_equal(atomic_inc(&v), 7);
    assert_int_equal(atomic_dec(&v), 8);
    assert_int_equal(atomic_get(&v), 7);
    assert_false(atomic_cas(&v, 6, 1));
    assert_true(atomic_cas(&v, 7, 1));
    assert_int_equal(atomic_or(&v, 6), 1);
    assert_int_equal(atomic_and(&v, 3), 7);
    assert_int_equal(v, 3);
    assert_false(atomic_test_and_set_bit(bits, 69));
    assert_true(atomic_test_and_set_bit(bits, 69));
    assert_true(atomic_test_bit(bits, 69));
    assert_false(atomic_test_bit(bits, 5));
    atomic_set_bit_to(bits, 5, true);
    assert_true(atomic_test_bit(bits, 5));
    assert_true(atomic_test_and_clear_bit(bits, 5));
    assert_false(atomic_test_bit(bits, 5));
    atomic_clear_bit(bits, 69);
    for (size_t i = 0; i < ATOMIC_BITMAP_SIZE(70); i++) {
        assert_int_equal(bits[i], 0);
    }
}

static void test_heap(void **state)
{
    (void)state;
    heap_left = 1000;
    heap_blocks = 0;
    assert_int_equal(h7bt_os_heap_used(), 0);
    uint8_t *a = k_malloc(100), *b = k_malloc(300);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal((uintptr_t)a % sizeof(long long), 0);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(a[i], 0);                 /* zeroed */
    }
    memset(a, 0x55, 100);
    memset(b, 0xAA, 300);
    size_t held = h7bt_os_heap_used();
    assert_true(held >= 400 && held <= 400 + 2 * 16);   /* the sizes and a word each */
    assert_int_equal(1000 - heap_left, held);            /* what the port handed out */
    assert_null(k_malloc(1000));                   /* the port's heap is short: NULL */
    assert_int_equal(h7bt_os_heap_used(), held);   /* and nothing counted */
    assert_null(k_malloc((size_t)-4));             /* the size and its word overflow */
    k_free(a);
    k_free(NULL);
    assert_int_equal(h7bt_os_heap_used(), 1000 - heap_left);   /* b's alone */
    assert_true(h7bt_os_heap_used() >= 300 && h7bt_os_heap_used() < held - 100);
    k_free(b);
    assert_int_equal(h7bt_os_heap_used(), 0);
    assert_int_equal(heap_left, 1000);
    assert_int_equal(heap_blocks, 0);
    assert_int_equal(h7bt_os_heap_peak(), held);   /* the most held at once */
    h7bt_os_init(&port);
    assert_int_equal(h7bt_os_heap_peak(), 0);
}

static int input_polls;
static int poll_input(h7bt_os_input_t *in) { (void)in; input_polls++; return 0; }

static void test_input_hooks_and_idle(void **state)
{
    (void)state;
    h7bt_os_input_t in = { .poll = poll_input };
    h7bt_os_input_add(&in);
    input_polls = 0;
    assert_int_equal(h7bt_os_poll(), 0);
    assert_int_equal(input_polls, 1);
    idles = 0;
    k_sleep(K_MSEC(40));                           /* nothing due: idles to the deadline */
    assert_int_equal(idles, 1);
    assert_true(input_polls >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_one_shot_and_periodic_timers, setup),
        cmocka_unit_test_setup(test_timers_fire_in_expiry_order_across_the_ms_wrap, setup),
        cmocka_unit_test_setup(test_work_runs_once_in_order_and_can_be_cancelled, setup),
        cmocka_unit_test_setup(test_work_runs_in_submission_order, setup),
        cmocka_unit_test_setup(test_delayable_work, setup),
        cmocka_unit_test_setup(test_semaphores, setup),
        cmocka_unit_test_setup(test_sleep_runs_the_loop, setup),
        cmocka_unit_test_setup(test_mutex_and_spinlock, setup),
        cmocka_unit_test_setup(test_atomics, setup),
        cmocka_unit_test_setup(test_input_hooks_and_idle, setup),
        cmocka_unit_test_setup(test_heap, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
