/*
 * STM32H7 DSI host (RM0399) with the STM32H747I-DISCO's OTM8009A panel.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_DSI_H
#define H7STACK_STM32H7_DSI_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_DSI "stm32h7-dsi"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7DsiState, STM32H7_DSI)

#define STM32H7_DSI_FIFO 256

#define STM32H7_DSI_NREGS (0x434 / 4)

struct Stm32h7DsiState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    QEMUTimer *refresh;
    uint32_t regs[STM32H7_DSI_NREGS];
    uint8_t wfifo[STM32H7_DSI_FIFO], rfifo[STM32H7_DSI_FIFO];
    uint32_t wlen, rlen, rpos;
    bool sleep_out, display_on;
    uint32_t refreshes;
};

#endif
