/*
 * A small Zephyr-style kernel adapter for the h7stack BLE host: the kernel
 * objects the host is written against (k_timer, k_work, k_work_delayable,
 * k_work_q, k_sem, k_mutex, k_spinlock, atomics, k_sleep, k_uptime), run
 * cooperatively in one thread of execution by h7bt_os_poll(): due timers,
 * then pending work, then HCI input.  On MicroPython h7bt_os_poll() is
 * called from a soft timer or scheduled task, as NimBLE and BTstack are,
 * never from an interrupt.  Blocking calls (k_sem_take, k_sleep) run the
 * poll loop while they wait, so the rest of the host keeps going.  Memory
 * the host needs only while something is in use (a channel's ring, a long
 * read) comes from the port's heap through k_malloc and k_free.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_OS_H
#define H7STACK_BLE_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the port: time, interrupt masking, waiting, memory ---- */
typedef struct {
    uint32_t (*now_ms)(void);            /* free-running milliseconds, wraps */
    unsigned (*irq_lock)(void);          /* mask interrupts, return the old state */
    void (*irq_unlock)(unsigned key);
    void (*idle)(uint32_t max_ms);       /* wait for an event, at most max_ms */
    /* zeroed memory or NULL, and its return (NULL: k_malloc always fails) */
    void *(*alloc)(size_t len);
    void (*free)(void *p);
} h7bt_os_port_t;

void h7bt_os_init(const h7bt_os_port_t *port);

/* run due timers, pending work and the input hooks once; the number of
 * callbacks run (0: nothing was due) */
int h7bt_os_poll(void);
/* inside h7bt_os_poll (a callback, or a wait that polls): a periodic poll
 * started now would only nest; the one running goes on */
bool h7bt_os_in_poll(void);
/* ms until something is due: 0 work pending, -1 nothing scheduled */
int32_t h7bt_os_next_due_ms(void);

/* input sources polled by h7bt_os_poll (the HCI transport) */
typedef struct h7bt_os_input {
    struct h7bt_os_input *next;
    int (*poll)(struct h7bt_os_input *in);   /* callbacks run, like h7bt_os_poll */
} h7bt_os_input_t;
void h7bt_os_input_add(h7bt_os_input_t *in);

/* ---- time ---- */
typedef struct {
    int64_t ms;                          /* -1: forever */
} k_timeout_t;
#define K_MSEC(t)       ((k_timeout_t){ (t) })
#define K_SECONDS(t)    K_MSEC((int64_t)(t) * 1000)
#define K_NO_WAIT       K_MSEC(0)
#define K_FOREVER       K_MSEC(-1)
#define K_TIMEOUT_EQ(a, b) ((a).ms == (b).ms)

int64_t k_uptime_get(void);             /* ms since h7bt_os_init, never wraps */
uint32_t k_uptime_get_32(void);
int32_t k_sleep(k_timeout_t t);          /* 0 */

/* ---- timers ---- */
struct k_timer;
typedef void (*k_timer_expiry_t)(struct k_timer *t);
typedef void (*k_timer_stop_t)(struct k_timer *t);
struct k_timer {
    struct k_timer *next;
    int64_t expiry;                      /* uptime ms */
    int64_t period;                      /* 0: one-shot */
    uint32_t status;                     /* expiries since the last status_get */
    bool active;
    k_timer_expiry_t expiry_fn;
    k_timer_stop_t stop_fn;
    void *user_data;
};
void k_timer_init(struct k_timer *t, k_timer_expiry_t expiry, k_timer_stop_t stop);
void k_timer_start(struct k_timer *t, k_timeout_t duration, k_timeout_t period);
void k_timer_stop(struct k_timer *t);
uint32_t k_timer_status_get(struct k_timer *t);
uint32_t k_timer_remaining_get(struct k_timer *t);
static inline void k_timer_user_data_set(struct k_timer *t, void *d) { t->user_data = d; }
static inline void *k_timer_user_data_get(const struct k_timer *t) { return t->user_data; }

/* ---- work ---- */
struct k_work;
struct k_work_q;
typedef void (*k_work_handler_t)(struct k_work *w);
enum { K_WORK_QUEUED = 1, K_WORK_RUNNING = 2, K_WORK_DELAYED = 4 };
struct k_work {
    struct k_work *next;
    k_work_handler_t handler;
    struct k_work_q *queue;
    uint8_t flags;
};
struct k_work_q {
    struct k_work *head, *tail;
    struct k_work_q *next;
    bool started;
};
extern struct k_work_q k_sys_work_q;

