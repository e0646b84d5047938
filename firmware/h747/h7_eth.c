#include "stm32h747.h"
#include "h7_eth.h"
#include "h7_gpio.h"
#include "h7_system.h"
#include "h7_wait.h"

#include <string.h>

#define ETH_BASE            0x40028000u
#define ETH(off)            REG32(ETH_BASE + (off))
#define ETH_MACCR           ETH(0x0000)
#define MACCR_RE            (1u << 0)
#define MACCR_TE            (1u << 1)
#define MACCR_DM            (1u << 13) /* full duplex */
#define MACCR_FES           (1u << 14) /* 100 Mbit/s */
#define MACCR_ACS           (1u << 20) /* strip pad and FCS of length frames */
#define MACCR_CST           (1u << 21) /* strip the FCS of type frames */
#define MACCR_IPC           (1u << 27) /* check received checksums */
#define ETH_MACPFR          ETH(0x0008)
#define MACPFR_HMC          (1u << 2)
#define MACPFR_PM           (1u << 4) /* all multicast (mDNS, IGMP groups) */
#define ETH_MAC1USTCR       ETH(0x00DC)
#define ETH_MACMDIOAR       ETH(0x0200)
#define MDIOAR_MB           (1u << 0)
#define MDIOAR_GOC_WRITE    (1u << 2)
#define MDIOAR_GOC_READ     (3u << 2)
#define MDIOAR_CR_DIV124    (5u << 8) /* MDC = HCLK / 124: below 2.5 MHz at 240 MHz */
#define MDIOAR_RDA_SHIFT    16
#define MDIOAR_PA_SHIFT     21
#define ETH_MACMDIODR       ETH(0x0204)
#define ETH_MACA0HR         ETH(0x0300)
#define ETH_MACA0LR         ETH(0x0304)
#define ETH_MTLTXQOMR       ETH(0x0D00)
#define MTLTXQOMR_TSF       (1u << 1) /* store and forward: checksums need it */
#define MTLTXQOMR_TXQEN     (2u << 2)
#define ETH_MTLRXQOMR       ETH(0x0D30)
#define MTLRXQOMR_RSF       (1u << 5)
#define ETH_DMAMR           ETH(0x1000)
#define DMAMR_SWR           (1u << 0)
#define ETH_DMASBMR         ETH(0x1004)
#define DMASBMR_AAL         (1u << 12)
#define ETH_DMACCR          ETH(0x1100)
#define ETH_DMACTXCR        ETH(0x1104)
#define DMACTXCR_ST         (1u << 0)
#define DMACTXCR_TXPBL_32   (32u << 16)
#define ETH_DMACRXCR        ETH(0x1108)
#define DMACRXCR_SR         (1u << 0)
#define DMACRXCR_RBSZ_SHIFT 1
#define DMACRXCR_RXPBL_32   (32u << 16)
#define ETH_DMACTXDLAR      ETH(0x1114)
#define ETH_DMACRXDLAR      ETH(0x111C)
#define ETH_DMACTXDTPR      ETH(0x1120)
#define ETH_DMACRXDTPR      ETH(0x1128)
#define ETH_DMACTXRLR       ETH(0x112C)
#define ETH_DMACRXRLR       ETH(0x1130)
#define ETH_DMACIER         ETH(0x1134)
#define DMACIER_TIE         (1u << 0)
#define DMACIER_RIE         (1u << 6)
#define DMACIER_RBUE        (1u << 7)
#define DMACIER_FBEE        (1u << 12)
#define DMACIER_AIE         (1u << 14)
#define DMACIER_NIE         (1u << 15)
#define ETH_DMACSR          ETH(0x1160)
#define DMACSR_CLEAR_ALL    0x0000FFC7u

/* descriptor words (RM0399 "Ethernet DMA descriptors") */
#define DES3_OWN       (1u << 31)
#define TDES2_IOC      (1u << 31)
#define TDES3_FD       (1u << 29)
#define TDES3_LD       (1u << 28)
#define TDES3_CIC_FULL (3u << 16) /* IP header, payload and pseudo-header */
#define RDES3_IOC      (1u << 30)
#define RDES3_BUF1V    (1u << 24)
#define RDES3_FD       (1u << 29)
#define RDES3_LD       (1u << 28)
#define RDES3_ES       (1u << 15)
#define RDES3_PL_MASK  0x7FFFu
#define RDES1_IPHE     (1u << 3)
#define RDES1_IPCE     (1u << 7)

