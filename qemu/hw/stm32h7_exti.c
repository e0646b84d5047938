/*
 * STM32H7 extended interrupt and event controller (EXTI, RM0399), dual-core
 * layout: per-line edge selection (RTSRx/FTSRx) and software triggers
 * (SWIERx) shared by both cores; mask and pending registers per core
 * (C1IMRx/C1PRx for the Cortex-M7, C2IMRx/C2PRx for the Cortex-M4).
 *
 * Lines 0..15 (GPIO through SYSCFG) are the configurable ones modelled here;
 * their pending bits feed the NVIC lines EXTI0..EXTI4, EXTI9_5 and
 * EXTI15_10 of each core (outputs "c1-irq" and "c2-irq", 7 each).  The other
 * lines' registers are stored; their sources are not modelled yet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_exti.h"
#include "trace.h"

#define EXTI_GPIO_LINES 16

/* bank n: RTSR at 0x00 + 0x20 * n, FTSR +4, SWIER +8, D3PMR +0xC */
/* register fields stay indented under their register */
/* clang-format off */
REG32(RTSR1, 0x00)
REG32(FTSR1, 0x04)
REG32(SWIER1, 0x08)
REG32(D3PMR1, 0x0C)
/* clang-format on */
/* core c bank n: IMR at 0x80 + 0x40 * c + 0x10 * n, EMR +4, PR +8 */
/* register fields stay indented under their register */
/* clang-format off */
REG32(C1IMR1, 0x80)
/* clang-format on */

static unsigned nvic_out_of_line(unsigned line)
{
    return line < 5 ? line : (line < 10 ? 5 : 6);
}

static void exti_update(Stm32h7ExtiState *s)
{
    for (int c = 0; c < STM32H7_EXTI_CORES; c++) {
        bool level[STM32H7_EXTI_NVIC_OUTS] = { false };
        uint32_t pend = s->pr[c][0] & s->imr[c][0];
        for (unsigned line = 0; line < EXTI_GPIO_LINES; line++) {
            if (pend & (1u << line)) {
                level[nvic_out_of_line(line)] = true;
            }
        }
        for (int o = 0; o < STM32H7_EXTI_NVIC_OUTS; o++) {
            qemu_set_irq(s->irq[c][o], level[o]);
        }
    }
}

/* an event on line (bank 0): pending for every core that unmasks it */
static void exti_event(Stm32h7ExtiState *s, unsigned line)
{
    for (int c = 0; c < STM32H7_EXTI_CORES; c++) {
        if (s->imr[c][0] & (1u << line)) {
            s->pr[c][0] |= 1u << line;
        }
    }
    trace_stm32h7_exti_event(line);
}

static void exti_set_line(void *opaque, int line, int level)
{
    Stm32h7ExtiState *s = opaque;
    bool old = extract32(s->levels, line, 1);

    level = !!level;
    if (old == level) {
        return;
    }
    s->levels = deposit32(s->levels, line, 1, level);
    if ((level && (s->rtsr[0] & (1u << line))) ||
        (!level && (s->ftsr[0] & (1u << line)))) {
        exti_event(s, line);
        exti_update(s);
    }
}

static uint32_t *exti_reg(Stm32h7ExtiState *s, hwaddr addr, bool *ok)
{
    *ok = true;
    if (addr < 0x60) {
        unsigned n = addr / 0x20;
        switch (addr % 0x20) {
        case 0x00: return &s->rtsr[n];
        case 0x04: return &s->ftsr[n];
        case 0x0C: return &s->d3pmr[n];
        case 0x10: return &s->d3pcr[n][0];
        case 0x14: return &s->d3pcr[n][1];
        }
    } else if (addr >= A_C1IMR1 && addr < 0x100) {
        unsigned c = (addr - A_C1IMR1) / 0x40, n = (addr % 0x40) / 0x10;
        if (n < STM32H7_EXTI_BANKS) {
            switch (addr % 0x10) {
            case 0x0: return &s->imr[c][n];
            case 0x4: return &s->emr[c][n];
            case 0x8: return &s->pr[c][n];
            }
        }
    }
    *ok = false;
    return NULL;
}

static uint64_t exti_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7ExtiState *s = opaque;
    bool ok;
    uint32_t *r = exti_reg(s, addr, &ok);
    uint32_t v = 0;

    if (r) {
        v = *r;
    } else if (addr < 0x60 && addr % 0x20 == 0x08) {
        v = 0; /* SWIERx reads as zero once the event is pending */
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-exti: read of reserved "
                      "offset 0x%02" HWADDR_PRIx "\n",
                      addr);
    }
    trace_stm32h7_exti_read(addr, v);
    return v;
}

