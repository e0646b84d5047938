/*
 * STM32H7 system window watchdog, WWDG1 (RM0399 "System window watchdog").
 *
 * The 7-bit down-counter (CR.T) runs at pclk / 4096 / 2^WDGTB in virtual
 * time and is computed when read; it counts whether or not WDGA is set.
 * Once WDGA is set (only a reset clears it), the "reset" line is pulsed
 * when the counter passes from 0x40 to 0x3F, when CR is written with T6
 * clear, or when CR is written while the counter is still above the
 * window CFR.W.  EWIF is set as the counter reaches 0x40; with CFR.EWI
 * (settable, cleared by reset alone) it raises the interrupt.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_wwdg.h"
#include "trace.h"

/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, T, 0, 7)
    FIELD(CR, T6, 6, 1)
    FIELD(CR, WDGA, 7, 1)
REG32(CFR, 0x04)
    FIELD(CFR, W, 0, 7)
    FIELD(CFR, EWI, 9, 1)
    FIELD(CFR, WDGTB, 11, 3)
REG32(SR, 0x08)
    FIELD(SR, EWIF, 0, 1)
/* clang-format on */

#define T_RESET      0x7F
#define CFR_RESET    0x7F
#define T_EARLY      0x40 /* EWIF as the counter reaches it */
#define T_FIRE       0x3F /* the reset as the counter reaches it */
#define PCLK_DIV     4096 /* the counter's fixed prescaler */
#define CFR_WRITABLE (R_CFR_W_MASK | R_CFR_WDGTB_MASK)

static uint64_t tick_hz_div(Stm32h7WwdgState *s)
{
    return (uint64_t)PCLK_DIV << FIELD_EX32(s->cfr, CFR, WDGTB);
}

/* counter ticks since load_ns */
static uint64_t ticks(Stm32h7WwdgState *s, int64_t now)
{
    uint64_t hz = clock_get_hz(s->clk);
    return hz ? muldiv64(now - s->load_ns, hz, NANOSECONDS_PER_SECOND) /
                    tick_hz_div(s)
              : 0;
}

/* T: it counts on past 0 as a 7-bit counter */
static uint32_t counter(Stm32h7WwdgState *s, int64_t now)
{
    return (s->t_loaded - ticks(s, now)) & R_CR_T_MASK;
}

/* the virtual time at which n ticks since load_ns are done */
static int64_t ticks_ns(Stm32h7WwdgState *s, uint64_t n)
{
    uint64_t hz = clock_get_hz(s->clk);
    uint64_t ns = muldiv64(n * tick_hz_div(s), NANOSECONDS_PER_SECOND, hz);
    return s->load_ns + (int64_t)ns + 1;
}

static void wwdg_update_irq(Stm32h7WwdgState *s)
{
    qemu_set_irq(s->irq,
                 FIELD_EX32(s->sr, SR, EWIF) && FIELD_EX32(s->cfr, CFR, EWI));
}

static void wwdg_fire(Stm32h7WwdgState *s, const char *why)
{
    trace_stm32h7_wwdg_fire(why);
    timer_del(s->timer);
    qemu_irq_pulse(s->reset);
}

/* the next event: EWIF at 0x40 if not yet flagged, then the reset at 0x3F
 * (when active); timers only while the clock runs */
static void wwdg_rearm(Stm32h7WwdgState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t t = s->t_loaded;

    if (!clock_get_hz(s->clk) || t < T_EARLY) {
        timer_del(s->timer);
        return;
    }
    uint64_t to_early = t - T_EARLY, to_fire = t - T_FIRE;
    if (!FIELD_EX32(s->sr, SR, EWIF) && ticks(s, now) < to_early) {
        timer_mod(s->timer, ticks_ns(s, to_early));
    } else if (s->active) {
        timer_mod(s->timer, ticks_ns(s, to_fire));
    } else {
        timer_del(s->timer);
    }
}

static void wwdg_expired(void *opaque)
{
    Stm32h7WwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t n = ticks(s, now);

    if (s->t_loaded >= T_EARLY && n >= s->t_loaded - T_EARLY) {
        s->sr |= R_SR_EWIF_MASK;
        wwdg_update_irq(s);
    }
    if (s->active && s->t_loaded >= T_EARLY && n >= s->t_loaded - T_FIRE) {
        wwdg_fire(s, "the counter passed 0x40");
        return;
    }
    wwdg_rearm(s);
}

/* restart the count from T (a write of CR, or a new rate) */
static void wwdg_load(Stm32h7WwdgState *s, uint32_t t, int64_t now)
{
    s->t_loaded = t;
    s->load_ns = now;
    wwdg_rearm(s);
}