#define RCC_AHB1ENR             REG32(RCC_BASE + 0x0D8)
#define RCC_AHB1ENR_ETH         ((1u << 15) | (1u << 16) | (1u << 17)) /* MAC, TX, RX */
#define RCC_AHB1RSTR            REG32(RCC_BASE + 0x080)
#define RCC_AHB1RSTR_ETH1MACRST (1u << 15)
#define RCC_AHB2ENR_SRAM1EN     (1u << 29)
#define SYSCFG_PMCR             REG32(0x58000400u + 0x04)
#define PMCR_EPIS_MASK          (7u << 21)
#define PMCR_EPIS_RMII          (4u << 21)

/* LAN8742A (clause 22) */
#define PHY_ADDR       0
#define PHY_BMCR       0
#define BMCR_RESET     0x8000u
#define BMCR_ANENABLE  0x1000u
#define BMCR_ANRESTART 0x0200u
#define PHY_BMSR       1
#define BMSR_LINK      0x0004u
#define PHY_PSCSR      31 /* the resolved speed and duplex */
#define PSCSR_100      0x0008u
#define PSCSR_FD       0x0010u

#define H7_IRQ_ETH        61
#define ETH_IRQ_PRIORITY  6
#define MAC_1US_AT_240MHZ 239
#define TIMEOUT_MS        100
#define NUM_TX            8
#define NUM_RX            8

typedef struct {
    volatile uint32_t des[4];
} eth_desc_t;

/* SRAM1: where the DMA reaches, at the addresses the descriptors hold */
static struct {
    eth_desc_t tx[NUM_TX], rx[NUM_RX];
    uint8_t tx_buf[NUM_TX][H7_ETH_MTU_FRAME] __attribute__((aligned(32)));
    uint8_t rx_buf[NUM_RX][H7_ETH_MTU_FRAME] __attribute__((aligned(32)));
} dma __attribute__((section(".eth_dma"), aligned(32)));

static unsigned tx_next, rx_next;
static bool active;
static h7_eth_irq_fn irq_fn;
static h7_eth_stats_t stats;

/* the RMII pins of the DISCO, all in AF11 */
static const uint8_t rmii_pins[] = {
    H7_PIN('A', 1),  /* REF_CLK */
    H7_PIN('A', 2),  /* MDIO */
    H7_PIN('A', 7),  /* CRS_DV */
    H7_PIN('C', 1),  /* MDC */
    H7_PIN('C', 4),  /* RXD0 */
    H7_PIN('C', 5),  /* RXD1 */
    H7_PIN('G', 11), /* TX_EN */
    H7_PIN('G', 12), /* TXD1 */
    H7_PIN('G', 13), /* TXD0 */
};
#define RMII_AF 11

static int mdio_wait(void) {
    h7_wait_t w;
    h7_wait_start(&w, TIMEOUT_MS);
    while (ETH_MACMDIOAR & MDIOAR_MB) {
        if (h7_wait_expired(&w)) {
            return H7_ETH_ENOPHY;
        }
    }
    return H7_ETH_OK;
}

static int mdio(unsigned reg, uint32_t op) {
    ETH_MACMDIOAR = (PHY_ADDR << MDIOAR_PA_SHIFT) | (reg << MDIOAR_RDA_SHIFT) | MDIOAR_CR_DIV124 |
                    op | MDIOAR_MB;
    return mdio_wait();
}

int h7_eth_phy_read(unsigned reg) {
    if (mdio(reg, MDIOAR_GOC_READ) != H7_ETH_OK) {
        return H7_ETH_ENOPHY;
    }
    uint32_t v = ETH_MACMDIODR & 0xFFFFu;
    /* nobody drives the line: it reads all ones */
    return v == 0xFFFFu ? H7_ETH_ENOPHY : (int)v;
}

int h7_eth_phy_write(unsigned reg, uint16_t value) {
    ETH_MACMDIODR = value;
    return mdio(reg, MDIOAR_GOC_WRITE);
}

