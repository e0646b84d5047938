/*
 * STM32H7 Ethernet MAC, MTL and DMA channel 0 (RM0399), with a LAN8742A
 * on MDIO (stm32h7_eth.h).
 *
 * The DMA walks the guest's descriptor rings as the hardware does: in
 * ring mode, DMACxRLR descriptors from DMACxDLAR, DMACCR.DSL 64-bit words
 * apart, stopping at the tail pointer or at a descriptor the guest still
 * owns.  A frame is sent when its last descriptor has been read; one that
 * arrives while no descriptor is free waits in the 2 KiB MTL receive FIFO
 * (a frame that does not fit is dropped and counted in MTLRXQMPOCR and
 * DMACMFCR), never in an unbounded queue.  Bad descriptors (addresses
 * outside memory, a ring the DMA would walk round for ever, a frame longer
 * than the DMA's 16 KiB) are guest errors: that direction stops with its
 * error bits set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "net/net.h"
#include "stm32h7_eth.h"
#include "stm32h7_eth_frame.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(MACCR, 0x0000)
    FIELD(MACCR, RE, 0, 1)
    FIELD(MACCR, TE, 1, 1)
    FIELD(MACCR, LM, 12, 1)
    FIELD(MACCR, DM, 13, 1)
    FIELD(MACCR, FES, 14, 1)
    FIELD(MACCR, PS, 15, 1)   /* reads 1: a 10/100 port */
    FIELD(MACCR, JE, 16, 1)
    FIELD(MACCR, ACS, 20, 1)
    FIELD(MACCR, CST, 21, 1)
    FIELD(MACCR, S2KP, 22, 1)
    FIELD(MACCR, IPC, 27, 1)
REG32(MACECR, 0x0004)
REG32(MACPFR, 0x0008)
    FIELD(MACPFR, PR, 0, 1)
    FIELD(MACPFR, HUC, 1, 1)
    FIELD(MACPFR, HMC, 2, 1)
    FIELD(MACPFR, DAIF, 3, 1)
    FIELD(MACPFR, PM, 4, 1)
    FIELD(MACPFR, DBF, 5, 1)
    FIELD(MACPFR, HPF, 10, 1)
    FIELD(MACPFR, RA, 31, 1)
REG32(MACWTR, 0x000C)
REG32(MACHT0R, 0x0010)
REG32(MACHT1R, 0x0014)
REG32(MACVTR, 0x0050)
REG32(MACQTXFCR, 0x0070)
REG32(MACRXFCR, 0x0090)
REG32(MACISR, 0x00B0)
REG32(MACIER, 0x00B4)
REG32(MACRXTXSR, 0x00B8)
REG32(MACPCSR, 0x00C0)
REG32(MACRWKPFR, 0x00C4)
REG32(MACLCSR, 0x00D0)
REG32(MACLTCR, 0x00D4)
REG32(MACLETR, 0x00D8)
REG32(MAC1USTCR, 0x00DC)
REG32(MACVR, 0x0110)
REG32(MACDR, 0x0114)
REG32(MACHWF0R, 0x011C)
REG32(MACHWF1R, 0x0120)
REG32(MACHWF2R, 0x0124)
REG32(MACMDIOAR, 0x0200)
    FIELD(MACMDIOAR, MB, 0, 1)
    FIELD(MACMDIOAR, C45E, 1, 1)
    FIELD(MACMDIOAR, GOC, 2, 2)
    FIELD(MACMDIOAR, RDA, 16, 5)
    FIELD(MACMDIOAR, PA, 21, 5)
REG32(MACMDIODR, 0x0204)
    FIELD(MACMDIODR, MD, 0, 16)
REG32(MACA0HR, 0x0300)
    FIELD(MACAHR, ADDRHI, 0, 16)
    FIELD(MACAHR, MBC, 24, 6)
    FIELD(MACAHR, SA, 30, 1)
    FIELD(MACAHR, AE, 31, 1)
REG32(MACA0LR, 0x0304)
REG32(MACA3LR, 0x031C)
REG32(MMC_CONTROL, 0x0700)
    FIELD(MMC_CONTROL, CNTRST, 0, 1)
    FIELD(MMC_CONTROL, RSTONRD, 2, 1)
    FIELD(MMC_CONTROL, CNTFREEZ, 3, 1)
REG32(MMC_RX_INTERRUPT, 0x0704)
REG32(MMC_TX_INTERRUPT, 0x0708)
REG32(MMC_RX_INTERRUPT_MASK, 0x070C)
REG32(MMC_TX_INTERRUPT_MASK, 0x0710)
REG32(TX_SINGLE_COLLISION_GOOD_PACKETS, 0x074C)
REG32(TX_MULTIPLE_COLLISION_GOOD_PACKETS, 0x0750)
REG32(TX_PACKET_COUNT_GOOD, 0x0768)
REG32(RX_CRC_ERROR_PACKETS, 0x0794)
REG32(RX_ALIGNMENT_ERROR_PACKETS, 0x0798)
REG32(RX_UNICAST_PACKETS_GOOD, 0x07C4)
REG32(MACARPAR, 0x0AE0)
REG32(MTLOMR, 0x0C00)
REG32(MTLISR, 0x0C20)
REG32(MTLTXQOMR, 0x0D00)
    FIELD(MTLTXQOMR, FTQ, 0, 1)
REG32(MTLTXQUR, 0x0D04)
REG32(MTLTXQDR, 0x0D08)
REG32(MTLQICSR, 0x0D2C)
REG32(MTLRXQOMR, 0x0D30)
REG32(MTLRXQMPOCR, 0x0D34)
    FIELD(MTLRXQMPOCR, OVFPKTCNT, 0, 11)
    FIELD(MTLRXQMPOCR, OVFCNTOVF, 11, 1)
    FIELD(MTLRXQMPOCR, MISPKTCNT, 16, 11)
    FIELD(MTLRXQMPOCR, MISCNTOVF, 27, 1)
REG32(MTLRXQDR, 0x0D38)
    FIELD(MTLRXQDR, PRXQ, 16, 14)
REG32(DMAMR, 0x1000)
    FIELD(DMAMR, SWR, 0, 1)
REG32(DMASBMR, 0x1004)
REG32(DMAISR, 0x1008)
    FIELD(DMAISR, DC0IS, 0, 1)
    FIELD(DMAISR, MTLIS, 16, 1)
    FIELD(DMAISR, MACIS, 17, 1)
REG32(DMADSR, 0x100C)
    FIELD(DMADSR, RPS0, 8, 4)
    FIELD(DMADSR, TPS0, 12, 4)
REG32(DMACCR, 0x1100)
    FIELD(DMACCR, DSL, 18, 3)
REG32(DMACTXCR, 0x1104)
    FIELD(DMACTXCR, ST, 0, 1)
    FIELD(DMACTXCR, TSE, 12, 1)
REG32(DMACRXCR, 0x1108)
    FIELD(DMACRXCR, SR, 0, 1)
    FIELD(DMACRXCR, RBSZ, 1, 14)
REG32(DMACTXDLAR, 0x1114)
REG32(DMACRXDLAR, 0x111C)
REG32(DMACTXDTPR, 0x1120)
REG32(DMACRXDTPR, 0x1128)
REG32(DMACTXRLR, 0x112C)
    FIELD(DMACTXRLR, TDRL, 0, 10)
