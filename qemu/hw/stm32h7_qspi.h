/*
 * STM32H7 QUADSPI (RM0399 chapter 23) with two quad NOR flashes on its
 * bus (links "flash0", "flash1": FLASH 1 and FLASH 2).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_QSPI_H
#define H7STACK_STM32H7_QSPI_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "mt25ql512.h"

#define TYPE_STM32H7_QSPI "stm32h7-qspi"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7QspiState, STM32H7_QSPI)

#define STM32H7_QSPI_NREGS     (0x34 / 4)
#define STM32H7_QSPI_MAX_XFER  (64 * 1024) /* bytes one indirect command moves */
#define STM32H7_QSPI_MMAP_SIZE (256 * 1024 * 1024)

struct Stm32h7QspiState {
    SysBusDevice parent_obj;
    MemoryRegion mmio, mmap;
    qemu_irq irq;
    Clock *clk;
    QEMUTimer *poll_timer;
    Mt25qlState *flash[2];

    uint32_t regs[STM32H7_QSPI_NREGS];
    uint8_t buf[STM32H7_QSPI_MAX_XFER];
    uint32_t pos, len; /* indirect transfer: bytes moved so far, total */
    bool active;
};

#endif
