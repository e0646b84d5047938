/*
 * STM32H7R/S power control (PWR, RM0477).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7RS_PWR_H
#define H7STACK_STM32H7RS_PWR_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7RS_PWR "stm32h7rs-pwr"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7rsPwrState, STM32H7RS_PWR)

#define STM32H7RS_PWR_NREGS (0x48 / 4) /* CR1 .. PDCRP */

struct Stm32h7rsPwrState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq xspim_supply[2];
    uint32_t regs[STM32H7RS_PWR_NREGS];
};

#endif
