/*
 * STM32H7 general-purpose timer (RM0399 "TIM2/TIM3/TIM4/TIM5"): the time
 * base only — up-counting from the prescaler, auto-reload, update event
 * (UG, overflow), update interrupt, one-pulse mode, ARR preload.  Capture /
 * compare channels are stored but not acted on.
 *
 * The counter is not stepped: it is computed from QEMU's virtual clock, so
 * reading CNT is exact and costs nothing.  A QEMU timer is armed for the
 * next overflow only while it matters (UIE set and UIF clear, or one-pulse
 * mode): however small ARR and PSC are, callbacks happen at most once per
 * guest acknowledgement.  With ARR = 0 the counter stays at 0, as on silicon.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_tim.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
    FIELD(CR1, CEN, 0, 1)
    FIELD(CR1, UDIS, 1, 1)
    FIELD(CR1, OPM, 3, 1)
    FIELD(CR1, DIR, 4, 1)
    FIELD(CR1, CMS, 5, 2)
    FIELD(CR1, ARPE, 7, 1)
REG32(CR2, 0x04)
REG32(SMCR, 0x08)
REG32(DIER, 0x0C)
    FIELD(DIER, UIE, 0, 1)
REG32(SR, 0x10)
    FIELD(SR, UIF, 0, 1)
REG32(EGR, 0x14)
    FIELD(EGR, UG, 0, 1)
REG32(CCMR1, 0x18)
REG32(CCMR2, 0x1C)
REG32(CCER, 0x20)
REG32(CNT, 0x24)
REG32(PSC, 0x28)
REG32(ARR, 0x2C)
REG32(CCR1, 0x34)
REG32(CCR4, 0x40)
REG32(DCR, 0x48)
REG32(DMAR, 0x4C)
REG32(AF1, 0x60)
REG32(TISEL, 0x68)
/* clang-format on */

static uint32_t cnt_mask(Stm32h7TimState *s)
{
    return s->width == 32 ? UINT32_MAX : 0xFFFF;
}

static bool counting(Stm32h7TimState *s)
{
    return FIELD_EX32(s->cr1, CR1, CEN) && clock_get_hz(s->clk) > 0 &&
           s->arr > 0;
}

/* counter ticks elapsed since base_ns */
static uint64_t ticks_since_base(Stm32h7TimState *s, int64_t now)
{
    uint64_t hz = clock_get_hz(s->clk);
    return muldiv64(now - s->base_ns, hz, NANOSECONDS_PER_SECOND) /
           (s->psc + 1ULL);
}

static uint64_t total_ticks(Stm32h7TimState *s, int64_t now)
{
    return s->cnt_base + ticks_since_base(s, now);
}

static uint64_t period(Stm32h7TimState *s)
{
    return (uint64_t)s->arr + 1;
}

/* make cnt_base the count at now (before a change of settings) */
static void tim_rebase(Stm32h7TimState *s, int64_t now)
{
    if (counting(s)) {
        s->cnt_base = total_ticks(s, now) % period(s);
    }
    s->base_ns = now;
    s->ov_seen = 0;
}

static void tim_update_irq(Stm32h7TimState *s)
{
    qemu_set_irq(s->irq,
                 FIELD_EX32(s->dier, DIER, UIE) && FIELD_EX32(s->sr, SR, UIF));
}

/* an update event: reload the preloaded registers, flag it */
static void tim_update_event(Stm32h7TimState *s, bool flag)
{
    s->psc = s->psc_preload;
    s->arr = s->arr_preload;
    if (flag) {
        s->sr = FIELD_DP32(s->sr, SR, UIF, 1);
    }
}

static void tim_rearm(Stm32h7TimState *s)
{
    bool want = counting(s) && ((FIELD_EX32(s->dier, DIER, UIE) &&
                                 !FIELD_EX32(s->sr, SR, UIF)) ||
                                FIELD_EX32(s->cr1, CR1, OPM));
    if (!want) {
        timer_del(s->timer);
        return;
    }
    /* the next overflow: total ticks reach (ov_seen + 1) periods */
    uint64_t ticks = (s->ov_seen + 1) * period(s) - s->cnt_base;
    uint64_t hz = clock_get_hz(s->clk);
    /* a slow kernel clock and a long period: the ns would overflow (and an
     * overflowed deadline in the past would fire again at once, forever) */
    if (ticks * (s->psc + 1ULL) / hz >=
        (uint64_t)INT64_MAX / 2 / NANOSECONDS_PER_SECOND) {
        timer_mod(s->timer, INT64_MAX);
        return;
    }
    uint64_t ns = muldiv64(ticks * (s->psc + 1ULL), NANOSECONDS_PER_SECOND, hz);
    timer_mod(s->timer, s->base_ns + (int64_t)ns + 1);
}

