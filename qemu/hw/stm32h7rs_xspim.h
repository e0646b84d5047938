/*
 * STM32H7R/S XSPI I/O manager (XSPIM, RM0477).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7RS_XSPIM_H
#define H7STACK_STM32H7RS_XSPIM_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7RS_XSPIM "stm32h7rs-xspim"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7rsXspimState, STM32H7RS_XSPIM)

struct Stm32h7rsXspimState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq live[2];
    bool supply[2];
    bool memory[2]; /* properties: a memory on port 1 / 2 */
    uint32_t cr;
};

#endif
