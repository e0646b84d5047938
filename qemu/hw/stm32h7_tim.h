/*
 * STM32H7 general-purpose timer (TIM2/TIM5, RM0399): time base and update interrupt.
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

struct Stm32h7TimState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    QEMUTimer *timer;
    Clock *clk;
    qemu_irq irq;

    uint32_t cr1, cr2, smcr, dier, sr, ccmr[2], ccer, ccr[4], dcr, af1, tisel;
    uint32_t psc;         /* active prescaler (loaded at update events) */
    uint32_t psc_preload; /* PSC register */
    uint32_t arr;         /* active auto-reload */
    uint32_t arr_preload; /* ARR register */
    /* while counting: CNT = (cnt_base + ticks since base_ns) mod (ARR + 1);
     * ov_seen: the overflows in that sum already acted on */
    uint32_t cnt_base;
    int64_t base_ns;
    uint64_t ov_seen;
    uint32_t width; /* 16 or 32 bits (property) */
};

#endif
