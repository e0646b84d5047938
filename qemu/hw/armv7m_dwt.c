/*
 * The Cortex-M cycle counter, for a firmware time base that loses nothing
 * when interrupts are late (a descheduled vCPU merges SysTick expiries the
 * way a core with interrupts masked would): DWT_CYCCNT counts the core
 * clock while DEMCR.TRCENA and DWT_CTRL.CYCCNTENA are set, from QEMU's
 * virtual clock, and may be written.  DWT_CTRL reads NUMCOMP = 4 (the
 * M7's and M4's comparators, not modelled: their registers and the other
 * profiling counters read as zero, writes are logged).  DWT_LAR and
 * DWT_LSR are there for software that unlocks the M7's DWT; the lock is
 * not modelled.  DHCSR, DCRSR and DCRDR (halting debug, gdbstub's job)
 * read as zero; DEMCR keeps what is written.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "armv7m_dwt.h"
#include "trace.h"

/* clang-format off */
REG32(DWT_CTRL, 0x000)
    FIELD(DWT_CTRL, CYCCNTENA, 0, 1)
    FIELD(DWT_CTRL, NUMCOMP, 28, 4)
REG32(DWT_CYCCNT, 0x004)
REG32(DWT_LAR, 0xFB0)
REG32(DWT_LSR, 0xFB4)
REG32(DHCSR, 0x0)
REG32(DCRSR, 0x4)
REG32(DCRDR, 0x8)
REG32(DEMCR, 0xC)
    FIELD(DEMCR, TRCENA, 24, 1)
/* clang-format on */

#define DWT_NUMCOMP       4
/* DWT_CTRL bits software may set: CYCCNTENA and the sampling controls */
#define DWT_CTRL_WRITABLE 0x007F1FFFu
#define DEMCR_WRITABLE    0x010F07F1u

static bool dwt_counting(H7Armv7mDwtState *s)
{
    return FIELD_EX32(s->demcr, DEMCR, TRCENA) &&
           FIELD_EX32(s->ctrl, DWT_CTRL, CYCCNTENA);
}

static uint32_t dwt_cyccnt(H7Armv7mDwtState *s)
{
    if (!dwt_counting(s)) {
        return s->cyccnt;
    }
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->base_ns;
    return s->cyccnt + (uint32_t)clock_ns_to_ticks(s->clk, ns);
}

/* take the count now, before what it depends on changes */
static void dwt_fold(H7Armv7mDwtState *s)
{
    s->cyccnt = dwt_cyccnt(s);
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void dwt_clk_update(void *opaque, ClockEvent event)
{
    dwt_fold(opaque);
}

static uint64_t dwt_read(void *opaque, hwaddr addr, unsigned size)
{
    H7Armv7mDwtState *s = opaque;

    switch (addr) {
    case A_DWT_CTRL: return s->ctrl;
    case A_DWT_CYCCNT: return dwt_cyccnt(s);
    case A_DWT_LSR: return 0; /* no lock */
    default: return 0;
    }
}

static void dwt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    H7Armv7mDwtState *s = opaque;

    switch (addr) {
    case A_DWT_CTRL:
        dwt_fold(s);
        s->ctrl = (s->ctrl & ~DWT_CTRL_WRITABLE) | (val & DWT_CTRL_WRITABLE);
        trace_h7_dwt_ctrl(s->ctrl);
        break;
    case A_DWT_CYCCNT:
        s->cyccnt = val;
        s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        break;
    case A_DWT_LAR: break;
    default:
        qemu_log_mask(LOG_UNIMP,
                      "h7-armv7m-dwt: 0x%03x (a comparator or profiling "
                      "counter) not modelled\n",
                      (unsigned)addr);
    }
}

static uint64_t dcb_read(void *opaque, hwaddr addr, unsigned size)
{
    H7Armv7mDwtState *s = opaque;

    return addr == A_DEMCR ? s->demcr : 0;
}

static void dcb_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    H7Armv7mDwtState *s = opaque;

    if (addr == A_DEMCR) {
        dwt_fold(s);
        s->demcr = val & DEMCR_WRITABLE;
        trace_h7_dwt_demcr(s->demcr);
    } else {
        qemu_log_mask(LOG_UNIMP,
                      "h7-armv7m-dwt: halting debug (DHCSR/DCRSR/DCRDR) is "
                      "the gdbstub's: write to 0x%x ignored\n",
                      (unsigned)(H7_DCB_BASE + addr));
    }
}

static const MemoryRegionOps dwt_ops = {
    .read = dwt_read,
    .write = dwt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps dcb_ops = {
    .read = dcb_read,
    .write = dcb_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dwt_reset_hold(Object *obj, ResetType type)
{
    H7Armv7mDwtState *s = H7_ARMV7M_DWT(obj);

    s->ctrl = DWT_NUMCOMP << R_DWT_CTRL_NUMCOMP_SHIFT;
    s->demcr = 0;
    s->cyccnt = 0;
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void dwt_init(Object *obj)
{
    H7Armv7mDwtState *s = H7_ARMV7M_DWT(obj);

    memory_region_init_io(&s->dwt, obj, &dwt_ops, s, "h7-armv7m-dwt", 0x1000);
    memory_region_init_io(&s->dcb, obj, &dcb_ops, s, "h7-armv7m-dcb", 0x10);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->dwt);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->dcb);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", dwt_clk_update, s,
                                ClockPreUpdate);
}

static void dwt_realize(DeviceState *dev, Error **errp)
{
    if (!clock_has_source(H7_ARMV7M_DWT(dev)->clk)) {
        error_setg(errp, "%s: the core clock 'clk' must be connected",
                   TYPE_H7_ARMV7M_DWT);
    }
}

static const VMStateDescription vmstate_dwt = {
    .name = TYPE_H7_ARMV7M_DWT,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(ctrl, H7Armv7mDwtState),
                                      VMSTATE_UINT32(demcr, H7Armv7mDwtState),
                                      VMSTATE_UINT32(cyccnt, H7Armv7mDwtState),
                                      VMSTATE_INT64(base_ns, H7Armv7mDwtState),
                                      VMSTATE_CLOCK(clk, H7Armv7mDwtState),
                                      VMSTATE_END_OF_LIST() }
};

static void dwt_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = dwt_realize;
    dc->vmsd = &vmstate_dwt;
    rc->phases.hold = dwt_reset_hold;
}

static const TypeInfo dwt_types[] = {
    {
        .name = TYPE_H7_ARMV7M_DWT,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(H7Armv7mDwtState),
        .instance_init = dwt_init,
        .class_init = dwt_class_init,
    },
};
DEFINE_TYPES(dwt_types)