void k_work_init(struct k_work *w, k_work_handler_t handler);
void k_work_queue_init(struct k_work_q *q);
void k_work_queue_start(struct k_work_q *q);     /* polled from now on */
/* 1 queued, 0 already queued, -EINVAL queue not started */
int k_work_submit_to_queue(struct k_work_q *q, struct k_work *w);
int k_work_submit(struct k_work *w);
int k_work_busy_get(const struct k_work *w);     /* K_WORK_* flags */
bool k_work_is_pending(const struct k_work *w);
int k_work_cancel(struct k_work *w);             /* the flags left (RUNNING if in its handler) */

struct k_work_delayable {
    struct k_work work;
    struct k_timer timer;
    struct k_work_q *queue;
};
void k_work_init_delayable(struct k_work_delayable *dw, k_work_handler_t handler);
/* schedule: no change when already scheduled or queued (0), else 1;
 * reschedule: always from now (1) */
int k_work_schedule_for_queue(struct k_work_q *q, struct k_work_delayable *dw, k_timeout_t d);
int k_work_schedule(struct k_work_delayable *dw, k_timeout_t delay);
int k_work_reschedule(struct k_work_delayable *dw, k_timeout_t delay);
int k_work_cancel_delayable(struct k_work_delayable *dw);
uint32_t k_work_delayable_remaining_get(struct k_work_delayable *dw);
bool k_work_delayable_is_pending(struct k_work_delayable *dw);
struct k_work_delayable *k_work_delayable_from_work(struct k_work *w);

/* ---- memory (Zephyr's k_malloc API, on the port's heap) ---- */
/* zeroed, aligned for any type; NULL when the port has none left */
void *k_malloc(size_t size);
void k_free(void *p);                    /* NULL: nothing */
/* bytes held now and at most since h7bt_os_init, each block's own
 * bookkeeping word included */
size_t h7bt_os_heap_used(void);
size_t h7bt_os_heap_peak(void);

/* ---- semaphores, mutexes, spinlocks ---- */
struct k_sem {
    unsigned count, limit;
};
int k_sem_init(struct k_sem *s, unsigned initial, unsigned limit);  /* 0 or -EINVAL */
void k_sem_give(struct k_sem *s);
int k_sem_take(struct k_sem *s, k_timeout_t t);  /* 0, -EBUSY (no wait), -EAGAIN (timeout) */
unsigned k_sem_count_get(const struct k_sem *s);
void k_sem_reset(struct k_sem *s);

/* one thread of execution: a mutex counts nested locks and catches
 * unbalanced unlocks */
struct k_mutex {
    unsigned lock_count;
};
int k_mutex_init(struct k_mutex *m);
int k_mutex_lock(struct k_mutex *m, k_timeout_t t);   /* 0 */
int k_mutex_unlock(struct k_mutex *m);                /* 0 or -EINVAL */

struct k_spinlock {
    unsigned depth;
};
typedef struct {
    unsigned key;
} k_spinlock_key_t;
k_spinlock_key_t k_spin_lock(struct k_spinlock *l);
void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key);

/* ---- atomics (Zephyr's atomic_t API) ---- */
typedef long atomic_t;
typedef long atomic_val_t;
#define ATOMIC_BITS             (sizeof(atomic_t) * 8)
#define ATOMIC_BITMAP_SIZE(n)   (((n) + ATOMIC_BITS - 1) / ATOMIC_BITS)
#define ATOMIC_DEFINE(name, n)  atomic_t name[ATOMIC_BITMAP_SIZE(n)]

atomic_val_t atomic_get(const atomic_t *a);
atomic_val_t atomic_set(atomic_t *a, atomic_val_t v);     /* the old value */
atomic_val_t atomic_inc(atomic_t *a);
atomic_val_t atomic_dec(atomic_t *a);
atomic_val_t atomic_add(atomic_t *a, atomic_val_t v);
atomic_val_t atomic_or(atomic_t *a, atomic_val_t v);
atomic_val_t atomic_and(atomic_t *a, atomic_val_t v);
bool atomic_cas(atomic_t *a, atomic_val_t old, atomic_val_t v);
bool atomic_test_bit(const atomic_t *a, int bit);
void atomic_set_bit(atomic_t *a, int bit);
void atomic_clear_bit(atomic_t *a, int bit);
void atomic_set_bit_to(atomic_t *a, int bit, bool val);
bool atomic_test_and_set_bit(atomic_t *a, int bit);
bool atomic_test_and_clear_bit(atomic_t *a, int bit);

#endif