/* account for overflows up to now and act on them */
static void tim_advance(Stm32h7TimState *s, int64_t now)
{
    if (counting(s)) {
        uint64_t ov = total_ticks(s, now) / period(s);
        if (ov > s->ov_seen) {
            trace_stm32h7_tim_update(DEVICE(s)->canonical_path,
                                     ov - s->ov_seen);
            s->ov_seen = ov;
            if (!FIELD_EX32(s->cr1, CR1, UDIS)) {
                if (s->psc != s->psc_preload || s->arr != s->arr_preload) {
                    tim_rebase(s, now); /* new rate from here on */
                }
                tim_update_event(s, true);
                if (FIELD_EX32(s->cr1, CR1, OPM)) {
                    s->cr1 = FIELD_DP32(s->cr1, CR1, CEN, 0); /* one pulse */
                    s->cnt_base = 0;
                    tim_rebase(s, now);
                }
            }
        }
    }
    tim_update_irq(s);
    tim_rearm(s);
}

static void tim_expired(void *opaque)
{
    Stm32h7TimState *s = opaque;
    tim_advance(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static uint64_t tim_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7TimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    tim_advance(s, now);
    switch (addr) {
    case A_CR1: return s->cr1;
    case A_CR2: return s->cr2;
    case A_SMCR: return s->smcr;
    case A_DIER: return s->dier;
    case A_SR: return s->sr;
    case A_CCMR1: return s->ccmr[0];
    case A_CCMR2: return s->ccmr[1];
    case A_CCER: return s->ccer;
    case A_CNT:
        return counting(s) ? total_ticks(s, now) % period(s) : s->cnt_base;
    case A_PSC: return s->psc_preload;
    case A_ARR: return s->arr_preload;
    case A_CCR1 ... A_CCR4: return s->ccr[(addr - A_CCR1) / 4];
    case A_DCR: return s->dcr;
    case A_AF1: return s->af1;
    case A_TISEL: return s->tisel;
    case A_EGR:
    case A_DMAR: return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        return 0;
    }
}

static void tim_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7TimState *s = opaque;
    uint32_t val = val64;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    tim_advance(s, now); /* the counter so far ran with the old settings */
    tim_rebase(s, now);
    switch (addr) {
    case A_CR1:
        if (FIELD_EX32(val, CR1, DIR) || FIELD_EX32(val, CR1, CMS)) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: down and centre-aligned counting "
                          "are not modelled: counting up\n",
                          DEVICE(s)->canonical_path);
        }
        s->cr1 = val & 0x0BFF;
        break;
    case A_CR2: s->cr2 = val; break;
    case A_SMCR:
        if (val & 7) {
            qemu_log_mask(LOG_UNIMP, "%s: slave modes are not modelled\n",
                          DEVICE(s)->canonical_path);
        }
        s->smcr = val;
        break;
    case A_DIER: s->dier = val & 0x5F5F; break;
    case A_SR: s->sr &= val; break; /* rc_w0 */
    case A_EGR:
        if (FIELD_EX32(val, EGR, UG)) {
            /* re-initialise the counter and load the preloads; with URS=0
             * this also sets UIF */
            s->cnt_base = 0;
            tim_update_event(s, !(s->cr1 & (1u << 2)));
        }
        break;
    case A_CCMR1: s->ccmr[0] = val; break;
    case A_CCMR2: s->ccmr[1] = val; break;
    case A_CCER: s->ccer = val; break;
    case A_CNT:
        s->cnt_base = val & cnt_mask(s);
        if (s->arr && s->cnt_base > s->arr) {
            s->cnt_base %= period(s); /* it would overflow at once */
        }
        break;
    case A_PSC:
        s->psc_preload = val & 0xFFFF; /* takes effect at the next update */
        break;
    case A_ARR:
        s->arr_preload = val & cnt_mask(s);
        if (!FIELD_EX32(s->cr1, CR1, ARPE)) {
            s->arr = s->arr_preload;
            if (s->arr && s->cnt_base > s->arr) {
                s->cnt_base = 0; /* counts on to the wrap */
            }
        }
        break;
    case A_CCR1 ... A_CCR4:
        s->ccr[(addr - A_CCR1) / 4] = val & cnt_mask(s);
        break;
    case A_DCR: s->dcr = val; break;
    case A_DMAR: break;
    case A_AF1: s->af1 = val; break;
    case A_TISEL: s->tisel = val; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        break;
    }
    tim_update_irq(s);
    tim_rearm(s);
}

