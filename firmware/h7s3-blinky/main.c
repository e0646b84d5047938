/*
 * h7s3-blinky: the NUCLEO-H7S3L8 application that runs in place from the
 * octal NOR (linked at 0x70000000, started by h7s3-boot).  Blinks LD1 every
 * 250 ms and logs each toggle on USART3.  The bootloader has set the clocks,
 * XSPI2 and the memory-mapped NOR; this program only sets up the console
 * and its tick.
 */
#include "board.h"
#include "stm32h7s3.h"
#include "app_header.h"

/* the header scripts/h7s3_image.py completes (length and CRCs) */
__attribute__((section(".app_header"), used)) static const app_header_t header = {
    .magic = APP_MAGIC,
    .version = APP_HEADER_VERSION,
    .header_size = APP_HEADER_SIZE,
    .load_addr = 0x70000000u,
    .vector_offset = 0x400u,
};

int main(void) {
    board_console_init();
    board_tick_init();
    h7_uart_puts("blinky: running in place, vector table at ");
    h7_uart_put_hex(SCB_VTOR);
    h7_uart_puts("\n");
    for (uint32_t n = 1;; n++) {
        uint32_t t = board_ms();
        board_led(1, n & 1);
        h7_uart_puts(n & 1 ? "blinky: LD1 on " : "blinky: LD1 off ");
        h7_uart_put_u32(n);
        h7_uart_puts("\n");
        while (board_ms() - t < 250) {
            __asm volatile("wfi");
        }
    }
}
