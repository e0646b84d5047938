/*
 * The device bridge's wire protocol: framing and the checks every
 * received message passes before a device acts on it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "h7_bridge_proto.h"

int h7br_payload_len(uint8_t type)
{
    switch (type) {
    case H7BR_HELLO: return 2;
    case H7BR_I2C_START: return 2;
    case H7BR_I2C_WRITE: return 1;
    case H7BR_I2C_READ: return 0;
    case H7BR_I2C_STOP: return 0;
    case H7BR_SPI_CS: return 1;
    case H7BR_SPI_XFER: return 1;
    case H7BR_ACK: return 1;
    case H7BR_DATA: return 1;
    case H7BR_PIN: return 2;
    case H7BR_VOLTS: return 5;
    default: return -1;
    }
}

static int valid(const H7brMsg *m)
{
    switch (m->type) {
    case H7BR_ACK:
    case H7BR_SPI_CS: return m->payload[0] <= 1;
    case H7BR_I2C_START: return m->payload[0] < 0x80 && m->payload[1] <= 1;
    case H7BR_PIN:
        return m->payload[0] < H7BR_PINS &&
               m->payload[1] <= H7BR_LEVEL_RELEASED;
    case H7BR_VOLTS: {
        int32_t uv = h7br_uv(m);
        return m->payload[0] < H7BR_PINS && uv >= H7BR_UV_MIN &&
               uv <= H7BR_UV_MAX;
    }
    default: return 1;
    }
}

int h7br_parse(const uint8_t *buf, size_t len, H7brMsg *msg)
{
    int want;

    if (len < H7BR_HEADER) {
        return 0;
    }
    want = h7br_payload_len(buf[0]);
    if (want < 0 || buf[1] != want) {
        return -1;
    }
    if (len < (size_t)(H7BR_HEADER + want)) {
        return 0;
    }
    msg->type = buf[0];
    msg->len = buf[1];
    memcpy(msg->payload, buf + H7BR_HEADER, msg->len);
    return valid(msg) ? H7BR_HEADER + want : -1;
}

size_t h7br_encode(uint8_t *out, uint8_t type, const uint8_t *p)
{
    int n = h7br_payload_len(type);

    if (n < 0) {
        return 0;
    }
    out[0] = type;
    out[1] = (uint8_t)n;
    if (n) {
        memcpy(out + H7BR_HEADER, p, (size_t)n);
    }
    return H7BR_HEADER + (size_t)n;
}
