/*
 * XSPI2 of the STM32H7S3 as lib/xspi_nor's transport (RM0477 XSPI, XSPIM):
 * the NUCLEO-H7S3L8's NOR sits on XSPIM port 2, GPIO N (AF9: PN0 DQS, PN1
 * NCS, PN2-PN5 IO0-3, PN6 CLK, PN8-PN11 IO4-7), whose I/O supply PWR must
 * switch on first.  Indirect commands byte by byte through DR, memory-mapped
 * reads with the current read command.  No writable static data: the flash
 * algorithm (firmware/h7s3-flm) runs this position-independent.
 */
#include "stm32h7s3.h"
#include "gpio.h"
#include "xspi2.h"

static const uint8_t mode_of_lines[9] = { 0, 1, 2, 0, 3, 0, 0, 0, 4 };

static int wait_sr(uint32_t mask) {
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
static uint32_t ccr_of(const xspi_nor_cmd_t *c) {
    bool octal = c->lines == 8;
    uint32_t m = mode_of_lines[c->lines];
    uint32_t ccr = m | (c->dtr ? 1u << 3 : 0) | (octal ? 1u << 4 : 0); /* 2-byte opcode */
    if (c->has_addr) {
        ccr |= m << 8 | (c->dtr ? 1u << 11 : 0) | (uint32_t)(c->addr_bytes - 1) << 12;
    }
    if (c->len) {
        ccr |= m << 24 | (c->dtr ? 1u << 27 : 0);
        if (c->dtr && !c->write) {
            ccr |= 1u << 29; /* DQS for octal DTR reads */
        }
    }
    return ccr;
}

static uint32_t ir_of(const xspi_nor_cmd_t *c) {
    return c->lines == 8 ? (uint32_t)c->opcode << 8 | (uint8_t)~c->opcode : c->opcode;
}

static int xspi_cmd(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data) {
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

static int xspi_mmap(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *rd) {
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

void xspi2_init(xspi_nor_t *n, uint32_t (*now_ms)(void)) {
    PWR_CSR2 |= PWR_CSR2_EN_XSPIM2;
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIONEN;
    RCC_AHB5ENR |= RCC_AHB5ENR_XSPI2EN | RCC_AHB5ENR_XSPIMEN;
    for (unsigned pin = 0; pin <= 11; pin++) {
        if (pin != 7) {
            gpio_af(GPION_BASE, pin, 9);
        }
    }
    XSPIM_CR = 0; /* each XSPI on its own port: XSPI2 on port 2 */
    XSPI_CR = 0;
    XSPI_DCR1 = 1u << XSPI_DCR1_MTYP_Pos | 24u << XSPI_DCR1_DEVSIZE_Pos; /* Macronix, 32 MiB */
    XSPI_DCR2 = 1; /* 300 MHz kernel clock / 2 = 150 MHz */
    XSPI_CR = XSPI_CR_EN;
    xspi2_bind(n, now_ms);
}

void xspi2_bind(xspi_nor_t *n, uint32_t (*now_ms)(void)) {
    n->cmd = xspi_cmd;
    n->mmap = xspi_mmap;
    n->now_ms = now_ms;
    /* polls only: the boot loader and the flash algorithm run with no
     * interrupt to wake a sleep (and an FLM's RAM is not cleared) */
    n->idle = 0;
}
