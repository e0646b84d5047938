/*
 * The kernel adapter of the h7stack BLE host (see ble_os.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stddef.h>
#include "ble_os.h"

static const h7bt_os_port_t *port;
static uint32_t last_ms;                 /* the port's clock at the last look */
static int64_t uptime;                   /* extended past the port's wrap */
static struct k_timer *timers;           /* active ones, sorted by expiry */
static struct k_work_q *queues;          /* started ones */
static h7bt_os_input_t *inputs;
static size_t heap_used, heap_peak;
struct k_work_q k_sys_work_q;

void h7bt_os_init(const h7bt_os_port_t *p)
{
    port = p;
    last_ms = port->now_ms();
    uptime = 0;
    timers = NULL;
    queues = NULL;
    inputs = NULL;
    heap_used = heap_peak = 0;
    k_work_queue_init(&k_sys_work_q);
    k_work_queue_start(&k_sys_work_q);
}

/* ---- time ---- */

int64_t k_uptime_get(void)
{
    unsigned key = port->irq_lock();
    uint32_t now = port->now_ms();
    uptime += (uint32_t)(now - last_ms);     /* modulo 2^32: survives the wrap */
    last_ms = now;
    int64_t t = uptime;
    port->irq_unlock(key);
    return t;
}

uint32_t k_uptime_get_32(void)
{
    return (uint32_t)k_uptime_get();
}

/* ---- memory ---- */

/* each block starts with its size, so that k_free can count it back; the
 * union keeps what follows aligned as the port's own blocks are */
typedef union {
    size_t size;
    long long ll;
    double d;
    void *p;
} heap_block_t;

void *k_malloc(size_t size)
{
    size_t whole = sizeof(heap_block_t) + size;
    heap_block_t *b = port->alloc && whole > size ? port->alloc(whole) : NULL;
    if (!b) {
        return NULL;
    }
    b->size = whole;
    heap_used += whole;
    heap_peak = heap_used > heap_peak ? heap_used : heap_peak;
    return b + 1;
}

void k_free(void *p)
{
    if (p) {
        heap_block_t *b = (heap_block_t *)p - 1;
        heap_used -= b->size;
        port->free(b);
    }
}

size_t h7bt_os_heap_used(void)
{
    return heap_used;
}

size_t h7bt_os_heap_peak(void)
{
    return heap_peak;
}

/* ---- timers ---- */

