/*
 * STM32H7 DAC1 (RM0399 "Digital-to-analog converter (DAC)"): two 12-bit
 * channels whose outputs the SoC puts on PA4 and PA5.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_DAC_H
#define H7STACK_STM32H7_DAC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"

#define TYPE_STM32H7_DAC "stm32h7-dac"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7DacState, STM32H7_DAC)

#define STM32H7_DAC_CHANNELS 2
/* gpio in "trig" n is TSEL = n (RM0399 "DAC interconnection": dac_ch_trgN);
 * 0 is the software trigger */
#define STM32H7_DAC_TRIGGERS 16
enum {
    STM32H7_DAC_TRG_TIM1 = 1,
    STM32H7_DAC_TRG_TIM2 = 2,
    STM32H7_DAC_TRG_TIM4 = 3,
    STM32H7_DAC_TRG_TIM5 = 4,
    STM32H7_DAC_TRG_TIM6 = 5,
    STM32H7_DAC_TRG_TIM7 = 6,
    STM32H7_DAC_TRG_TIM8 = 7,
    STM32H7_DAC_TRG_TIM15 = 8,
    STM32H7_DAC_TRG_LAST_TIM = STM32H7_DAC_TRG_TIM15,
};

struct Stm32h7DacState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq dma_req[STM32H7_DAC_CHANNELS]; /* gpio out "dma-req" */
    uint32_t cr, mcr, ccr, sr, shsr[2], shhr, shrr;
    uint16_t dhr[STM32H7_DAC_CHANNELS];  /* 12-bit holding registers */
    uint16_t dor[STM32H7_DAC_CHANNELS];  /* the outputs' codes */
    uint16_t lfsr[STM32H7_DAC_CHANNELS]; /* the noise generators */
    uint16_t tri[STM32H7_DAC_CHANNELS];  /* the triangle counters */
    bool tri_down[STM32H7_DAC_CHANNELS];
};

/* channel ch's (0, 1) output voltage; false while it is off */
bool stm32h7_dac_output(Stm32h7DacState *s, unsigned ch, double *volts);

#endif
