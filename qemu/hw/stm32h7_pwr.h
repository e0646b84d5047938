/*
 * STM32H7 power control (PWR, RM0399): supply configuration and voltage scaling.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_PWR_H
#define H7STACK_STM32H7_PWR_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "target/arm/cpu-qom.h"

#define TYPE_STM32H7_PWR "stm32h7-pwr"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7PwrState, STM32H7_PWR)

#define STM32H7_PWR_NREGS (0x2C / 4)

struct Stm32h7PwrState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    uint32_t regs[STM32H7_PWR_NREGS];
    bool supply_locked; /* CR3 supply bits written since power-on */
    bool standby_exit;  /* the coming reset ends Standby: SBF after it */
    ARMCPU *cpu;        /* property "cpu": the CM7 */
};

#endif
