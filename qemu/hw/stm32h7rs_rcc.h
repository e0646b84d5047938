/*
 * STM32H7R/S reset and clock control (RCC, RM0477).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7RS_RCC_H
#define H7STACK_STM32H7RS_RCC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/clock.h"
#include "exec/memory.h"

#define TYPE_STM32H7RS_RCC "stm32h7rs-rcc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7rsRccState, STM32H7RS_RCC)

#define STM32H7RS_RCC_NREGS (0x400 / 4)

struct Stm32h7rsRccState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    Clock *cpuclk, *refclk, *pclk1;
    uint32_t regs[STM32H7RS_RCC_NREGS];
};

#endif
