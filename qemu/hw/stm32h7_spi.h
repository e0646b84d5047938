/*
 * STM32H7 SPI (RM0399 "Serial peripheral interface (SPI)"), master and
 * a clockless slave, on a QEMU SSI bus.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_SPI_H
#define H7STACK_STM32H7_SPI_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/ssi/ssi.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qemu/fifo32.h"

#define TYPE_STM32H7_SPI "stm32h7-spi"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7SpiState, STM32H7_SPI)

#define STM32H7_SPI_FIFO_MAX 16 /* bytes: SPI1-3 16, SPI4-6 8 */

struct Stm32h7SpiState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    SSIBus *bus;
    char *bus_name;
    uint32_t fifo_bytes; /* property */

    uint32_t cr1, cr2, cfg1, cfg2, ier, sr, crcpoly, udrdr, i2scfgr;
    Fifo32 tx, rx;    /* frames, each up to 32 bits */
    uint32_t done;    /* frames exchanged since CSTART */
    uint32_t pushed;  /* frames written since CSTART (for TXTF) */
    bool busy;        /* a frame is on the wire */
    uint32_t on_wire; /* that frame */
    int64_t frame_end;
    QEMUTimer *frame_timer;
    Clock *clk; /* kernel clock (spi_ker_ck) */
};

#endif
