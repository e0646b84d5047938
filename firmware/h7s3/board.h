/* NUCLEO-H7S3L8 bring-up shared by the H7S3 programs: the console on
 * USART3 (ST-LINK virtual COM port), a millisecond tick, the LEDs, and the
 * XSPI2 controller as lib/xspi_nor's transport. */
#ifndef H7STACK_H7S3_BOARD_H
#define H7STACK_H7S3_BOARD_H

#include <stdbool.h>
#include <stdint.h>
#include "h7_text.h" /* text on the console: h7_uart_puts etc. */
#include "xspi_nor.h"
#include "xspi2.h"

#define BOARD_CPU_HZ   600000000u /* after board_clock_init() */
#define BOARD_PCLK1_HZ 150000000u

/* PLL1 from the HSI: 600 MHz CPU, 300 MHz AHB/AXI, 150 MHz APB; 0 or -1 */
int board_clock_init(void);
void board_console_init(void);
void board_tick_init(void);
uint32_t board_ms(void);
void board_led(int n, bool on); /* LD1..LD3 */
/* XSPI2 + pins + I/O manager; fills in n's callbacks */
void board_xspi_init(xspi_nor_t *n);

#endif
