/*
 * The device bridge (docs/bridge.md): QEMU devices whose behaviour comes
 * from a host process, connected over a unix or TCP socket that the peer
 * listens on.
 *
 * - bridge-i2c (on an I2C bus, at its address): START with the address and
 *   direction, each byte written, each byte read, STOP, each a message; the
 *   peer answers START and writes with ACK or NACK and reads with a byte.
 * - bridge-spi (on an SPI bus, at its chip select): the chip select's
 *   changes and each byte exchanged.
 * - bridge-pins: no bus; the peer only drives pin levels and ADC voltages.
 *
 * Every kind takes the peer's PIN (a GPIO input level, or released) and
 * VOLTS (an ADC pin's voltage) messages at any time.
 *
 * The bus callbacks need their answer at once, so QEMU waits for it, for at
 * most timeout-ms of host time (virtual time does not move meanwhile).  A
 * peer that is missing, answers late, disconnects or sends a malformed
 * message is dropped: until it is back, an I2C START is NACKed (the device
 * is absent), a read in progress holds SCL low (the controller's transfer
 * stalls until the guest gives up, as with a hung device), SPI reads as
 * 0xFF.  Connecting again is tried at most every 100 ms of host time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <poll.h>
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/sockets.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/qapi-visit-sockets.h"
#include "qobject/qnum.h"
#include "qom/qom-qobject.h"
#include "hw/qdev-properties.h"
#include "hw/irq.h"
#include "migration/vmstate.h"
#include "h7_bridge.h"
#include "stm32h747_soc.h"
#include "trace.h"

#define BRIDGE_RETRY_MS 100

static const char *br_name(H7Bridge *b)
{
    return object_get_typename(OBJECT(b->dev));
}

static void br_dispatch(H7Bridge *b, const H7brMsg *m);

static void br_drop(H7Bridge *b, const char *why)
{
    if (b->fd < 0) {
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "%s: peer at %s dropped: %s\n", br_name(b),
                  b->socket, why);
    trace_h7_bridge_drop(br_name(b), why);
    qemu_set_fd_handler(b->fd, NULL, NULL, NULL);
    close(b->fd);
    b->fd = -1;
    b->rx_len = 0;
    b->disconnects++;
    b->retry_ms = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + BRIDGE_RETRY_MS;
}

/* take the messages in rx; stop at one of type want (returned in *out) */
static bool br_parse(H7Bridge *b, uint8_t want, H7brMsg *out)
{
    size_t off = 0;
    bool found = false;

    while (b->fd >= 0 && !found) {
        H7brMsg m;
        int n = h7br_parse(b->rx + off, b->rx_len - off, &m);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            br_drop(b, "malformed message");
            return false;
        }
        off += n;
        if (want && m.type == want) {
            *out = m;
            found = true;
        } else {
            br_dispatch(b, &m);
        }
    }
    if (b->fd >= 0) {
        memmove(b->rx, b->rx + off, b->rx_len - off);
        b->rx_len -= off;
    }
    return found;
}