REG32(DMACRXRLR, 0x1130)
    FIELD(DMACRXRLR, RDRL, 0, 10)
REG32(DMACIER, 0x1134)
REG32(DMACRXIWTR, 0x1138)
REG32(DMACCATXDR, 0x1144)
REG32(DMACCARXDR, 0x114C)
REG32(DMACCATXBR, 0x1154)
REG32(DMACCARXBR, 0x115C)
REG32(DMACSR, 0x1160)
    FIELD(DMACSR, TI, 0, 1)
    FIELD(DMACSR, TPS, 1, 1)
    FIELD(DMACSR, TBU, 2, 1)
    FIELD(DMACSR, RI, 6, 1)
    FIELD(DMACSR, RBU, 7, 1)
    FIELD(DMACSR, RPS, 8, 1)
    FIELD(DMACSR, RWT, 9, 1)
    FIELD(DMACSR, ETI, 10, 1)
    FIELD(DMACSR, ERI, 11, 1)
    FIELD(DMACSR, FBE, 12, 1)
    FIELD(DMACSR, CDE, 13, 1)
    FIELD(DMACSR, AIS, 14, 1)
    FIELD(DMACSR, NIS, 15, 1)
    FIELD(DMACSR, TEB, 16, 3)
    FIELD(DMACSR, REB, 19, 3)
REG32(DMACMFCR, 0x116C)
    FIELD(DMACMFCR, MFC, 0, 11)
    FIELD(DMACMFCR, MFCO, 15, 1)

/* transmit descriptor, read format (TDES2, TDES3) and write-back (TDES3) */
FIELD(TDES2, B1L, 0, 14)
FIELD(TDES2, B2L, 16, 14)
FIELD(TDES2, IOC, 31, 1)
FIELD(TDES3, FL, 0, 15)
FIELD(TDES3, CIC, 16, 2)
FIELD(TDES3, TSE, 18, 1)
FIELD(TDES3, IHE, 0, 1)
FIELD(TDES3, PCE, 12, 1)
FIELD(TDES3, ES, 15, 1)
FIELD(TDES3, LD, 28, 1)
FIELD(TDES3, FD, 29, 1)
FIELD(TDES3, CTXT, 30, 1)
FIELD(TDES3, OWN, 31, 1)
/* receive descriptor, read format (RDES3) and write-back (RDES1, RDES3) */
FIELD(RDES3, BUF1V, 24, 1)
FIELD(RDES3, BUF2V, 25, 1)
FIELD(RDES3, IOC, 30, 1)
FIELD(RDES1, PT, 0, 3)
FIELD(RDES1, IPHE, 3, 1)
FIELD(RDES1, IPV4, 4, 1)
FIELD(RDES1, IPV6, 5, 1)
FIELD(RDES1, IPCB, 6, 1)
FIELD(RDES1, IPCE, 7, 1)
FIELD(RDES3, PL, 0, 15)
FIELD(RDES3, ES, 15, 1)
FIELD(RDES3, LT, 16, 3)
FIELD(RDES3, RS1V, 26, 1)
FIELD(RDES3, LD, 28, 1)
FIELD(RDES3, FD, 29, 1)
FIELD(RDES3, CTXT, 30, 1)
FIELD(RDES3, OWN, 31, 1)
/* clang-format on */

#define ETH_MMIO_SIZE   0x1400
#define MACCR_RESET     R_MACCR_PS_MASK
#define MACAHR_RESET    (R_MACAHR_AE_MASK | R_MACAHR_ADDRHI_MASK)
#define MACALR_RESET    0xFFFFFFFFu
/* DWC Ethernet QoS 4.10a, ST's release 0x30 */
#define MACVR_VALUE     0x00003041
#define MACDR_VALUE     0x00000000
/* hardware features: MII (10/100), MDIO, MMC, checksum offload both ways,
 * four MAC addresses; one queue and channel each way, 2 KiB FIFOs */
#define MACHWF0R_VALUE  0x000D4311
#define MACHWF1R_VALUE  0x00000104
#define MACHWF2R_VALUE  0x00000000
#define MTLTXQOMR_RESET 0x00070008 /* TQS = 2 KiB, TXQEN = enabled */
#define MTLRXQOMR_RESET 0x00700000 /* RQS = 2 KiB */
#define DMASBMR_RESET   0x01010000
#define DESC_BYTES      16
#define DSL_UNIT        8 /* DMACCR.DSL counts 64-bit words (AXI) */
#define PHY_MDIO_ADDR   0 /* the LAN8742A's PHYAD straps on the board */
#define GOC_WRITE       1
#define GOC_READ        3
#define COUNTER_MAX_11  0x7FF

/* DMADSR process states */
#define TPS_STOPPED   0
#define TPS_RUNNING   1
#define TPS_SUSPENDED 6
#define RPS_STOPPED   0
#define RPS_WAITING   3
#define RPS_SUSPENDED 4

/* DMACSR.TEB/REB: the error bits' "descriptor access" code */
#define EB_DESC_READ  0x6
#define EB_DATA_WRITE 0x0

/* RDES3.LT */
#define LT_LENGTH 0
#define LT_TYPE   1
#define LT_VLAN   4

#define CSR_NORMAL \
    (R_DMACSR_TI_MASK | R_DMACSR_TBU_MASK | R_DMACSR_RI_MASK | \
     R_DMACSR_ERI_MASK)
#define CSR_ABNORMAL \
    (R_DMACSR_TPS_MASK | R_DMACSR_RBU_MASK | R_DMACSR_RPS_MASK | \
     R_DMACSR_RWT_MASK | R_DMACSR_ETI_MASK | R_DMACSR_FBE_MASK | \
     R_DMACSR_CDE_MASK)
#define CSR_W1C \
    (CSR_NORMAL | CSR_ABNORMAL | R_DMACSR_AIS_MASK | R_DMACSR_NIS_MASK)
#define DMACIER_NIE   (1u << 15)
#define DMACIER_AIE   (1u << 14)
#define DMACIER_VALID 0xFFC7u

static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

static void eth_update_irq(Stm32h7EthState *s)
{
    uint32_t on = s->dmacsr & s->dmacier;
    bool level = ((on & CSR_NORMAL) && (s->dmacier & DMACIER_NIE)) ||
                 ((on & CSR_ABNORMAL) && (s->dmacier & DMACIER_AIE));

    qemu_set_irq(s->irq, level);
}

/* a status bit and its summary (NIS/AIS), both sticky until cleared */
static void eth_raise(Stm32h7EthState *s, uint32_t bits)
{
    s->dmacsr |= bits;
    if (bits & CSR_NORMAL) {
        s->dmacsr |= R_DMACSR_NIS_MASK;
    }
    if (bits & CSR_ABNORMAL) {
        s->dmacsr |= R_DMACSR_AIS_MASK;
    }
}

static uint32_t desc_stride(Stm32h7EthState *s)
{
    return DESC_BYTES + FIELD_EX32(s->dmaccr, DMACCR, DSL) * DSL_UNIT;
}

/* the descriptor after cur, in a ring of ring_len + 1 from base */
static uint32_t desc_next(Stm32h7EthState *s, uint32_t cur, uint32_t base,
                          uint32_t ring_len)
{
    uint32_t stride = desc_stride(s);

    if (cur < base || (cur - base) / stride >= ring_len) {
        return base;
    }
    return cur + stride;
}