static void timer_unlink(struct k_timer *t)
{
    for (struct k_timer **pp = &timers; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->active = false;
}

static void timer_insert(struct k_timer *t)
{
    struct k_timer **pp = &timers;
    while (*pp && (*pp)->expiry <= t->expiry) {     /* equal expiries: in start order */
        pp = &(*pp)->next;
    }
    t->next = *pp;
    *pp = t;
    t->active = true;
}

void k_timer_init(struct k_timer *t, k_timer_expiry_t expiry, k_timer_stop_t stop)
{
    t->next = NULL;
    t->expiry = t->period = 0;
    t->status = 0;
    t->active = false;
    t->expiry_fn = expiry;
    t->stop_fn = stop;
    t->user_data = NULL;
}

void k_timer_start(struct k_timer *t, k_timeout_t duration, k_timeout_t period)
{
    if (t->active) {
        timer_unlink(t);
    }
    t->status = 0;
    if (duration.ms < 0) {                   /* K_FOREVER: never expires */
        return;
    }
    t->expiry = k_uptime_get() + duration.ms;
    t->period = period.ms > 0 ? period.ms : 0;
    timer_insert(t);
}

void k_timer_stop(struct k_timer *t)
{
    if (!t->active) {
        return;
    }
    timer_unlink(t);
    if (t->stop_fn) {
        t->stop_fn(t);
    }
}

uint32_t k_timer_status_get(struct k_timer *t)
{
    uint32_t n = t->status;
    t->status = 0;
    return n;
}

uint32_t k_timer_remaining_get(struct k_timer *t)
{
    if (!t->active) {
        return 0;
    }
    int64_t left = t->expiry - k_uptime_get();
    return left > 0 ? (uint32_t)left : 0;
}

/* expire what is due at now; a periodic timer that fell behind by several
 * periods expires once per pass and counts each period in status */
static int run_timers(int64_t now)
{
    int ran = 0;
    while (timers && timers->expiry <= now) {
        struct k_timer *t = timers;
        timer_unlink(t);
        if (t->period) {
            int64_t missed = (now - t->expiry) / t->period;
            t->status += (uint32_t)missed + 1;
            t->expiry += (missed + 1) * t->period;
            timer_insert(t);
        } else {
            t->status++;
        }
        if (t->expiry_fn) {
            t->expiry_fn(t);             /* may stop or restart t */
        }
        ran++;
    }
    return ran;
}

/* ---- work ---- */

void k_work_init(struct k_work *w, k_work_handler_t handler)
{
    w->next = NULL;
    w->handler = handler;
    w->queue = NULL;
    w->flags = 0;
}

void k_work_queue_init(struct k_work_q *q)
{
    q->head = q->tail = NULL;
    q->next = NULL;
    q->started = false;
}

void k_work_queue_start(struct k_work_q *q)
{
    if (q->started) {
        return;
    }
    q->started = true;
    q->next = queues;
    queues = q;
}

int k_work_submit_to_queue(struct k_work_q *q, struct k_work *w)
{
    if (!q || !q->started) {
        return -EINVAL;
    }
    if (w->flags & K_WORK_QUEUED) {
        return 0;
    }
    w->flags |= K_WORK_QUEUED;
    w->queue = q;
    w->next = NULL;
    if (q->tail) {
        q->tail->next = w;
    } else {
        q->head = w;
    }
    q->tail = w;
    return 1;
}

int k_work_submit(struct k_work *w)
{
    return k_work_submit_to_queue(&k_sys_work_q, w);
}

int k_work_busy_get(const struct k_work *w)
{
    return w->flags;
}

bool k_work_is_pending(const struct k_work *w)
{
    return (w->flags & (K_WORK_QUEUED | K_WORK_RUNNING | K_WORK_DELAYED)) != 0;
}

static void queue_remove(struct k_work_q *q, struct k_work *w)
{
    struct k_work *prev = NULL;
    for (struct k_work *it = q->head; it; prev = it, it = it->next) {
        if (it == w) {
            if (prev) {
                prev->next = w->next;
            } else {
                q->head = w->next;
            }
            if (q->tail == w) {
                q->tail = prev;
            }
            break;
        }
    }
    w->next = NULL;
    w->flags &= (uint8_t)~K_WORK_QUEUED;
}

int k_work_cancel(struct k_work *w)
{
    if ((w->flags & K_WORK_QUEUED) && w->queue) {
        queue_remove(w->queue, w);
    }
    return w->flags & K_WORK_RUNNING;
}

/* run the items that were queued when the pass began (an item that queues
 * itself again runs on the next pass); an item whose handler is already
 * running further up (a blocking call polling) waits for the next pass */
static int run_queue(struct k_work_q *q)
{
    int ran = 0, n = 0;
    for (struct k_work *it = q->head; it; it = it->next) {
        n++;
    }
    while (n-- > 0 && q->head && !(q->head->flags & K_WORK_RUNNING)) {
        struct k_work *w = q->head;
        queue_remove(q, w);
        w->flags |= K_WORK_RUNNING;
        w->handler(w);
        w->flags &= (uint8_t)~K_WORK_RUNNING;
        ran++;
    }
    return ran;
}

/* ---- delayable work ---- */

static void delayed_expired(struct k_timer *t)
{
    struct k_work_delayable *dw = t->user_data;
    dw->work.flags &= (uint8_t)~K_WORK_DELAYED;
    k_work_submit_to_queue(dw->queue, &dw->work);
}

void k_work_init_delayable(struct k_work_delayable *dw, k_work_handler_t handler)
{
    k_work_init(&dw->work, handler);
    k_timer_init(&dw->timer, delayed_expired, NULL);
    dw->timer.user_data = dw;
    dw->queue = &k_sys_work_q;
}

struct k_work_delayable *k_work_delayable_from_work(struct k_work *w)
{
    return (struct k_work_delayable *)((char *)w - offsetof(struct k_work_delayable, work));
}

static int delayable_start(struct k_work_q *q, struct k_work_delayable *dw, k_timeout_t d)
{
    dw->queue = q;
    if (d.ms == 0) {
        return k_work_submit_to_queue(q, &dw->work) < 0 ? -EINVAL : 1;
    }
    dw->work.flags |= K_WORK_DELAYED;
    k_timer_start(&dw->timer, d, K_NO_WAIT);
    return 1;
}

int k_work_schedule_for_queue(struct k_work_q *q, struct k_work_delayable *dw, k_timeout_t d)
{
    if (dw->work.flags & (K_WORK_QUEUED | K_WORK_DELAYED)) {
        return 0;
    }
    return delayable_start(q, dw, d);
}

int k_work_schedule(struct k_work_delayable *dw, k_timeout_t delay)
{
    return k_work_schedule_for_queue(&k_sys_work_q, dw, delay);
}

int k_work_reschedule(struct k_work_delayable *dw, k_timeout_t delay)
{
    k_work_cancel_delayable(dw);
    return delayable_start(dw->queue, dw, delay);
}

int k_work_cancel_delayable(struct k_work_delayable *dw)
{
    k_timer_stop(&dw->timer);
    dw->work.flags &= (uint8_t)~K_WORK_DELAYED;
    return k_work_cancel(&dw->work);
}

uint32_t k_work_delayable_remaining_get(struct k_work_delayable *dw)
{
    return k_timer_remaining_get(&dw->timer);
}

bool k_work_delayable_is_pending(struct k_work_delayable *dw)
{
    return k_work_is_pending(&dw->work);
}

/* ---- the loop ---- */

void h7bt_os_input_add(h7bt_os_input_t *in)
{
    for (h7bt_os_input_t *it = inputs; it; it = it->next) {
        if (it == in) {
            return;                     /* already polled */
        }
    }
    in->next = inputs;
    inputs = in;
}

static unsigned poll_depth;

int h7bt_os_poll(void)
{
    poll_depth++;
    int ran = run_timers(k_uptime_get());
    for (struct k_work_q *q = queues; q; q = q->next) {
        ran += run_queue(q);
    }
    for (h7bt_os_input_t *in = inputs; in; in = in->next) {
        ran += in->poll(in);
    }
    poll_depth--;
    return ran;
}

bool h7bt_os_in_poll(void)
{
    return poll_depth != 0;
}

int32_t h7bt_os_next_due_ms(void)
{
    for (struct k_work_q *q = queues; q; q = q->next) {
        if (q->head && !(q->head->flags & K_WORK_RUNNING)) {
            return 0;
        }
    }
    if (!timers) {
        return -1;
    }
    int64_t left = timers->expiry - k_uptime_get();
    return left <= 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int32_t)left;
}

