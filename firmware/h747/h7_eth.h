/*
 * The STM32H747I-DISCO's Ethernet port (RM0399 "Ethernet (ETH)"): the MAC
 * in RMII mode to a LAN8742A PHY at MDIO address 0, descriptor rings in
 * SRAM1 (the Ethernet DMA does not reach the DTCM), checksums inserted and
 * checked by the MAC.  Frames go in and out whole; the network stack above
 * registers what to do when the interrupt fires and when a frame arrives.
 */
#ifndef H7STACK_H7_ETH_H
#define H7STACK_H7_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H7_ETH_OK       0
#define H7_ETH_ENOPHY   -1 /* no PHY answers on MDIO, or its reset never ends */
#define H7_ETH_ETIMEOUT -2 /* the MAC's software reset never ended */
#define H7_ETH_EBUSY    -3 /* every transmit descriptor is in use */
#define H7_ETH_EINVAL   -4 /* a frame longer than a buffer */

#define H7_ETH_MTU_FRAME 1536 /* buffer size: a frame with a VLAN tag fits */

typedef void (*h7_eth_irq_fn)(void);
typedef void (*h7_eth_rx_fn)(void *ctx, const uint8_t *frame, size_t len);

typedef struct {
    uint32_t rx_frames, tx_frames;
    uint32_t rx_checksum_errors; /* dropped: the MAC found a bad checksum */
    uint32_t rx_errors;          /* dropped: RDES3 error summary */
    uint32_t tx_busy;            /* sends refused for want of a descriptor */
} h7_eth_stats_t;

/* clocks, pins, the PHY reset and auto-negotiation started, the MAC and
 * its DMA running with mac as its address; on_irq (may be NULL) runs in
 * the ETH interrupt after it is acknowledged */
int h7_eth_init(const uint8_t mac[6], h7_eth_irq_fn on_irq);
void h7_eth_deinit(void);
bool h7_eth_active(void);
/* the PHY's link (BMSR), and what it negotiated; the MAC follows it */
bool h7_eth_link_up(void);
/* a PHY register over MDIO: H7_ETH_ENOPHY without an answer */
int h7_eth_phy_read(unsigned reg);
int h7_eth_phy_write(unsigned reg, uint16_t value);

/* the buffer of the next free transmit descriptor (H7_ETH_MTU_FRAME
 * bytes), or NULL while all are in flight; h7_eth_tx_send sends len bytes
 * of it, the MAC filling in the IP, TCP, UDP and ICMP checksums */
uint8_t *h7_eth_tx_buffer(void);
int h7_eth_tx_send(size_t len);

/* every frame received since the last call, to fn, each descriptor then
 * given back to the DMA; returns how many frames went to fn */
unsigned h7_eth_rx_poll(h7_eth_rx_fn fn, void *ctx);

const h7_eth_stats_t *h7_eth_stats(void);

#endif
