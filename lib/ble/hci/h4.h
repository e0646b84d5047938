/*
 * H4 (UART transport) framing of HCI packets for the h7stack BLE host:
 * one indicator byte (command 0x01, ACL 0x02, SCO 0x03, event 0x04, ISO
 * 0x05) then the packet with its own length field.  The decoder takes bytes
 * as they come (any split) and hands over whole packets; a byte that is
 * not a packet indicator, or a length beyond the buffer, is counted and
 * skipped so that the stream can find its feet again.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_H4_H
#define H7STACK_BLE_H4_H

#include <stddef.h>
#include <stdint.h>

enum {
    H4_CMD = 0x01,
    H4_ACL = 0x02,
    H4_SCO = 0x03,
    H4_EVT = 0x04,
    H4_ISO = 0x05,
};

/* the largest packet an LE controller sends: an event with 255 bytes of
 * parameters; an ACL fragment carries at most the 251 bytes of the largest
 * LL data PDU payload (Core Vol 6 Part B 2.4), 255 with its header */
#define H4_MAX_PACKET   (2 + 255)

typedef void (*h4_packet_fn)(void *ctx, uint8_t type, const uint8_t *pkt, size_t len);

typedef struct {
    h4_packet_fn on_packet;
    void *ctx;
    uint8_t type;               /* 0: waiting for an indicator */
    size_t have, need;          /* bytes of the packet so far, and expected */
    uint32_t bad_type, too_long;
    uint8_t buf[H4_MAX_PACKET];
} h4_decoder_t;

void h7bt_h4_init(h4_decoder_t *d, h4_packet_fn on_packet, void *ctx);
/* feed received bytes; packets are delivered from inside this call */
void h7bt_h4_feed(h4_decoder_t *d, const uint8_t *data, size_t len);
/* header length of a packet type (0: unknown type) */
size_t h7bt_h4_header_len(uint8_t type);
/* the whole length (indicator included) of the packet that starts at p, of
 * which `have` bytes are there: 0 while its header is incomplete, SIZE_MAX
 * when p[0] is no packet indicator */
size_t h7bt_h4_packet_len(const uint8_t *p, size_t have);
/* bytes that may be fed without passing the end of the packet in progress
 * (or its header): feeding at most that many completes at most one packet,
 * at their end */
size_t h7bt_h4_want(const h4_decoder_t *d);
/* frame one packet: out gets type + pkt; returns the bytes, 0 if out_size is too small */
size_t h7bt_h4_frame(uint8_t type, const uint8_t *pkt, size_t len, uint8_t *out, size_t out_size);

#endif
