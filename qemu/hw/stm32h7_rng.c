/*
 * STM32H7 true random number generator (RNG, RM0399): CR.RNGEN starts it,
 * SR.DRDY says a word is ready, DR returns 32 random bits from the host.
 * Without a kernel clock the clock error flags are raised instead.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/guest-random.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_rng.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, RNGEN, 2, 1)
    FIELD(CR, IE, 3, 1)
    FIELD(CR, CED, 5, 1)
REG32(SR, 0x04)
    FIELD(SR, DRDY, 0, 1)
    FIELD(SR, CECS, 1, 1)
    FIELD(SR, SECS, 2, 1)
    FIELD(SR, CEIS, 5, 1)
    FIELD(SR, SEIS, 6, 1)
REG32(DR, 0x08)
REG32(HTCR, 0x10)
/* clang-format on */

static bool rng_running(Stm32h7RngState *s)
{
    return FIELD_EX32(s->cr, CR, RNGEN) && clock_get_hz(s->clk) > 0;
}

static uint32_t rng_sr(Stm32h7RngState *s)
{
    uint32_t sr = s->sr_irq_flags;

    sr = FIELD_DP32(sr, SR, DRDY, rng_running(s));
    if (FIELD_EX32(s->cr, CR, RNGEN) && !clock_get_hz(s->clk) &&
        !FIELD_EX32(s->cr, CR, CED)) {
        sr = FIELD_DP32(sr, SR, CECS, 1);
    }
    return sr;
}

static void rng_update_irq(Stm32h7RngState *s)
{
    uint32_t sr = rng_sr(s);
    bool level = FIELD_EX32(s->cr, CR, IE) &&
                 (FIELD_EX32(sr, SR, DRDY) ||
                  (sr & (R_SR_CEIS_MASK | R_SR_SEIS_MASK)));
    qemu_set_irq(s->irq, level);
}

static uint64_t rng_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7RngState *s = opaque;
    uint32_t v = 0;

    switch (addr) {
    case A_CR: v = s->cr; break;
    case A_SR: v = rng_sr(s); break;
    case A_HTCR: v = s->htcr; break;
    case A_DR:
        if (rng_running(s)) {
            qemu_guest_getrandom_nofail(&v, sizeof(v));
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-rng: DR read while not "
                          "ready (RNGEN=0 or no kernel clock): 0\n");
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-rng: read of reserved offset "
                      "0x%02" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    return v;
}

static void rng_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    trace_stm32h7_rng_write(addr, val64);
    Stm32h7RngState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_CR:
        if (FIELD_EX32(val, CR, RNGEN) && !clock_get_hz(s->clk)) {
            s->sr_irq_flags |= R_SR_CEIS_MASK;
        }
        s->cr = val;
        break;
    case A_SR:
        /* CEIS and SEIS are cleared by writing 0 */
        s->sr_irq_flags &= val;
        break;
    case A_HTCR: s->htcr = val; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-rng: write to reserved or "
                      "read-only offset 0x%02" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    rng_update_irq(s);
}

static const MemoryRegionOps rng_ops = {
    .read = rng_read,
    .write = rng_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void rng_reset_hold(Object *obj, ResetType type)
{
    Stm32h7RngState *s = STM32H7_RNG(obj);

    s->cr = 0x00800000; /* CLKDIV/NISTC/RNG_CONFIG defaults, RNGEN=0 */
    s->sr_irq_flags = 0;
    s->htcr = 0x000072AC;
}

static void rng_reset_exit(Object *obj, ResetType type)
{
    rng_update_irq(STM32H7_RNG(obj));
}

static void rng_init(Object *obj)
{
    Stm32h7RngState *s = STM32H7_RNG(obj);

    memory_region_init_io(&s->mmio, obj, &rng_ops, s, TYPE_STM32H7_RNG, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
}

static const VMStateDescription vmstate_rng = {
    .name = TYPE_STM32H7_RNG,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(cr, Stm32h7RngState),
                                      VMSTATE_UINT32(sr_irq_flags,
                                                     Stm32h7RngState),
                                      VMSTATE_UINT32(htcr, Stm32h7RngState),
                                      VMSTATE_CLOCK(clk, Stm32h7RngState),
                                      VMSTATE_END_OF_LIST() }
};

static void rng_realize(DeviceState *dev, Error **errp)
{
    if (!clock_has_source(STM32H7_RNG(dev)->clk)) {
        error_setg(errp,
                   "stm32h7-rng: the kernel clock 'clk' must be connected");
    }
}

static void rng_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_rng;
    dc->realize = rng_realize;
    rc->phases.hold = rng_reset_hold;
    rc->phases.exit = rng_reset_exit;
}

static const TypeInfo rng_types[] = {
    {
        .name = TYPE_STM32H7_RNG,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7RngState),
        .instance_init = rng_init,
        .class_init = rng_class_init,
    },
};
DEFINE_TYPES(rng_types)