static bool desc_read(Stm32h7EthState *s, uint32_t addr, uint32_t d[4])
{
    if (dma_memory_read(&s->dma_as, addr, d, DESC_BYTES,
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        d[i] = le32_to_cpu(d[i]);
    }
    return true;
}

static bool desc_write_word(Stm32h7EthState *s, uint32_t addr, int word,
                            uint32_t v)
{
    uint32_t le = cpu_to_le32(v);
    return dma_memory_write(&s->dma_as, addr + 4 * word, &le, 4,
                            MEMTXATTRS_UNSPECIFIED) == MEMTX_OK;
}

/* ---- transmit ------------------------------------------------------------ */

static void tx_stop(Stm32h7EthState *s, uint32_t status, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h7-eth: transmit DMA stopped: %s (descriptor at "
                  "0x%08" PRIx32 ")\n",
                  why, s->tx_cur);
    s->tx_state = TPS_STOPPED;
    s->tx_len = 0;
    eth_raise(s, status | R_DMACSR_TPS_MASK);
}

static void eth_rx_frame(Stm32h7EthState *s, const uint8_t *buf, size_t size);

static uint32_t tx_send(Stm32h7EthState *s, unsigned cic)
{
    uint32_t status = 0;

    if (cic && !h7eth_tx_checksum(s->tx_frame, s->tx_len, cic)) {
        status |= R_TDES3_PCE_MASK | R_TDES3_ES_MASK;
    }
    trace_stm32h7_eth_tx(s->tx_len, cic);
    if (FIELD_EX32(s->maccr, MACCR, TE)) {
        if (FIELD_EX32(s->maccr, MACCR, LM)) {
            eth_rx_frame(s, s->tx_frame, s->tx_len); /* MAC loopback */
        } else if (lan8742a_passes(&s->phy)) {
            qemu_send_packet(qemu_get_queue(s->nic), s->tx_frame, s->tx_len);
        }
        if (!FIELD_EX32(s->mmc_control, MMC_CONTROL, CNTFREEZ)) {
            s->mmc_tx_good++;
        }
    }
    return status;
}

static void eth_tx_kick(Stm32h7EthState *s)
{
    uint32_t ring = FIELD_EX32(s->dmactxrlr, DMACTXRLR, TDRL);

    if (!FIELD_EX32(s->dmactxcr, DMACTXCR, ST) || s->tx_state == TPS_STOPPED) {
        return;
    }
    s->tx_state = TPS_RUNNING;
    /* each descriptor once: more means the ring loops (a write-back the
     * guest's memory did not keep, say) */
    for (uint32_t n = 0;; n++) {
        uint32_t d[4];
        if (s->tx_cur == s->dmactxdtpr) {
            s->tx_state = TPS_SUSPENDED;
            break;
        }
        if (n > ring) {
            tx_stop(s, R_DMACSR_FBE_MASK, "the ring walks round for ever");
            break;
        }
        if (!desc_read(s, s->tx_cur, d)) {
            tx_stop(s, R_DMACSR_FBE_MASK | (EB_DESC_READ << R_DMACSR_TEB_SHIFT),
                    "descriptor outside memory");
            break;
        }
        if (!FIELD_EX32(d[3], TDES3, OWN)) {
            s->tx_state = TPS_SUSPENDED;
            eth_raise(s, R_DMACSR_TBU_MASK);
            break;
        }
        uint32_t wb = d[3] & ~R_TDES3_OWN_MASK;
        if (!FIELD_EX32(d[3], TDES3, CTXT)) {
            if (FIELD_EX32(d[3], TDES3, FD)) {
                s->tx_len = 0;
                s->tx_cic = FIELD_EX32(d[3], TDES3, CIC);
                if (FIELD_EX32(d[3], TDES3, TSE)) {
                    qemu_log_mask(LOG_UNIMP,
                                  "stm32h7-eth: TCP segmentation: sent as "
                                  "one frame\n");
                }
            }
            uint32_t len[2] = { FIELD_EX32(d[2], TDES2, B1L),
                                FIELD_EX32(d[2], TDES2, B2L) };
            bool bad = false;
            for (int b = 0; b < 2 && !bad; b++) {
                if (!len[b]) {
                    continue;
                }
                if (s->tx_len + len[b] > sizeof(s->tx_frame)) {
                    tx_stop(s, R_DMACSR_FBE_MASK, "frame over 16 KiB");
                    return;
                }
                s->tx_buf = d[b];
                if (dma_memory_read(&s->dma_as, d[b], s->tx_frame + s->tx_len,
                                    len[b],
                                    MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
                    bad = true;
                }
                s->tx_len += len[b];
            }
            if (bad) {
                tx_stop(s, R_DMACSR_FBE_MASK, "buffer outside memory");
                break;
            }
            if (FIELD_EX32(d[3], TDES3, LD)) {
                if (s->tx_len == 0) {
                    tx_stop(s, R_DMACSR_FBE_MASK, "a frame of zero bytes");
                    break;
                }
                /* the write-back format: status, FD and LD kept */
                wb = (d[3] & (R_TDES3_FD_MASK | R_TDES3_LD_MASK)) |
                     tx_send(s, s->tx_cic);
                s->tx_len = 0;
                if (FIELD_EX32(d[2], TDES2, IOC)) {
                    eth_raise(s, R_DMACSR_TI_MASK);
                }
            }
        }
        if (!desc_write_word(s, s->tx_cur, 3, wb)) {
            tx_stop(s, R_DMACSR_FBE_MASK, "write-back outside memory");
            break;
        }
        s->tx_cur = desc_next(s, s->tx_cur, s->dmactxdlar, ring);
    }
}

/* ---- receive ------------------------------------------------------------- */

static void rx_stop(Stm32h7EthState *s, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h7-eth: receive DMA stopped: %s (descriptor at "
                  "0x%08" PRIx32 ")\n",
                  why, s->rx_cur);
    s->rx_state = RPS_STOPPED;
    eth_raise(s, R_DMACSR_FBE_MASK | R_DMACSR_RPS_MASK);
}

static bool mac_match(Stm32h7EthState *s, const uint8_t *da, int i)
{
    uint32_t hi = s->macahr[i], lo = s->macalr[i];
    uint8_t a[6] = { lo, lo >> 8, lo >> 16, lo >> 24, hi, hi >> 8 };

    if (i && (!FIELD_EX32(hi, MACAHR, AE) || FIELD_EX32(hi, MACAHR, SA))) {
        return false;
    }
    for (int b = 0; b < 6; b++) {
        /* MBC masks bytes of MACA1-3 out of the comparison */
        if (!(i && (FIELD_EX32(hi, MACAHR, MBC) & (1u << b))) &&
            a[b] != da[b]) {
            return false;
        }
    }
    return true;
}

/* the destination filter of MACPFR */
static bool eth_filter(Stm32h7EthState *s, const uint8_t *da)
{
    uint32_t pfr = s->macpfr;
    bool perfect = false, hash_on, hash = false;

    if (FIELD_EX32(pfr, MACPFR, PR) || FIELD_EX32(pfr, MACPFR, RA)) {
        return true;
    }
    if (!memcmp(da, broadcast, 6)) {
        return !FIELD_EX32(pfr, MACPFR, DBF);
    }
    bool multicast = da[0] & 1;
    if (multicast && FIELD_EX32(pfr, MACPFR, PM)) {
        return true;
    }
    hash_on = multicast ? FIELD_EX32(pfr, MACPFR, HMC)
                        : FIELD_EX32(pfr, MACPFR, HUC);
    for (int i = 0; i < STM32H7_ETH_MAC_ADDRS && !perfect; i++) {
        perfect = mac_match(s, da, i);
    }
    if (hash_on) {
        unsigned bit = h7eth_hash_index(da);
        hash = s->macht[bit >> 5] >> (bit & 31) & 1;
        return hash || (FIELD_EX32(pfr, MACPFR, HPF) && perfect);
    }
    return FIELD_EX32(pfr, MACPFR, DAIF) ? !perfect : perfect;
}

/* Room for len bytes in free descriptors from rx_cur, without taking them */
static bool rx_room(Stm32h7EthState *s, size_t len, uint32_t rbsz)
{
    uint32_t ring = FIELD_EX32(s->dmacrxrlr, DMACRXRLR, RDRL);
    uint32_t cur = s->rx_cur, d[4];
    size_t room = 0;

    for (uint32_t n = 0; n <= ring && room < len; n++) {
        if (cur == s->dmacrxdtpr || !desc_read(s, cur, d) ||
            !FIELD_EX32(d[3], RDES3, OWN)) {
            return false;
        }
        room += (FIELD_EX32(d[3], RDES3, BUF1V) +
                 FIELD_EX32(d[3], RDES3, BUF2V)) *
                (size_t)rbsz;
        cur = desc_next(s, cur, s->dmacrxdlar, ring);
    }
    return room >= len;
}

/* As the DMA fetches the next descriptor once it is free to: one the
 * guest still owns (or the tail) suspends it with RBU, before any frame */
static void rx_fetch(Stm32h7EthState *s)
{
    uint32_t d[4];

    if (!FIELD_EX32(s->dmacrxcr, DMACRXCR, SR) || s->rx_state == RPS_STOPPED) {
        return;
    }
    if (s->rx_cur == s->dmacrxdtpr || !desc_read(s, s->rx_cur, d) ||
        !FIELD_EX32(d[3], RDES3, OWN)) {
        if (s->rx_state != RPS_SUSPENDED) {
            s->rx_state = RPS_SUSPENDED;
            eth_raise(s, R_DMACSR_RBU_MASK);
        }
    } else {
        s->rx_state = RPS_WAITING;
    }
}

/* Write a frame into the guest's descriptors: false if they have no room */
static bool rx_dma(Stm32h7EthState *s, const uint8_t *f, size_t len,
                   uint32_t rdes1, uint32_t status)
{
    uint32_t ring = FIELD_EX32(s->dmacrxrlr, DMACRXRLR, RDRL);
    uint32_t rbsz = FIELD_EX32(s->dmacrxcr, DMACRXCR, RBSZ) & ~3u;
    size_t done = 0;
    bool first = true;

    if (!FIELD_EX32(s->dmacrxcr, DMACRXCR, SR) || s->rx_state == RPS_STOPPED) {
        return false;
    }
    if (!rbsz) {
        rx_stop(s, "DMACRXCR.RBSZ is 0");
        return false;
    }
    if (!rx_room(s, len, rbsz)) {
        rx_fetch(s);
        if (s->rx_state != RPS_SUSPENDED) {
            /* the descriptor is free but the frame needs more than the
             * free ones hold: the hardware stalls the same way */
            s->rx_state = RPS_SUSPENDED;
            eth_raise(s, R_DMACSR_RBU_MASK);
        }
        return false;
    }
    s->rx_state = RPS_WAITING;
    while (done < len) {
        uint32_t d[4];
        if (!desc_read(s, s->rx_cur, d)) {
            rx_stop(s, "descriptor outside memory");
            return true;
        }
        uint32_t addr[2] = { d[0], d[2] };
        bool valid[2] = { FIELD_EX32(d[3], RDES3, BUF1V),
                          FIELD_EX32(d[3], RDES3, BUF2V) };
        for (int b = 0; b < 2 && done < len; b++) {
            size_t n = MIN(len - done, rbsz);
            if (!valid[b]) {
                continue;
            }
            s->rx_buf = addr[b];
            if (dma_memory_write(&s->dma_as, addr[b], f + done, n,
                                 MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
                eth_raise(s, EB_DATA_WRITE << R_DMACSR_REB_SHIFT);
                rx_stop(s, "buffer outside memory");
                return true;
            }
            done += n;
        }
        uint32_t wb = first ? R_RDES3_FD_MASK : 0;
        if (done >= len) {
            wb |= R_RDES3_LD_MASK | status | R_RDES3_RS1V_MASK |
                  FIELD_DP32(0, RDES3, PL, len);
            if (!desc_write_word(s, s->rx_cur, 1, rdes1) ||
                !desc_write_word(s, s->rx_cur, 0, 0) ||
                !desc_write_word(s, s->rx_cur, 2, 0)) {
                rx_stop(s, "write-back outside memory");
                return true;
            }
        }
        if (!desc_write_word(s, s->rx_cur, 3, wb)) {
            rx_stop(s, "write-back outside memory");
            return true;
        }
        if (done >= len && FIELD_EX32(d[3], RDES3, IOC)) {
            eth_raise(s, R_DMACSR_RI_MASK);
        }
        first = false;
        s->rx_cur = desc_next(s, s->rx_cur, s->dmacrxdlar, ring);
    }
    rx_fetch(s);
    return true;
}

/* What the MAC does to a frame on the wire before its DMA sees it:
 * padding to the minimum, the FCS kept or stripped, the checksum check */
static bool rx_deliver(Stm32h7EthState *s, const uint8_t *buf, size_t size)
{
    uint8_t f[STM32H7_ETH_MAX_FRAME + H7ETH_FCS_LEN];
    size_t l3, len = MAX(size, H7ETH_MIN_FRAME);
    uint16_t type = h7eth_ethertype(buf, size, &l3);
    uint32_t rdes1 = 0, status;
    H7EthRxCheck chk;

    memcpy(f, buf, size);
    memset(f + size, 0, len - size);
    bool strip = type >= H7ETH_TYPE_MIN ? FIELD_EX32(s->maccr, MACCR, CST)
                                        : FIELD_EX32(s->maccr, MACCR, ACS);
    if (!strip) {
        stl_le_p(f + len, h7eth_crc32(f, len));
        len += H7ETH_FCS_LEN;
    }
    status = FIELD_DP32(0, RDES3, LT,
                        type < H7ETH_TYPE_MIN ? LT_LENGTH
                        : l3 > H7ETH_HDR_LEN  ? LT_VLAN
                                              : LT_TYPE);
    if (FIELD_EX32(s->maccr, MACCR, IPC)) {
        h7eth_rx_checksum(buf, size, &chk);
        rdes1 = FIELD_DP32(rdes1, RDES1, PT, chk.payload_type);
        rdes1 = FIELD_DP32(rdes1, RDES1, IPV4, chk.ipv4);
        rdes1 = FIELD_DP32(rdes1, RDES1, IPV6, chk.ipv6);
        rdes1 = FIELD_DP32(rdes1, RDES1, IPHE, chk.header_error);
        rdes1 = FIELD_DP32(rdes1, RDES1, IPCE, chk.payload_error);
        rdes1 = FIELD_DP32(rdes1, RDES1, IPCB, chk.bypassed);
    }
    return rx_dma(s, f, len, rdes1, status);
}

static void count11(uint32_t *counter)
{
    if (*counter < COUNTER_MAX_11) {
        (*counter)++;
    }
}

/* the MTL FIFO holds frames as a 16-bit length and the bytes */
static void fifo_drain(Stm32h7EthState *s)
{
    while (s->rx_fifo_frames) {
        uint16_t len = lduw_le_p(s->rx_fifo);
        if (!rx_deliver(s, s->rx_fifo + 2, len)) {
            break;
        }
        s->rx_fifo_used -= 2 + len;
        s->rx_fifo_frames--;
        memmove(s->rx_fifo, s->rx_fifo + 2 + len, s->rx_fifo_used);
    }
    eth_update_irq(s);
}

static void eth_rx_frame(Stm32h7EthState *s, const uint8_t *buf, size_t size)
{
    if (!FIELD_EX32(s->maccr, MACCR, RE) || size < H7ETH_HDR_LEN ||
        size > STM32H7_ETH_MAX_FRAME || !eth_filter(s, buf)) {
        trace_stm32h7_eth_rx_filtered(size);
        return;
    }
    trace_stm32h7_eth_rx(size, s->rx_fifo_frames);
    if (!(buf[0] & 1) && !FIELD_EX32(s->mmc_control, MMC_CONTROL, CNTFREEZ)) {
        s->mmc_rx_ucast++;
    }
    if (!s->rx_fifo_frames && rx_deliver(s, buf, size)) {
        eth_update_irq(s);
        return;
    }
    if (s->rx_fifo_used + 2 + size > sizeof(s->rx_fifo)) {
        /* the FIFO overflows: the frame is lost */
        s->rx_dropped++;
        if (s->rx_state == RPS_SUSPENDED) {
            count11(&s->mtl_missed);
        }
        count11(&s->mtl_overflow);
        count11(&s->dmacmfcr);
        trace_stm32h7_eth_rx_dropped(size, s->mtl_overflow);
        eth_update_irq(s);
        return;
    }
    stw_le_p(s->rx_fifo + s->rx_fifo_used, size);
    memcpy(s->rx_fifo + s->rx_fifo_used + 2, buf, size);
    s->rx_fifo_used += 2 + size;
    s->rx_fifo_frames++;
    eth_update_irq(s);
}

static bool eth_can_receive(NetClientState *nc)
{
    return true; /* what cannot be taken is dropped, as on the wire */
}

static ssize_t eth_receive(NetClientState *nc, const uint8_t *buf, size_t size)
{
    Stm32h7EthState *s = qemu_get_nic_opaque(nc);

    if (lan8742a_passes(&s->phy) && !FIELD_EX32(s->maccr, MACCR, LM)) {
        eth_rx_frame(s, buf, size);
    }
    return size;
}

static void eth_link_status_changed(NetClientState *nc)
{
    Stm32h7EthState *s = qemu_get_nic_opaque(nc);

    trace_stm32h7_eth_link(!nc->link_down);
    lan8742a_set_link(&s->phy, !nc->link_down);
}

static NetClientInfo eth_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = eth_can_receive,
    .receive = eth_receive,
    .link_status_changed = eth_link_status_changed,
};

/* ---- registers ----------------------------------------------------------- */

static void eth_mdio(Stm32h7EthState *s)
{
    unsigned pa = FIELD_EX32(s->macmdioar, MACMDIOAR, PA);
    unsigned reg = FIELD_EX32(s->macmdioar, MACMDIOAR, RDA);
    unsigned goc = FIELD_EX32(s->macmdioar, MACMDIOAR, GOC);

    if (FIELD_EX32(s->macmdioar, MACMDIOAR, C45E)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-eth: clause 45 MDIO frame: the LAN8742A "
                      "answers clause 22 only\n");
        s->macmdiodr = FIELD_DP32(s->macmdiodr, MACMDIODR, MD, 0xFFFF);
    } else if (goc == GOC_WRITE) {
        if (pa == s->phy.addr) {
            lan8742a_write(&s->phy, reg,
                           FIELD_EX32(s->macmdiodr, MACMDIODR, MD));
        }
    } else if (goc == GOC_READ) {
        /* no PHY at that address: the line stays pulled up */
        uint16_t v = pa == s->phy.addr ? lan8742a_read(&s->phy, reg) : 0xFFFF;
        s->macmdiodr = FIELD_DP32(s->macmdiodr, MACMDIODR, MD, v);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-eth: MACMDIOAR.GOC %u is not a clause 22 "
                      "operation\n",
                      goc);
    }
    trace_stm32h7_eth_mdio(pa, reg, goc, s->macmdiodr & 0xFFFF);
    s->macmdioar &= ~R_MACMDIOAR_MB_MASK; /* done at once */
}