/* read what has arrived; false when the peer has gone */
static bool br_fill(H7Bridge *b)
{
    ssize_t n = recv(b->fd, b->rx + b->rx_len, sizeof(b->rx) - b->rx_len,
                     MSG_DONTWAIT);
    if (n == 0 ||
        (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        br_drop(b, n == 0 ? "disconnected" : strerror(errno));
        return false;
    }
    if (n > 0) {
        b->rx_len += n;
    }
    return true;
}

/* the main loop's reader: messages the peer sends on its own */
static void br_readable(void *opaque)
{
    H7Bridge *b = opaque;

    if (br_fill(b)) {
        br_parse(b, 0, NULL);
    }
}

static bool br_connect(H7Bridge *b)
{
    Error *err = NULL;
    SocketAddress *addr;
    uint8_t hello[2] = { H7BR_VERSION, b->kind };
    uint8_t frame[H7BR_MAX_MSG];
    size_t len;

    if (b->fd >= 0) {
        return true;
    }
    if (qemu_clock_get_ms(QEMU_CLOCK_REALTIME) < b->retry_ms) {
        return false;
    }
    b->retry_ms = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + BRIDGE_RETRY_MS;
    addr = socket_parse(b->socket, &err);
    if (addr) {
        b->fd = socket_connect(addr, &err);
        qapi_free_SocketAddress(addr);
    }
    if (b->fd < 0) {
        trace_h7_bridge_connect(br_name(b), b->socket,
                                err ? error_get_pretty(err) : "");
        error_free(err);
        b->fd = -1;
        return false;
    }
    qemu_socket_set_nonblock(b->fd);
    b->rx_len = 0;
    len = h7br_encode(frame, H7BR_HELLO, hello);
    if (send(b->fd, frame, len, MSG_NOSIGNAL) != (ssize_t)len) {
        br_drop(b, "hello not sent");
        return false;
    }
    qemu_set_fd_handler(b->fd, br_readable, NULL, b);
    trace_h7_bridge_connect(br_name(b), b->socket, "connected");
    return true;
}

/* ms of host time left before deadline, at least 0 */
static int br_left(int64_t deadline)
{
    return MAX(0, deadline - qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
}

static bool br_send(H7Bridge *b, uint8_t type, const uint8_t *p)
{
    uint8_t frame[H7BR_MAX_MSG];
    size_t len = h7br_encode(frame, type, p), done = 0;
    int64_t deadline = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + b->timeout_ms;

    if (!br_connect(b)) {
        return false;
    }
    while (done < len) {
        ssize_t n = send(b->fd, frame + done, len - done,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
            errno != EINTR) {
            br_drop(b, strerror(errno));
            return false;
        }
        struct pollfd pfd = { .fd = b->fd, .events = POLLOUT };
        if (poll(&pfd, 1, br_left(deadline)) == 0) {
            b->timeouts++;
            br_drop(b, "not reading");
            return false;
        }
    }
    return true;
}

/* send a request and wait for its answer (type answer, its first byte) */
static bool br_request(H7Bridge *b, uint8_t type, const uint8_t *p,
                       uint8_t answer, uint8_t *value)
{
    int64_t deadline = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + b->timeout_ms;
    H7brMsg m;

    if (!br_send(b, type, p)) {
        return false;
    }
    while (!br_parse(b, answer, &m)) {
        struct pollfd pfd = { .fd = b->fd, .events = POLLIN };
        int r;

        if (b->fd < 0) {
            return false;
        }
        r = poll(&pfd, 1, br_left(deadline));
        if (r == 0) {
            b->timeouts++;
            br_drop(b, "no answer in time");
            return false;
        }
        if (r > 0 && !br_fill(b)) {
            return false;
        }
    }
    *value = m.payload[0];
    return true;
}

/* the peer's own messages: pin levels and voltages on the SoC's pins */
static void br_dispatch(H7Bridge *b, const H7brMsg *m)
{
    Object *soc = object_resolve_path_type("", TYPE_STM32H747_SOC, NULL);
    unsigned pin = m->payload[0];
    char name[16];

    switch (m->type) {
    case H7BR_PIN: {
        Stm32h747SocState *s = soc ? STM32H747_SOC(soc) : NULL;
        int level = m->payload[1] == H7BR_LEVEL_RELEASED ? -1 : m->payload[1];
        if (!s) {
            break;
        }
        trace_h7_bridge_pin(br_name(b), pin, level);
        qemu_set_irq(qdev_get_gpio_in(DEVICE(&s->gpio[pin / 16]), pin % 16),
                     level);
        return;
    }
    case H7BR_VOLTS: {
        Error *err = NULL;
        snprintf(name, sizeof(name), "ain-P%c%u", 'A' + pin / 16, pin % 16);
        if (soc && object_property_find(soc, name)) {
            QNum *v = qnum_from_double(h7br_uv(m) / 1e6);
            object_property_set_qobject(soc, name, QOBJECT(v), &err);
            qobject_unref(v);
            if (!err) {
                return;
            }
            error_free(err);
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: VOLTS for P%c%u, which no ADC measures: ignored\n",
                      br_name(b), 'A' + pin / 16, pin % 16);
        return;
    }
    default: break;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: message '%c' from the peer out of turn: ignored\n",
                  br_name(b), m->type);
}

static void br_init(H7Bridge *b, DeviceState *dev, uint8_t kind)
{
    b->dev = dev;
    b->kind = kind;
    b->fd = -1;
}

static bool br_realize(H7Bridge *b, Error **errp)
{
    Error *err = NULL;
    SocketAddress *addr;

    if (!b->socket || !*b->socket) {
        error_setg(errp, "%s: socket=unix:PATH or socket=HOST:PORT is needed",
                   br_name(b));
        return false;
    }
    addr = socket_parse(b->socket, &err);
    if (!addr) {
        error_propagate_prepend(errp, err, "%s: socket: ", br_name(b));
        return false;
    }
    qapi_free_SocketAddress(addr);
    br_connect(b); /* a peer that is not there yet is tried again later */
    return true;
}

static void br_unrealize(H7Bridge *b)
{
    if (b->fd >= 0) {
        qemu_set_fd_handler(b->fd, NULL, NULL, NULL);
        close(b->fd);
        b->fd = -1;
    }
}

static void br_add_counters(Object *obj, H7Bridge *b)
{
    object_property_add_uint32_ptr(obj, "timeouts", &b->timeouts,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "disconnects", &b->disconnects,
                                   OBJ_PROP_FLAG_READ);
}

#define BRIDGE_PROPS(state) \
    DEFINE_PROP_STRING("socket", state, br.socket), \
        DEFINE_PROP_UINT32("timeout-ms", state, br.timeout_ms, 500)

/* ---- bridge-i2c ---- */

static int bridge_i2c_event(I2CSlave *i2c, enum i2c_event event)
{
    H7BridgeI2cState *s = H7_BRIDGE_I2C(i2c);
    uint8_t start[2] = { i2c->address, event == I2C_START_RECV }, ack;

    switch (event) {
    case I2C_START_SEND:
    case I2C_START_RECV:
        s->holding_scl = false;
        if (!br_request(&s->br, H7BR_I2C_START, start, H7BR_ACK, &ack)) {
            return 1; /* no peer: nobody at this address */
        }
        return ack;
    case I2C_FINISH:
        s->holding_scl = false;
        if (s->br.fd >= 0) {
            br_send(&s->br, H7BR_I2C_STOP, NULL);
        }
        return 0;
    default: return 0; /* the master's NACK ends a read: STOP follows */
    }
}

static int bridge_i2c_send(I2CSlave *i2c, uint8_t data)
{
    H7BridgeI2cState *s = H7_BRIDGE_I2C(i2c);
    uint8_t ack;

    if (!br_request(&s->br, H7BR_I2C_WRITE, &data, H7BR_ACK, &ack)) {
        return 1;
    }
    return ack;
}

static uint8_t bridge_i2c_recv(I2CSlave *i2c)
{
    H7BridgeI2cState *s = H7_BRIDGE_I2C(i2c);
    uint8_t v;

    if (!br_request(&s->br, H7BR_I2C_READ, NULL, H7BR_DATA, &v)) {
        s->holding_scl = true;
        return 0xFF;
    }
    return v;
}

bool h7_i2c_bus_held(I2CBus *bus)
{
    I2CNode *node;

    QLIST_FOREACH(node, &bus->current_devs, next)
    {
        Object *o = object_dynamic_cast(OBJECT(node->elt), TYPE_H7_BRIDGE_I2C);
        if (o && H7_BRIDGE_I2C(o)->holding_scl) {
            return true;
        }
    }
    return false;
}

static void bridge_i2c_init(Object *obj)
{
    H7BridgeI2cState *s = H7_BRIDGE_I2C(obj);
    br_init(&s->br, DEVICE(obj), H7BR_KIND_I2C);
    br_add_counters(obj, &s->br);
}

static void bridge_i2c_realize(DeviceState *dev, Error **errp)
{
    br_realize(&H7_BRIDGE_I2C(dev)->br, errp);
}

static void bridge_i2c_unrealize(DeviceState *dev)
{
    br_unrealize(&H7_BRIDGE_I2C(dev)->br);
}

static const Property bridge_i2c_props[] = {
    BRIDGE_PROPS(H7BridgeI2cState),
};

static const VMStateDescription vmstate_bridge_i2c = {
    .name = TYPE_H7_BRIDGE_I2C,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){ VMSTATE_I2C_SLAVE(parent_obj, H7BridgeI2cState),
                                VMSTATE_BOOL(holding_scl, H7BridgeI2cState),
                                VMSTATE_END_OF_LIST() }
};

static void bridge_i2c_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    I2CSlaveClass *k = I2C_SLAVE_CLASS(klass);

    dc->desc = "I2C device played by a host process (docs/bridge.md)";
    dc->realize = bridge_i2c_realize;
    dc->unrealize = bridge_i2c_unrealize;
    dc->vmsd = &vmstate_bridge_i2c;
    device_class_set_props(dc, bridge_i2c_props);
    k->event = bridge_i2c_event;
    k->send = bridge_i2c_send;
    k->recv = bridge_i2c_recv;
}

