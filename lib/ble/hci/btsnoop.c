/*
 * btsnoop encoding; see btsnoop.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "btsnoop.h"
#include "h4.h"

#define DATALINK_H4     1002u
/* btsnoop time counts microseconds from 1 January of year 0 */
#define EPOCH_0AD_US    0x00E03AB44A676000ull

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

size_t h7bt_btsnoop_header(uint8_t *out)
{
    memcpy(out, "btsnoop", 8);          /* with its NUL */
    be32(out + 8, 1);                   /* version */
    be32(out + 12, DATALINK_H4);
    return BTSNOOP_HEADER_LEN;
}

size_t h7bt_btsnoop_record(uint8_t *out, size_t cap, uint8_t h4_type, bool rx,
                      const uint8_t *pkt, size_t len, uint64_t unix_us)
{
    size_t total = BTSNOOP_RECORD_HDR + 1 + len;
    if (cap < total) {
        return 0;
    }
    /* flags: bit 0 received, bit 1 command or event (not data) */
    uint32_t flags = (rx ? 1u : 0u) | (h4_type == H4_CMD || h4_type == H4_EVT ? 2u : 0u);
    uint64_t ts = unix_us + EPOCH_0AD_US;
    be32(out, (uint32_t)(len + 1));     /* original length */
    be32(out + 4, (uint32_t)(len + 1)); /* included length */
    be32(out + 8, flags);
    be32(out + 12, 0);                  /* cumulative drops */
    be32(out + 16, (uint32_t)(ts >> 32));
    be32(out + 20, (uint32_t)ts);
    out[24] = h4_type;
    memcpy(out + 25, pkt, len);
    return total;
}
