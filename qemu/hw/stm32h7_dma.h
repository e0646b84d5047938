/*
 * STM32H7 DMA1/DMA2 (RM0399 "Direct memory access controller (DMA)"):
 * eight streams, each started by the requests DMAMUX1 routes to it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_DMA_H
#define H7STACK_STM32H7_DMA_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"

#define TYPE_STM32H7_DMA "stm32h7-dma"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7DmaState, STM32H7_DMA)

#define STM32H7_DMA_STREAMS 8

typedef struct {
    uint32_t cr, ndtr, par, m0ar, m1ar, fcr;
    /* while enabled: the NDTR it started with (circular mode reloads it)
     * and the items moved since the start or the last reload */
    uint32_t ndt_start, done;
} Stm32h7DmaStream;

struct Stm32h7DmaState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq[STM32H7_DMA_STREAMS]; /* one vector a stream */
    uint32_t isr[2];                   /* LISR (streams 0-3), HISR (4-7) */
    Stm32h7DmaStream st[STM32H7_DMA_STREAMS];
};

#endif
