#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h7_spi.h"
#include "h7_wait.h"

/* registers (RM0399 "SPI registers") */
#define SPI_CR1(s)       REG32((s) + 0x00)
#define SPI_CR1_SPE      (1u << 0)
#define SPI_CR1_CSTART   (1u << 9)
#define SPI_CR1_SSI      (1u << 12)
#define SPI_CR2(s)       REG32((s) + 0x04)
#define SPI_CFG1(s)      REG32((s) + 0x08)
#define SPI_CFG1_MBR_Pos 28
#define SPI_CFG2(s)      REG32((s) + 0x0C)
#define SPI_CFG2_MASTER  (1u << 22)
#define SPI_CFG2_LSBFRST (1u << 23)
#define SPI_CFG2_CPHA    (1u << 24)
#define SPI_CFG2_CPOL    (1u << 25)
#define SPI_CFG2_SSM     (1u << 26)
#define SPI_CFG2_AFCNTR  (1u << 31) /* keep the pins driven while SPE=0 */
#define SPI_SR(s)        REG32((s) + 0x14)
#define SPI_SR_RXP       (1u << 0)
#define SPI_SR_TXP       (1u << 1)
#define SPI_SR_EOT       (1u << 3)
#define SPI_IFCR(s)      REG32((s) + 0x18)
#define SPI_IFCR_ALL     0xFF8u
#define SPI_TXDR8(s)     (*(volatile uint8_t *)((s) + 0x20))
#define SPI_TXDR16(s)    (*(volatile uint16_t *)((s) + 0x20))
#define SPI_RXDR8(s)     (*(volatile uint8_t *)((s) + 0x30))
#define SPI_RXDR16(s)    (*(volatile uint16_t *)((s) + 0x30))
#define RCC_D2CCIP1R     REG32(RCC_BASE + 0x050)
#define RCC_D3CCIPR      REG32(RCC_BASE + 0x058)
#define SPI_MBR_MAX      7     /* divide by 2^(MBR+1): 2 to 256 */
#define SPI_TSIZE_MAX    65535 /* frames in one CSTART */
#define SPI_IN_FLIGHT    4     /* frames sent ahead of those received */

/* the pins chosen on the DISCO (datasheet alternate functions: AF5, and
 * AF6/AF7 for SPI3, whose PC10-PC12 the microSD slot takes) */
static const struct {
    h7_spi_t s;
    volatile uint32_t *enr;
    uint32_t en_bit;
} spis[] = {
    { { 0x40013000u, 1, H7_PIN('A', 5), H7_PIN('A', 6), H7_PIN('A', 7), { 5, 5, 5 } },
      &RCC_APB2ENR,
      1u << 12 },
    { { 0x40003800u, 2, H7_PIN('A', 12), H7_PIN('C', 2), H7_PIN('C', 3), { 5, 5, 5 } },
      &RCC_APB1LENR,
      1u << 14 },
    { { 0x40003C00u, 3, H7_PIN('B', 3), H7_PIN('B', 4), H7_PIN('B', 5), { 6, 6, 7 } },
      &RCC_APB1LENR,
      1u << 15 },
    { { 0x40013400u, 4, H7_PIN('E', 12), H7_PIN('E', 13), H7_PIN('E', 14), { 5, 5, 5 } },
      &RCC_APB2ENR,
      1u << 13 },
    /* the Arduino connector's D13, D12, D11 */
    { { 0x40015000u, 5, H7_PIN('K', 0), H7_PIN('J', 11), H7_PIN('J', 10), { 5, 5, 5 } },
      &RCC_APB2ENR,
      1u << 20 },
    { { 0x58001400u, 6, H7_PIN('G', 13), H7_PIN('G', 12), H7_PIN('G', 14), { 5, 5, 5 } },
      &RCC_APB4ENR,
      1u << 5 },
};

const h7_spi_t *h7_spi_get(unsigned id) {
    return id >= 1 && id <= H7_SPI_MAX_ID ? &spis[id - 1].s : NULL;
}

/* the kernel clock the reset selections give (SPI123SEL pll1_q, SPI45SEL
 * and SPI6SEL the APB clock); 0 for another selection */
static uint32_t kernel_hz(const h7_spi_t *s) {
    h7_clocks_t c;
    h7_clock_read(&c);
    switch (s->id) {
        case 1:
        case 2:
        case 3:
            return ((RCC_D2CCIP1R >> 12) & 7) == 0 ? c.pll1_q : 0;
        case 4:
        case 5:
            return ((RCC_D2CCIP1R >> 16) & 7) == 0 ? c.pclk2 : 0;
        default:
            return ((RCC_D3CCIPR >> 28) & 7) == 0 ? c.pclk4 : 0;
    }
}