static void eth_irq(void) {
    ETH_DMACSR = DMACSR_CLEAR_ALL;
    if (irq_fn) {
        irq_fn();
    }
}

static void rx_give(unsigned i) {
    eth_desc_t *d = &dma.rx[i];
    d->des[0] = (uint32_t)(uintptr_t)dma.rx_buf[i];
    d->des[1] = 0;
    d->des[2] = 0;
    __asm volatile("dmb" ::: "memory");
    d->des[3] = DES3_OWN | RDES3_IOC | RDES3_BUF1V;
}

int h7_eth_init(const uint8_t mac[6], h7_eth_irq_fn on_irq) {
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
    SYSCFG_PMCR = (SYSCFG_PMCR & ~PMCR_EPIS_MASK) | PMCR_EPIS_RMII;
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN;
    for (size_t i = 0; i < sizeof(rmii_pins); i++) {
        h7_gpio_af(rmii_pins[i], RMII_AF, H7_GPIO_PULL_NONE);
    }
    RCC_AHB1ENR |= RCC_AHB1ENR_ETH;
    RCC_AHB1RSTR |= RCC_AHB1RSTR_ETH1MACRST;
    RCC_AHB1RSTR &= ~RCC_AHB1RSTR_ETH1MACRST;

    ETH_DMAMR = DMAMR_SWR;
    h7_wait_t w;
    h7_wait_start(&w, TIMEOUT_MS);
    while (ETH_DMAMR & DMAMR_SWR) {
        if (h7_wait_expired(&w)) {
            return H7_ETH_ETIMEOUT;
        }
    }
    ETH_MAC1USTCR = MAC_1US_AT_240MHZ;

    /* the PHY: reset, then negotiate; the link comes when it comes */
    if (h7_eth_phy_write(PHY_BMCR, BMCR_RESET) != H7_ETH_OK) {
        return H7_ETH_ENOPHY;
    }
    h7_wait_start(&w, TIMEOUT_MS);
    for (;;) {
        int bmcr = h7_eth_phy_read(PHY_BMCR);
        if (bmcr >= 0 && !(bmcr & BMCR_RESET)) {
            break;
        }
        if (h7_wait_expired(&w)) {
            return H7_ETH_ENOPHY;
        }
    }
    h7_eth_phy_write(PHY_BMCR, BMCR_ANENABLE | BMCR_ANRESTART);

    ETH_MACA0HR = mac[4] | (uint32_t)mac[5] << 8;
    ETH_MACA0LR = mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24;
    ETH_MACPFR = MACPFR_PM;
    ETH_MTLTXQOMR = MTLTXQOMR_TSF | MTLTXQOMR_TXQEN;
    ETH_MTLRXQOMR = MTLRXQOMR_RSF;
    ETH_DMASBMR = DMASBMR_AAL;
    ETH_DMACCR = 0; /* descriptors back to back */

    memset(dma.tx, 0, sizeof(dma.tx));
    for (unsigned i = 0; i < NUM_RX; i++) {
        rx_give(i);
    }
    tx_next = rx_next = 0;
    ETH_DMACTXRLR = NUM_TX - 1;
    ETH_DMACRXRLR = NUM_RX - 1;
    ETH_DMACTXDLAR = (uint32_t)(uintptr_t)dma.tx;
    ETH_DMACRXDLAR = (uint32_t)(uintptr_t)dma.rx;
    ETH_DMACTXCR = DMACTXCR_TXPBL_32 | DMACTXCR_ST;
    ETH_DMACRXCR = DMACRXCR_RXPBL_32 | (H7_ETH_MTU_FRAME << DMACRXCR_RBSZ_SHIFT) | DMACRXCR_SR;
    ETH_DMACTXDTPR = (uint32_t)(uintptr_t)dma.tx;
    /* the tail past the ring's end: the DMA goes by the OWN bits */
    ETH_DMACRXDTPR = (uint32_t)(uintptr_t)&dma.rx[NUM_RX];

    irq_fn = on_irq;
    ETH_DMACSR = DMACSR_CLEAR_ALL;
    ETH_DMACIER =
        DMACIER_NIE | DMACIER_AIE | DMACIER_TIE | DMACIER_RIE | DMACIER_RBUE | DMACIER_FBEE;
    h7_irq_set(H7_IRQ_ETH, eth_irq);
    h7_nvic_enable(H7_IRQ_ETH, ETH_IRQ_PRIORITY);
    ETH_MACCR = MACCR_RE | MACCR_TE | MACCR_DM | MACCR_FES | MACCR_ACS | MACCR_CST | MACCR_IPC;
    active = true;
    return H7_ETH_OK;
}

