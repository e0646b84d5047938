/*
 * STM32H7 hardware semaphore (HSEM, RM0399 "Hardware semaphore"): 32
 * semaphores with 2-step locking (write R[n] with LOCK, COREID, PROCID, then
 * read back) and 1-step locking (read RLR[n]), release by writing R[n] with
 * LOCK=0 and the owner's IDs, a key-protected clear of all of one core's
 * semaphores (CR/KEYR), and per-core free-semaphore interrupts
 * (CnIER/CnICR/CnISR/CnMISR, one IRQ line to each core).
 *
 * The accessing core is the CPU making the access: Cortex-M7 (cpu 0) has
 * COREID 3, Cortex-M4 (cpu 1) COREID 1.  Accesses that come from no CPU
 * (qtest) count as the core in the "nocpu-coreid" property.
 * A freed semaphore sets a core's status bit only where that core enabled
 * its interrupt, so enabling one later does not fire for an old release.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/core/cpu.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_hsem.h"
#include "trace.h"

#define COREID_CM7 3
#define COREID_CM4 1

/* register fields stay indented under their register */
/* clang-format off */
REG32(R0, 0x000)
    FIELD(R, PROCID, 0, 8)
    FIELD(R, COREID, 8, 4)
    FIELD(R, LOCK, 31, 1)
REG32(RLR0, 0x080)
REG32(C1IER, 0x100)
REG32(C1ICR, 0x104)
REG32(C1ISR, 0x108)
REG32(C1MISR, 0x10C)
REG32(C2IER, 0x110)
REG32(C2MISR, 0x11C)
REG32(CR, 0x140)
    FIELD(CR, COREID, 8, 4)
    FIELD(CR, KEY, 16, 16)
REG32(KEYR, 0x144)
/* clang-format on */

static uint32_t accessing_coreid(Stm32h7HsemState *s)
{
    if (!current_cpu) {
        return s->nocpu_coreid;
    }
    return current_cpu->cpu_index == 0 ? COREID_CM7 : COREID_CM4;
}

static void hsem_update_irq(Stm32h7HsemState *s)
{
    for (int c = 0; c < STM32H7_HSEM_CORES; c++) {
        qemu_set_irq(s->irq[c], !!(s->isr[c] & s->ier[c]));
    }
}

static void hsem_free(Stm32h7HsemState *s, unsigned n)
{
    trace_stm32h7_hsem_free(n, FIELD_EX32(s->r[n], R, COREID));
    s->r[n] = 0;
    for (int c = 0; c < STM32H7_HSEM_CORES; c++) {
        s->isr[c] |= s->ier[c] & (1u << n);
    }
}

static uint64_t hsem_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7HsemState *s = opaque;
    uint32_t v = 0;

    if (addr < A_RLR0) {
        v = s->r[addr / 4];
    } else if (addr < A_C1IER) {
        /* 1-step lock: a read takes a free semaphore for the reader */
        unsigned n = (addr - A_RLR0) / 4;
        if (!FIELD_EX32(s->r[n], R, LOCK)) {
            s->r[n] = R_R_LOCK_MASK | (accessing_coreid(s) << R_R_COREID_SHIFT);
            trace_stm32h7_hsem_lock(n, accessing_coreid(s), 0);
        }
        v = s->r[n];
    } else if (addr >= A_C1IER && addr <= A_C2MISR) {
        int c = (addr - A_C1IER) / 0x10;
        switch (addr & 0xF) {
        case 0x0: v = s->ier[c]; break;
        case 0x4: v = 0; break; /* ICR: write only */
        case 0x8: v = s->isr[c]; break;
        case 0xC: v = s->isr[c] & s->ier[c]; break;
        }
    } else if (addr == A_CR) {
        v = 0;
    } else if (addr == A_KEYR) {
        v = s->keyr;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-hsem: read of reserved "
                      "offset 0x%03" HWADDR_PRIx "\n",
                      addr);
    }
    return v;
}

