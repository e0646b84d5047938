/*
 * STM32H7 flexible memory controller (FMC, RM0399): the SDRAM banks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_FMC_H
#define H7STACK_STM32H7_FMC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"

#define TYPE_STM32H7_FMC "stm32h7-fmc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7FmcState, STM32H7_FMC)

#define STM32H7_FMC_NREGS (0x160 / 4)

struct Stm32h7FmcState {
    SysBusDevice parent_obj;
    MemoryRegion mmio, sdram;
    uint32_t regs[STM32H7_FMC_NREGS];
    uint32_t state;
};

#endif