static void exti_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7ExtiState *s = opaque;
    uint32_t val = val64;
    bool ok;
    uint32_t *r = exti_reg(s, addr, &ok);

    trace_stm32h7_exti_write(addr, val);
    if (addr < 0x60 && addr % 0x20 == 0x08) {
        /* SWIERx: a software event on each line written with 1 */
        if (addr == A_SWIER1) {
            for (unsigned line = 0; line < 32; line++) {
                if (val & (1u << line)) {
                    exti_event(s, line);
                }
            }
        } else {
            unsigned n = addr / 0x20;
            for (int c = 0; c < STM32H7_EXTI_CORES; c++) {
                s->pr[c][n] |= val & s->imr[c][n];
            }
        }
    } else if (r && addr >= A_C1IMR1 && addr % 0x10 == 0x8) {
        *r &= ~val; /* PR: write 1 to clear */
    } else if (r) {
        *r = val;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-exti: write to reserved "
                      "offset 0x%02" HWADDR_PRIx "\n",
                      addr);
        return;
    }
    exti_update(s);
}

static const MemoryRegionOps exti_ops = {
    .read = exti_read,
    .write = exti_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void exti_reset_hold(Object *obj, ResetType type)
{
    Stm32h7ExtiState *s = STM32H7_EXTI(obj);

    /* input levels are outside the chip: they survive a reset */
    memset(s->rtsr, 0, sizeof(s->rtsr));
    memset(s->ftsr, 0, sizeof(s->ftsr));
    memset(s->d3pmr, 0, sizeof(s->d3pmr));
    memset(s->d3pcr, 0, sizeof(s->d3pcr));
    memset(s->imr, 0, sizeof(s->imr));
    memset(s->emr, 0, sizeof(s->emr));
    memset(s->pr, 0, sizeof(s->pr));
    /* direct event lines come out of reset unmasked for the CM7 */
    s->imr[0][2] = 0x000C0000;
}

static void exti_reset_exit(Object *obj, ResetType type)
{
    exti_update(STM32H7_EXTI(obj));
}

static void exti_init(Object *obj)
{
    Stm32h7ExtiState *s = STM32H7_EXTI(obj);

    memory_region_init_io(&s->mmio, obj, &exti_ops, s, TYPE_STM32H7_EXTI,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(DEVICE(obj), exti_set_line, EXTI_GPIO_LINES);
    qdev_init_gpio_out_named(DEVICE(obj), s->irq[0], "c1-irq",
                             STM32H7_EXTI_NVIC_OUTS);
    qdev_init_gpio_out_named(DEVICE(obj), s->irq[1], "c2-irq",
                             STM32H7_EXTI_NVIC_OUTS);
}

static const VMStateDescription vmstate_exti = {
    .name = TYPE_STM32H7_EXTI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(rtsr, Stm32h7ExtiState, STM32H7_EXTI_BANKS),
            VMSTATE_UINT32_ARRAY(ftsr, Stm32h7ExtiState, STM32H7_EXTI_BANKS),
            VMSTATE_UINT32_ARRAY(d3pmr, Stm32h7ExtiState, STM32H7_EXTI_BANKS),
            VMSTATE_UINT32_2DARRAY(d3pcr, Stm32h7ExtiState, STM32H7_EXTI_BANKS,
                                   2),
            VMSTATE_UINT32_2DARRAY(imr, Stm32h7ExtiState, STM32H7_EXTI_CORES,
                                   STM32H7_EXTI_BANKS),
            VMSTATE_UINT32_2DARRAY(emr, Stm32h7ExtiState, STM32H7_EXTI_CORES,
                                   STM32H7_EXTI_BANKS),
            VMSTATE_UINT32_2DARRAY(pr, Stm32h7ExtiState, STM32H7_EXTI_CORES,
                                   STM32H7_EXTI_BANKS),
            VMSTATE_UINT32(levels, Stm32h7ExtiState), VMSTATE_END_OF_LIST() }
};

static void exti_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_exti;
    rc->phases.hold = exti_reset_hold;
    rc->phases.exit = exti_reset_exit;
}

static const TypeInfo exti_types[] = {
    {
        .name = TYPE_STM32H7_EXTI,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7ExtiState),
        .instance_init = exti_init,
        .class_init = exti_class_init,
    },
};
DEFINE_TYPES(exti_types)
