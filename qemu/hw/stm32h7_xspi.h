/*
 * STM32H7R/S extended SPI interface (XSPI, RM0477) with a NOR on its bus.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_XSPI_H
#define H7STACK_STM32H7_XSPI_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "mx25uw25645g.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_XSPI "stm32h7-xspi"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7XspiState, STM32H7_XSPI)

#define STM32H7_XSPI_MAX_XFER (64 * 1024)

#define STM32H7_XSPI_NREGS (0x230 / 4)

struct Stm32h7XspiState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    /* the memory-mapped window: commands on the flash (mmap_io), or over
     * them, while reads need no command, the flash's contents themselves */
    MemoryRegion mmap, mmap_io, mmap_direct;
    bool direct; /* mmap_direct is on (follows from the registers) */
    qemu_irq irq;
    QEMUTimer *poll_timer;
    Mx25uwState *flash;
    bool port_live; /* "port" input: routed by XSPIM, I/O supply on */

    uint32_t regs[STM32H7_XSPI_NREGS];
    uint8_t buf[STM32H7_XSPI_MAX_XFER];
    uint32_t pos, len; /* indirect transfer: bytes moved so far, total */
    bool active;
};

#endif
