#include <stdbool.h>
#include <stddef.h>
#include "stm32h747.h"
#include "h7_tick.h"

#define TICK_HZ 1000

static h7_tick_fn dispatch[H7_TICK_NUM_SLOTS];
/* the 64-bit cycle count as last seen: CYCCNT (32 bits, 8.9 s at 480 MHz)
 * is extended from it, and every tick brings it up to date */
static volatile uint64_t cycles_seen;
static uint32_t cycles_per_us;
static uint32_t paused_at; /* CYCCNT when h7_tick_pause stopped the count */

void h7_tick_init(uint32_t cpu_hz) {
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        dispatch[i] = NULL;
    }
    cycles_seen = 0;
    cycles_per_us = cpu_hz / 1000000;
    DCB_DEMCR |= DCB_DEMCR_TRCENA;
    DWT_LAR = DWT_LAR_KEY;
    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    SYST_RVR = cpu_hz / TICK_HZ - 1;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void h7_tick_enable_dispatch(unsigned slot, h7_tick_fn fn) {
    if (slot < H7_TICK_NUM_SLOTS) {
        dispatch[slot] = fn;
    }
}

void h7_tick_disable_dispatch(unsigned slot) {
    h7_tick_enable_dispatch(slot, NULL);
}

uint64_t h7_tick_cycles(void) {
    for (;;) {
        uint64_t seen = cycles_seen;
        uint32_t now = DWT_CYCCNT;
        if (seen == cycles_seen) { /* no tick between the two reads */
            return seen + (uint32_t)(now - (uint32_t)seen);
        }
    }
}

void h7_tick_pause(void) {
    paused_at = DWT_CYCCNT;
}

void h7_tick_resume(void) {
    DWT_CYCCNT = paused_at;
}

uint64_t h7_tick_us(void) {
    return h7_tick_cycles() / cycles_per_us;
}

void SysTick_Handler(void) {
    cycles_seen = h7_tick_cycles();
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        h7_tick_fn fn = dispatch[i];
        if (fn) {
            fn();
        }
    }
}
