/*
 * STM32H7 DMAMUX1 (RM0399 "DMA request multiplexer (DMAMUX)"): routes the
 * peripherals' DMA requests to the sixteen streams of DMA1 and DMA2.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_DMAMUX_H
#define H7STACK_STM32H7_DMAMUX_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"

#define TYPE_STM32H7_DMAMUX "stm32h7-dmamux"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7DmamuxState, STM32H7_DMAMUX)

#define STM32H7_DMAMUX_CHANNELS   16 /* 0-7: DMA1's streams, 8-15: DMA2's */
#define STM32H7_DMAMUX_GENERATORS 8
#define STM32H7_DMAMUX_REQUESTS   128 /* dmamux1_reqN: gpio in "req" N */

/* request inputs (RM0399 "DMAMUX1: assignment of multiplexer inputs") */
#define STM32H7_DMAMUX_REQ_DAC1_CH1 67
#define STM32H7_DMAMUX_REQ_DAC1_CH2 68

struct Stm32h7DmamuxState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq out[STM32H7_DMAMUX_CHANNELS]; /* gpio out "stream" */
    uint32_t ccr[STM32H7_DMAMUX_CHANNELS];
    uint32_t rgcr[STM32H7_DMAMUX_GENERATORS];
};

#endif
