/*
 * STM32H7R/S XSPI I/O manager (XSPIM, RM0477): which XSPI drives which
 * I/O port.  CR.MODE = 0 is direct (XSPI1 on port 1, XSPI2 on port 2), 1
 * swaps them; multiplexing both on one port (CR.MUXEN) is logged as not
 * modelled and routes as MODE says.  A port works only with its I/O supply
 * on (PWR CSR2.EN_XSPIMn, GPIO inputs "supply" 0/1).  GPIO outputs "live"
 * 0/1: XSPI1 / XSPI2 reach a powered port with a memory on it; the board
 * says which ports carry one ("port1-memory", "port2-memory").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7rs_xspim.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, MUXEN, 0, 1)
    FIELD(CR, MODE, 1, 1)
/* clang-format on */
#define CR_WRITABLE 0x00FF0073u /* MUXEN, MODE, CSSEL_OVR_*, REQ2ACK_TIME */

static void xspim_update(Stm32h7rsXspimState *s)
{
    unsigned swap = FIELD_EX32(s->cr, CR, MODE);
    for (unsigned xspi = 0; xspi < 2; xspi++) {
        unsigned port = xspi ^ swap;
        qemu_set_irq(s->live[xspi], s->supply[port] && s->memory[port]);
    }
}

static uint64_t xspim_read(void *opaque, hwaddr addr, unsigned size)
{
    if (addr == A_CR) {
        return STM32H7RS_XSPIM(opaque)->cr;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h7rs-xspim: read of 0x%03" HWADDR_PRIx "\n", addr);
    return 0;
}

static void xspim_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    trace_stm32h7rs_xspim_write(addr, val);
    Stm32h7rsXspimState *s = STM32H7RS_XSPIM(opaque);

    if (addr != A_CR) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7rs-xspim: write of 0x%03" HWADDR_PRIx "\n", addr);
        return;
    }
    s->cr = val & CR_WRITABLE;
    if (FIELD_EX32(s->cr, CR, MUXEN)) {
        qemu_log_mask(LOG_UNIMP,
                      "stm32h7rs-xspim: multiplexed mode (MUXEN) not modelled: "
                      "ports routed as MODE says\n");
    }
    xspim_update(s);
}

static const MemoryRegionOps xspim_ops = {
    .read = xspim_read,
    .write = xspim_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void xspim_set_supply(void *opaque, int n, int level)
{
    Stm32h7rsXspimState *s = STM32H7RS_XSPIM(opaque);
    s->supply[n] = level;
    xspim_update(s);
}

static void xspim_reset_hold(Object *obj, ResetType type)
{
    STM32H7RS_XSPIM(obj)->cr = 0;
}

static void xspim_reset_exit(Object *obj, ResetType type)
{
    xspim_update(STM32H7RS_XSPIM(obj));
}

static void xspim_init(Object *obj)
{
    Stm32h7rsXspimState *s = STM32H7RS_XSPIM(obj);

    memory_region_init_io(&s->mmio, obj, &xspim_ops, s, TYPE_STM32H7RS_XSPIM,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in_named(DEVICE(obj), xspim_set_supply, "supply", 2);
    qdev_init_gpio_out_named(DEVICE(obj), s->live, "live", 2);
}

static const Property xspim_props[] = {
    DEFINE_PROP_BOOL("port1-memory", Stm32h7rsXspimState, memory[0], false),
    DEFINE_PROP_BOOL("port2-memory", Stm32h7rsXspimState, memory[1], false),
};

static const VMStateDescription vmstate_xspim = {
    .name = TYPE_STM32H7RS_XSPIM,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(cr, Stm32h7rsXspimState),
                                      VMSTATE_BOOL_ARRAY(
                                          supply, Stm32h7rsXspimState, 2),
                                      VMSTATE_END_OF_LIST() }
};

static void xspim_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_xspim;
    device_class_set_props(dc, xspim_props);
    rc->phases.hold = xspim_reset_hold;
    rc->phases.exit = xspim_reset_exit;
}

static const TypeInfo xspim_types[] = {
    {
        .name = TYPE_STM32H7RS_XSPIM,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7rsXspimState),
        .instance_init = xspim_init,
        .class_init = xspim_class_init,
    },
};
DEFINE_TYPES(xspim_types)