/* ---- bridge-spi ---- */

static uint32_t bridge_spi_transfer(SSIPeripheral *dev, uint32_t val)
{
    H7BridgeSpiState *s = H7_BRIDGE_SPI(dev);
    uint8_t out = val, in;

    if (!br_request(&s->br, H7BR_SPI_XFER, &out, H7BR_DATA, &in)) {
        return 0xFF; /* MISO undriven: pulled up */
    }
    return in;
}

static int bridge_spi_set_cs(SSIPeripheral *dev, bool level)
{
    H7BridgeSpiState *s = H7_BRIDGE_SPI(dev);
    uint8_t cs = level;

    if (br_connect(&s->br)) {
        br_send(&s->br, H7BR_SPI_CS, &cs);
    }
    return 0;
}

static void bridge_spi_init(Object *obj)
{
    H7BridgeSpiState *s = H7_BRIDGE_SPI(obj);
    br_init(&s->br, DEVICE(obj), H7BR_KIND_SPI);
    br_add_counters(obj, &s->br);
}

static void bridge_spi_realize(SSIPeripheral *dev, Error **errp)
{
    br_realize(&H7_BRIDGE_SPI(dev)->br, errp);
}

static void bridge_spi_unrealize(DeviceState *dev)
{
    br_unrealize(&H7_BRIDGE_SPI(dev)->br);
}

