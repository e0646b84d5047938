#include <stddef.h>
#include "stm32h747.h"
#include "h7_tick.h"

#define TICK_HZ 1000

static h7_tick_fn dispatch[H7_TICK_NUM_SLOTS];

void h7_tick_init(uint32_t cpu_hz) {
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        dispatch[i] = NULL;
    }
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

void SysTick_Handler(void) {
    for (unsigned i = 0; i < H7_TICK_NUM_SLOTS; i++) {
        h7_tick_fn fn = dispatch[i];
        if (fn) {
            fn();
        }
    }
}
