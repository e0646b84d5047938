/*
 * STM32H7 GPIO port: MODER/OTYPER/OSPEEDR/PUPDR, IDR/ODR/BSRR, the LCKR lock
 * sequence and the alternate-function registers (RM0399).
 *
 * A pin's level is resolved like this: a push-pull output drives ODR; an
 * open-drain output drives 0, or floats when ODR is 1; a floating pin takes
 * an external driver's level (board buttons, set through the unnamed GPIO
 * inputs), else its pull-up/pull-down, else the board's level for it
 * ("float-high": e.g. an LED to VDD holds its pin high), else 0.  Every change of level
 * is sent to the board (unnamed outputs) and to SYSCFG ("exti" outputs).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_gpio.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(MODER, 0x00)
REG32(OTYPER, 0x04)
REG32(OSPEEDR, 0x08)
REG32(PUPDR, 0x0C)
REG32(IDR, 0x10)
REG32(ODR, 0x14)
REG32(BSRR, 0x18)
REG32(LCKR, 0x1C)
    FIELD(LCKR, LCKK, 16, 1)
REG32(AFRL, 0x20)
REG32(AFRH, 0x24)
/* clang-format on */

#define MODE_INPUT  0
#define MODE_OUTPUT 1

static unsigned pin_field(uint32_t reg, unsigned pin)
{
    return extract32(reg, 2 * pin, 2);
}

/* recompute the pins; send the levels that changed, and those in force */
static void gpio_update_pins(Stm32h7GpioState *s, uint16_t force)
{
    uint16_t level = 0, drive = 0;

    for (unsigned pin = 0; pin < STM32H7_GPIO_PINS; pin++) {
        int own = stm32h7_gpio_pin_drive(s, pin);
        bool driven_out = own >= 0;
        bool v;

        /* what the chip itself puts on the pin: 0 when it pulls low */
        drive |= (!driven_out || own) << pin;
        if (driven_out) {
            v = own;
        } else if (s->ext_driven & (1u << pin)) {
            v = extract32(s->ext_level, pin, 1);
        } else if (pin_field(s->pupdr, pin)) {
            v = pin_field(s->pupdr, pin) == 1; /* 01 pull-up, 10 pull-down */
        } else {
            v = extract32(s->float_high, pin, 1);
        }
        level |= v << pin;
    }
    uint16_t changed = (level ^ s->level) | force;
    uint16_t drive_changed = (drive ^ s->drive) | force;

    s->level = level;
    s->drive = drive;
    for (unsigned pin = 0; pin < STM32H7_GPIO_PINS; pin++) {
        if (drive_changed & (1u << pin)) {
            qemu_set_irq(s->drive_out[pin], extract32(drive, pin, 1));
        }
    }
    for (unsigned pin = 0; pin < STM32H7_GPIO_PINS; pin++) {
        if (changed & (1u << pin)) {
            bool v = extract32(level, pin, 1);
            trace_stm32h7_gpio_pin(s->name, pin, v);
            qemu_set_irq(s->pin_out[pin], v);
            qemu_set_irq(s->exti_out[pin], v);
        }
    }
    if (s->notify) {
        s->notify(s->notify_opaque, s, changed);
    }
}

void stm32h7_gpio_set_notify(Stm32h7GpioState *s,
                             void (*notify)(void *opaque,
                                            Stm32h7GpioState *port,
                                            uint16_t changed),
                             void *opaque)
{
    s->notify = notify;
    s->notify_opaque = opaque;
}

int stm32h7_gpio_pin_drive(Stm32h7GpioState *s, unsigned pin)
{
    bool odr = extract32(s->odr, pin, 1);

    if (pin_field(s->moder, pin) == STM32H7_GPIO_MODER_AF) {
        return extract32(s->af_driven, pin, 1) ? extract32(s->af_level, pin, 1)
                                               : -1;
    }
    if (pin_field(s->moder, pin) != MODE_OUTPUT ||
        (extract32(s->otyper, pin, 1) && odr)) {
        return -1;
    }
    return odr;
}

static void gpio_update(Stm32h7GpioState *s)
{
    gpio_update_pins(s, 0);
}

/* an external driver: level 0/1, or -1 to release the pin */
static void gpio_set_input(void *opaque, int pin, int level)
{
    Stm32h7GpioState *s = opaque;

    if (level < 0) {
        s->ext_driven &= ~(1u << pin);
    } else {
        s->ext_driven |= 1u << pin;
        s->ext_level = deposit32(s->ext_level, pin, 1, !!level);
    }
    gpio_update(s);
}

