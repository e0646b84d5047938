#include "stm32h747.h"
#include "h7_gpio.h"
#include "h7_sdmmc.h"
#include "h7_system.h"
#include "h7_wait.h"

/* registers (RM0399 "SDMMC registers") */
#define SDMMC1_BASE          0x52007000u
#define SD(off)              REG32(SDMMC1_BASE + (off))
#define SDMMC_POWER          SD(0x00)
#define SDMMC_POWER_ON       3u
#define SDMMC_CLKCR          SD(0x04)
#define SDMMC_CLKCR_WIDBUS_4 (1u << 14)
#define SDMMC_ARGR           SD(0x08)
#define SDMMC_CMDR           SD(0x0C)
#define CMDR_CMDTRANS        (1u << 6)
#define CMDR_CMDSTOP         (1u << 7)
#define CMDR_RESP_SHORT      (1u << 8)
#define CMDR_RESP_NOCRC      (2u << 8) /* R3: the OCR has no valid CRC */
#define CMDR_RESP_LONG       (3u << 8)
#define CMDR_CPSMEN          (1u << 12)
#define SDMMC_RESP(n)        SD(0x14 + 4u * ((n)-1))
#define SDMMC_DTIMER         SD(0x24)
#define SDMMC_DLENR          SD(0x28)
#define SDMMC_DCTRL          SD(0x2C)
#define DCTRL_DTDIR          (1u << 1) /* card to host */
#define DCTRL_BLOCK_512      (9u << 4)
#define SDMMC_STAR           SD(0x34)
#define STAR_CCRCFAIL        (1u << 0)
#define STAR_DCRCFAIL        (1u << 1)
#define STAR_CTIMEOUT        (1u << 2)
#define STAR_DTIMEOUT        (1u << 3)
#define STAR_CMDREND         (1u << 6)
#define STAR_CMDSENT         (1u << 7)
#define STAR_DATAEND         (1u << 8)
#define STAR_DABORT          (1u << 11)
#define STAR_IDMATE          (1u << 27)
#define SDMMC_ICR            SD(0x38)
#define ICR_ALL              0x1FE00FFFu
#define SDMMC_IDMACTRLR      SD(0x50)
#define SDMMC_IDMABASE0R     SD(0x58)
#define RCC_AHB3ENR_SDMMC1EN (1u << 16)
#define AF_SDMMC1            12
#define CLKDIV_400KHZ        250 /* pll1_q (200 MHz) / (2 x 250) */
#define CLKDIV_25MHZ         4
#define DTIMER_CLOCKS        0xFFFFFFFFu
#define CMD_TIMEOUT_MS       100
#define DATA_TIMEOUT_MS      1000
#define ACMD41_TRIES         1000
#define OCR_BUSY_DONE        (1u << 31)
#define OCR_CCS              (1u << 30)
#define ACMD41_ARG           0x40FF8000u /* HCS, 2.7-3.6 V */
#define CMD8_ARG             0x1AAu      /* 2.7-3.6 V, check pattern 0xAA */
#define R1_READY_FOR_DATA    (1u << 8)
#define R1_STATE(r)          (((r) >> 9) & 0xF)
#define R1_STATE_TRAN        4
#define R1_ERRORS            0xFDF90008u
#define SD_DETECT            H7_PIN('I', 8)

static const uint8_t sd_pins[] = {
    H7_PIN('C', 8), H7_PIN('C', 9), H7_PIN('C', 10), H7_PIN('C', 11), H7_PIN('D', 2),
};
#define SD_CK H7_PIN('C', 12)

bool h7_sd_present(void) {
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOAEN << H7_PIN_PORT(SD_DETECT);
    return !(GPIO_IDR('A' + H7_PIN_PORT(SD_DETECT)) & (1u << H7_PIN_NUM(SD_DETECT)));
}

