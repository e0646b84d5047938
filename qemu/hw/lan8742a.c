/*
 * Microchip LAN8742A PHY registers (lan8742a.h).  Auto-negotiation
 * completes as soon as the link is up: the partner QEMU offers is a
 * 10/100 full- and half-duplex link partner with pause.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "lan8742a.h"

/* IEEE 802.3 clause 22 registers, and the LAN8742A's own */
enum {
    PHY_BMCR = 0,
    PHY_BMSR = 1,
    PHY_ID1 = 2,
    PHY_ID2 = 3,
    PHY_ANAR = 4,
    PHY_ANLPAR = 5,
    PHY_ANER = 6,
    PHY_MCSR = 17,  /* mode control/status */
    PHY_SMR = 18,   /* special modes */
    PHY_SECR = 26,  /* symbol error counter */
    PHY_SCSIR = 27, /* special control/status indications */
    PHY_ISR = 29,   /* interrupt source flags, cleared on read */
    PHY_IMR = 30,   /* interrupt mask */
    PHY_PSCSR = 31, /* PHY special control/status: the resolved mode */
};

#define BMCR_RESET     0x8000
#define BMCR_LOOPBACK  0x4000
#define BMCR_SPEED100  0x2000
#define BMCR_ANENABLE  0x1000
#define BMCR_POWERDOWN 0x0800
#define BMCR_ISOLATE   0x0400
#define BMCR_ANRESTART 0x0200
#define BMCR_FULLDPLX  0x0100
#define BMCR_RESET_VAL (BMCR_SPEED100 | BMCR_ANENABLE | BMCR_FULLDPLX)

/* 100BASE-TX and 10BASE-T, full and half, AN able, extended registers */
#define BMSR_ABILITIES  0x7809
#define BMSR_ANCOMPLETE 0x0020
#define BMSR_LINK       0x0004

#define PHY_OUI_HI  0x0007
#define PHY_ID2_VAL 0xC131 /* model 0x13, revision 1 */

#define AN_SELECTOR_8023 0x0001
#define AN_10HD          0x0020
#define AN_10FD          0x0040
#define AN_100HD         0x0080
#define AN_100FD         0x0100
#define AN_PAUSE         0x0400
#define AN_ACK           0x4000
#define ANAR_RESET_VAL \
    (AN_100FD | AN_100HD | AN_10FD | AN_10HD | AN_SELECTOR_8023)
#define ANAR_WRITABLE 0x2DE0 /* remote fault, pause, the four abilities */
#define ANLPAR_PARTNER \
    (AN_ACK | AN_PAUSE | AN_100FD | AN_100HD | AN_10FD | AN_10HD | \
     AN_SELECTOR_8023)
#define ANER_LP_AN_ABLE 0x0001

#define MCSR_ENERGYON  0x0002
#define MCSR_WRITABLE  0x2240 /* EDPWRDOWN, FARLOOPBACK, ALTINT */
#define SMR_MODE_ALL   0x00E0 /* MODE = 111: all capable, AN enabled */
#define SMR_PHYAD_MASK 0x001F
#define SMR_WRITABLE   0x00FF

#define ISR_AN_COMPLETE 0x0040
#define ISR_LINK_DOWN   0x0010
#define ISR_ENERGYON    0x0080
#define IMR_WRITABLE    0x00FE

#define PSCSR_AUTODONE    0x1000
#define PSCSR_RESERVED1   0x0040 /* reads 1 */
#define PSCSR_SPEED_SHIFT 2
#define PSCSR_10HD        1
#define PSCSR_100HD       2
#define PSCSR_10FD        5
#define PSCSR_100FD       6

void lan8742a_reset(Lan8742aState *phy)
{
    phy->bmcr = BMCR_RESET_VAL;
    phy->anar = ANAR_RESET_VAL;
    phy->mcsr = 0;
    phy->smr = SMR_MODE_ALL | (phy->addr & SMR_PHYAD_MASK);
    phy->isr = 0;
    phy->imr = 0;
    phy->link_lost = false;
}

static bool an_done(const Lan8742aState *phy)
{
    return phy->link && (phy->bmcr & BMCR_ANENABLE) &&
           !(phy->bmcr & (BMCR_POWERDOWN | BMCR_ISOLATE));
}

/* the best mode both ends offer, as an ANAR ability bit (0: none) */
static uint16_t resolved(const Lan8742aState *phy)
{
    static const uint16_t order[] = { AN_100FD, AN_100HD, AN_10FD, AN_10HD };

    if (!(phy->bmcr & BMCR_ANENABLE)) {
        bool s100 = phy->bmcr & BMCR_SPEED100, fd = phy->bmcr & BMCR_FULLDPLX;
        return s100 ? (fd ? AN_100FD : AN_100HD) : (fd ? AN_10FD : AN_10HD);
    }
    for (unsigned i = 0; i < ARRAY_SIZE(order); i++) {
        if (phy->anar & ANLPAR_PARTNER & order[i]) {
            return order[i];
        }
    }
    return 0;
}

