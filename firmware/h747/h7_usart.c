#include <stddef.h>
#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h7_usart.h"

#define APB2_USART1EN (1u << 4)
#define APB2_USART6EN (1u << 5)

/* pins: free on the STM32H747I-DISCO (USART3's and UART5's all carry the
 * USB ULPI, the SD card or the SDRAM there) */
#define NO_FLOW .rts = H7_PIN_NONE, .cts = H7_PIN_NONE
static const h7_usart_hw_t usarts[H7_USART_MAX_ID] = {
    { USART1_BASE, 37, H7_PIN('A', 9), H7_PIN('A', 10), 7, NO_FLOW }, /* ST-LINK VCP */
    /* USART2's RTS and CTS beside its TX and RX: PD4, PD3 (AF7) */
    { 0x40004400u, 38, H7_PIN('D', 5), H7_PIN('D', 6), 7, H7_PIN('D', 4), H7_PIN('D', 3), 7 },
    { 0x40004800u, 39, H7_PIN_NONE, H7_PIN_NONE, 7, NO_FLOW },
    { 0x40004C00u, 52, H7_PIN('B', 9), H7_PIN('B', 8), 8, NO_FLOW },
    { 0x40005000u, 53, H7_PIN_NONE, H7_PIN_NONE, 8, NO_FLOW },
    { 0x40011400u, 71, H7_PIN('C', 6), H7_PIN('C', 7), 7, NO_FLOW }, /* PG9/PG14: QSPI bank 2 */
    /* UART7's RTS/CTS pins carry the SDRAM (PE9/PE10) or the QSPI (PF8/PF9) */
    { 0x40007800u, 82, H7_PIN('A', 15), H7_PIN('A', 8), 11, NO_FLOW },
    { UART8_BASE, 83, H7_PIN('J', 8), H7_PIN('J', 9), 8, NO_FLOW }, /* Arduino D1/D0 */
};

/* RCC enable bits: USART2/3, UART4/5 at 17-20, UART7/8 at 30/31 of APB1LENR */
static const uint8_t apb1_bit[H7_USART_MAX_ID] = { 0, 17, 18, 19, 20, 0, 30, 31 };

static uint8_t claimed; /* bit id-1 */

const h7_usart_hw_t *h7_usart_hw(unsigned id) {
    if (id < 1 || id > H7_USART_MAX_ID || usarts[id - 1].tx == H7_PIN_NONE) {
        return NULL;
    }
    return &usarts[id - 1];
}

bool h7_usart_claim(unsigned id) {
    if (!h7_usart_hw(id) || (claimed & (1u << (id - 1)))) {
        return false;
    }
    claimed |= 1u << (id - 1);
    return true;
}

void h7_usart_release(unsigned id) {
    if (h7_usart_hw(id)) {
        claimed &= ~(1u << (id - 1));
    }
}

static bool on_apb2(unsigned id) {
    return id == 1 || id == 6;
}

static void clock_enable(unsigned id, bool on) {
    volatile uint32_t *enr = on_apb2(id) ? &RCC_APB2ENR : &RCC_APB1LENR;
    uint32_t bit = on_apb2(id) ? (id == 1 ? APB2_USART1EN : APB2_USART6EN) : 1u << apb1_bit[id - 1];
    *enr = on ? (*enr | bit) : (*enr & ~bit);
    (void)*enr;
}

uint32_t h7_usart_kernel_hz(unsigned id) {
    h7_clocks_t c;
    h7_clock_read(&c);
    return on_apb2(id) ? c.pclk2 : c.pclk1;
}

int h7_usart_init(unsigned id, const h7_usart_config_t *cfg, uint32_t *actual) {
    const h7_usart_hw_t *hw = h7_usart_hw(id);
    unsigned word = cfg->bits + (cfg->parity != H7_USART_PARITY_NONE);
    uint32_t cr1 = USART_CR1_FIFOEN | USART_CR1_TE | USART_CR1_RE;

    if (!hw || word < 7 || word > 9 || (cfg->stop != 1 && cfg->stop != 2)) {
        return H7_USART_EFRAME;
    }
    if ((cfg->rts && hw->rts == H7_PIN_NONE) || (cfg->cts && hw->cts == H7_PIN_NONE)) {
        return H7_USART_EFLOW;
    }
    uint32_t ker = h7_usart_kernel_hz(id);
    /* oversampling by 16: BRR from 16 to 0xFFFF */
    uint32_t brr = cfg->baudrate ? (ker + cfg->baudrate / 2) / cfg->baudrate : 0;
    if (brr < 16 || brr > 0xFFFF) {
        return H7_USART_EBAUD;
    }
    if (word == 7) {
        cr1 |= USART_CR1_M1;
    } else if (word == 9) {
        cr1 |= USART_CR1_M0;
    }
    if (cfg->parity != H7_USART_PARITY_NONE) {
        cr1 |= USART_CR1_PCE | (cfg->parity == H7_USART_PARITY_ODD ? USART_CR1_PS : 0);
    }
    clock_enable(id, true);
    USART_CR1(hw->base) = 0;
    USART_CR2(hw->base) = cfg->stop == 2 ? USART_CR2_STOP_2 : 0;
    USART_CR3(hw->base) = (cfg->rts ? USART_CR3_RTSE : 0) | (cfg->cts ? USART_CR3_CTSE : 0);
    USART_BRR(hw->base) = brr;
    USART_ICR(hw->base) = USART_ICR_ERRORS | USART_ICR_IDLECF;
    h7_gpio_af(hw->tx, hw->af, H7_GPIO_PULL_UP);
    h7_gpio_af(hw->rx, hw->af, H7_GPIO_PULL_UP);
    if (cfg->rts) {
        h7_gpio_af(hw->rts, hw->flow_af, H7_GPIO_PULL_NONE);
    }
    if (cfg->cts) {
        h7_gpio_af(hw->cts, hw->flow_af, H7_GPIO_PULL_NONE);
    }
    USART_CR1(hw->base) = cr1 | USART_CR1_UE;
    if (actual) {
        *actual = (ker + brr / 2) / brr; /* to the nearest baud */
    }
    return H7_USART_OK;
}

void h7_usart_deinit(unsigned id) {
    const h7_usart_hw_t *hw = h7_usart_hw(id);
    if (!hw) {
        return;
    }
    uint32_t cr3 = USART_CR3(hw->base); /* read while the clock runs */
    USART_CR1(hw->base) = 0;
    USART_CR3(hw->base) = 0;
    clock_enable(id, false);
    h7_gpio_release(hw->tx);
    h7_gpio_release(hw->rx);
    if (cr3 & USART_CR3_RTSE) {
        h7_gpio_release(hw->rts);
    }
    if (cr3 & USART_CR3_CTSE) {
        h7_gpio_release(hw->cts);
    }
}
