/*
 * h7s3-flash-test: the NUCLEO-H7S3L8's octal NOR through lib/xspi_nor.
 * Probe in SPI, switch to octal DTR, then erase, program and verify
 * patterns over sectors, pages and a 64 KiB block, read it back memory-
 * mapped, and print throughput on USART3 (times from SysTick).  Ends with
 * "flash-test: ok" and LD1 on, or "flash-test: FAILED <step> <code>".
 */
#include <string.h>
#include "board.h"
#include "xspi_nor.h"

#define TEST_BASE 0x00100000u /* leaves the first MiB for images */
static uint8_t buf[4096], back[4096];
static xspi_nor_t nor;

static void fail(const char *step, int rc) {
    h7_uart_puts("flash-test: FAILED ");
    h7_uart_puts(step);
    h7_uart_puts(" ");
    h7_uart_put_u32((uint32_t)-rc);
    h7_uart_puts("\n");
    board_led(3, true);
    for (;;) {
    }
}

static void check(const char *step, int rc) {
    if (rc != XSPI_NOR_OK) {
        fail(step, rc);
    }
}

static void fill(uint8_t *p, uint32_t len, uint32_t addr, uint32_t seed) {
    for (uint32_t i = 0; i < len; i++) {
        uint32_t x = (addr + i) * 2654435761u ^ seed;
        p[i] = (uint8_t)(x >> 24);
    }
}

/* code in place: a counted loop as Thumb machine code (position independent),
 * run from the NOR window and from AXI SRAM, then changed in the NOR */
#define CODE_AT  (TEST_BASE + 0x20000u)
#define RAM_CODE ((uint16_t *)0x24040000u) /* AXI SRAM past what the read test reads */
static const uint16_t count_loop[] = {
    0x2100, /* movs r1, #0 */
    0x3101, /* 1: adds r1, #1 (the step) */
    0x3801, /* subs r0, #1 */
    0xD1FC, /* bne 1b */
    0x4608, /* mov r0, r1 */
    0x4770, /* bx lr */
};
#define STEP_AT 1      /* the halfword of the step */
#define STEP_2  0x3102 /* adds r1, #2 */
typedef uint32_t (*loop_fn)(uint32_t n);

static loop_fn thumb_code(uintptr_t at) {
    __asm volatile("dsb\n isb" ::: "memory");
    return (loop_fn)(at | 1u);
}

static void program_code(const uint16_t *code, uint32_t len) {
    check("erase-code", xspi_nor_erase(&nor, CODE_AT, XSPI_NOR_SECTOR));
    check("program-code", xspi_nor_program(&nor, CODE_AT, (const uint8_t *)code, len));
}

static void rate(const char *what, uint32_t bytes, uint32_t ms) {
    h7_uart_puts("flash-test: ");
    h7_uart_puts(what);
    h7_uart_puts(" ");
    h7_uart_put_u32(bytes / 1024);
    h7_uart_puts(" KiB in ");
    h7_uart_put_u32(ms);
    h7_uart_puts(" ms");
    if (ms) {
        h7_uart_puts(" = ");
        h7_uart_put_u32(bytes / ms * 1000 / 1024);
        h7_uart_puts(" KiB/s");
    }
    h7_uart_puts("\n");
}

