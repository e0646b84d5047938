#include <stdbool.h>
#include <stddef.h>
#include "stm32h747.h"
#include "h7_tick.h"

#define TICK_HZ 1000

static h7_tick_fn dispatch[H7_TICK_NUM_SLOTS];
static volatile uint64_t tick_ms; /* SysTick wraps taken */
static uint32_t cycles_per_us;

void h7_tick_init(uint32_t cpu_hz) {
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        dispatch[i] = NULL;
    }
    tick_ms = 0;
    cycles_per_us = cpu_hz / 1000000;
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
        uint64_t ms = tick_ms;
        uint32_t cvr = SYST_CVR;
        bool wrapped = (SCB_ICSR & SCB_ICSR_PENDSTSET) != 0;
        if (wrapped) {
            /* a wrap not yet counted (interrupts masked): cvr may be from
             * either side of it; read again, now surely after it */
            cvr = SYST_CVR;
        }
        if (ms == tick_ms) {
            return (ms + wrapped) * (SYST_RVR + 1) + (SYST_RVR - cvr);
        }
        /* the handler ran in between: once more */
    }
}

uint64_t h7_tick_us(void) {
    return h7_tick_cycles() / cycles_per_us;
}

void SysTick_Handler(void) {
    tick_ms++;
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        h7_tick_fn fn = dispatch[i];
        if (fn) {
            fn();
        }
    }
}
