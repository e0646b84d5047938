/* Polled console: USART1 on the DISCO board (h7_uart.c); the text
 * functions (h7_text.c) work over any board's h7_uart_putc(). */
#ifndef H7STACK_H7_UART_H
#define H7STACK_H7_UART_H

#include <stdint.h>

/* PA9/PA10 as AF7, 8N1; BRR computed from the USART1 kernel clock (pclk2).
 * Returns the BRR value written. */
uint32_t h7_uart_init(uint32_t pclk2_hz, uint32_t baud);
void h7_uart_putc(char c);
void h7_uart_puts(const char *s);           /* "\n" sent as "\r\n" */
void h7_uart_put_u32(uint32_t v);
void h7_uart_put_hex(uint32_t v);          /* 0x and 8 digits */
int h7_uart_getc_nonblock(void);  /* -1 when empty */

#endif
