/*
 * H4 framing (see h4.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>
#include "h4.h"

size_t h7bt_h4_header_len(uint8_t type)
{
    switch (type) {
    case H4_CMD: return 3;              /* opcode(2) length(1) */
    case H4_ACL: return 4;              /* handle+flags(2) length(2) */
    case H4_SCO: return 3;              /* handle+flags(2) length(1) */
    case H4_EVT: return 2;              /* code(1) length(1) */
    case H4_ISO: return 4;              /* handle+flags(2) length(2, 14 bits) */
    default: return 0;
    }
}

static size_t payload_len(uint8_t type, const uint8_t *h)
{
    switch (type) {
    case H4_CMD: return h[2];
    case H4_ACL: return (size_t)h[2] | (size_t)h[3] << 8;
    case H4_SCO: return h[2];
    case H4_EVT: return h[1];
    default: return ((size_t)h[2] | (size_t)h[3] << 8) & 0x3FFF;     /* ISO */
    }
}

size_t h7bt_h4_packet_len(const uint8_t *p, size_t have)
{
    size_t hl = have ? h7bt_h4_header_len(p[0]) : 1;
    if (!hl) {
        return SIZE_MAX;
    }
    if (have < 1 + hl) {
        return 0;
    }
    return 1 + hl + payload_len(p[0], p + 1);
}

size_t h7bt_h4_want(const h4_decoder_t *d)
{
    return d->type ? d->need - d->have : 1;
}

void h7bt_h4_init(h4_decoder_t *d, h4_packet_fn on_packet, void *ctx)
{
    memset(d, 0, sizeof(*d));
    d->on_packet = on_packet;
    d->ctx = ctx;
}

void h7bt_h4_feed(h4_decoder_t *d, const uint8_t *data, size_t len)
{
    while (len) {
        if (!d->type) {
            size_t hl = h7bt_h4_header_len(*data);
            if (!hl) {
                d->bad_type++;
            } else {
                d->type = *data;
                d->have = 0;
                d->need = hl;
            }
            data++;
            len--;
            continue;
        }
        size_t take = d->need - d->have < len ? d->need - d->have : len;
        memcpy(d->buf + d->have, data, take);
        d->have += take;
        data += take;
        len -= take;
        if (d->have < d->need) {
            continue;
        }
        size_t hl = h7bt_h4_header_len(d->type);
        if (d->need == hl) {                        /* header complete: the payload's size */
            size_t total = hl + payload_len(d->type, d->buf);
            if (total > sizeof(d->buf)) {
                d->too_long++;                      /* drop it, look for the next indicator */
                d->type = 0;
                continue;
            }
            d->need = total;
            if (d->need > d->have) {
                continue;
            }
        }
        uint8_t type = d->type;
        d->type = 0;
        d->on_packet(d->ctx, type, d->buf, d->have);
    }
}

size_t h7bt_h4_frame(uint8_t type, const uint8_t *pkt, size_t len, uint8_t *out, size_t out_size)
{
    if (len + 1 > out_size) {
        return 0;
    }
    out[0] = type;
    memcpy(out + 1, pkt, len);
    return len + 1;
}
