/*
 * STM32H7 Chrom-ART accelerator (DMA2D, RM0399).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_DMA2D_H
#define H7STACK_STM32H7_DMA2D_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "qemu/timer.h"

#define TYPE_STM32H7_DMA2D "stm32h7-dma2d"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7Dma2dState, STM32H7_DMA2D)

#define STM32H7_DMA2D_NREGS (0x50 / 4)

struct Stm32h7Dma2dState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    Clock *clk;      /* rcc_hclk3: one pixel a cycle */
    QEMUTimer *done; /* the running transfer's end (CR.START set) */
    uint32_t regs[STM32H7_DMA2D_NREGS];
    uint32_t transfers; /* completed, for tests (QOM "transfers") */
    uint8_t fg[16384 * 4], bg[16384 * 4], out[16384 * 4]; /* one line each */
};

#endif
