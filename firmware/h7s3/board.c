/*
 * NUCLEO-H7S3L8 board support for the H7S3 programs (RM0477; pins from the
 * board's user manual): 600 MHz from PLL1; USART3 on PD8/PD9 (AF7) at
 * 115200 8N1 from PCLK1; SysTick at 1 kHz; LD1 PD10, LD2 PD13, LD3 PB7 (lit high);
 * XSPI2 through XSPIM port 2 on GPIO N (AF9: PN0 DQS, PN1 NCS, PN2-PN5
 * IO0-3, PN6 CLK, PN8-PN11 IO4-7), whose I/O supply PWR must switch on.
 */
#include <stddef.h>
#include "stm32h7s3.h"
#include "board.h"

static volatile uint32_t ticks;

void SysTick_Handler(void)
{
    ticks++;
}

/* wait until (*reg & mask) == want; 0, or -1 after about a million reads */
static int wait_reg(volatile uint32_t *reg, uint32_t mask, uint32_t want)
{
    for (uint32_t i = 0; i < 1000000u; i++) {
        if ((*reg & mask) == want) {
            return 0;
        }
    }
    return -1;
}

int board_clock_init(void)
{
    PWR_CSR4 |= PWR_CSR4_VOS;                   /* high performance range */
    if (wait_reg(&PWR_CSR4, PWR_CSR4_VOSRDY, PWR_CSR4_VOSRDY)) {
        return -1;
    }
    FLASH_ACR = 7u | 3u << 4;                   /* 7 wait states before speeding up */
    /* HSI 64 MHz / DIVM1 4 = 16 MHz; x DIVN 75 = 1200 MHz VCO; / DIVP 2 = 600 MHz.
     * The PLL1 P output is enabled in PLLCFGR after reset. */
    RCC_PLLCKSELR = 0u | 4u << 4;
    RCC_PLL1DIVR1 = (RCC_PLL1DIVR1 & ~0xFFFFu) | (75u - 1) | (2u - 1) << 9;
    RCC_CR |= RCC_CR_PLL1ON;
    if (wait_reg(&RCC_CR, RCC_CR_PLL1RDY, RCC_CR_PLL1RDY)) {
        return -1;
    }
    RCC_CDCFGR = 0;                             /* CPU = sys_ck */
    RCC_BMCFGR = 8;                             /* AHB/AXI = CPU / 2 */
    RCC_APBCFGR = 4u | 4u << 4 | 4u << 8 | 4u << 12;  /* each APB = AHB / 2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | RCC_CFGR_SW_PLL1;
    return wait_reg(&RCC_CFGR, 7u << RCC_CFGR_SWS_Pos, RCC_CFGR_SW_PLL1 << RCC_CFGR_SWS_Pos);
}

void board_tick_init(void)
{
    SYST_RVR = BOARD_CPU_HZ / 1000 - 1;
    SYST_CVR = 0;
    SYST_CSR = 7;                   /* core clock, interrupt, enable */
}

uint32_t board_ms(void)
{
    return ticks;
}

static void pin_af(uint32_t port, unsigned pin, unsigned af)
{
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << 2 * pin)) | 2u << 2 * pin;
    GPIO_OSPEEDR(port) |= 3u << 2 * pin;
    volatile uint32_t *afr = pin < 8 ? &GPIO_AFRL(port) : &GPIO_AFRH(port);
    *afr = (*afr & ~(0xFu << 4 * (pin % 8))) | af << 4 * (pin % 8);
}

static void pin_out(uint32_t port, unsigned pin)
{
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << 2 * pin)) | 1u << 2 * pin;
}

void board_console_init(void)
{
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIODEN | RCC_AHB4ENR_GPIOBEN;
    RCC_APB1ENR1 |= RCC_APB1ENR1_USART3EN;
    pin_af(GPIOD_BASE, 8, 7);
    pin_af(GPIOD_BASE, 9, 7);
    pin_out(GPIOD_BASE, 10);
    pin_out(GPIOD_BASE, 13);
    pin_out(GPIOB_BASE, 7);
    USART_CR1 = 0;
    USART_BRR = (BOARD_PCLK1_HZ + 115200 / 2) / 115200;
    USART_CR1 = USART_CR1_TE | USART_CR1_UE;
}

void board_led(int n, bool on)
{
    static const struct { uint32_t port; unsigned pin; } led[3] = {
        { GPIOD_BASE, 10 }, { GPIOD_BASE, 13 }, { GPIOB_BASE, 7 },
    };
    if (n >= 1 && n <= 3) {
        GPIO_BSRR(led[n - 1].port) = 1u << (led[n - 1].pin + (on ? 0 : 16));
    }
}

