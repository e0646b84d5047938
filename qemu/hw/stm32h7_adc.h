/*
 * STM32H7 ADC block (RM0399 "Analog-to-digital converters"): ADC1/ADC2
 * with their common registers, or ADC3 alone.  The analog values come from
 * the SoC (its pins, the DAC, the internal channels) through a function.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_ADC_H
#define H7STACK_STM32H7_ADC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "qemu/timer.h"

#define TYPE_STM32H7_ADC "stm32h7-adc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7AdcState, STM32H7_ADC)

#define STM32H7_ADC_MAX_CONV 2  /* converters in one block */
#define STM32H7_ADC_CHANNELS 20 /* inputs 0-19 */
#define STM32H7_ADC_NREGS    (0xD0 / 4)

/* the volts on input channel of converter conv (0-based in the block) */
typedef double (*Stm32h7AdcInputFn)(void *opaque, unsigned conv,
                                    unsigned channel);

typedef struct {
    uint32_t regs[STM32H7_ADC_NREGS];
    int64_t ready_at;   /* when LDORDY / ADCAL / ADRDY steps end */
    bool ready;         /* enabled and past ADRDY */
    unsigned rank;      /* the next rank of the regular sequence */
    bool converting;    /* a conversion is under way */
    int64_t conv_end;   /* when it ends */
    uint32_t conv_data; /* its result */
} Stm32h7AdcConv;

struct Stm32h7AdcState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    Clock *ker_clk; /* adc_ker_ck (CCR.CKMODE = 0) */
    Clock *hclk;    /* adc_sclk: the AHB clock (CKMODE 1-3) */
    QEMUTimer *timer;
    uint32_t num_conv; /* property: 2 (ADC1/2) or 1 (ADC3) */
    uint32_t ccr;
    Stm32h7AdcConv conv[STM32H7_ADC_MAX_CONV];
    Stm32h7AdcInputFn input;
    void *input_opaque;
};

/* where the block's analog values come from (before realize) */
void stm32h7_adc_set_input(Stm32h7AdcState *s, Stm32h7AdcInputFn fn,
                           void *opaque);

#endif
