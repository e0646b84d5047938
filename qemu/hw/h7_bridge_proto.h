/*
 * The device bridge's wire protocol (docs/bridge.md): messages between
 * QEMU's bridge devices and a host process that plays the device.  Plain
 * C with no QEMU dependency, so that the fuzz target builds it alone.
 *
 * Every message is a type byte, a length byte N and N payload bytes; each
 * type has one fixed length.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_H7_BRIDGE_PROTO_H
#define H7STACK_H7_BRIDGE_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define H7BR_VERSION     1
#define H7BR_HEADER      2
#define H7BR_MAX_PAYLOAD 255
#define H7BR_MAX_MSG     (H7BR_HEADER + H7BR_MAX_PAYLOAD)

/* QEMU to the peer */
#define H7BR_HELLO     'H' /* version, kind (H7BR_KIND_*) */
#define H7BR_I2C_START 'S' /* 7-bit address, 1 to read: answered by ACK */
#define H7BR_I2C_WRITE 'W' /* byte: answered by ACK */
#define H7BR_I2C_READ  'R' /* answered by DATA */
#define H7BR_I2C_STOP  'P'
#define H7BR_SPI_CS    'C' /* 0 selected, 1 released */
#define H7BR_SPI_XFER  'X' /* byte out: answered by DATA, the byte in */
/* the peer to QEMU: answers */
#define H7BR_ACK       'A' /* 0 acknowledged, 1 not */
#define H7BR_DATA      'D' /* byte */
/* the peer to QEMU, at any time */
#define H7BR_PIN       'L' /* pin (port * 16 + n), H7BR_LEVEL_* */
#define H7BR_VOLTS     'V' /* pin, microvolts as int32 little-endian */

#define H7BR_KIND_I2C  1
#define H7BR_KIND_SPI  2
#define H7BR_KIND_PINS 3

#define H7BR_LEVEL_LOW      0
#define H7BR_LEVEL_HIGH     1
#define H7BR_LEVEL_RELEASED 2

#define H7BR_PINS   (11 * 16) /* PA0..PK15 */
#define H7BR_UV_MIN (-300000)
#define H7BR_UV_MAX 4000000

typedef struct {
    uint8_t type;
    uint8_t len;
    uint8_t payload[H7BR_MAX_PAYLOAD];
} H7brMsg;

/* the payload length of a type, or -1 for a type that does not exist */
int h7br_payload_len(uint8_t type);

/*
 * Take one message from the start of buf: the bytes it used, 0 when more
 * are needed, or -1 when the bytes are not a message (an unknown type, a
 * length other than the type's, a pin or value out of range).
 */
int h7br_parse(const uint8_t *buf, size_t len, H7brMsg *msg);

/* a message of type with payload p (its length from the type) into out,
 * which holds H7BR_MAX_MSG bytes: the bytes written */
size_t h7br_encode(uint8_t *out, uint8_t type, const uint8_t *p);

/* PIN and VOLTS payloads */
static inline int32_t h7br_uv(const H7brMsg *m)
{
    return (int32_t)((uint32_t)m->payload[1] | (uint32_t)m->payload[2] << 8 |
                     (uint32_t)m->payload[3] << 16 |
                     (uint32_t)m->payload[4] << 24);
}

#endif