/* poll until done() or the timeout; true if done() */
static bool poll_until(bool (*done)(void *), void *arg, k_timeout_t t)
{
    int64_t end = t.ms < 0 ? INT64_MAX : k_uptime_get() + t.ms;
    while (!done(arg)) {
        int64_t now = k_uptime_get();
        if (now >= end) {
            return false;
        }
        if (h7bt_os_poll() == 0 && !done(arg)) {
            int32_t due = h7bt_os_next_due_ms();
            int64_t wait = end - now;
            if (due >= 0 && due < wait) {
                wait = due;
            }
            port->idle(wait > UINT32_MAX ? UINT32_MAX : (uint32_t)wait);
        }
    }
    return true;
}

static bool never(void *arg)
{
    (void)arg;
    return false;
}

int32_t k_sleep(k_timeout_t t)
{
    poll_until(never, NULL, t);
    return 0;
}

/* ---- semaphores, mutexes, spinlocks ---- */

int k_sem_init(struct k_sem *s, unsigned initial, unsigned limit)
{
    if (limit == 0 || initial > limit) {
        return -EINVAL;
    }
    s->count = initial;
    s->limit = limit;
    return 0;
}

void k_sem_give(struct k_sem *s)
{
    unsigned key = port->irq_lock();
    if (s->count < s->limit) {
        s->count++;
    }
    port->irq_unlock(key);
}