bool lan8742a_passes(const Lan8742aState *phy)
{
    return phy->link && !(phy->bmcr & (BMCR_POWERDOWN | BMCR_ISOLATE)) &&
           resolved(phy);
}

bool lan8742a_100m(const Lan8742aState *phy)
{
    return resolved(phy) & (AN_100FD | AN_100HD);
}

bool lan8742a_full_duplex(const Lan8742aState *phy)
{
    return resolved(phy) & (AN_100FD | AN_10FD);
}

uint16_t lan8742a_read(Lan8742aState *phy, unsigned reg)
{
    uint16_t v = 0, r;

    switch (reg) {
    case PHY_BMCR: v = phy->bmcr; break;
    case PHY_BMSR:
        v = BMSR_ABILITIES;
        if (phy->link && !phy->link_lost) {
            v |= BMSR_LINK;
        }
        if (an_done(phy)) {
            v |= BMSR_ANCOMPLETE;
        }
        phy->link_lost = false;
        break;
    case PHY_ID1: v = PHY_OUI_HI; break;
    case PHY_ID2: v = PHY_ID2_VAL; break;
    case PHY_ANAR: v = phy->anar; break;
    case PHY_ANLPAR: v = an_done(phy) ? ANLPAR_PARTNER : 0; break;
    case PHY_ANER: v = an_done(phy) ? ANER_LP_AN_ABLE : 0; break;
    case PHY_MCSR: v = phy->mcsr | (phy->link ? MCSR_ENERGYON : 0); break;
    case PHY_SMR: v = phy->smr; break;
    case PHY_SECR:
    case PHY_SCSIR: v = 0; break;
    case PHY_ISR:
        v = phy->isr;
        phy->isr = 0;
        break;
    case PHY_IMR: v = phy->imr; break;
    case PHY_PSCSR:
        r = resolved(phy);
        v = PSCSR_RESERVED1;
        if (an_done(phy) || !(phy->bmcr & BMCR_ANENABLE)) {
            unsigned sp = r == AN_100FD   ? PSCSR_100FD
                          : r == AN_100HD ? PSCSR_100HD
                          : r == AN_10FD  ? PSCSR_10FD
                                          : PSCSR_10HD;
            v |= sp << PSCSR_SPEED_SHIFT;
        }
        if (an_done(phy)) {
            v |= PSCSR_AUTODONE;
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "lan8742a: read of reserved register %u\n", reg);
        break;
    }
    return v;
}

void lan8742a_write(Lan8742aState *phy, unsigned reg, uint16_t val)
{
    switch (reg) {
    case PHY_BMCR:
        if (val & BMCR_RESET) {
            lan8742a_reset(phy); /* and the bit clears itself */
            return;
        }
        /* RESTART_AN clears itself: negotiation is immediate here */
        phy->bmcr = val & ~(BMCR_RESET | BMCR_ANRESTART);
        if (an_done(phy)) {
            phy->isr |= ISR_AN_COMPLETE;
        }
        break;
    case PHY_ANAR: phy->anar = (val & ANAR_WRITABLE) | AN_SELECTOR_8023; break;
    case PHY_MCSR: phy->mcsr = val & MCSR_WRITABLE; break;
    case PHY_SMR: phy->smr = val & SMR_WRITABLE; break;
    case PHY_IMR: phy->imr = val & IMR_WRITABLE; break;
    case PHY_BMSR:
    case PHY_ID1:
    case PHY_ID2:
    case PHY_ANLPAR:
    case PHY_ANER:
    case PHY_SECR:
    case PHY_SCSIR:
    case PHY_ISR:
    case PHY_PSCSR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "lan8742a: write to read-only register %u\n", reg);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "lan8742a: write to reserved register %u\n", reg);
        break;
    }
}

void lan8742a_set_link(Lan8742aState *phy, bool up)
{
    if (up == phy->link) {
        return;
    }
    phy->link = up;
    phy->isr |= ISR_ENERGYON;
    if (up) {
        if (an_done(phy)) {
            phy->isr |= ISR_AN_COMPLETE;
        }
    } else {
        phy->link_lost = true;
        phy->isr |= ISR_LINK_DOWN;
    }
}

const VMStateDescription vmstate_lan8742a = {
    .name = "lan8742a",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT8(addr, Lan8742aState),
                                      VMSTATE_BOOL(link, Lan8742aState),
                                      VMSTATE_BOOL(link_lost, Lan8742aState),
                                      VMSTATE_UINT16(bmcr, Lan8742aState),
                                      VMSTATE_UINT16(anar, Lan8742aState),
                                      VMSTATE_UINT16(mcsr, Lan8742aState),
                                      VMSTATE_UINT16(smr, Lan8742aState),
                                      VMSTATE_UINT16(isr, Lan8742aState),
                                      VMSTATE_UINT16(imr, Lan8742aState),
                                      VMSTATE_END_OF_LIST() }
};
