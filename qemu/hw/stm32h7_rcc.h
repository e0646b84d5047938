/*
 * STM32H7 reset and clock control (RCC), as in RM0399 (H745/H747/H755/H757).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_RCC_H
#define H7STACK_STM32H7_RCC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32H7_RCC "stm32h7-rcc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7RccState, STM32H7_RCC)

#define STM32H7_RCC_NREGS (0x400 / 4)

/* Clocks the RCC drives, in the order of the clk_out[] array. */
enum {
    RCC_CLK_CPU1,     /* sys_d1cpre_ck: Cortex-M7 core clock */
    RCC_CLK_CPU1_REF, /* Cortex-M7 SysTick external reference: core / 8 */
    RCC_CLK_HCLK,     /* rcc_hclk1..4 and the Cortex-M4 core clock */
    RCC_CLK_CPU2_REF, /* Cortex-M4 SysTick external reference: hclk / 8 */
    RCC_CLK_PCLK1,    /* APB1 (D2) */
    RCC_CLK_PCLK2,    /* APB2 (D2) */
    RCC_CLK_PCLK3,    /* APB3 (D1) */
    RCC_CLK_PCLK4,    /* APB4 (D3) */
    RCC_CLK_USART16,  /* usart1/6 kernel clock (D2CCIP2R.USART16SEL) */
    RCC_CLK_USART234578, /* usart2/3/4/5/7/8 kernel clock (D2CCIP2R.USART234578SEL) */
    RCC_CLK_RNG,         /* rng kernel clock (D2CCIP2R.RNGSEL) */
    RCC_CLK_TIMX,        /* APB1 timers (TIM2-7, 12-14): pclk1, x2 if divided */
    RCC_CLK_TIMY,   /* APB2 timers (TIM1, 8, 15-17): pclk2, x2 if divided */
    RCC_CLK_LTDC,   /* LTDC pixel clock: pll3_r_ck */
    RCC_CLK_SPI123, /* spi1/2/3 kernel clock (D2CCIP1R.SPI123SEL) */
    RCC_CLK_SPI45,  /* spi4/5 kernel clock (D2CCIP1R.SPI45SEL) */
    RCC_CLK_SPI6,   /* spi6 kernel clock (D3CCIPR.SPI6SEL) */
    RCC_CLK_ADC,    /* adc_ker_ck (D3CCIPR.ADCSEL) */
    RCC_CLK_SDMMC,  /* sdmmc_ker_ck (D1CCIPR.SDMMCSEL) */
    RCC_NUM_CLK_OUT
};

struct Stm32h7RccState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    uint32_t regs[STM32H7_RCC_NREGS];
    /* reset flags survive system resets; only power-on (first reset) sets POR */
    bool powered;
    uint32_t reset_flags;
    uint32_t next_reset_flags; /* the cause of a reset requested, not done */

    uint32_t hse_freq; /* board property: HSE crystal */
    Clock *clk_out[RCC_NUM_CLK_OUT];
    qemu_irq boot[2]; /* pulsed when GCR.BOOT_C1 / BOOT_C2 is set */
    uint64_t sys_hz;  /* derived, for QOM read-out */
};

#endif