void h7_eth_deinit(void) {
    if (!active) {
        return;
    }
    h7_nvic_disable(H7_IRQ_ETH);
    ETH_DMACIER = 0;
    ETH_MACCR = 0;
    ETH_DMACTXCR = 0;
    ETH_DMACRXCR = 0;
    RCC_AHB1ENR &= ~RCC_AHB1ENR_ETH;
    irq_fn = NULL;
    active = false;
}

bool h7_eth_active(void) {
    return active;
}

bool h7_eth_link_up(void) {
    int bmsr = h7_eth_phy_read(PHY_BMSR);
    if (bmsr < 0 || !(bmsr & BMSR_LINK)) {
        return false;
    }
    /* the MAC set for what the PHY negotiated */
    int pscsr = h7_eth_phy_read(PHY_PSCSR);
    if (pscsr >= 0) {
        uint32_t cr = ETH_MACCR & ~(MACCR_FES | MACCR_DM);
        cr |= (pscsr & PSCSR_100 ? MACCR_FES : 0) | (pscsr & PSCSR_FD ? MACCR_DM : 0);
        ETH_MACCR = cr;
    }
    return true;
}

uint8_t *h7_eth_tx_buffer(void) {
    if (!active || (dma.tx[tx_next].des[3] & DES3_OWN)) {
        stats.tx_busy++;
        return NULL;
    }
    return dma.tx_buf[tx_next];
}

int h7_eth_tx_send(size_t len) {
    eth_desc_t *d = &dma.tx[tx_next];
    if (len > H7_ETH_MTU_FRAME) {
        return H7_ETH_EINVAL;
    }
    if (!active || (d->des[3] & DES3_OWN)) {
        return H7_ETH_EBUSY;
    }
    d->des[0] = (uint32_t)(uintptr_t)dma.tx_buf[tx_next];
    d->des[1] = 0;
    d->des[2] = len; /* no completion interrupt: a full ring is found by OWN */
    __asm volatile("dmb" ::: "memory");
    d->des[3] = DES3_OWN | TDES3_FD | TDES3_LD | TDES3_CIC_FULL | len;
    __asm volatile("dsb" ::: "memory");
    tx_next = (tx_next + 1) % NUM_TX;
    ETH_DMACTXDTPR = (uint32_t)(uintptr_t)&dma.tx[tx_next];
    stats.tx_frames++;
    return H7_ETH_OK;
}

unsigned h7_eth_rx_poll(h7_eth_rx_fn fn, void *ctx) {
    unsigned n = 0;
    while (active && !(dma.rx[rx_next].des[3] & DES3_OWN)) {
        eth_desc_t *d = &dma.rx[rx_next];
        uint32_t des3 = d->des[3], des1 = d->des[1];
        if ((des3 & (RDES3_FD | RDES3_LD)) != (RDES3_FD | RDES3_LD) || (des3 & RDES3_ES)) {
            stats.rx_errors++; /* one buffer holds any frame: parts are errors */
        } else if (des1 & (RDES1_IPHE | RDES1_IPCE)) {
            stats.rx_checksum_errors++;
        } else {
            fn(ctx, dma.rx_buf[rx_next], des3 & RDES3_PL_MASK);
            stats.rx_frames++;
            n++;
        }
        rx_give(rx_next);
        rx_next = (rx_next + 1) % NUM_RX;
        /* a suspended DMA resumes on a tail pointer write */
        ETH_DMACRXDTPR = (uint32_t)(uintptr_t)&dma.rx[NUM_RX];
    }
    return n;
}

const h7_eth_stats_t *h7_eth_stats(void) {
    return &stats;
}