static void eth_regs_reset(Stm32h7EthState *s)
{
    s->maccr = MACCR_RESET;
    s->macecr = s->macpfr = s->macwtr = 0;
    s->macht[0] = s->macht[1] = 0;
    s->macvtr = s->macqtxfcr = s->macrxfcr = s->macisr = s->macier = 0;
    s->macpcsr = s->macrwkpfr = s->maclcsr = 0;
    s->macltcr = 0x03E80000; /* TLPIET 1000 us */
    s->macletr = 0;
    s->mac1ustcr = 0x3F; /* 64 MHz - 1 */
    s->macmdioar = s->macmdiodr = s->macarpar = 0;
    for (int i = 0; i < STM32H7_ETH_MAC_ADDRS; i++) {
        s->macahr[i] = i ? R_MACAHR_ADDRHI_MASK : MACAHR_RESET;
        s->macalr[i] = MACALR_RESET;
    }
    s->mmc_control = s->mmc_rx_intr = s->mmc_tx_intr = 0;
    s->mmc_rx_mask = s->mmc_tx_mask = 0;
    s->mmc_tx_good = s->mmc_rx_crc_err = s->mmc_rx_align_err = 0;
    s->mmc_rx_ucast = 0;
    s->mtlomr = s->mtlqicsr = 0;
    s->mtltxqomr = MTLTXQOMR_RESET;
    s->mtlrxqomr = MTLRXQOMR_RESET;
    s->mtl_missed = s->mtl_overflow = 0;
    s->dmamr = 0;
    s->dmasbmr = DMASBMR_RESET;
    s->dmaccr = s->dmactxcr = s->dmacrxcr = 0;
    s->dmactxdlar = s->dmacrxdlar = s->dmactxdtpr = s->dmacrxdtpr = 0;
    s->dmactxrlr = s->dmacrxrlr = s->dmacier = s->dmacrxiwtr = 0;
    s->dmacsr = s->dmacmfcr = 0;
    s->tx_cur = s->rx_cur = s->tx_buf = s->rx_buf = 0;
    s->tx_state = TPS_STOPPED;
    s->rx_state = RPS_STOPPED;
    s->tx_len = 0;
    s->rx_fifo_used = s->rx_fifo_frames = 0;
}