static const Property bridge_spi_props[] = {
    BRIDGE_PROPS(H7BridgeSpiState),
};

static const VMStateDescription vmstate_bridge_spi = {
    .name = TYPE_H7_BRIDGE_SPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_SSI_PERIPHERAL(parent_obj,
                                                             H7BridgeSpiState),
                                      VMSTATE_END_OF_LIST() }
};

static void bridge_spi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    SSIPeripheralClass *k = SSI_PERIPHERAL_CLASS(klass);

    dc->desc = "SPI device played by a host process (docs/bridge.md)";
    dc->unrealize = bridge_spi_unrealize;
    dc->vmsd = &vmstate_bridge_spi;
    device_class_set_props(dc, bridge_spi_props);
    k->realize = bridge_spi_realize;
    k->transfer = bridge_spi_transfer;
    k->set_cs = bridge_spi_set_cs;
    k->cs_polarity = SSI_CS_LOW;
}

/* ---- bridge-pins ---- */

static void bridge_pins_init(Object *obj)
{
    H7BridgePinsState *s = H7_BRIDGE_PINS(obj);
    br_init(&s->br, DEVICE(obj), H7BR_KIND_PINS);
    br_add_counters(obj, &s->br);
}

static void bridge_pins_realize(DeviceState *dev, Error **errp)
{
    br_realize(&H7_BRIDGE_PINS(dev)->br, errp);
}

static void bridge_pins_unrealize(DeviceState *dev)
{
    br_unrealize(&H7_BRIDGE_PINS(dev)->br);
}

static const Property bridge_pins_props[] = {
    BRIDGE_PROPS(H7BridgePinsState),
};

static void bridge_pins_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "pin levels and ADC voltages from a host process "
               "(docs/bridge.md)";
    dc->realize = bridge_pins_realize;
    dc->unrealize = bridge_pins_unrealize;
    dc->user_creatable = true;
    device_class_set_props(dc, bridge_pins_props);
}

static const TypeInfo bridge_types[] = {
    {
        .name = TYPE_H7_BRIDGE_I2C,
        .parent = TYPE_I2C_SLAVE,
        .instance_size = sizeof(H7BridgeI2cState),
        .instance_init = bridge_i2c_init,
        .class_init = bridge_i2c_class_init,
    },
    {
        .name = TYPE_H7_BRIDGE_SPI,
        .parent = TYPE_SSI_PERIPHERAL,
        .instance_size = sizeof(H7BridgeSpiState),
        .instance_init = bridge_spi_init,
        .class_init = bridge_spi_class_init,
    },
    {
        .name = TYPE_H7_BRIDGE_PINS,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(H7BridgePinsState),
        .instance_init = bridge_pins_init,
        .class_init = bridge_pins_class_init,
    },
};
DEFINE_TYPES(bridge_types)
