/*
 * STM32H7 true random number generator (RNG, RM0399).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_RNG_H
#define H7STACK_STM32H7_RNG_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/clock.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_RNG "stm32h7-rng"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7RngState, STM32H7_RNG)

struct Stm32h7RngState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    Clock *clk;
    qemu_irq irq;
    uint32_t cr, sr_irq_flags, htcr;
};

#endif