static uint32_t mmc_read(Stm32h7EthState *s, uint32_t *counter)
{
    uint32_t v = *counter;

    if (FIELD_EX32(s->mmc_control, MMC_CONTROL, RSTONRD)) {
        *counter = 0;
    }
    return v;
}

static uint64_t eth_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7EthState *s = opaque;
    uint32_t v = 0;

    if (addr >= A_MACA0HR && addr <= A_MACA3LR) {
        int i = (addr - A_MACA0HR) / 8;
        return (addr & 4) ? s->macalr[i] : s->macahr[i];
    }
    switch (addr) {
    case A_MACCR: v = s->maccr; break;
    case A_MACECR: v = s->macecr; break;
    case A_MACPFR: v = s->macpfr; break;
    case A_MACWTR: v = s->macwtr; break;
    case A_MACHT0R: v = s->macht[0]; break;
    case A_MACHT1R: v = s->macht[1]; break;
    case A_MACVTR: v = s->macvtr; break;
    case A_MACQTXFCR: v = s->macqtxfcr; break;
    case A_MACRXFCR: v = s->macrxfcr; break;
    case A_MACISR: v = s->macisr; break;
    case A_MACIER: v = s->macier; break;
    case A_MACRXTXSR: v = 0; break;
    case A_MACPCSR: v = s->macpcsr; break;
    case A_MACRWKPFR: v = s->macrwkpfr; break;
    case A_MACLCSR: v = s->maclcsr; break;
    case A_MACLTCR: v = s->macltcr; break;
    case A_MACLETR: v = s->macletr; break;
    case A_MAC1USTCR: v = s->mac1ustcr; break;
    case A_MACVR: v = MACVR_VALUE; break;
    case A_MACDR: v = MACDR_VALUE; break;
    case A_MACHWF0R: v = MACHWF0R_VALUE; break;
    case A_MACHWF1R: v = MACHWF1R_VALUE; break;
    case A_MACHWF2R: v = MACHWF2R_VALUE; break;
    case A_MACMDIOAR: v = s->macmdioar; break;
    case A_MACMDIODR: v = s->macmdiodr; break;
    case A_MACARPAR: v = s->macarpar; break;
    case A_MMC_CONTROL: v = s->mmc_control; break;
    case A_MMC_RX_INTERRUPT: v = s->mmc_rx_intr; break;
    case A_MMC_TX_INTERRUPT: v = s->mmc_tx_intr; break;
    case A_MMC_RX_INTERRUPT_MASK: v = s->mmc_rx_mask; break;
    case A_MMC_TX_INTERRUPT_MASK: v = s->mmc_tx_mask; break;
    case A_TX_SINGLE_COLLISION_GOOD_PACKETS:
    case A_TX_MULTIPLE_COLLISION_GOOD_PACKETS: v = 0; break; /* full duplex */
    case A_TX_PACKET_COUNT_GOOD: v = mmc_read(s, &s->mmc_tx_good); break;
    case A_RX_CRC_ERROR_PACKETS: v = mmc_read(s, &s->mmc_rx_crc_err); break;
    case A_RX_ALIGNMENT_ERROR_PACKETS:
        v = mmc_read(s, &s->mmc_rx_align_err);
        break;
    case A_RX_UNICAST_PACKETS_GOOD: v = mmc_read(s, &s->mmc_rx_ucast); break;
    case A_MTLOMR: v = s->mtlomr; break;
    case A_MTLISR: v = 0; break;
    case A_MTLTXQOMR: v = s->mtltxqomr; break;
    case A_MTLTXQUR: v = 0; break;
    case A_MTLTXQDR: v = 0; break; /* the TX FIFO is always empty */
    case A_MTLQICSR: v = s->mtlqicsr; break;
    case A_MTLRXQOMR: v = s->mtlrxqomr; break;
    case A_MTLRXQMPOCR:
        /* cleared on read */
        v = FIELD_DP32(0, MTLRXQMPOCR, OVFPKTCNT, s->mtl_overflow);
        v = FIELD_DP32(v, MTLRXQMPOCR, OVFCNTOVF,
                       s->mtl_overflow >= COUNTER_MAX_11);
        v = FIELD_DP32(v, MTLRXQMPOCR, MISPKTCNT, s->mtl_missed);
        v = FIELD_DP32(v, MTLRXQMPOCR, MISCNTOVF,
                       s->mtl_missed >= COUNTER_MAX_11);
        s->mtl_overflow = s->mtl_missed = 0;
        break;
    case A_MTLRXQDR:
        v = FIELD_DP32(0, MTLRXQDR, PRXQ, s->rx_fifo_frames);
        break;
    case A_DMAMR: v = s->dmamr; break;
    case A_DMASBMR: v = s->dmasbmr; break;
    case A_DMAISR:
        v = FIELD_DP32(0, DMAISR, DC0IS, !!(s->dmacsr & s->dmacier));
        v = FIELD_DP32(v, DMAISR, MACIS, !!(s->macisr & s->macier));
        break;
    case A_DMADSR:
        v = FIELD_DP32(0, DMADSR, RPS0, s->rx_state);
        v = FIELD_DP32(v, DMADSR, TPS0, s->tx_state);
        break;
    case A_DMACCR: v = s->dmaccr; break;
    case A_DMACTXCR: v = s->dmactxcr; break;
    case A_DMACRXCR: v = s->dmacrxcr; break;
    case A_DMACTXDLAR: v = s->dmactxdlar; break;
    case A_DMACRXDLAR: v = s->dmacrxdlar; break;
    case A_DMACTXDTPR: v = s->dmactxdtpr; break;
    case A_DMACRXDTPR: v = s->dmacrxdtpr; break;
    case A_DMACTXRLR: v = s->dmactxrlr; break;
    case A_DMACRXRLR: v = s->dmacrxrlr; break;
    case A_DMACIER: v = s->dmacier; break;
    case A_DMACRXIWTR: v = s->dmacrxiwtr; break;
    case A_DMACCATXDR: v = s->tx_cur; break;
    case A_DMACCARXDR: v = s->rx_cur; break;
    case A_DMACCATXBR: v = s->tx_buf; break;
    case A_DMACCARXBR: v = s->rx_buf; break;
    case A_DMACSR: v = s->dmacsr; break;
    case A_DMACMFCR:
        v = FIELD_DP32(0, DMACMFCR, MFC, s->dmacmfcr);
        v = FIELD_DP32(v, DMACMFCR, MFCO, s->dmacmfcr >= COUNTER_MAX_11);
        s->dmacmfcr = 0; /* cleared on read */
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR | LOG_UNIMP,
                      "stm32h7-eth: read of reserved or unmodelled offset "
                      "0x%04" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    return v;
}