static void putc_(char c)
{
    while (!(USART_ISR & USART_ISR_TXE)) {
    }
    USART_TDR = (uint8_t)c;
}

void board_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n') {
            putc_('\r');
        }
        putc_(*s);
    }
}

void board_put_u32(uint32_t v)
{
    char b[11], *p = b + 10;
    *p = 0;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    board_puts(p);
}

void board_put_hex(uint32_t v)
{
    char b[9];
    for (int i = 7; i >= 0; i--, v >>= 4) {
        b[i] = "0123456789abcdef"[v & 15];
    }
    b[8] = 0;
    board_puts(b);
}

/* ---- XSPI2 as lib/xspi_nor's transport ---- */

static const uint8_t mode_of_lines[9] = { 0, 1, 2, 0, 3, 0, 0, 0, 4 };

static int wait_sr(uint32_t mask)
{
    for (uint32_t i = 0; i < 10000000u; i++) {
        uint32_t sr = XSPI_SR;
        if (sr & XSPI_SR_TEF) {
            XSPI_FCR = XSPI_SR_TEF;
            return XSPI_NOR_EIO;
        }
        if (sr & mask) {
            return XSPI_NOR_OK;
        }
    }
    return XSPI_NOR_EIO;
}

/* CCR for one command: instruction, address and data phases */
static uint32_t ccr_of(const xspi_nor_cmd_t *c)
{
    bool octal = c->lines == 8;
    uint32_t m = mode_of_lines[c->lines];
    uint32_t ccr = m | (c->dtr ? 1u << 3 : 0) | (octal ? 1u << 4 : 0);      /* 2-byte opcode */
    if (c->has_addr) {
        ccr |= m << 8 | (c->dtr ? 1u << 11 : 0) | (uint32_t)(c->addr_bytes - 1) << 12;
    }
    if (c->len) {
        ccr |= m << 24 | (c->dtr ? 1u << 27 : 0);
        if (c->dtr && !c->write) {
            ccr |= 1u << 29;        /* DQS for octal DTR reads */
        }
    }
    return ccr;
}

static uint32_t ir_of(const xspi_nor_cmd_t *c)
{
    return c->lines == 8 ? (uint32_t)c->opcode << 8 | (uint8_t)~c->opcode : c->opcode;
}

static int xspi_cmd(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data)
{
    (void)n;
    while (XSPI_SR & XSPI_SR_BUSY) {
    }
    XSPI_FCR = 0x1F;
    XSPI_CR = XSPI_CR_EN | (c->len && !c->write ? 1u : 0u) << XSPI_CR_FMODE_Pos;
    if (c->len) {
        XSPI_DLR = c->len - 1;
    }
    XSPI_CCR = ccr_of(c);
    XSPI_TCR = c->dummy;
    XSPI_IR = ir_of(c);
    if (c->has_addr) {
        XSPI_AR = c->addr;
    }
    for (uint32_t i = 0; i < c->len; i++) {
        if (c->write) {
            XSPI_DR8 = data[i];
        } else {
            data[i] = XSPI_DR8;
        }
    }
    return wait_sr(XSPI_SR_TCF);
}

static int xspi_mmap(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *rd)
{
    (void)n;
    while (XSPI_SR & XSPI_SR_BUSY) {
    }
    if (!on) {
        XSPI_CR = XSPI_CR_ABORT;
        XSPI_CR = XSPI_CR_EN;
        return XSPI_NOR_OK;
    }
    XSPI_CR = XSPI_CR_EN | 3u << XSPI_CR_FMODE_Pos;
    XSPI_CCR = ccr_of(rd) | 1u << 29;
    XSPI_TCR = rd->dummy;
    XSPI_IR = ir_of(rd);
    return XSPI_NOR_OK;
}

void board_xspi_init(xspi_nor_t *n)
{
    PWR_CSR2 |= PWR_CSR2_EN_XSPIM2;
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIONEN;
    RCC_AHB5ENR |= RCC_AHB5ENR_XSPI2EN | RCC_AHB5ENR_XSPIMEN;
    for (unsigned pin = 0; pin <= 11; pin++) {
        if (pin != 7) {
            pin_af(GPION_BASE, pin, 9);
        }
    }
    XSPIM_CR = 0;                   /* each XSPI on its own port: XSPI2 on port 2 */
    XSPI_CR = 0;
    XSPI_DCR1 = 1u << XSPI_DCR1_MTYP_Pos | 24u << XSPI_DCR1_DEVSIZE_Pos;  /* Macronix, 32 MiB */
    XSPI_DCR2 = 1;                  /* 300 MHz kernel clock / 2 = 150 MHz */
    XSPI_CR = XSPI_CR_EN;
    n->cmd = xspi_cmd;
    n->mmap = xspi_mmap;
    n->now_ms = board_ms;
}
