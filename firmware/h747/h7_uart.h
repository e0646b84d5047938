/* Polled console: USART1 on the DISCO board, PA9/PA10 (the ST-LINK virtual
 * COM port); text over it with h7_text.h. */
#ifndef H7STACK_H7_UART_H
#define H7STACK_H7_UART_H

#include <stdint.h>
#include "h7_text.h"

/* PA9/PA10 as AF7, 8N1; BRR computed from the USART1 kernel clock (pclk2).
 * Returns the BRR value written. */
uint32_t h7_uart_init(uint32_t pclk2_hz, uint32_t baud);
int h7_uart_getc_nonblock(void); /* -1 when empty */

#endif