/* a command and its response: H7_SD_OK, ENOCARD (no answer) or EIO */
static int command(unsigned index, uint32_t arg, uint32_t resp_flags) {
    h7_wait_t w;
    uint32_t done = resp_flags ? STAR_CMDREND : STAR_CMDSENT;
    uint32_t errors = STAR_CTIMEOUT | ((resp_flags == CMDR_RESP_NOCRC) ? 0 : STAR_CCRCFAIL);

    SDMMC_ICR = ICR_ALL;
    SDMMC_ARGR = arg;
    SDMMC_CMDR = index | resp_flags | CMDR_CPSMEN;
    h7_wait_start(&w, CMD_TIMEOUT_MS);
    for (;;) {
        uint32_t star = SDMMC_STAR;
        if (star & errors) {
            return (star & STAR_CTIMEOUT) ? H7_SD_ENOCARD : H7_SD_EIO;
        }
        if (star & (done | STAR_CCRCFAIL)) { /* CCRCFAIL: an R3 is done */
            return H7_SD_OK;
        }
        if (h7_wait_expired(&w)) {
            return H7_SD_ETIMEOUT;
        }
    }
}

static int app_command(const h7_sd_card_t *card, unsigned index, uint32_t arg, uint32_t resp) {
    int r = command(55, (uint32_t)card->rca << 16, CMDR_RESP_SHORT);
    return r == H7_SD_OK ? command(index, arg, resp) : r;
}

static uint32_t csd_blocks(void) {
    uint32_t r1 = SDMMC_RESP(1), r2 = SDMMC_RESP(2), r3 = SDMMC_RESP(3);
    if ((r1 >> 30) == 1) {
        /* CSD 2.0: C_SIZE (bits 69:48) + 1 units of 512 KiB */
        uint32_t c_size = ((r2 & 0x3F) << 16) | (r3 >> 16);
        return (c_size + 1) * 1024;
    }
    /* CSD 1.0: (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN */
    uint32_t read_bl_len = (r2 >> 16) & 0xF;
    uint32_t c_size = ((r2 & 0x3FF) << 2) | (r3 >> 30);
    uint32_t mult = (r3 >> 15) & 7;
    return ((c_size + 1) << (mult + 2)) << read_bl_len >> 9;
}

int h7_sd_init(h7_sd_card_t *card) {
    int r;

    if (!h7_sd_present()) {
        return H7_SD_ENOCARD;
    }
    RCC_AHB3ENR |= RCC_AHB3ENR_SDMMC1EN;
    for (unsigned i = 0; i < sizeof(sd_pins); i++) {
        h7_gpio_af(sd_pins[i], AF_SDMMC1, H7_GPIO_PULL_UP);
    }
    h7_gpio_af(SD_CK, AF_SDMMC1, H7_GPIO_PULL_NONE);
    SDMMC_CLKCR = CLKDIV_400KHZ;
    SDMMC_POWER = SDMMC_POWER_ON;
    card->rca = 0;
    command(0, 0, 0); /* GO_IDLE_STATE */
    bool v2 =
        command(8, CMD8_ARG, CMDR_RESP_SHORT) == H7_SD_OK && (SDMMC_RESP(1) & 0xFFF) == CMD8_ARG;
    uint32_t ocr = 0;
    for (unsigned i = 0; i < ACMD41_TRIES && !(ocr & OCR_BUSY_DONE); i++) {
        r = app_command(card, 41, v2 ? ACMD41_ARG : ACMD41_ARG & ~OCR_CCS, CMDR_RESP_NOCRC);
        if (r != H7_SD_OK) {
            return r;
        }
        ocr = SDMMC_RESP(1);
    }
    if (!(ocr & OCR_BUSY_DONE)) {
        return H7_SD_ETIMEOUT;
    }
    card->high_capacity = (ocr & OCR_CCS) != 0;
    if ((r = command(2, 0, CMDR_RESP_LONG)) != H7_SD_OK ||  /* ALL_SEND_CID */
        (r = command(3, 0, CMDR_RESP_SHORT)) != H7_SD_OK) { /* SEND_RELATIVE_ADDR */
        return r;
    }
    card->rca = SDMMC_RESP(1) >> 16;
    if ((r = command(9, (uint32_t)card->rca << 16, CMDR_RESP_LONG)) != H7_SD_OK) { /* SEND_CSD */
        return r;
    }
    card->blocks = csd_blocks();
    if ((r = command(7, (uint32_t)card->rca << 16, CMDR_RESP_SHORT)) != H7_SD_OK || /* select */
        (r = app_command(card, 6, 2, CMDR_RESP_SHORT)) != H7_SD_OK) {               /* 4 bits */
        return r;
    }
    if (!card->high_capacity && (r = command(16, H7_SD_BLOCK, CMDR_RESP_SHORT)) != H7_SD_OK) {
        return r;
    }
    SDMMC_CLKCR = CLKDIV_25MHZ | SDMMC_CLKCR_WIDBUS_4;
    return H7_SD_OK;
}

