/* A fixed CPU-bound loop, then a semihosting SYS_EXIT: the same code runs on
 * stm32h747i-disco and on the stock mps2-an500 so their speed can be compared.
 * The iteration count is patched into 'iterations' by the bench script. */
#include <stdint.h>

extern uint32_t _estack;
void reset(void);

__attribute__((section(".vectors"), used))
const uintptr_t vectors[2] = { (uintptr_t)&_estack, (uintptr_t)reset };

volatile uint32_t iterations __attribute__((section(".param"))) = 100000000u;
volatile uint32_t sink;

static void semihost_exit(void) {
    /* SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit */
    register uint32_t r0 __asm("r0") = 0x18;
    register uint32_t r1 __asm("r1") = 0x20026;
    __asm volatile("bkpt 0xAB" : : "r"(r0), "r"(r1) : "memory");
}

void reset(void) {
    uint32_t n = iterations, a = 1, b = 0;
    for (uint32_t i = 0; i < n; i++) {
        a = a * 1664525u + 1013904223u;
        b ^= a >> 7;
    }
    sink = b;
    semihost_exit();
    for (;;) {
    }
}