uint32_t h7_spi_init(const h7_spi_t *s, const h7_spi_cfg_t *cfg, uint32_t *prescaler) {
    uint32_t ker = kernel_hz(s);
    unsigned mbr = 0;
    while (mbr < SPI_MBR_MAX && (ker >> (mbr + 1)) > cfg->baudrate) {
        mbr++;
    }
    *spis[s->id - 1].enr |= spis[s->id - 1].en_bit;
    SPI_CR1(s->base) = 0;
    SPI_IFCR(s->base) = SPI_IFCR_ALL;
    SPI_CFG1(s->base) = ((uint32_t)mbr << SPI_CFG1_MBR_Pos) | (uint32_t)(cfg->bits - 1);
    SPI_CFG2(s->base) = (cfg->slave ? 0 : SPI_CFG2_MASTER | SPI_CFG2_AFCNTR) | SPI_CFG2_SSM |
                        (cfg->polarity ? SPI_CFG2_CPOL : 0) | (cfg->phase ? SPI_CFG2_CPHA : 0) |
                        (cfg->lsb_first ? SPI_CFG2_LSBFRST : 0);
    /* SSI: the internal slave select, high for a master, low for a slave */
    SPI_CR1(s->base) = cfg->slave ? 0 : SPI_CR1_SSI;
    h7_gpio_af(s->sck, s->af[0], cfg->polarity ? H7_GPIO_PULL_UP : H7_GPIO_PULL_DOWN);
    h7_gpio_af(s->miso, s->af[1], H7_GPIO_PULL_UP);
    h7_gpio_af(s->mosi, s->af[2], H7_GPIO_PULL_NONE);
    *prescaler = 2u << mbr;
    return ker >> (mbr + 1);
}

void h7_spi_deinit(const h7_spi_t *s) {
    SPI_CR1(s->base) = 0;
    SPI_CFG2(s->base) = 0;
    *spis[s->id - 1].enr &= ~spis[s->id - 1].en_bit;
    h7_gpio_release(s->sck);
    h7_gpio_release(s->miso);
    h7_gpio_release(s->mosi);
}

/* iterations of an empty loop (some 4 core cycles each) in a quarter of a
 * frame's time at the rate set */
static uint32_t backoff_loops(const h7_spi_t *s) {
    h7_clocks_t c;
    h7_clock_read(&c);
    uint32_t ker = kernel_hz(s);
    if (!ker) {
        return 0;
    }
    uint32_t bits = (SPI_CFG1(s->base) & 0x1F) + 1;
    uint32_t div = 2u << (SPI_CFG1(s->base) >> SPI_CFG1_MBR_Pos & SPI_MBR_MAX);
    uint64_t frame_cycles = (uint64_t)c.cpu * bits * div / ker;
    return (uint32_t)(frame_cycles / 4 / 4);
}

static bool wide_frames(const h7_spi_t *s) {
    return (SPI_CFG1(s->base) & 0x1F) >= 8; /* DSIZE: bits - 1 */
}

int h7_spi_transfer(const h7_spi_t *s, size_t len, const uint8_t *tx, uint8_t *rx,
                    uint32_t timeout_ms) {
    bool wide = wide_frames(s);
    uint32_t spin = backoff_loops(s);
    unsigned step = wide ? 2 : 1;
    int ret = H7_OK;

    while (len > 0 && ret == H7_OK) {
        size_t n = len > SPI_TSIZE_MAX ? SPI_TSIZE_MAX : len;
        size_t sent = 0, got = 0;
        h7_wait_t w;

        SPI_CR2(s->base) = n;
        SPI_CR1(s->base) |= SPI_CR1_SPE;
        SPI_CR1(s->base) |= SPI_CR1_CSTART;
        h7_wait_start(&w, timeout_ms);
        while (got < n) {
            uint32_t sr = SPI_SR(s->base);
            if (sent < n && sent - got < SPI_IN_FLIGHT && (sr & SPI_SR_TXP)) {
                /* never more frames under way than the RX FIFO holds */
                uint16_t v = tx ? (wide ? tx[0] | tx[1] << 8 : tx[0]) : 0xFFFF;
                if (wide) {
                    SPI_TXDR16(s->base) = v;
                } else {
                    SPI_TXDR8(s->base) = (uint8_t)v;
                }
                tx = tx ? tx + step : NULL;
                sent++;
                continue;
            }
            if (sr & SPI_SR_RXP) {
                uint16_t v = wide ? SPI_RXDR16(s->base) : SPI_RXDR8(s->base);
                if (rx) {
                    rx[0] = (uint8_t)v;
                    if (wide) {
                        rx[1] = (uint8_t)(v >> 8);
                    }
                    rx += step;
                }
                got++;
                h7_wait_start(&w, timeout_ms); /* the timeout is per frame */
                continue;
            }
            if (h7_wait_expired(&w)) {
                ret = H7_ETIMEOUT;
                break;
            }
            /* a frame under way: look again in a quarter of its time
             * rather than reading SR all along */
            for (volatile uint32_t i = 0; i < spin; i++) {
            }
        }
        /* end of transfer (or abandoned): flags cleared, the SPI off,
         * which empties its FIFOs for the next */
        SPI_IFCR(s->base) = SPI_IFCR_ALL;
        SPI_CR1(s->base) &= ~SPI_CR1_SPE;
        len -= n;
    }
    return ret;
}
