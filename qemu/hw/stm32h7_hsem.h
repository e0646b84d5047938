/*
 * STM32H7 hardware semaphores (HSEM, RM0399) with per-core interrupts.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_HSEM_H
#define H7STACK_STM32H7_HSEM_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_HSEM "stm32h7-hsem"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7HsemState, STM32H7_HSEM)

#define STM32H7_HSEM_CORES 2

#define STM32H7_HSEM_N 32

struct Stm32h7HsemState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq[STM32H7_HSEM_CORES]; /* [0] Cortex-M7, [1] Cortex-M4 */

    uint32_t r[STM32H7_HSEM_N]; /* LOCK | COREID | PROCID, 0 when free */
    uint32_t ier[STM32H7_HSEM_CORES], isr[STM32H7_HSEM_CORES];
    uint32_t keyr;
    uint32_t nocpu_coreid;
};

#endif