static void eth_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7EthState *s = opaque;
    uint32_t val = val64;

    trace_stm32h7_eth_write(addr, val);
    if (addr >= A_MACA0HR && addr <= A_MACA3LR) {
        int i = (addr - A_MACA0HR) / 8;
        if (addr & 4) {
            s->macalr[i] = val;
        } else {
            /* MACA0's AE reads 1 */
            s->macahr[i] = i ? val & 0xFF00FFFF
                             : (val & 0xFFFF) | R_MACAHR_AE_MASK;
        }
        return;
    }
    switch (addr) {
    case A_MACCR: s->maccr = val | R_MACCR_PS_MASK; break;
    case A_MACECR: s->macecr = val; break;
    case A_MACPFR: s->macpfr = val; break;
    case A_MACWTR: s->macwtr = val; break;
    case A_MACHT0R: s->macht[0] = val; break;
    case A_MACHT1R: s->macht[1] = val; break;
    case A_MACVTR: s->macvtr = val; break;
    case A_MACQTXFCR: s->macqtxfcr = val; break;
    case A_MACRXFCR: s->macrxfcr = val; break;
    case A_MACIER: s->macier = val; break;
    case A_MACPCSR: s->macpcsr = val; break;
    case A_MACRWKPFR: s->macrwkpfr = val; break;
    case A_MACLCSR: s->maclcsr = val; break;
    case A_MACLTCR: s->macltcr = val; break;
    case A_MACLETR: s->macletr = val; break;
    case A_MAC1USTCR: s->mac1ustcr = val & 0xFFF; break;
    case A_MACMDIOAR:
        s->macmdioar = val;
        if (FIELD_EX32(val, MACMDIOAR, MB)) {
            eth_mdio(s);
        }
        break;
    case A_MACMDIODR: s->macmdiodr = val; break;
    case A_MACARPAR: s->macarpar = val; break;
    case A_MMC_CONTROL:
        if (FIELD_EX32(val, MMC_CONTROL, CNTRST)) {
            s->mmc_tx_good = s->mmc_rx_crc_err = s->mmc_rx_align_err = 0;
            s->mmc_rx_ucast = 0;
        }
        s->mmc_control = val & ~R_MMC_CONTROL_CNTRST_MASK;
        break;
    case A_MMC_RX_INTERRUPT_MASK: s->mmc_rx_mask = val; break;
    case A_MMC_TX_INTERRUPT_MASK: s->mmc_tx_mask = val; break;
    case A_MTLOMR: s->mtlomr = val; break;
    case A_MTLTXQOMR:
        /* FTQ flushes the (always empty) FIFO and clears itself */
        s->mtltxqomr = (val & ~R_MTLTXQOMR_FTQ_MASK & 0x0000007E) |
                       (MTLTXQOMR_RESET & 0x01FF0000);
        break;
    case A_MTLQICSR: s->mtlqicsr = val; break;
    case A_MTLRXQOMR:
        s->mtlrxqomr = (val & 0x0000FFFB) | (MTLRXQOMR_RESET & 0x00700000);
        break;
    case A_DMAMR:
        if (FIELD_EX32(val, DMAMR, SWR)) {
            /* the software reset: MAC, MTL and DMA; it clears itself */
            trace_stm32h7_eth_reset();
            eth_regs_reset(s);
        } else {
            s->dmamr = val & 0x00037FFE;
        }
        break;
    case A_DMASBMR: s->dmasbmr = val; break;
    case A_DMACCR: s->dmaccr = val; break;
    case A_DMACTXCR:
        s->dmactxcr = val;
        if (!FIELD_EX32(val, DMACTXCR, ST)) {
            s->tx_state = TPS_STOPPED;
        } else if (s->tx_state == TPS_STOPPED) {
            s->tx_state = TPS_SUSPENDED;
            eth_tx_kick(s);
        }
        break;
    case A_DMACRXCR:
        s->dmacrxcr = val;
        if (!FIELD_EX32(val, DMACRXCR, SR)) {
            s->rx_state = RPS_STOPPED;
        } else if (s->rx_state == RPS_STOPPED) {
            s->rx_state = RPS_WAITING;
            rx_fetch(s);
            fifo_drain(s);
        }
        break;
    case A_DMACTXDLAR: s->dmactxdlar = s->tx_cur = val & ~3u; break;
    case A_DMACRXDLAR: s->dmacrxdlar = s->rx_cur = val & ~3u; break;
    case A_DMACTXDTPR:
        s->dmactxdtpr = val & ~3u;
        eth_tx_kick(s);
        break;
    case A_DMACRXDTPR:
        s->dmacrxdtpr = val & ~3u;
        if (s->rx_state == RPS_SUSPENDED) {
            s->rx_state = RPS_WAITING;
            rx_fetch(s);
        }
        fifo_drain(s);
        qemu_flush_queued_packets(qemu_get_queue(s->nic));
        break;
    case A_DMACTXRLR: s->dmactxrlr = val & R_DMACTXRLR_TDRL_MASK; break;
    case A_DMACRXRLR: s->dmacrxrlr = val & 0x00FF03FF; break;
    case A_DMACIER: s->dmacier = val & DMACIER_VALID; break;
    case A_DMACRXIWTR: s->dmacrxiwtr = val; break;
    case A_DMACSR:
        s->dmacsr &= ~(val & CSR_W1C);
        if (val & (R_DMACSR_RBU_MASK | R_DMACSR_FBE_MASK)) {
            fifo_drain(s);
        }
        break;
    case A_MACISR:
    case A_MACRXTXSR:
    case A_MACVR:
    case A_MACDR:
    case A_MACHWF0R:
    case A_MACHWF1R:
    case A_MACHWF2R:
    case A_MMC_RX_INTERRUPT:
    case A_MMC_TX_INTERRUPT:
    case A_TX_SINGLE_COLLISION_GOOD_PACKETS:
    case A_TX_MULTIPLE_COLLISION_GOOD_PACKETS:
    case A_TX_PACKET_COUNT_GOOD:
    case A_RX_CRC_ERROR_PACKETS:
    case A_RX_ALIGNMENT_ERROR_PACKETS:
    case A_RX_UNICAST_PACKETS_GOOD:
    case A_MTLISR:
    case A_MTLTXQUR:
    case A_MTLTXQDR:
    case A_MTLRXQMPOCR:
    case A_MTLRXQDR:
    case A_DMAISR:
    case A_DMADSR:
    case A_DMACCATXDR:
    case A_DMACCARXDR:
    case A_DMACCATXBR:
    case A_DMACCARXBR:
    case A_DMACMFCR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-eth: write to read-only offset 0x%04" HWADDR_PRIx
                      "\n",
                      addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR | LOG_UNIMP,
                      "stm32h7-eth: write to reserved or unmodelled offset "
                      "0x%04" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    eth_update_irq(s);
}

