/*
 * The device bridge: I2C and SPI devices and pin inputs whose behaviour
 * comes from a host process over a socket (docs/bridge.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_H7_BRIDGE_H
#define H7STACK_H7_BRIDGE_H

#include "qom/object.h"
#include "hw/i2c/i2c.h"
#include "hw/ssi/ssi.h"
#include "h7_bridge_proto.h"

#define TYPE_H7_BRIDGE_I2C  "bridge-i2c"
#define TYPE_H7_BRIDGE_SPI  "bridge-spi"
#define TYPE_H7_BRIDGE_PINS "bridge-pins"
OBJECT_DECLARE_SIMPLE_TYPE(H7BridgeI2cState, H7_BRIDGE_I2C)
OBJECT_DECLARE_SIMPLE_TYPE(H7BridgeSpiState, H7_BRIDGE_SPI)
OBJECT_DECLARE_SIMPLE_TYPE(H7BridgePinsState, H7_BRIDGE_PINS)

/* the connection every bridge device has */
typedef struct {
    DeviceState *dev;
    uint8_t kind;        /* H7BR_KIND_* */
    char *socket;        /* "unix:PATH" or "HOST:PORT" (property) */
    uint32_t timeout_ms; /* for an answer (property) */
    int fd;              /* -1 while not connected */
    int64_t retry_ms;    /* host time before which no new connect is tried */
    uint8_t rx[2 * H7BR_MAX_MSG];
    size_t rx_len;
    /* counters, for tests: answers that never came, connections lost */
    uint32_t timeouts, disconnects;
} H7Bridge;

struct H7BridgeI2cState {
    I2CSlave parent_obj;
    H7Bridge br;
    bool holding_scl; /* the peer failed mid-transfer: SCL held low */
};

struct H7BridgeSpiState {
    SSIPeripheral parent_obj;
    H7Bridge br;
};

struct H7BridgePinsState {
    DeviceState parent_obj;
    H7Bridge br;
};

/*
 * Clock stretching for I2C controllers: a device that holds SCL low (a
 * bridged device whose peer stopped answering) stalls the transfer until
 * the controller gives up (STOP, or the peripheral is reset).
 */
bool h7_i2c_bus_held(I2CBus *bus);

#endif