static bool sem_available(void *arg)
{
    return ((struct k_sem *)arg)->count > 0;
}

int k_sem_take(struct k_sem *s, k_timeout_t t)
{
    if (!sem_available(s) && (t.ms == 0 || !poll_until(sem_available, s, t))) {
        return t.ms == 0 ? -EBUSY : -EAGAIN;
    }
    unsigned key = port->irq_lock();
    s->count--;
    port->irq_unlock(key);
    return 0;
}

unsigned k_sem_count_get(const struct k_sem *s)
{
    return s->count;
}

void k_sem_reset(struct k_sem *s)
{
    s->count = 0;
}

int k_mutex_init(struct k_mutex *m)
{
    m->lock_count = 0;
    return 0;
}

int k_mutex_lock(struct k_mutex *m, k_timeout_t t)
{
    (void)t;
    m->lock_count++;
    return 0;
}

int k_mutex_unlock(struct k_mutex *m)
{
    if (m->lock_count == 0) {
        return -EINVAL;
    }
    m->lock_count--;
    return 0;
}

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
    k_spinlock_key_t k = { port->irq_lock() };
    l->depth++;
    return k;
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
    l->depth--;
    port->irq_unlock(key.key);
}

/* ---- atomics ---- */

atomic_val_t atomic_get(const atomic_t *a)
{
    return __atomic_load_n(a, __ATOMIC_SEQ_CST);
}

atomic_val_t atomic_set(atomic_t *a, atomic_val_t v)
{
    return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);
}

atomic_val_t atomic_add(atomic_t *a, atomic_val_t v)
{
    return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST);
}

atomic_val_t atomic_inc(atomic_t *a)
{
    return atomic_add(a, 1);
}

atomic_val_t atomic_dec(atomic_t *a)
{
    return atomic_add(a, -1);
}

atomic_val_t atomic_or(atomic_t *a, atomic_val_t v)
{
    return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST);
}

atomic_val_t atomic_and(atomic_t *a, atomic_val_t v)
{
    return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST);
}

bool atomic_cas(atomic_t *a, atomic_val_t old, atomic_val_t v)
{
    return __atomic_compare_exchange_n(a, &old, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#define BIT_WORD(a, bit) (&(a)[(unsigned)(bit) / ATOMIC_BITS])
#define BIT_MASK(bit)    (1L << ((unsigned)(bit) % ATOMIC_BITS))

bool atomic_test_bit(const atomic_t *a, int bit)
{
    return (atomic_get(BIT_WORD(a, bit)) & BIT_MASK(bit)) != 0;
}

void atomic_set_bit(atomic_t *a, int bit)
{
    atomic_or(BIT_WORD(a, bit), BIT_MASK(bit));
}

void atomic_clear_bit(atomic_t *a, int bit)
{
    atomic_and(BIT_WORD(a, bit), ~BIT_MASK(bit));
}

void atomic_set_bit_to(atomic_t *a, int bit, bool val)
{
    if (val) {
        atomic_set_bit(a, bit);
    } else {
        atomic_clear_bit(a, bit);
    }
}

bool atomic_test_and_set_bit(atomic_t *a, int bit)
{
    return (atomic_or(BIT_WORD(a, bit), BIT_MASK(bit)) & BIT_MASK(bit)) != 0;
}

bool atomic_test_and_clear_bit(atomic_t *a, int bit)
{
    return (atomic_and(BIT_WORD(a, bit), ~BIT_MASK(bit)) & BIT_MASK(bit)) != 0;
}