static const MemoryRegionOps tim_ops = {
    .read = tim_read,
    .write = tim_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void tim_clock_update(void *opaque, ClockEvent event)
{
    Stm32h7TimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    /* ClockPreUpdate: count up to now at the old rate */
    if (event == ClockPreUpdate) {
        tim_advance(s, now);
        tim_rebase(s, now);
    } else {
        tim_rearm(s);
    }
}

static void tim_reset_hold(Object *obj, ResetType type)
{
    Stm32h7TimState *s = STM32H7_TIM(obj);

    s->cr1 = s->cr2 = s->smcr = s->dier = s->sr = s->ccer = 0;
    s->ccmr[0] = s->ccmr[1] = 0;
    memset(s->ccr, 0, sizeof(s->ccr));
    s->dcr = s->af1 = s->tisel = 0;
    s->psc = s->psc_preload = 0;
    s->arr = s->arr_preload = cnt_mask(s);
    s->cnt_base = 0;
    s->ov_seen = 0;
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    timer_del(s->timer);
}

static void tim_reset_exit(Object *obj, ResetType type)
{
    tim_update_irq(STM32H7_TIM(obj));
}

static void tim_realize(DeviceState *dev, Error **errp)
{
    Stm32h7TimState *s = STM32H7_TIM(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp,
                   "stm32h7-tim: the kernel clock 'clk' must be connected");
        return;
    }
    if (s->width != 16 && s->width != 32) {
        error_setg(errp, "stm32h7-tim: width must be 16 or 32");
    }
}

static void tim_init(Object *obj)
{
    Stm32h7TimState *s = STM32H7_TIM(obj);

    memory_region_init_io(&s->mmio, obj, &tim_ops, s, TYPE_STM32H7_TIM, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", tim_clock_update, s,
                                ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, tim_expired, s);
}

static const VMStateDescription vmstate_tim = {
    .name = TYPE_STM32H7_TIM,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT32(cr1, Stm32h7TimState),
                                VMSTATE_UINT32(cr2, Stm32h7TimState),
                                VMSTATE_UINT32(smcr, Stm32h7TimState),
                                VMSTATE_UINT32(dier, Stm32h7TimState),
                                VMSTATE_UINT32(sr, Stm32h7TimState),
                                VMSTATE_UINT32_ARRAY(ccmr, Stm32h7TimState, 2),
                                VMSTATE_UINT32(ccer, Stm32h7TimState),
                                VMSTATE_UINT32_ARRAY(ccr, Stm32h7TimState, 4),
                                VMSTATE_UINT32(dcr, Stm32h7TimState),
                                VMSTATE_UINT32(af1, Stm32h7TimState),
                                VMSTATE_UINT32(tisel, Stm32h7TimState),
                                VMSTATE_UINT32(psc, Stm32h7TimState),
                                VMSTATE_UINT32(psc_preload, Stm32h7TimState),
                                VMSTATE_UINT32(arr, Stm32h7TimState),
                                VMSTATE_UINT32(arr_preload, Stm32h7TimState),
                                VMSTATE_UINT32(cnt_base, Stm32h7TimState),
                                VMSTATE_INT64(base_ns, Stm32h7TimState),
                                VMSTATE_UINT64(ov_seen, Stm32h7TimState),
                                VMSTATE_TIMER_PTR(timer, Stm32h7TimState),
                                VMSTATE_CLOCK(clk, Stm32h7TimState),
                                VMSTATE_END_OF_LIST() }
};

static const Property tim_props[] = {
    DEFINE_PROP_UINT32("width", Stm32h7TimState, width, 16),
};

static void tim_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = tim_realize;
    dc->vmsd = &vmstate_tim;
    device_class_set_props(dc, tim_props);
    rc->phases.hold = tim_reset_hold;
    rc->phases.exit = tim_reset_exit;
}

static const TypeInfo tim_types[] = {
    {
        .name = TYPE_STM32H7_TIM,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7TimState),
        .instance_init = tim_init,
        .class_init = tim_class_init,
    },
};
DEFINE_TYPES(tim_types)
