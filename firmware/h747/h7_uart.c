#include "stm32h747.h"
#include "h7_uart.h"

#define U USART1_BASE

uint32_t h7_uart_init(uint32_t pclk2_hz, uint32_t baud) {
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOAEN;
    RCC_APB2ENR |= RCC_APB2ENR_USART1EN;
    (void)RCC_APB2ENR;
    /* PA9 = TX, PA10 = RX: alternate function 7 */
    GPIO_MODER('A') = (GPIO_MODER('A') & ~(0xFu << 18)) | (0xAu << 18);
    GPIO_AFRH('A') = (GPIO_AFRH('A') & ~0xFF0u) | (7u << 4) | (7u << 8);

    uint32_t brr = (pclk2_hz + baud / 2) / baud; /* oversampling by 16 */
    USART_CR1(U) = 0;
    USART_BRR(U) = brr;
    USART_CR1(U) = USART_CR1_FIFOEN | USART_CR1_TE | USART_CR1_RE | USART_CR1_UE;
    return brr;
}

void h7_uart_putc(char c) {
    while (!(USART_ISR(U) & USART_ISR_TXE)) {
    }
    USART_TDR(U) = (uint8_t)c;
}

int h7_uart_getc_nonblock(void) {
    return (USART_ISR(U) & USART_ISR_RXNE) ? (int)(USART_RDR(U) & 0xFF) : -1;
}
