/*
 * Clock arithmetic shared by the STM32H7 RCC models (RM0399 stm32h7_rcc.c,
 * RM0477 stm32h7rs_rcc.c): the PLL and the bus prescaler encodings are the
 * same on both families.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_CLK_H
#define H7STACK_STM32H7_CLK_H

#include <stdint.h>

/* PLL output: ref / DIVM * (DIVN + 1 + FRACN / 2^13) / div, kept exact in
 * 1/8192 units (divn: the register field; fracn 0 when FRACEN is off);
 * 0 when DIVM is 0 */
static inline uint64_t stm32h7_pll_hz(uint64_t ref, unsigned divm,
                                      unsigned divn, unsigned fracn,
                                      unsigned div)
{
    uint64_t n8192 = (uint64_t)(divn + 1) * 8192 + fracn;
    return divm ? ref * n8192 / divm / 8192 / div : 0;
}

/* CPU/AHB prescalers (D1CPRE, HPRE, CPRE, BMPRE): 0xxx = 1, 1000 = 2 ...
 * 1011 = 16, 1100 = 64 ... 1111 = 512 */
static inline unsigned stm32h7_ahb_div(unsigned v)
{
    static const unsigned d[8] = { 2, 4, 8, 16, 64, 128, 256, 512 };
    return v < 8 ? 1 : d[v - 8];
}

/* APB prescalers (DxPPREy, PPREy): 0xx = 1, 100 = 2 ... 111 = 16 */
static inline unsigned stm32h7_apb_div(unsigned v)
{
    return v < 4 ? 1 : 2u << (v - 4);
}

#endif
