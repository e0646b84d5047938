/*
 * Ethernet frame work of the STM32H7 MAC: CRC-32, the multicast hash and
 * the IP checksum offload (stm32h7_eth_frame.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "stm32h7_eth_frame.h"

#include <string.h>

#define IP_PROTO_ICMP   1
#define IP_PROTO_TCP    6
#define IP_PROTO_UDP    17
#define IP_PROTO_ICMPV6 58
/* IPv6 extension headers the MAC steps over, and the fragment header */
#define IP6_HOP_BY_HOP  0
#define IP6_ROUTING     43
#define IP6_FRAGMENT    44
#define IP6_DEST_OPTS   60

#define IPV4_MIN_HDR  20
#define IPV4_FLAG_MF  0x2000
#define IPV4_FRAG_OFF 0x1FFF
#define IPV6_HDR      40

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xFF;
}

uint32_t h7eth_crc32(const uint8_t *data, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;

    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

unsigned h7eth_hash_index(const uint8_t mac[6])
{
    /* the upper six bits of the bit-reversed CRC of the address, as the
     * MAC computes it (the FCS register before its final inversion) */
    uint32_t crc = ~h7eth_crc32(mac, 6), rev = 0;

    for (int i = 0; i < 32; i++) {
        rev |= ((crc >> i) & 1u) << (31 - i);
    }
    return rev >> 26;
}

uint16_t h7eth_ethertype(const uint8_t *frame, size_t len, size_t *l3)
{
    size_t off = 12;

    if (len < H7ETH_HDR_LEN) {
        return 0;
    }
    /* up to two VLAN tags (802.1Q, or 802.1ad outside one) */
    for (int tags = 0; tags < 2; tags++) {
        uint16_t t = rd16(frame + off);
        if ((t != H7ETH_TYPE_VLAN && t != 0x88A8) ||
            len < off + H7ETH_VLAN_LEN + 2) {
            break;
        }
        off += H7ETH_VLAN_LEN;
    }
    *l3 = off + 2;
    return rd16(frame + off);
}

static uint32_t sum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (; n > 1; n -= 2, p += 2) {
        sum += rd16(p);
    }
    if (n) {
        sum += (uint32_t)p[0] << 8;
    }
    return sum;
}

static uint16_t sum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (uint16_t)sum;
}

/* An IP packet's layer-4 payload, found the way the checksum engine finds
 * it; false for what it does not check (not IP, fragments, bad headers) */
typedef struct L4 {
    size_t off, len; /* the payload in the frame */
    uint8_t proto;
    uint32_t pseudo; /* the pseudo-header's sum (0 for ICMPv4) */
    bool ipv4, ipv6, header_error, fragment;
} L4;

static bool find_l4(const uint8_t *f, size_t len, L4 *l4)
{
    size_t l3;
    uint16_t type = h7eth_ethertype(f, len, &l3);

    memset(l4, 0, sizeof(*l4));
    if (type == H7ETH_TYPE_IPV4) {
        l4->ipv4 = true;
        if (len < l3 + IPV4_MIN_HDR || (f[l3] >> 4) != 4) {
            l4->header_error = true;
            return false;
        }
        size_t ihl = (f[l3] & 0xF) * 4u, total = rd16(f + l3 + 2);
        if (ihl < IPV4_MIN_HDR || total < ihl || l3 + total > len) {
            l4->header_error = true;
            return false;
        }
        if (rd16(f + l3 + 6) & (IPV4_FLAG_MF | IPV4_FRAG_OFF)) {
            l4->fragment = true;
            return false;
        }
        l4->proto = f[l3 + 9];
        l4->off = l3 + ihl;
        l4->len = total - ihl;
        if (l4->proto != IP_PROTO_ICMP) {
            l4->pseudo = sum_add(0, f + l3 + 12, 8) + l4->proto + l4->len;
        }
        return true;
    }
    if (type == H7ETH_TYPE_IPV6) {
        l4->ipv6 = true;
        if (len < l3 + IPV6_HDR || (f[l3] >> 4) != 6) {
            l4->header_error = true;
            return false;
        }
        size_t payload = rd16(f + l3 + 4), off = l3 + IPV6_HDR;
        size_t end = off + payload;
        uint8_t next = f[l3 + 6];
        if (end > len) {
            l4->header_error = true;
            return false;
        }
        while (next == IP6_HOP_BY_HOP || next == IP6_ROUTING ||
               next == IP6_DEST_OPTS) {
            if (off + 8 > end) {
                l4->header_error = true;
                return false;
            }
            size_t ext = (f[off + 1] + 1u) * 8u;
            next = f[off];
            off += ext;
            if (off > end) {
                l4->header_error = true;
                return false;
            }
        }
        if (next == IP6_FRAGMENT) {
            l4->fragment = true;
            return false;
        }
        l4->proto = next;
        l4->off = off;
        l4->len = end - off;
        l4->pseudo = sum_add(0, f + l3 + 8, 32) + (uint32_t)(l4->len >> 16) +
                     (uint32_t)(l4->len & 0xFFFF) + next;
        return true;
    }
    return false;
}