/* the pin's alternate function drives it: level 0/1, or -1 when it stops
 * (a U(S)ART's RTS output; the board routes it by AFR) */
static void gpio_set_af(void *opaque, int pin, int level)
{
    Stm32h7GpioState *s = opaque;

    trace_stm32h7_gpio_af_drive(s->name, pin, level);
    if (level < 0) {
        s->af_driven &= ~(1u << pin);
    } else {
        s->af_driven |= 1u << pin;
        s->af_level = deposit32(s->af_level, pin, 1, !!level);
    }
    gpio_update(s);
}

static bool gpio_locked(Stm32h7GpioState *s)
{
    return FIELD_EX32(s->lckr, LCKR, LCKK);
}

/* keep the configuration bits of locked pins (LCKR[15:0]) */
static uint32_t keep_locked(Stm32h7GpioState *s, uint32_t old, uint32_t val,
                            unsigned width)
{
    if (!gpio_locked(s)) {
        return val;
    }
    for (unsigned pin = 0; pin < STM32H7_GPIO_PINS; pin++) {
        if (extract32(s->lckr, pin, 1) && pin * width < 32) {
            val = deposit32(val, pin * width, width,
                            extract32(old, pin * width, width));
        }
    }
    return val;
}

static uint64_t gpio_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7GpioState *s = opaque;
    uint32_t v = 0;

    switch (addr) {
    case A_MODER: v = s->moder; break;
    case A_OTYPER: v = s->otyper; break;
    case A_OSPEEDR: v = s->ospeedr; break;
    case A_PUPDR: v = s->pupdr; break;
    case A_IDR: v = s->level; break;
    case A_ODR: v = s->odr; break;
    case A_BSRR: v = 0; break;
    case A_LCKR: v = s->lckr; break;
    case A_AFRL: v = s->afrl; break;
    case A_AFRH: v = s->afrh; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-gpio%s: read of reserved "
                      "offset 0x%02" HWADDR_PRIx "\n",
                      s->name, addr);
        break;
    }
    trace_stm32h7_gpio_read(s->name, addr, v);
    return v;
}

static void gpio_write_lckr(Stm32h7GpioState *s, uint32_t val)
{
    /* lock key sequence: LCKK=1, LCKK=0, LCKK=1 with the same LCK[15:0]
     * (the manual adds a read; the lock takes effect on the third write) */
    static const bool seq[3] = { true, false, true };
    uint32_t lck = val & 0xFFFF;
    bool k = FIELD_EX32(val, LCKR, LCKK);

    if (gpio_locked(s)) {
        return; /* frozen until the next reset */
    }
    if (k != seq[s->lck_step] || (s->lck_step && lck != (s->lckr & 0xFFFF))) {
        s->lck_step = 0; /* sequence broken: a LCKK=1 write restarts it */
        if (!k) {
            s->lckr = lck;
            return;
        }
    }
    s->lckr = lck;
    if (++s->lck_step == 3) {
        s->lckr |= R_LCKR_LCKK_MASK;
        s->lck_step = 0;
    }
}

static void gpio_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7GpioState *s = opaque;
    uint32_t val = val64;

    trace_stm32h7_gpio_write(s->name, addr, val);
    switch (addr) {
    case A_MODER: s->moder = keep_locked(s, s->moder, val, 2); break;
    case A_OTYPER:
        s->otyper = keep_locked(s, s->otyper, val & 0xFFFF, 1);
        break;
    case A_OSPEEDR: s->ospeedr = keep_locked(s, s->ospeedr, val, 2); break;
    case A_PUPDR: s->pupdr = keep_locked(s, s->pupdr, val, 2); break;
    case A_ODR: s->odr = val & 0xFFFF; break;
    case A_BSRR:
        /* set wins over reset when both bits are written */
        s->odr = (s->odr & ~(val >> 16)) | (val & 0xFFFF);
        break;
    case A_LCKR: gpio_write_lckr(s, val); break;
    case A_AFRL:
        if (!gpio_locked(s) || !(s->lckr & 0xFF)) {
            s->afrl = val;
        }
        break;
    case A_AFRH:
        if (!gpio_locked(s) || !(s->lckr & 0xFF00)) {
            s->afrh = val;
        }
        break;
    case A_IDR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-gpio%s: IDR is read-only\n",
                      s->name);
        return;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-gpio%s: write to reserved "
                      "offset 0x%02" HWADDR_PRIx "\n",
                      s->name, addr);
        return;
    }
    gpio_update(s);
}