void h7_sd_deinit(void) {
    SDMMC_POWER = 0;
    RCC_AHB3ENR &= ~RCC_AHB3ENR_SDMMC1EN;
}

static int wait_data(void) {
    h7_wait_t w;
    h7_wait_start(&w, DATA_TIMEOUT_MS);
    for (;;) {
        uint32_t star = SDMMC_STAR;
        if (star & (STAR_DTIMEOUT | STAR_DCRCFAIL | STAR_DABORT | STAR_IDMATE)) {
            return (star & STAR_DTIMEOUT) ? H7_SD_ETIMEOUT : H7_SD_EIO;
        }
        if (star & STAR_DATAEND) {
            return H7_SD_OK;
        }
        if (h7_wait_expired(&w)) {
            return H7_SD_ETIMEOUT;
        }
    }
}

/* until the card is back in the transfer state (a write programmed) */
static int wait_ready(const h7_sd_card_t *card) {
    h7_wait_t w;
    h7_wait_start(&w, DATA_TIMEOUT_MS);
    for (;;) {
        int r = command(13, (uint32_t)card->rca << 16, CMDR_RESP_SHORT); /* SEND_STATUS */
        uint32_t status = SDMMC_RESP(1);
        if (r != H7_SD_OK) {
            return r;
        }
        if (status & R1_ERRORS) {
            return H7_SD_EIO;
        }
        if ((status & R1_READY_FOR_DATA) && R1_STATE(status) == R1_STATE_TRAN) {
            return H7_SD_OK;
        }
        if (h7_wait_expired(&w)) {
            return H7_SD_ETIMEOUT;
        }
    }
}

static int transfer(const h7_sd_card_t *card, uint32_t block, uint32_t n, uint8_t *buf, bool read) {
    if (n == 0) {
        return H7_SD_OK;
    }
    if (!read) {
        h7_dcache_clean((uint32_t)buf, n * H7_SD_BLOCK); /* the IDMA reads memory */
    }
    SDMMC_ICR = ICR_ALL;
    SDMMC_DTIMER = DTIMER_CLOCKS;
    SDMMC_DLENR = n * H7_SD_BLOCK;
    SDMMC_DCTRL = DCTRL_BLOCK_512 | (read ? DCTRL_DTDIR : 0);
    SDMMC_IDMABASE0R = (uint32_t)buf;
    SDMMC_IDMACTRLR = 1;
    unsigned index = read ? (n > 1 ? 18 : 17) : (n > 1 ? 25 : 24);
    uint32_t addr = card->high_capacity ? block : block * H7_SD_BLOCK;
    int r = command(index, addr, CMDR_RESP_SHORT | CMDR_CMDTRANS);
    if (r == H7_SD_OK) {
        r = wait_data();
    }
    if (n > 1) {
        int stop = command(12, 0, CMDR_RESP_SHORT | CMDR_CMDSTOP); /* STOP_TRANSMISSION */
        r = r == H7_SD_OK ? stop : r;
    }
    SDMMC_IDMACTRLR = 0;
    SDMMC_ICR = ICR_ALL;
    if (read) {
        h7_dcache_invalidate((uint32_t)buf, n * H7_SD_BLOCK); /* the IDMA wrote memory */
    } else if (r == H7_SD_OK) {
        r = wait_ready(card);
    }
    return r;
}

int h7_sd_read(const h7_sd_card_t *card, uint32_t block, uint32_t n, uint8_t *buf) {
    return transfer(card, block, n, buf, true);
}

int h7_sd_write(const h7_sd_card_t *card, uint32_t block, uint32_t n, const uint8_t *buf) {
    return transfer(card, block, n, (uint8_t *)buf, false);
}
