/* Bare-metal bring-up program for the STM32H747I-DISCO (real or virtual):
 * clocks to 400 MHz from PLL1, USART1 at 115200, a report of the clock tree
 * as read back from RCC, a boot counter kept in internal flash, LD1 on,
 * then an echo loop on USART1. */
#include <stdint.h>
#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_uart.h"
#include "h7_flash.h"

/* boot counter log: the last sector of bank 1, one flash word per boot
 * (bank 2 holds the Cortex-M4 image and the MicroPython filesystem) */
#define COUNTER_SECTOR (FLASH_BANK1_BASE + 7 * FLASH_SECTOR_SIZE)

static void field(const char *name, uint32_t v) {
    h7_uart_puts(name);
    h7_uart_putc('=');
    h7_uart_put_u32(v);
    h7_uart_putc(' ');
}

static uint32_t boot_count_next(int *status) {
    const uint32_t *p = (const uint32_t *)COUNTER_SECTOR;
    uint32_t slots = FLASH_SECTOR_SIZE / H7_FLASH_WORD, n = 0;

    while (n < slots && p[n * (H7_FLASH_WORD / 4)] != 0xFFFFFFFFu) {
        n++;
    }
    uint32_t last = n ? p[(n - 1) * (H7_FLASH_WORD / 4)] : 0;
    uint32_t word[H7_FLASH_WORD / 4] = { last + 1 };
    if (n == slots) {
        *status = h7_flash_erase_sector(COUNTER_SECTOR);
        n = 0;
        if (*status) {
            return last + 1;
        }
    }
    *status = h7_flash_program(COUNTER_SECTOR + n * H7_FLASH_WORD, word, sizeof(word));
    return last + 1;
}

int main(void) {
    int rc = h7_clock_init_400mhz();
    h7_clocks_t c;
    h7_clock_read(&c);
    uint32_t brr = h7_uart_init(c.pclk2, 115200);

    h7_uart_puts("\nh7stack bare-metal hello: STM32H747I-DISCO, STM32H747 Cortex-M7\n");
    h7_uart_puts("clock_init=");
    h7_uart_puts(rc == H7_OK ? "ok" : "FAILED");
    h7_uart_puts("\nclocks: ");
    field("SYSCLK", c.sysclk);
    field("CPU", c.cpu);
    field("HCLK", c.hclk);
    field("PCLK1", c.pclk1);
    field("PCLK2", c.pclk2);
    field("PCLK3", c.pclk3);
    field("PCLK4", c.pclk4);
    h7_uart_puts("\nusart1: ");
    field("BRR", brr);
    field("BAUD", c.pclk2 / brr);
    h7_uart_puts("\nflash: ");
    field("ACR_LATENCY", FLASH_ACR & FLASH_ACR_LATENCY_Msk);
    int st;
    uint32_t boots = boot_count_next(&st);
    field("BOOT_COUNT", boots);
    field("PROGRAM_STATUS", (uint32_t)-st);
    h7_uart_puts("\nreset: RSR=");
    h7_uart_put_hex(RCC_RSR);
    RCC_RSR = RCC_RSR_RMVF;

    /* LD1 (PI12, lit when low) on */
    RCC_AHB4ENR |= 1u << ('I' - 'A');
    GPIO_MODER('I') = (GPIO_MODER('I') & ~(3u << 24)) | (1u << 24);
    GPIO_BSRR('I') = 1u << (12 + 16);

    h7_uart_puts("\nready\n");
    for (;;) {
        int ch = h7_uart_getc_nonblock();
        if (ch >= 0) {
            h7_uart_putc((char)ch);
        }
    }
}