/* where the checksum field of a layer-4 protocol sits */
static int csum_field(const L4 *l4)
{
    switch (l4->proto) {
    case IP_PROTO_TCP: return l4->len >= 20 ? 16 : -1;
    case IP_PROTO_UDP: return l4->len >= 8 ? 6 : -1;
    case IP_PROTO_ICMP: return l4->ipv4 && l4->len >= 4 ? 2 : -1;
    case IP_PROTO_ICMPV6: return l4->ipv6 && l4->len >= 4 ? 2 : -1;
    default: return -1;
    }
}

bool h7eth_tx_checksum(uint8_t *f, size_t len, unsigned cic)
{
    L4 l4;
    size_t l3;

    if (cic == H7ETH_CIC_NONE) {
        return true;
    }
    bool ip = find_l4(f, len, &l4);
    if (!ip && !l4.ipv4) {
        return false;
    }
    if (l4.ipv4 && !l4.header_error) {
        h7eth_ethertype(f, len, &l3);
        size_t ihl = (f[l3] & 0xF) * 4u;
        wr16(f + l3 + 10, 0);
        wr16(f + l3 + 10, (uint16_t)~sum_fold(sum_add(0, f + l3, ihl)));
    }
    if (cic == H7ETH_CIC_IP_HEADER || !ip) {
        return ip || l4.fragment;
    }
    int field = csum_field(&l4);
    if (field < 0) {
        return false;
    }
    uint8_t *cs = f + l4.off + field;
    uint32_t sum = 0;
    if (cic == H7ETH_CIC_IP_FULL) {
        wr16(cs, 0);
        sum = l4.pseudo;
    }
    uint16_t v = (uint16_t)~sum_fold(sum_add(sum, f + l4.off, l4.len));
    if (v == 0 && l4.proto == IP_PROTO_UDP) {
        v = 0xFFFF; /* 0 would say "no checksum" */
    }
    wr16(cs, v);
    return true;
}

void h7eth_rx_checksum(const uint8_t *f, size_t len, H7EthRxCheck *out)
{
    L4 l4;
    size_t l3;
    bool ip = find_l4(f, len, &l4);

    memset(out, 0, sizeof(*out));
    out->ipv4 = l4.ipv4;
    out->ipv6 = l4.ipv6;
    out->header_error = l4.header_error;
    if (l4.ipv4 && !l4.header_error) {
        h7eth_ethertype(f, len, &l3);
        size_t ihl = (f[l3] & 0xF) * 4u;
        out->header_error = sum_fold(sum_add(0, f + l3, ihl)) != 0xFFFF;
    }
    if (!ip) {
        out->bypassed = true;
        return;
    }
    switch (l4.proto) {
    case IP_PROTO_TCP: out->payload_type = H7ETH_PT_TCP; break;
    case IP_PROTO_UDP: out->payload_type = H7ETH_PT_UDP; break;
    case IP_PROTO_ICMP:
    case IP_PROTO_ICMPV6: out->payload_type = H7ETH_PT_ICMP; break;
    default: out->payload_type = H7ETH_PT_UNKNOWN; break;
    }
    int field = csum_field(&l4);
    if (out->payload_type == H7ETH_PT_UNKNOWN) {
        out->bypassed = true;
        return;
    }
    if (field < 0) {
        out->payload_error = true; /* too short for its own header */
        return;
    }
    if (l4.proto == IP_PROTO_UDP && l4.ipv4 && rd16(f + l4.off + field) == 0) {
        return; /* an IPv4 UDP datagram sent without a checksum */
    }
    out->payload_error = sum_fold(sum_add(l4.pseudo, f + l4.off, l4.len)) !=
                         0xFFFF;
}
