/*
 * STM32H7 independent watchdog (RM0399 "IWDG").
 *
 * KR 0xCCCC starts it (for good: only a reset stops it), 0xAAAA reloads
 * the counter from RLR, 0x5555 opens PR, RLR and WINR for writing and any
 * other key closes them.  The counter runs down at LSI / (4 << PR) in
 * virtual time and is computed when read; at 0 the "reset" line is pulsed.
 * A reload while the counter is still above WINR (window mode, WINR below
 * 0xFFF) fires it as well.  PVU/RVU/WVU read 0: updates take effect at
 * once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_iwdg.h"
#include "trace.h"

/* clang-format off */
REG32(KR, 0x00)
REG32(PR, 0x04)
    FIELD(PR, PR, 0, 3)
REG32(RLR, 0x08)
    FIELD(RLR, RL, 0, 12)
REG32(SR, 0x0C)
REG32(WINR, 0x10)
    FIELD(WINR, WIN, 0, 12)
/* clang-format on */

#define KEY_START  0xCCCC
#define KEY_RELOAD 0xAAAA
#define KEY_ACCESS 0x5555
#define LSI_HZ     32000
#define COUNT_MAX  0xFFF

static int64_t tick_ns(Stm32h7IwdgState *s)
{
    /* PR 0..6: /4 .. /256; 7 is /256 too */
    unsigned div = 4u << MIN(s->pr, 6u);

    return (int64_t)div * NANOSECONDS_PER_SECOND / LSI_HZ;
}

static uint32_t counter(Stm32h7IwdgState *s)
{
    int64_t ticks;

    if (!s->running) {
        return s->rlr;
    }
    ticks = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->reload_ns) / tick_ns(s);
    return ticks >= s->rlr ? 0 : s->rlr - ticks;
}

static void iwdg_fire(Stm32h7IwdgState *s, const char *why)
{
    trace_stm32h7_iwdg_fire(why);
    s->running = false;
    timer_del(s->timer);
    qemu_irq_pulse(s->reset);
}

static void iwdg_expired(void *opaque)
{
    iwdg_fire(opaque, "counter reached 0");
}

static void iwdg_reload(Stm32h7IwdgState *s)
{
    s->reload_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    timer_mod(s->timer, s->reload_ns + (int64_t)s->rlr * tick_ns(s));
}

static uint64_t iwdg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7IwdgState *s = opaque;

    switch (addr) {
    case A_KR: return 0;
    case A_PR: return s->pr;
    case A_RLR: return s->rlr;
    case A_SR: return 0;
    case A_WINR: return s->winr;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_IWDG, addr);
        return 0;
    }
}

static bool writable(Stm32h7IwdgState *s, hwaddr addr)
{
    if (!s->unlocked) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to 0x%02" HWADDR_PRIx
                      " without the 0x5555 key: ignored\n",
                      TYPE_STM32H7_IWDG, addr);
    }
    return s->unlocked;
}

static void iwdg_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7IwdgState *s = opaque;
    uint32_t val = val64 & 0xFFFF;

    switch (addr) {
    case A_KR:
        s->unlocked = val == KEY_ACCESS;
        if (val == KEY_START && !s->running) {
            trace_stm32h7_iwdg_start(s->pr, s->rlr);
            s->running = true;
            iwdg_reload(s);
        } else if (val == KEY_RELOAD && s->running) {
            if (s->winr < COUNT_MAX && counter(s) > s->winr) {
                iwdg_fire(s, "refreshed outside the window");
            } else {
                iwdg_reload(s);
            }
        }
        break;
    case A_PR:
        if (writable(s, addr)) {
            s->pr = FIELD_EX32(val, PR, PR);
        }
        break;
    case A_RLR:
        if (writable(s, addr)) {
            s->rlr = FIELD_EX32(val, RLR, RL);
        }
        break;
    case A_WINR:
        if (writable(s, addr)) {
            /* writing WINR reloads the counter, as on the chip */
            s->winr = FIELD_EX32(val, WINR, WIN);
            if (s->running) {
                iwdg_reload(s);
            }
        }
        break;
    case A_SR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: SR is read-only\n",
                      TYPE_STM32H7_IWDG);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_IWDG, addr);
        break;
    }
}

static const MemoryRegionOps iwdg_ops = {
    .read = iwdg_read,
    .write = iwdg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void iwdg_reset_hold(Object *obj, ResetType type)
{
    Stm32h7IwdgState *s = STM32H7_IWDG(obj);

    timer_del(s->timer);
    s->running = s->unlocked = false;
    s->pr = 0;
    s->rlr = s->winr = COUNT_MAX;
    s->reload_ns = 0;
}

static void iwdg_init(Object *obj)
{
    Stm32h7IwdgState *s = STM32H7_IWDG(obj);

    memory_region_init_io(&s->mmio, obj, &iwdg_ops, s, TYPE_STM32H7_IWDG,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_out_named(DEVICE(obj), &s->reset, "reset", 1);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, iwdg_expired, s);
}

static void iwdg_finalize(Object *obj)
{
    timer_free(STM32H7_IWDG(obj)->timer);
}

static const VMStateDescription vmstate_iwdg = {
    .name = TYPE_STM32H7_IWDG,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT32(pr, Stm32h7IwdgState),
                                VMSTATE_UINT32(rlr, Stm32h7IwdgState),
                                VMSTATE_UINT32(winr, Stm32h7IwdgState),
                                VMSTATE_BOOL(running, Stm32h7IwdgState),
                                VMSTATE_BOOL(unlocked, Stm32h7IwdgState),
                                VMSTATE_INT64(reload_ns, Stm32h7IwdgState),
                                VMSTATE_TIMER_PTR(timer, Stm32h7IwdgState),
                                VMSTATE_END_OF_LIST() }
};

static void iwdg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_iwdg;
    rc->phases.hold = iwdg_reset_hold;
}

static const TypeInfo iwdg_types[] = {
    {
        .name = TYPE_STM32H7_IWDG,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7IwdgState),
        .instance_init = iwdg_init,
        .instance_finalize = iwdg_finalize,
        .class_init = iwdg_class_init,
    },
};
DEFINE_TYPES(iwdg_types)
