/*
 * STM32H7 system configuration controller (SYSCFG, RM0399): EXTI line routing.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_SYSCFG_H
#define H7STACK_STM32H7_SYSCFG_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_SYSCFG "stm32h7-syscfg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7SyscfgState, STM32H7_SYSCFG)

#define STM32H7_SYSCFG_LINES 16

#define STM32H7_SYSCFG_PORTS 11 /* A..K */

struct Stm32h7SyscfgState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;

    uint32_t pmcr, exticr[4], cfgr, cccsr, cccr, pwrcr;
    uint32_t pin_levels[STM32H7_SYSCFG_PORTS]; /* 16 bits per port */
    qemu_irq exti[STM32H7_SYSCFG_LINES];
};

#endif
