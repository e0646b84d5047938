/* Text on the console, over whatever h7_uart_putc() the program links:
 * USART1 on the STM32H747I-DISCO (h7_uart.c), USART3 on the NUCLEO-H7S3L8
 * (h7s3/board.c). */
#include "h7_text.h"

void h7_uart_puts(const char *s) {
    while (*s) {
        if (*s == '\n') {
            h7_uart_putc('\r');
        }
        h7_uart_putc(*s++);
    }
}

void h7_uart_put_u32(uint32_t v) {
    char buf[11];
    int i = 10;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    h7_uart_puts(&buf[i]);
}

void h7_uart_put_hex(uint32_t v) {
    h7_uart_puts("0x");
    for (int s = 28; s >= 0; s -= 4) {
        h7_uart_putc("0123456789abcdef"[(v >> s) & 0xF]);
    }
}