static const MemoryRegionOps gpio_ops = {
    .read = gpio_read,
    .write = gpio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* byte and half-word accesses are allowed (BSRR halves are common) */
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void gpio_reset_hold(Object *obj, ResetType type)
{
    Stm32h7GpioState *s = STM32H7_GPIO(obj);

    s->moder = s->moder_reset;
    s->otyper = 0;
    s->ospeedr = s->ospeedr_reset;
    s->pupdr = s->pupdr_reset;
    s->odr = 0;
    s->lckr = 0;
    s->lck_step = 0;
    s->afrl = 0;
    s->afrh = 0;
}

static void gpio_reset_exit(Object *obj, ResetType type)
{
    Stm32h7GpioState *s = STM32H7_GPIO(obj);

    /* send every level once, so that the board sees the reset state */
    gpio_update_pins(s, 0xFFFF);
}

static void gpio_init(Object *obj)
{
    Stm32h7GpioState *s = STM32H7_GPIO(obj);

    memory_region_init_io(&s->mmio, obj, &gpio_ops, s, TYPE_STM32H7_GPIO,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(DEVICE(obj), gpio_set_input, STM32H7_GPIO_PINS);
    qdev_init_gpio_out(DEVICE(obj), s->pin_out, STM32H7_GPIO_PINS);
    qdev_init_gpio_out_named(DEVICE(obj), s->exti_out, "exti",
                             STM32H7_GPIO_PINS);
    qdev_init_gpio_out_named(DEVICE(obj), s->drive_out, "drive",
                             STM32H7_GPIO_PINS);
    qdev_init_gpio_in_named(DEVICE(obj), gpio_set_af, "af", STM32H7_GPIO_PINS);
}

static bool gpio_af_needed(void *opaque)
{
    Stm32h7GpioState *s = opaque;

    return s->af_driven != 0;
}

static const VMStateDescription vmstate_gpio_af = {
    .name = TYPE_STM32H7_GPIO "/af",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = gpio_af_needed,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT16(af_driven, Stm32h7GpioState),
                                VMSTATE_UINT16(af_level, Stm32h7GpioState),
                                VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_gpio = {
    .name = TYPE_STM32H7_GPIO,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT32(moder, Stm32h7GpioState),
                                VMSTATE_UINT32(otyper, Stm32h7GpioState),
                                VMSTATE_UINT32(ospeedr, Stm32h7GpioState),
                                VMSTATE_UINT32(pupdr, Stm32h7GpioState),
                                VMSTATE_UINT32(odr, Stm32h7GpioState),
                                VMSTATE_UINT32(lckr, Stm32h7GpioState),
                                VMSTATE_UINT8(lck_step, Stm32h7GpioState),
                                VMSTATE_UINT32(afrl, Stm32h7GpioState),
                                VMSTATE_UINT32(afrh, Stm32h7GpioState),
                                VMSTATE_UINT16(ext_driven, Stm32h7GpioState),
                                VMSTATE_UINT16(ext_level, Stm32h7GpioState),
                                VMSTATE_UINT16(level, Stm32h7GpioState),
                                VMSTATE_UINT16(drive, Stm32h7GpioState),
                                VMSTATE_END_OF_LIST() },
    .subsections = (const VMStateDescription *const[]){ &vmstate_gpio_af,
                                                        NULL },
};

static const Property gpio_props[] = {
    DEFINE_PROP_STRING("name", Stm32h7GpioState, name),
    DEFINE_PROP_UINT32("mode-reset", Stm32h7GpioState, moder_reset, 0xFFFFFFFF),
    DEFINE_PROP_UINT32("ospeed-reset", Stm32h7GpioState, ospeedr_reset, 0),
    DEFINE_PROP_UINT32("pupd-reset", Stm32h7GpioState, pupdr_reset, 0),
    DEFINE_PROP_UINT32("float-high", Stm32h7GpioState, float_high, 0),
};

static void gpio_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_gpio;
    device_class_set_props(dc, gpio_props);
    rc->phases.hold = gpio_reset_hold;
    rc->phases.exit = gpio_reset_exit;
}

static const TypeInfo gpio_types[] = {
    {
        .name = TYPE_STM32H7_GPIO,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7GpioState),
        .instance_init = gpio_init,
        .class_init = gpio_class_init,
    },
};
DEFINE_TYPES(gpio_types)
