/*
 * machine.bitstream's high/low encoding (extmod/machine_bitstream.c): each
 * bit of the buffer, MSB first, as a high then a low level of the times
 * given for a 0 and a 1 (WS2812 LEDs, for one).  The edges follow the
 * SysTick counter (core clock cycles) with interrupts masked; the counter's
 * wraps are counted here, so a stream may outlast a millisecond tick.
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "stm32h747.h"
#include "h747_port.h"

/* cycles elapsed since *last was read (the counter counts down to 0 and
 * reloads with RVR; polled far more often than once a wrap) */
static uint32_t cycles_since(uint32_t *last) {
    uint32_t now = SYST_CVR, reload = SYST_RVR + 1;
    uint32_t d = (*last >= now) ? *last - now : *last + reload - now;
    *last = now;
    return d;
}

void machine_bitstream_high_low(mp_hal_pin_obj_t pin, uint32_t *timing_ns, const uint8_t *buf,
                                size_t len) {
    uint8_t id = h747_pin_id(pin);
    char port = 'A' + (id >> 4);
    uint32_t set = 1u << (id & 0xF), reset = set << 16;
    uint32_t cycles[4];
    for (int i = 0; i < 4; i++) {
        cycles[i] = (uint32_t)((uint64_t)timing_ns[i] * h747_cpu_hz / 1000000000u);
    }
    mp_hal_pin_output(pin);
    uint32_t state = h747_disable_irq();
    uint32_t last = SYST_CVR;
    uint64_t now = 0, edge = 0;
    for (size_t i = 0; i < len; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            const uint32_t *t = &cycles[(buf[i] >> bit) & 1 ? 2 : 0];
            GPIO_BSRR(port) = set;
            for (edge += t[0]; now < edge;) {
                now += cycles_since(&last);
            }
            GPIO_BSRR(port) = reset;
            for (edge += t[1]; now < edge;) {
                now += cycles_since(&last);
            }
        }
    }
    h747_enable_irq(state);
}
