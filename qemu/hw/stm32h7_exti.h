/*
 * STM32H7 extended interrupt and event controller (EXTI, RM0399), per-core masks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_EXTI_H
#define H7STACK_STM32H7_EXTI_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_EXTI "stm32h7-exti"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7ExtiState, STM32H7_EXTI)

#define STM32H7_EXTI_NVIC_OUTS 7 /* EXTI0..4, EXTI9_5, EXTI15_10 */

#define STM32H7_EXTI_CORES 2

#define STM32H7_EXTI_BANKS 3 /* lines 0-31, 32-63, 64-95 */

struct Stm32h7ExtiState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;

    uint32_t rtsr[STM32H7_EXTI_BANKS], ftsr[STM32H7_EXTI_BANKS],
        d3pmr[STM32H7_EXTI_BANKS];
    uint32_t d3pcr[STM32H7_EXTI_BANKS][2];
    uint32_t imr[STM32H7_EXTI_CORES][STM32H7_EXTI_BANKS],
        emr[STM32H7_EXTI_CORES][STM32H7_EXTI_BANKS];
    uint32_t pr[STM32H7_EXTI_CORES][STM32H7_EXTI_BANKS];
    uint32_t levels; /* input levels of lines 0..15 */
    qemu_irq irq[STM32H7_EXTI_CORES][STM32H7_EXTI_NVIC_OUTS];
};

#endif
