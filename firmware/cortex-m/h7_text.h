/* Text on a board's console: the board provides h7_uart_putc() (USART1 on
 * the STM32H747I-DISCO, USART3 on the NUCLEO-H7S3L8); h7_text.c builds the
 * rest on it. */
#ifndef H7STACK_H7_TEXT_H
#define H7STACK_H7_TEXT_H

#include <stdint.h>

void h7_uart_putc(char c);        /* the board's */
void h7_uart_puts(const char *s); /* "\n" sent as "\r\n" */
void h7_uart_put_u32(uint32_t v);
void h7_uart_put_hex(uint32_t v); /* 0x and 8 digits */

#endif
