/*
 * STM32H7 Ethernet (RM0399 "Ethernet (ETH): media access control (MAC)
 * with DMA controller"): the Synopsys DWC Ethernet QoS MAC, its MTL queue
 * pair and DMA channel 0, with a LAN8742A PHY on its MDIO bus, on a QEMU
 * netdev (-nic user,... or -netdev ...,id=N with the machine's netdev=N).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_ETH_H
#define H7STACK_STM32H7_ETH_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "net/net.h"
#include "lan8742a.h"

#define TYPE_STM32H7_ETH "stm32h7-eth"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7EthState, STM32H7_ETH)

#define STM32H7_ETH_MAC_ADDRS 4     /* MACA0 (always on) to MACA3 */
#define STM32H7_ETH_RX_FIFO   2048  /* MTL receive FIFO, bytes */
#define STM32H7_ETH_MAX_FRAME 16384 /* the DMA's largest frame (TDES3.FL) */

struct Stm32h7EthState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    Clock *clk; /* the bus clock (HCLK): ETH1MACEN */
    MemoryRegion *dma_mr;
    AddressSpace dma_as;
    NICState *nic;
    NICConf conf;
    Lan8742aState phy;

    /* MAC */
    uint32_t maccr, macecr, macpfr, macwtr, macht[2], macvtr, macqtxfcr;
    uint32_t macrxfcr, macisr, macier, macpcsr, macrwkpfr, maclcsr;
    uint32_t macltcr, macletr, mac1ustcr, macmdioar, macmdiodr, macarpar;
    uint32_t macahr[STM32H7_ETH_MAC_ADDRS], macalr[STM32H7_ETH_MAC_ADDRS];
    /* MMC counters */
    uint32_t mmc_control, mmc_rx_intr, mmc_tx_intr, mmc_rx_mask, mmc_tx_mask;
    uint32_t mmc_tx_good, mmc_rx_crc_err, mmc_rx_align_err, mmc_rx_ucast;
    /* MTL */
    uint32_t mtlomr, mtltxqomr, mtlrxqomr, mtlqicsr;
    uint32_t mtl_missed, mtl_overflow; /* MTLRXQMPOCR's counters */
    /* DMA */
    uint32_t dmamr, dmasbmr, dmaccr, dmactxcr, dmacrxcr;
    uint32_t dmactxdlar, dmacrxdlar, dmactxdtpr, dmacrxdtpr;
    uint32_t dmactxrlr, dmacrxrlr, dmacier, dmacrxiwtr, dmacsr;
    uint32_t dmacmfcr;          /* frames dropped for want of a descriptor */
    uint32_t tx_cur, rx_cur;    /* DMACCATXDR / DMACCARXDR */
    uint32_t tx_buf, rx_buf;    /* DMACCATXBR / DMACCARXBR */
    uint8_t tx_state, rx_state; /* DMADSR.TPS0 / RPS0 */
    /* the frame being sent, gathered from its descriptors */
    uint32_t tx_len;
    uint8_t tx_cic; /* TDES3.CIC of its first descriptor */
    uint8_t tx_frame[STM32H7_ETH_MAX_FRAME];
    /* frames that found no free descriptor, waiting in the MTL FIFO */
    uint32_t rx_fifo_used, rx_fifo_frames;
    uint32_t rx_dropped; /* since power-on, for the host (QOM rx-dropped) */
    uint8_t rx_fifo[STM32H7_ETH_RX_FIFO];
};

#endif
