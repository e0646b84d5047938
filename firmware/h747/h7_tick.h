/*
 * The 1 kHz SysTick, the time base (the core's cycle counter), and the periodic work
 * registered on it, as MicroPython's stm32 port does with
 * systick_enable_dispatch: a subsystem (the BLE host's polls, lwIP's
 * timers, soft timers) puts a function in its slot; SysTick_Handler calls each set slot every millisecond, in slot
 * order, in interrupt context.  The board-support code names none of them.
 */
#ifndef H7STACK_H7_TICK_H
#define H7STACK_H7_TICK_H

#include <stdint.h>

enum {
    H7_TICK_SLOT_BLE,        /* BLE host polls */
    H7_TICK_SLOT_NET,        /* network stack timers */
    H7_TICK_SLOT_SOFT_TIMER, /* machine.Timer(-1) */
    H7_TICK_SLOT_STATS,      /* the heap figures for scripts/h7top */
    H7_TICK_NUM_SLOTS,
};

typedef void (*h7_tick_fn)(void);

/* SysTick from the core clock at 1 kHz, its interrupt on; slots cleared */
void h7_tick_init(uint32_t cpu_hz);
/* time since h7_tick_init: core clock cycles (the DWT's cycle counter,
 * extended to 64 bits at each tick, so a late or merged SysTick loses no
 * time) and microseconds */
uint64_t h7_tick_cycles(void);
uint64_t h7_tick_us(void);
/* around Stop mode, where the core clock stops: the time base does not
 * count what passes in between (as CYCCNT does not on the chip) */
void h7_tick_pause(void);
void h7_tick_resume(void);
/* slot out of range: nothing happens */
void h7_tick_enable_dispatch(unsigned slot, h7_tick_fn fn);
void h7_tick_disable_dispatch(unsigned slot);

#endif
