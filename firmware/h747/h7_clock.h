/* System clock set-up of the STM32H747I-DISCO and read-back of the clock tree. */
#ifndef H7STACK_H7_CLOCK_H
#define H7STACK_H7_CLOCK_H

#include <stdint.h>

typedef struct {
    uint32_t sysclk; /* sys_ck */
    uint32_t cpu;    /* sys_d1cpre_ck: Cortex-M7 */
    uint32_t hclk;   /* AHB, Cortex-M4 */
    uint32_t pclk1, pclk2, pclk3, pclk4;
    uint32_t timx;   /* APB1 timers (TIM2-7, 12-14): pclk1, x2 when APB1 divides */
    uint32_t timy;   /* APB2 timers (TIM1, 8, 15-17): pclk2, likewise */
    uint32_t pll1_q; /* pll1_q_ck: SPI1-3's kernel clock (SPI123SEL reset value) */
} h7_clocks_t;

/* status codes */
#define H7_OK       0
#define H7_ETIMEOUT -1 /* a ready flag never came */
#define H7_ESWITCH  -2 /* the clock switch did not take */

/* SMPS direct supply, VOS1, HSE 25 MHz -> PLL1 800 MHz VCO, P=400 MHz,
 * AHB 200 MHz, APB1-4 100 MHz, flash 2 wait states. */
int h7_clock_init_400mhz(void);
/* compute the clock tree from the RCC registers */
void h7_clock_read(h7_clocks_t *c);

#endif
