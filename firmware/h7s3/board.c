/*
 * NUCLEO-H7S3L8 board support for the H7S3 programs (RM0477; pins from the
 * board's user manual): 600 MHz from PLL1; USART3 on PD8/PD9 (AF7) at
 * 115200 8N1 from PCLK1; SysTick at 1 kHz; LD1 PD10, LD2 PD13, LD3 PB7
 * (lit high).  XSPI2 is in xspi2.c.
 */
#include <stddef.h>
#include "stm32h7s3.h"
#include "board.h"
#include "gpio.h"

static volatile uint32_t ticks;

void SysTick_Handler(void) {
    ticks++;
}

/* wait until (*reg & mask) == want; 0, or -1 after about a million reads */
static int wait_reg(volatile uint32_t *reg, uint32_t mask, uint32_t want) {
    for (uint32_t i = 0; i < 1000000u; i++) {
        if ((*reg & mask) == want) {
            return 0;
        }
    }
    return -1;
}

int board_clock_init(void) {
    PWR_CSR4 |= PWR_CSR4_VOS; /* high performance range */
    if (wait_reg(&PWR_CSR4, PWR_CSR4_VOSRDY, PWR_CSR4_VOSRDY)) {
        return -1;
    }
    FLASH_ACR = 7u | 3u << 4; /* 7 wait states before speeding up */
    /* HSI 64 MHz / DIVM1 4 = 16 MHz; x DIVN 75 = 1200 MHz VCO; / DIVP 2 = 600 MHz.
     * The PLL1 P output is enabled in PLLCFGR after reset. */
    RCC_PLLCKSELR = 0u | 4u << 4;
    RCC_PLL1DIVR1 = (RCC_PLL1DIVR1 & ~0xFFFFu) | (75u - 1) | (2u - 1) << 9;
    RCC_CR |= RCC_CR_PLL1ON;
    if (wait_reg(&RCC_CR, RCC_CR_PLL1RDY, RCC_CR_PLL1RDY)) {
        return -1;
    }
    RCC_CDCFGR = 0;                                  /* CPU = sys_ck */
    RCC_BMCFGR = 8;                                  /* AHB/AXI = CPU / 2 */
    RCC_APBCFGR = 4u | 4u << 4 | 4u << 8 | 4u << 12; /* each APB = AHB / 2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | RCC_CFGR_SW_PLL1;
    return wait_reg(&RCC_CFGR, 7u << RCC_CFGR_SWS_Pos, RCC_CFGR_SW_PLL1 << RCC_CFGR_SWS_Pos);
}

void board_tick_init(void) {
    SYST_RVR = BOARD_CPU_HZ / 1000 - 1;
    SYST_CVR = 0;
    SYST_CSR = 7; /* core clock, interrupt, enable */
}

uint32_t board_ms(void) {
    return ticks;
}

void board_console_init(void) {
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIODEN | RCC_AHB4ENR_GPIOBEN;
    RCC_APB1ENR1 |= RCC_APB1ENR1_USART3EN;
    gpio_af(GPIOD_BASE, 8, 7);
    gpio_af(GPIOD_BASE, 9, 7);
    gpio_out(GPIOD_BASE, 10);
    gpio_out(GPIOD_BASE, 13);
    gpio_out(GPIOB_BASE, 7);
    USART_CR1 = 0;
    USART_BRR = (BOARD_PCLK1_HZ + 115200 / 2) / 115200;
    USART_CR1 = USART_CR1_TE | USART_CR1_UE;
}

void board_led(int n, bool on) {
    static const struct {
        uint32_t port;
        unsigned pin;
    } led[3] = {
        { GPIOD_BASE, 10 },
        { GPIOD_BASE, 13 },
        { GPIOB_BASE, 7 },
    };
    if (n >= 1 && n <= 3) {
        GPIO_BSRR(led[n - 1].port) = 1u << (led[n - 1].pin + (on ? 0 : 16));
    }
}

/* the console character for cortex-m/h7_text.c's h7_uart_puts and friends */
void h7_uart_putc(char c) {
    while (!(USART_ISR & USART_ISR_TXE)) {
    }
    USART_TDR = (uint8_t)c;
}

void board_xspi_init(xspi_nor_t *n) {
    xspi2_init(n, board_ms);
}