static uint64_t wwdg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7WwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    switch (addr) {
    case A_CR: return counter(s, now) | (s->active ? R_CR_WDGA_MASK : 0);
    case A_CFR: return s->cfr;
    case A_SR: return s->sr;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_WWDG, addr);
        return 0;
    }
}

static void wwdg_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7WwdgState *s = opaque;
    uint32_t val = val64;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    switch (addr) {
    case A_CR:
        if (s->active && counter(s, now) > FIELD_EX32(s->cfr, CFR, W)) {
            wwdg_fire(s, "refreshed above the window");
            return;
        }
        s->active |= FIELD_EX32(val, CR, WDGA);
        if (s->active && !FIELD_EX32(val, CR, T6)) {
            wwdg_fire(s, "T6 written 0");
            return;
        }
        trace_stm32h7_wwdg_refresh(FIELD_EX32(val, CR, T), s->active);
        wwdg_load(s, FIELD_EX32(val, CR, T), now);
        break;
    case A_CFR: {
        /* the count so far at the old rate, then the new one */
        uint32_t t = counter(s, now);
        s->cfr = (s->cfr & R_CFR_EWI_MASK) |
                 (val & (CFR_WRITABLE | R_CFR_EWI_MASK));
        s->t_loaded = t;
        s->load_ns = now;
        wwdg_update_irq(s);
        wwdg_rearm(s);
        break;
    }
    case A_SR:
        s->sr &= val; /* EWIF: rc_w0 */
        wwdg_update_irq(s);
        wwdg_rearm(s);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_WWDG, addr);
        break;
    }
}

static const MemoryRegionOps wwdg_ops = {
    .read = wwdg_read,
    .write = wwdg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void wwdg_clock_update(void *opaque, ClockEvent event)
{
    Stm32h7WwdgState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (event == ClockPreUpdate) {
        s->t_loaded = counter(s, now); /* counted at the old rate */
        s->load_ns = now;
    } else {
        wwdg_rearm(s);
    }
}

static void wwdg_reset_hold(Object *obj, ResetType type)
{
    Stm32h7WwdgState *s = STM32H7_WWDG(obj);

    timer_del(s->timer);
    s->cfr = CFR_RESET;
    s->sr = 0;
    s->active = false;
    s->t_loaded = T_RESET;
    s->load_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void wwdg_reset_exit(Object *obj, ResetType type)
{
    Stm32h7WwdgState *s = STM32H7_WWDG(obj);

    wwdg_update_irq(s);
    wwdg_rearm(s);
}

static void wwdg_realize(DeviceState *dev, Error **errp)
{
    Stm32h7WwdgState *s = STM32H7_WWDG(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "%s: the clock 'clk' must be connected",
                   TYPE_STM32H7_WWDG);
    }
}

static void wwdg_init(Object *obj)
{
    Stm32h7WwdgState *s = STM32H7_WWDG(obj);

    memory_region_init_io(&s->mmio, obj, &wwdg_ops, s, TYPE_STM32H7_WWDG,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_out_named(DEVICE(obj), &s->reset, "reset", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", wwdg_clock_update, s,
                                ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, wwdg_expired, s);
}

static void wwdg_finalize(Object *obj)
{
    timer_free(STM32H7_WWDG(obj)->timer);
}

static const VMStateDescription vmstate_wwdg = {
    .name = TYPE_STM32H7_WWDG,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT32(cfr, Stm32h7WwdgState),
                                VMSTATE_UINT32(sr, Stm32h7WwdgState),
                                VMSTATE_BOOL(active, Stm32h7WwdgState),
                                VMSTATE_UINT32(t_loaded, Stm32h7WwdgState),
                                VMSTATE_INT64(load_ns, Stm32h7WwdgState),
                                VMSTATE_TIMER_PTR(timer, Stm32h7WwdgState),
                                VMSTATE_CLOCK(clk, Stm32h7WwdgState),
                                VMSTATE_END_OF_LIST() }
};

static void wwdg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = wwdg_realize;
    dc->vmsd = &vmstate_wwdg;
    rc->phases.hold = wwdg_reset_hold;
    rc->phases.exit = wwdg_reset_exit;
}

static const TypeInfo wwdg_types[] = {
    {
        .name = TYPE_STM32H7_WWDG,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7WwdgState),
        .instance_init = wwdg_init,
        .instance_finalize = wwdg_finalize,
        .class_init = wwdg_class_init,
    },
};
DEFINE_TYPES(wwdg_types)