static const MemoryRegionOps eth_ops = {
    .read = eth_read,
    .write = eth_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void eth_reset_hold(Object *obj, ResetType type)
{
    Stm32h7EthState *s = STM32H7_ETH(obj);

    eth_regs_reset(s);
    lan8742a_reset(&s->phy);
}

static void eth_reset_exit(Object *obj, ResetType type)
{
    eth_update_irq(STM32H7_ETH(obj));
}

static void eth_get_dropped(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    uint32_t n = STM32H7_ETH(obj)->rx_dropped;
    visit_type_uint32(v, name, &n, errp);
}

static void eth_init(Object *obj)
{
    Stm32h7EthState *s = STM32H7_ETH(obj);

    object_property_add(obj, "rx-dropped", "uint32", eth_get_dropped, NULL,
                        NULL, NULL);
    memory_region_init_io(&s->mmio, obj, &eth_ops, s, TYPE_STM32H7_ETH,
                          ETH_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->phy.addr = PHY_MDIO_ADDR;
}

static void eth_realize(DeviceState *dev, Error **errp)
{
    Stm32h7EthState *s = STM32H7_ETH(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "stm32h7-eth: the bus clock 'clk' must be connected");
        return;
    }
    if (!s->dma_mr) {
        error_setg(errp, "stm32h7-eth: the 'dma-memory' link must be set");
        return;
    }
    address_space_init(&s->dma_as, s->dma_mr, "stm32h7-eth-dma");
    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&eth_net_info, &s->conf,
                          object_get_typename(OBJECT(dev)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    /* the cable is in when a netdev is; QEMU's set_link pulls it */
    s->phy.link = s->conf.peers.ncs[0] && !qemu_get_queue(s->nic)->link_down;
}

static int eth_post_load(void *opaque, int version_id)
{
    Stm32h7EthState *s = opaque;

    if (s->rx_fifo_used > sizeof(s->rx_fifo) ||
        s->tx_len > sizeof(s->tx_frame)) {
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_eth = {
    .name = TYPE_STM32H7_ETH,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = eth_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_STRUCT(phy, Stm32h7EthState, 1, vmstate_lan8742a,
                           Lan8742aState),
            VMSTATE_UINT32(maccr, Stm32h7EthState),
            VMSTATE_UINT32(macecr, Stm32h7EthState),
            VMSTATE_UINT32(macpfr, Stm32h7EthState),
            VMSTATE_UINT32(macwtr, Stm32h7EthState),
            VMSTATE_UINT32_ARRAY(macht, Stm32h7EthState, 2),
            VMSTATE_UINT32(macvtr, Stm32h7EthState),
            VMSTATE_UINT32(macqtxfcr, Stm32h7EthState),
            VMSTATE_UINT32(macrxfcr, Stm32h7EthState),
            VMSTATE_UINT32(macisr, Stm32h7EthState),
            VMSTATE_UINT32(macier, Stm32h7EthState),
            VMSTATE_UINT32(macpcsr, Stm32h7EthState),
            VMSTATE_UINT32(macrwkpfr, Stm32h7EthState),
            VMSTATE_UINT32(maclcsr, Stm32h7EthState),
            VMSTATE_UINT32(macltcr, Stm32h7EthState),
            VMSTATE_UINT32(macletr, Stm32h7EthState),
            VMSTATE_UINT32(mac1ustcr, Stm32h7EthState),
            VMSTATE_UINT32(macmdioar, Stm32h7EthState),
            VMSTATE_UINT32(macmdiodr, Stm32h7EthState),
            VMSTATE_UINT32(macarpar, Stm32h7EthState),
            VMSTATE_UINT32_ARRAY(macahr, Stm32h7EthState,
                                 STM32H7_ETH_MAC_ADDRS),
            VMSTATE_UINT32_ARRAY(macalr, Stm32h7EthState,
                                 STM32H7_ETH_MAC_ADDRS),
            VMSTATE_UINT32(mmc_control, Stm32h7EthState),
            VMSTATE_UINT32(mmc_rx_intr, Stm32h7EthState),
            VMSTATE_UINT32(mmc_tx_intr, Stm32h7EthState),
            VMSTATE_UINT32(mmc_rx_mask, Stm32h7EthState),
            VMSTATE_UINT32(mmc_tx_mask, Stm32h7EthState),
            VMSTATE_UINT32(mmc_tx_good, Stm32h7EthState),
            VMSTATE_UINT32(mmc_rx_crc_err, Stm32h7EthState),
            VMSTATE_UINT32(mmc_rx_align_err, Stm32h7EthState),
            VMSTATE_UINT32(mmc_rx_ucast, Stm32h7EthState),
            VMSTATE_UINT32(mtlomr, Stm32h7EthState),
            VMSTATE_UINT32(mtltxqomr, Stm32h7EthState),
            VMSTATE_UINT32(mtlrxqomr, Stm32h7EthState),
            VMSTATE_UINT32(mtlqicsr, Stm32h7EthState),
            VMSTATE_UINT32(mtl_missed, Stm32h7EthState),
            VMSTATE_UINT32(mtl_overflow, Stm32h7EthState),
            VMSTATE_UINT32(dmamr, Stm32h7EthState),
            VMSTATE_UINT32(dmasbmr, Stm32h7EthState),
            VMSTATE_UINT32(dmaccr, Stm32h7EthState),
            VMSTATE_UINT32(dmactxcr, Stm32h7EthState),
            VMSTATE_UINT32(dmacrxcr, Stm32h7EthState),
            VMSTATE_UINT32(dmactxdlar, Stm32h7EthState),
            VMSTATE_UINT32(dmacrxdlar, Stm32h7EthState),
            VMSTATE_UINT32(dmactxdtpr, Stm32h7EthState),
            VMSTATE_UINT32(dmacrxdtpr, Stm32h7EthState),
            VMSTATE_UINT32(dmactxrlr, Stm32h7EthState),
            VMSTATE_UINT32(dmacrxrlr, Stm32h7EthState),
            VMSTATE_UINT32(dmacier, Stm32h7EthState),
            VMSTATE_UINT32(dmacrxiwtr, Stm32h7EthState),
            VMSTATE_UINT32(dmacsr, Stm32h7EthState),
            VMSTATE_UINT32(dmacmfcr, Stm32h7EthState),
            VMSTATE_UINT32(tx_cur, Stm32h7EthState),
            VMSTATE_UINT32(rx_cur, Stm32h7EthState),
            VMSTATE_UINT32(tx_buf, Stm32h7EthState),
            VMSTATE_UINT32(rx_buf, Stm32h7EthState),
            VMSTATE_UINT8(tx_state, Stm32h7EthState),
            VMSTATE_UINT8(rx_state, Stm32h7EthState),
            VMSTATE_UINT32(tx_len, Stm32h7EthState),
            VMSTATE_UINT8(tx_cic, Stm32h7EthState),
            VMSTATE_UINT32(rx_dropped, Stm32h7EthState),
            VMSTATE_UINT8_ARRAY(tx_frame, Stm32h7EthState,
                                STM32H7_ETH_MAX_FRAME),
            VMSTATE_UINT32(rx_fifo_used, Stm32h7EthState),
            VMSTATE_UINT32(rx_fifo_frames, Stm32h7EthState),
            VMSTATE_UINT8_ARRAY(rx_fifo, Stm32h7EthState, STM32H7_ETH_RX_FIFO),
            VMSTATE_CLOCK(clk, Stm32h7EthState),
            VMSTATE_END_OF_LIST() }
};

static const Property eth_properties[] = {
    DEFINE_NIC_PROPERTIES(Stm32h7EthState, conf),
    DEFINE_PROP_LINK("dma-memory", Stm32h7EthState, dma_mr, TYPE_MEMORY_REGION,
                     MemoryRegion *),
};

static void eth_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_eth;
    dc->realize = eth_realize;
    device_class_set_props(dc, eth_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
    rc->phases.hold = eth_reset_hold;
    rc->phases.exit = eth_reset_exit;
}

static const TypeInfo eth_types[] = {
    {
        .name = TYPE_STM32H7_ETH,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7EthState),
        .instance_init = eth_init,
        .class_init = eth_class_init,
    },
};
DEFINE_TYPES(eth_types)
