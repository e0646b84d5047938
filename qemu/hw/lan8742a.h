/*
 * Microchip LAN8742A 10/100 Ethernet PHY, as seen over MDIO: the IEEE
 * basic and auto-negotiation registers and the vendor registers drivers
 * read for the negotiated speed and duplex.  Not a device of its own: the
 * MAC that owns the MDIO bus embeds it (stm32h7_eth.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_LAN8742A_H
#define H7STACK_LAN8742A_H

#include "migration/vmstate.h"

#define LAN8742A_NREGS 32

typedef struct Lan8742aState {
    uint8_t addr;   /* the MDIO address its strap pins give (PHYAD) */
    bool link;      /* the cable: QEMU's link state */
    bool link_lost; /* BMSR.LINK latches low until read after a loss */
    uint16_t bmcr, anar, mcsr, smr, isr, imr;
} Lan8742aState;

void lan8742a_reset(Lan8742aState *phy);
uint16_t lan8742a_read(Lan8742aState *phy, unsigned reg);
void lan8742a_write(Lan8742aState *phy, unsigned reg, uint16_t val);
void lan8742a_set_link(Lan8742aState *phy, bool up);
/* frames pass only with the link up, not isolated or powered down */
bool lan8742a_passes(const Lan8742aState *phy);
/* the negotiated (or forced) mode, as the MAC must be set for it */
bool lan8742a_100m(const Lan8742aState *phy);
bool lan8742a_full_duplex(const Lan8742aState *phy);

extern const VMStateDescription vmstate_lan8742a;

#endif
