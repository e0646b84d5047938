/*
 * h7s3-boot: the NUCLEO-H7S3L8 bootloader, in the 64 KiB internal flash.
 * Sets the 600 MHz clock, brings up XSPI2 and the octal NOR (probe in SPI,
 * switch to octal DTR, memory-mapped at 0x70000000), checks the
 * application header there (lib/boot/app_header.h: magic, header CRC,
 * address, length, CRC-32, vector table), then sets VTOR and MSP and jumps.
 * Anything wrong is said on USART3 ("boot: no application: <reason>") and
 * LD3 blinks; nothing is started.
 */
#include "board.h"
#include "stm32h7s3.h"
#include "app_header.h"
#include "xspi_nor.h"

#define XIP_BASE 0x70000000u
#define RAM_LO   0x20000000u /* DTCM */
#define RAM_HI   0x24072000u /* end of AXI SRAM */

static xspi_nor_t nor;

static void refuse(const char *why, int code) {
    h7_uart_puts("boot: no application: ");
    h7_uart_puts(why);
    h7_uart_puts(" (");
    h7_uart_put_u32((uint32_t)-code);
    h7_uart_puts(")\n");
    for (bool on = true;; on = !on) {
        uint32_t t = board_ms();
        board_led(3, on);
        while (board_ms() - t < 250) {
            __asm volatile("wfi");
        }
    }
}

static void nor_step(int rc, const char *what) {
    if (rc != XSPI_NOR_OK) {
        refuse(what, rc);
    }
}

__attribute__((noreturn)) static void start(const app_info_t *app) {
    SYST_CSR = 0; /* the application starts its own tick */
    __asm volatile("cpsid i" ::: "memory");
    SCB_VTOR = app->vtor;
    __asm volatile("dsb\n isb\n"
                   "msr msp, %0\n"
                   "cpsie i\n"
                   "bx %1\n" ::"r"(app->sp),
                   "r"(app->entry)
                   : "memory");
    __builtin_unreachable();
}

int main(void) {
    int clk = board_clock_init();
    board_console_init();
    board_tick_init();
    h7_uart_puts("boot: h7stack bootloader, NUCLEO-H7S3L8\n");
    if (clk) {
        refuse("clock set-up failed", clk);
    }
    board_xspi_init(&nor);
    nor_step(xspi_nor_probe(&nor), "NOR not found");
    nor_step(xspi_nor_octal_dtr(&nor), "NOR octal DTR switch failed");
    nor_step(xspi_nor_memory_mapped(&nor, true), "NOR memory-mapped mode failed");

    app_info_t app;
    app_status_t st =
        app_check((const uint8_t *)XIP_BASE, nor.size, XIP_BASE, RAM_LO, RAM_HI, &app);
    if (st != APP_OK) {
        refuse(app_status_str(st), st);
    }
    h7_uart_puts("boot: image at ");
    h7_uart_put_hex(XIP_BASE);
    h7_uart_puts(", ");
    h7_uart_put_u32(app.length);
    h7_uart_puts(" bytes, CRC ok; starting ");
    h7_uart_put_hex(app.entry);
    h7_uart_puts("\n");
    start(&app);
}
