/*
 * QUADSPI (RM0399 chapter 23) in indirect mode for lib/xspi_nor, both
 * banks at once (dual-flash mode: FLASH 1 holds the even bytes).
 *
 * The pins of the STM32H747I-DISCO (UM2411): CLK PB2, BK1_NCS PG6, BK1
 * IO0..3 PD11 PF9 PF7 PF6, BK2 IO0..3 PH2 PH3 PG9 PG14 (AF9, but AF10 for
 * PG6 and PF9).
 */
#include <stdbool.h>
#include <string.h>
#include "stm32h747.h"
#include "h7_qspi.h"

#define MEM_SIZE_LOG2  27u        /* two 64 MiB chips */
#define CHIP_MAX_HZ    133000000u /* MT25QL STR, all protocols */
#define CS_HIGH_CYCLES 3u         /* tSHSL: 20 ns at 100 MHz, with margin */
#define CMD_TIMEOUT_MS 100u

static const struct {
    char port;
    uint8_t pin, af;
} pins[] = {
    { 'B', 2, 9 }, { 'G', 6, 10 }, { 'D', 11, 9 }, { 'F', 9, 10 }, { 'F', 7, 9 },
    { 'F', 6, 9 }, { 'H', 2, 9 },  { 'H', 3, 9 },  { 'G', 9, 9 },  { 'G', 14, 9 },
};

static uint32_t (*clock_ms)(void);

static void pin_af(char port, unsigned pin, unsigned af) {
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOAEN << (port - 'A');
    (void)RCC_AHB4ENR;
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << (2 * pin))) | (2u << (2 * pin));
    GPIO_OSPEEDR(port) |= 3u << (2 * pin); /* very high speed */
    volatile uint32_t *afr = pin < 8 ? &GPIO_AFRL(port) : &GPIO_AFRH(port);
    unsigned sh = 4 * (pin % 8);
    *afr = (*afr & ~(0xFu << sh)) | (af << sh);
}

/* CCR's line modes: none, 1, 2 or 4 lines (0..3) */
static int mode_of(unsigned lines, uint32_t *mode) {
    static const uint8_t modes[5] = { 0, 1, 2, 0xFF, 3 };
    if (lines > 4 || modes[lines] == 0xFF) {
        return -1;
    }
    *mode = modes[lines];
    return 0;
}

static bool wait_sr(uint32_t mask, bool set, uint32_t t0) {
    while (!(QUADSPI_SR & mask) == set) {
        if (clock_ms() - t0 > CMD_TIMEOUT_MS) {
            return false;
        }
    }
    return true;
}

static int qspi_cmd(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data) {
    (void)n;
    uint32_t imode, dmode, t0 = clock_ms();
    unsigned dlines = c->len ? (c->data_lines ? c->data_lines : c->lines) : 0;
    if (c->dtr || mode_of(c->lines, &imode) || mode_of(dlines, &dmode)) {
        return XSPI_NOR_EIO; /* eight lines or DTR commands: not on this bus */
    }
    if (c->len & 1) {
        return XSPI_NOR_EIO; /* dual-flash mode moves byte pairs (DLR bit 0 is 1) */
    }
    if (!wait_sr(QUADSPI_SR_BUSY, false, t0)) {
        return XSPI_NOR_EIO;
    }
    QUADSPI_FCR = QUADSPI_FCR_ALL;
    if (c->len) {
        QUADSPI_DLR = c->len - 1;
    }
    uint32_t ccr = c->opcode | imode << QUADSPI_CCR_IMODE_Pos |
                   (uint32_t)c->dummy << QUADSPI_CCR_DCYC_Pos | dmode << QUADSPI_CCR_DMODE_Pos |
                   (c->write ? QUADSPI_FMODE_WRITE : QUADSPI_FMODE_READ) << QUADSPI_CCR_FMODE_Pos;
    if (c->has_addr) {
        ccr |= imode << QUADSPI_CCR_ADMODE_Pos | (uint32_t)(c->addr_bytes - 1)
                                                     << QUADSPI_CCR_ADSIZE_Pos;
    }
    QUADSPI_CCR = ccr; /* starts a command without an address */
    if (c->has_addr) {
        QUADSPI_AR = c->addr; /* starts one with */
    }
    /* words while four bytes or more are left, then bytes: a 32-bit DR
     * access moves four FIFO bytes, an 8-bit one one; a write to a full
     * FIFO stalls the bus until there is room */
    for (uint32_t i = 0; i < c->len;) {
        uint32_t n = c->len - i >= 4 ? 4 : 1;
        if (c->write) {
            if (n == 4) {
                uint32_t w;
                memcpy(&w, data + i, 4);
                QUADSPI_DR = w;
            } else {
                QUADSPI_DR8 = data[i];
            }
        } else {
            while ((QUADSPI_SR & QUADSPI_SR_FLEVEL_Msk) >> QUADSPI_SR_FLEVEL_Pos < n) {
                if (clock_ms() - t0 > CMD_TIMEOUT_MS) {
                    return XSPI_NOR_EIO;
                }
            }
            if (n == 4) {
                uint32_t w = QUADSPI_DR;
                memcpy(data + i, &w, 4);
            } else {
                data[i] = QUADSPI_DR8;
            }
        }
        i += n;
    }
    if (!wait_sr(QUADSPI_SR_TCF | QUADSPI_SR_TEF, true, t0) || (QUADSPI_SR & QUADSPI_SR_TEF)) {
        QUADSPI_FCR = QUADSPI_FCR_ALL;
        return XSPI_NOR_EIO;
    }
    QUADSPI_FCR = QUADSPI_FCR_ALL;
    return XSPI_NOR_OK;
}