static void hsem_write_r(Stm32h7HsemState *s, unsigned n, uint32_t val)
{
    uint32_t core = accessing_coreid(s);

    if (FIELD_EX32(val, R, COREID) != core) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-hsem: R%u written with COREID "
                      "%u by core %u: ignored\n",
                      n, FIELD_EX32(val, R, COREID), core);
        return;
    }
    uint32_t ids = val & (R_R_COREID_MASK | R_R_PROCID_MASK);
    if (FIELD_EX32(val, R, LOCK)) {
        if (!FIELD_EX32(s->r[n], R, LOCK)) {
            s->r[n] = R_R_LOCK_MASK | ids; /* 2-step lock */
            trace_stm32h7_hsem_lock(n, core, FIELD_EX32(val, R, PROCID));
        }
        /* locked already (by us or another): unchanged, the read-back tells */
    } else if (FIELD_EX32(s->r[n], R, LOCK) &&
               (s->r[n] & (R_R_COREID_MASK | R_R_PROCID_MASK)) == ids) {
        hsem_free(s, n);
    } else if (FIELD_EX32(s->r[n], R, LOCK)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-hsem: R%u release by core %u "
                      "process %u, but it is held by core %u process %u\n",
                      n, core, FIELD_EX32(val, R, PROCID),
                      FIELD_EX32(s->r[n], R, COREID),
                      FIELD_EX32(s->r[n], R, PROCID));
    }
}

static void hsem_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7HsemState *s = opaque;
    uint32_t val = val64;

    if (addr < A_RLR0) {
        hsem_write_r(s, addr / 4, val);
    } else if (addr < A_C1IER) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-hsem: RLR is read-only\n");
    } else if (addr >= A_C1IER && addr <= A_C2MISR) {
        int c = (addr - A_C1IER) / 0x10;
        switch (addr & 0xF) {
        case 0x0: s->ier[c] = val; break;
        case 0x4: s->isr[c] &= ~val; break;
        default:
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-hsem: C%dISR/C%dMISR are "
                          "read-only\n",
                          c + 1, c + 1);
            break;
        }
    } else if (addr == A_CR) {
        if (FIELD_EX32(val, CR, KEY) != (s->keyr >> 16)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-hsem: CR key 0x%04x does not "
                          "match KEYR: nothing cleared\n",
                          FIELD_EX32(val, CR, KEY));
            return;
        }
        for (unsigned n = 0; n < STM32H7_HSEM_N; n++) {
            if (FIELD_EX32(s->r[n], R, LOCK) &&
                FIELD_EX32(s->r[n], R, COREID) == FIELD_EX32(val, CR, COREID)) {
                hsem_free(s, n);
            }
        }
    } else if (addr == A_KEYR) {
        s->keyr = val & 0xFFFF0000u;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-hsem: write to reserved "
                      "offset 0x%03" HWADDR_PRIx "\n",
                      addr);
        return;
    }
    hsem_update_irq(s);
}

static const MemoryRegionOps hsem_ops = {
    .read = hsem_read,
    .write = hsem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void hsem_reset_hold(Object *obj, ResetType type)
{
    Stm32h7HsemState *s = STM32H7_HSEM(obj);

    memset(s->r, 0, sizeof(s->r));
    memset(s->ier, 0, sizeof(s->ier));
    memset(s->isr, 0, sizeof(s->isr));
    s->keyr = 0;
}

static void hsem_reset_exit(Object *obj, ResetType type)
{
    hsem_update_irq(STM32H7_HSEM(obj));
}

static void hsem_init(Object *obj)
{
    Stm32h7HsemState *s = STM32H7_HSEM(obj);

    memory_region_init_io(&s->mmio, obj, &hsem_ops, s, TYPE_STM32H7_HSEM,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (int c = 0; c < STM32H7_HSEM_CORES; c++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[c]);
    }
    /* settable at run time (qom-set), for tests that act as either core */
    s->nocpu_coreid = COREID_CM7;
    object_property_add_uint32_ptr(obj, "nocpu-coreid", &s->nocpu_coreid,
                                   OBJ_PROP_FLAG_READWRITE);
}

static const VMStateDescription vmstate_hsem = {
    .name = TYPE_STM32H7_HSEM,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(r, Stm32h7HsemState, STM32H7_HSEM_N),
            VMSTATE_UINT32_ARRAY(ier, Stm32h7HsemState, STM32H7_HSEM_CORES),
            VMSTATE_UINT32_ARRAY(isr, Stm32h7HsemState, STM32H7_HSEM_CORES),
            VMSTATE_UINT32(keyr, Stm32h7HsemState), VMSTATE_END_OF_LIST() }
};

static void hsem_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_hsem;
    rc->phases.hold = hsem_reset_hold;
    rc->phases.exit = hsem_reset_exit;
}

static const TypeInfo hsem_types[] = {
    {
        .name = TYPE_STM32H7_HSEM,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7HsemState),
        .instance_init = hsem_init,
        .class_init = hsem_class_init,
    },
};
DEFINE_TYPES(hsem_types)
