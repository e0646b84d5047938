/*
 * The port's side of MicroPython's soft timers (shared/runtime/softtimer.c,
 * behind machine.Timer(-1)): a 32-bit millisecond count and a callback of
 * soft_timer_handler() once that count reaches the earliest expiry.  The
 * board's 1 kHz tick checks the deadline while a timer is pending (its
 * dispatch slot is taken only then), so soft_timer_handler() runs in the
 * SysTick interrupt, which the timers' critical sections mask.
 */
#include "py/mphal.h"
#include "shared/runtime/softtimer.h"
#include "h7_tick.h"

static volatile uint32_t next_ms;

uint32_t soft_timer_get_ms(void) {
    return mp_hal_ticks_ms();
}

static void soft_timer_tick(void) {
    if (soft_timer_ticks_diff(next_ms, soft_timer_get_ms()) <= 0) {
        /* re-armed by soft_timer_schedule_at_ms() when more are pending */
        h7_tick_disable_dispatch(H7_TICK_SLOT_SOFT_TIMER);
        soft_timer_handler();
    }
}

void soft_timer_schedule_at_ms(uint32_t ticks_ms) {
    uint32_t state = MICROPY_BEGIN_ATOMIC_SECTION();
    next_ms = ticks_ms; /* one already due runs at the next tick */
    h7_tick_enable_dispatch(H7_TICK_SLOT_SOFT_TIMER, soft_timer_tick);
    MICROPY_END_ATOMIC_SECTION(state);
}