static int qspi_mmap(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *rd) {
    (void)n;
    uint32_t imode, dmode;
    QUADSPI_CR |= QUADSPI_CR_ABORT;
    while (QUADSPI_CR & QUADSPI_CR_ABORT) {
    }
    if (!on) {
        return XSPI_NOR_OK;
    }
    if (mode_of(rd->lines, &imode) ||
        mode_of(rd->data_lines ? rd->data_lines : rd->lines, &dmode)) {
        return XSPI_NOR_EIO;
    }
    QUADSPI_CCR = rd->opcode | imode << QUADSPI_CCR_IMODE_Pos | imode << QUADSPI_CCR_ADMODE_Pos |
                  (uint32_t)(rd->addr_bytes - 1) << QUADSPI_CCR_ADSIZE_Pos |
                  (uint32_t)rd->dummy << QUADSPI_CCR_DCYC_Pos | dmode << QUADSPI_CCR_DMODE_Pos |
                  QUADSPI_FMODE_MMAP << QUADSPI_CCR_FMODE_Pos;
    return XSPI_NOR_OK;
}

/* between the status polls of a long erase: sleep until the next
 * interrupt (the 1 kHz tick at the latest) rather than keep the bus busy */
static void sleep_to_tick(void) {
    __asm volatile("wfi");
}

int h7_qspi_init(xspi_nor_t *n, uint32_t hclk_hz, uint32_t (*now_ms)(void)) {
    clock_ms = now_ms;
    for (unsigned i = 0; i < sizeof(pins) / sizeof(pins[0]); i++) {
        pin_af(pins[i].port, pins[i].pin, pins[i].af);
    }
    RCC_AHB3ENR |= RCC_AHB3ENR_QSPIEN;
    (void)RCC_AHB3ENR;
    uint32_t prescaler = (hclk_hz + CHIP_MAX_HZ - 1) / CHIP_MAX_HZ - 1;
    QUADSPI_CR = 0;
    QUADSPI_DCR = (MEM_SIZE_LOG2 - 1) << QUADSPI_DCR_FSIZE_Pos | (CS_HIGH_CYCLES - 1)
                                                                     << QUADSPI_DCR_CSHT_Pos;
    QUADSPI_CR = prescaler << QUADSPI_CR_PRESCALER_Pos | 3u << QUADSPI_CR_FTHRES_Pos |
                 QUADSPI_CR_DFM | QUADSPI_CR_EN;
    *n = (xspi_nor_t){
        .cmd = qspi_cmd, .now_ms = now_ms, .idle = sleep_to_tick, .mmap = qspi_mmap, .chips = 2
    };
    return xspi_nor_probe(n);
}
