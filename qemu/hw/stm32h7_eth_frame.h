/*
 * Ethernet frame work the STM32H7's MAC does in hardware: the FCS and the
 * multicast hash (both CRC-32), checksum insertion on transmit and the
 * checksum check on receive (IPv4 and IPv6; TCP, UDP, ICMP).  Plain C with
 * no QEMU dependency: the fuzz target (tests/fuzz/fuzz_eth_frame.c) builds
 * it alone, since every received frame comes from outside the guest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_ETH_FRAME_H
#define H7STACK_STM32H7_ETH_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H7ETH_HDR_LEN   14 /* destination, source, EtherType/length */
#define H7ETH_VLAN_LEN  4
#define H7ETH_MIN_FRAME 60 /* without the FCS */
#define H7ETH_FCS_LEN   4
#define H7ETH_TYPE_MIN  0x0600 /* below: an 802.3 length field */
#define H7ETH_TYPE_IPV4 0x0800
#define H7ETH_TYPE_IPV6 0x86DD
#define H7ETH_TYPE_VLAN 0x8100

/* TDES3.CIC: what the MAC inserts */
#define H7ETH_CIC_NONE       0
#define H7ETH_CIC_IP_HEADER  1 /* the IPv4 header checksum */
#define H7ETH_CIC_IP_PAYLOAD 2 /* and TCP/UDP/ICMP, pseudo-header given */
#define H7ETH_CIC_IP_FULL    3 /* and TCP/UDP/ICMP, pseudo-header made */

/* RDES1.PT: the IP payload type */
#define H7ETH_PT_UNKNOWN 0
#define H7ETH_PT_UDP     1
#define H7ETH_PT_TCP     2
#define H7ETH_PT_ICMP    3

typedef struct H7EthRxCheck {
    bool ipv4, ipv6;      /* RDES1.IPV4 / IPV6 */
    bool header_error;    /* RDES1.IPHE: bad IPv4 checksum or lengths */
    bool payload_error;   /* RDES1.IPCE: bad TCP/UDP/ICMP checksum */
    bool bypassed;        /* RDES1.IPCB: not IP, or a fragment: not checked */
    uint8_t payload_type; /* H7ETH_PT_* */
} H7EthRxCheck;

uint32_t h7eth_crc32(const uint8_t *data, size_t len);
/* the bit of MACHT0R/MACHT1R a multicast destination selects (0-63) */
unsigned h7eth_hash_index(const uint8_t mac[6]);
/* The EtherType at its place past any VLAN tag, and where the L3 header
 * starts; 0 if the frame is too short */
uint16_t h7eth_ethertype(const uint8_t *frame, size_t len, size_t *l3);
/* Insert checksums into a frame to send as TDES3.CIC asks.  Returns false
 * (and leaves the frame as it was) when the frame is not one it applies to. */
bool h7eth_tx_checksum(uint8_t *frame, size_t len, unsigned cic);
/* Check a received frame's IP checksums as MACCR.IPC does */
void h7eth_rx_checksum(const uint8_t *frame, size_t len, H7EthRxCheck *out);

#endif
