/*
 * STM32H7 timers (RM0399): the advanced-control TIM1/TIM8, the
 * general-purpose TIM2-5 and TIM12-17, the basic TIM6/TIM7.  One model;
 * properties say which registers and how many channels a timer has.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_TIM_H
#define H7STACK_STM32H7_TIM_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "qemu/timer.h"
#include "hw/clock.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_TIM "stm32h7-tim"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7TimState, STM32H7_TIM)

#define STM32H7_TIM_CHANNELS 4 /* CH1-CH4 (CH5/CH6 are stored only) */

/* the interrupt outputs with irq-lines=4 (TIM1/TIM8); with irq-lines=1
 * every event goes to output 0 */
enum {
    STM32H7_TIM_IRQ_UP,
    STM32H7_TIM_IRQ_CC,
    STM32H7_TIM_IRQ_BRK,
    STM32H7_TIM_IRQ_TRG_COM,
    STM32H7_TIM_NUM_IRQ,
};

struct Stm32h7TimState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    QEMUTimer *timer;
    Clock *clk;
    qemu_irq irq[STM32H7_TIM_NUM_IRQ];
    qemu_irq trgo; /* gpio out "trgo": the trigger output */

    uint32_t cr1, cr2, smcr, dier, sr, ccmr[3], ccer, ccr[6], bdtr, dcr;
    /* CCR1-4 as written; with OCxPE, ccr[] takes them at update events */
    uint32_t ccr_preload[STM32H7_TIM_CHANNELS];
    uint32_t af1, af2, tisel;
    uint32_t psc;         /* active prescaler (loaded at update events) */
    uint32_t psc_preload; /* PSC register */
    uint32_t arr;         /* active auto-reload */
    uint32_t arr_preload; /* ARR register */
    uint32_t rep;         /* active repetition count */
    uint32_t rcr;         /* RCR register */
    /* while counting: the counter's total ticks since base_ns are
     * cnt_base + elapsed; CNT is that modulo ARR + 1.  ov_seen: the update
     * events in it already acted on; cc_seen: likewise the compare matches
     * of each channel */
    uint32_t cnt_base;
    int64_t base_ns;
    uint64_t ov_seen;
    uint64_t cc_seen[STM32H7_TIM_CHANNELS];
    /* input capture: the TI1-TI4 levels the pins give (gpio in "ti"), and
     * each channel's edges since its last capture (ICxPSC) */
    uint8_t ti_level;
    uint8_t ic_events[STM32H7_TIM_CHANNELS];

    /* properties */
    uint32_t width;    /* counter bits: 16 or 32 */
    uint32_t channels; /* capture/compare channels: 0, 1, 2 or 4 */
    bool bdtr_present; /* break and dead time, MOE (TIM1/8/15/16/17) */
    bool rcr_present;  /* repetition counter (TIM1/8/15/16/17) */
    uint32_t irq_lines;

    /* board: told after anything that may change a channel output */
    void (*output_notify)(void *opaque);
    void *output_notify_opaque;
};

/*
 * A channel's output (OCx after its enable, MOE and polarity) over virtual
 * time: a constant level, or a waveform that repeats every period_ns from
 * origin_ns, at first_level for first_ns and then the other level.  It
 * holds until the next output notification.
 */
typedef struct {
    bool periodic;
    bool first_level; /* the level, when constant */
    double origin_ns, period_ns, first_ns;
} Stm32h7TimOutput;

Stm32h7TimOutput stm32h7_tim_output(Stm32h7TimState *s, unsigned ch);
void stm32h7_tim_set_output_notify(Stm32h7TimState *s,
                                   void (*notify)(void *opaque), void *opaque);

#endif