int main(void) {
    int clk = board_clock_init();
    board_console_init();
    board_tick_init();
    if (clk) {
        fail("clock", clk);
    }
    h7_uart_puts("flash-test: NUCLEO-H7S3L8 octal NOR\n");
    board_xspi_init(&nor);

    check("probe", xspi_nor_probe(&nor));
    h7_uart_puts("flash-test: JEDEC ID ");
    for (int i = 0; i < 3; i++) {
        h7_uart_put_u32(nor.id[i]);
        h7_uart_puts(i < 2 ? " " : "");
    }
    h7_uart_puts(", ");
    h7_uart_put_u32(nor.size >> 20);
    h7_uart_puts(" MiB\n");
    check("octal-dtr", xspi_nor_octal_dtr(&nor));
    h7_uart_puts("flash-test: octal DTR\n");

    /* sectors: erase, blank check, one pattern per page, verify */
    uint32_t t0 = board_ms();
    for (uint32_t s = 0; s < 4; s++) {
        uint32_t a = TEST_BASE + s * XSPI_NOR_SECTOR;
        check("erase-sector", xspi_nor_erase(&nor, a, XSPI_NOR_SECTOR));
        check("read", xspi_nor_read(&nor, a, back, XSPI_NOR_SECTOR));
        for (uint32_t i = 0; i < XSPI_NOR_SECTOR; i++) {
            if (back[i] != 0xFF) {
                fail("blank-check", -1);
            }
        }
    }
    rate("erase 4 KiB sectors:", 4 * XSPI_NOR_SECTOR, board_ms() - t0);

    t0 = board_ms();
    for (uint32_t s = 0; s < 4; s++) {
        uint32_t a = TEST_BASE + s * XSPI_NOR_SECTOR;
        fill(buf, XSPI_NOR_SECTOR, a, 0x5A);
        check("program", xspi_nor_program(&nor, a, buf, XSPI_NOR_SECTOR));
    }
    rate("program:", 4 * XSPI_NOR_SECTOR, board_ms() - t0);

    t0 = board_ms();
    for (uint32_t s = 0; s < 4; s++) {
        uint32_t a = TEST_BASE + s * XSPI_NOR_SECTOR;
        fill(buf, XSPI_NOR_SECTOR, a, 0x5A);
        check("read", xspi_nor_read(&nor, a, back, XSPI_NOR_SECTOR));
        if (memcmp(buf, back, XSPI_NOR_SECTOR)) {
            fail("verify", -1);
        }
    }
    rate("read + verify:", 4 * XSPI_NOR_SECTOR, board_ms() - t0);

    /* an unaligned program across pages, in the middle of a sector */
    uint8_t odd[300];
    fill(odd, sizeof(odd), 0x77, 0x33);
    check("erase-block", xspi_nor_erase(&nor, TEST_BASE + 0x10000, XSPI_NOR_BLOCK));
    check("program-unaligned", xspi_nor_program(&nor, TEST_BASE + 0x10077, odd, sizeof(odd)));
    check("read", xspi_nor_read(&nor, TEST_BASE + 0x10000, back, 0x400));
    for (uint32_t i = 0; i < 0x400; i++) {
        uint8_t want = i >= 0x77 && i < 0x77 + sizeof(odd) ? odd[i - 0x77] : 0xFF;
        if (back[i] != want) {
            fail("verify-unaligned", -1);
        }
    }

    program_code(count_loop, sizeof(count_loop));

    /* memory-mapped: the same bytes through the 0x70000000 window */
    check("mmap", xspi_nor_memory_mapped(&nor, true));
    const volatile uint8_t *mm = (const volatile uint8_t *)(0x70000000u + TEST_BASE);
    fill(buf, 64, TEST_BASE, 0x5A);
    for (uint32_t i = 0; i < 64; i++) {
        if (mm[i] != buf[i]) {
            fail("verify-mmap", -1);
        }
    }
    /* read throughput: the memory-mapped NOR beside AXI SRAM (word reads) */
    uint32_t sum = 0;
    t0 = board_ms();
    for (uint32_t rep = 0; rep < 16; rep++) {
        for (uint32_t i = 0; i < (1u << 20) / 4; i++) {
            sum += ((const volatile uint32_t *)0x70000000u)[i];
        }
    }
    rate("XIP read:", 16u << 20, board_ms() - t0);
    t0 = board_ms();
    for (uint32_t rep = 0; rep < 64; rep++) {
        for (uint32_t i = 0; i < (256u << 10) / 4; i++) {
            sum += ((const volatile uint32_t *)0x24000000u)[i];
        }
    }
    rate("AXI SRAM read:", 16u << 20, board_ms() - t0);
    h7_uart_puts(sum == 0x12345678u ? " \n" : "\n"); /* keeps the reads */
    const uint32_t loops = 16u << 20;
    t0 = board_ms();
    uint32_t in_nor = thumb_code(0x70000000u + CODE_AT)(loops);
    uint32_t nor_ms = board_ms() - t0;
    memcpy(RAM_CODE, count_loop, sizeof(count_loop));
    t0 = board_ms();
    uint32_t in_ram = thumb_code((uintptr_t)RAM_CODE)(loops);
    uint32_t ram_ms = board_ms() - t0;
    if (in_nor != loops || in_ram != loops) {
        fail("code-in-place", -1);
    }
    h7_uart_puts("flash-test: loop of ");
    h7_uart_put_u32(loops);
    h7_uart_puts(" rounds: ");
    h7_uart_put_u32(nor_ms);
    h7_uart_puts(" ms in place from the NOR, ");
    h7_uart_put_u32(ram_ms);
    h7_uart_puts(" ms from AXI SRAM\n");
    check("mmap-off", xspi_nor_memory_mapped(&nor, false));

    /* the code changed in the NOR (indirect mode): what runs next is new */
    memcpy(buf, count_loop, sizeof(count_loop));
    ((uint16_t *)buf)[STEP_AT] = STEP_2;
    program_code((const uint16_t *)buf, sizeof(count_loop));
    check("mmap", xspi_nor_memory_mapped(&nor, true));
    if (thumb_code(0x70000000u + CODE_AT)(1000) != 2000) {
        fail("code-changed-in-place", -1);
    }
    h7_uart_puts("flash-test: code changed in the NOR runs changed\n");
    check("mmap-off", xspi_nor_memory_mapped(&nor, false));
    if (xspi_nor_erase(&nor, TEST_BASE + 0x100, XSPI_NOR_SECTOR) != XSPI_NOR_EINVAL) {
        fail("alignment-check", -1);
    }
    board_led(1, true); /* before the line a test waits for */
    h7_uart_puts("flash-test: ok\n");
    for (;;) {
        __asm volatile("wfi");
    }
}
