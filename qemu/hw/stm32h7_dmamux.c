/*
 * STM32H7 DMAMUX1 (RM0399 "DMA request multiplexer (DMAMUX)"): each of its
 * sixteen channels (C0CR-C15CR) passes the request DMAREQ_ID selects, a
 * pulse on gpio in "req" N, to its stream (gpio out "stream" 0-7 to DMA1's
 * streams, 8-15 to DMA2's).  Synchronisation, event generation and the
 * request generators are stored but not modelled (logged): no sync
 * overrun, no trigger overrun.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_dmamux.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(C0CR, 0x00)               /* channel n at 4 n */
    FIELD(C0CR, DMAREQ_ID, 0, 7)
    FIELD(C0CR, SOIE, 8, 1)
    FIELD(C0CR, EGE, 9, 1)
    FIELD(C0CR, SE, 16, 1)
    FIELD(C0CR, SPOL, 17, 2)
    FIELD(C0CR, NBREQ, 19, 5)
    FIELD(C0CR, SYNC_ID, 24, 3)
REG32(CSR, 0x80)
REG32(CFR, 0x84)
REG32(RG0CR, 0x100)             /* generator n at 0x100 + 4 n */
    FIELD(RG0CR, SIG_ID, 0, 3)
    FIELD(RG0CR, OIE, 8, 1)
    FIELD(RG0CR, GE, 16, 1)
    FIELD(RG0CR, GPOL, 17, 2)
    FIELD(RG0CR, GNBREQ, 19, 5)
REG32(RGSR, 0x140)
REG32(RGCFR, 0x144)
/* clang-format on */

#define CCR_WRITABLE \
    (R_C0CR_DMAREQ_ID_MASK | R_C0CR_SOIE_MASK | R_C0CR_EGE_MASK | \
     R_C0CR_SE_MASK | R_C0CR_SPOL_MASK | R_C0CR_NBREQ_MASK | \
     R_C0CR_SYNC_ID_MASK)
#define RGCR_WRITABLE \
    (R_RG0CR_SIG_ID_MASK | R_RG0CR_OIE_MASK | R_RG0CR_GE_MASK | \
     R_RG0CR_GPOL_MASK | R_RG0CR_GNBREQ_MASK)
#define CCR_END  (A_C0CR + 4 * STM32H7_DMAMUX_CHANNELS)
#define RGCR_END (A_RG0CR + 4 * STM32H7_DMAMUX_GENERATORS)

static const char *mux_name(Stm32h7DmamuxState *s)
{
    return DEVICE(s)->canonical_path;
}

/* a peripheral's request: to every channel that selects it (0: none) */
static void mux_request(void *opaque, int id, int level)
{
    Stm32h7DmamuxState *s = opaque;

    if (id == 0) {
        return;
    }
    for (unsigned ch = 0; ch < STM32H7_DMAMUX_CHANNELS; ch++) {
        if (FIELD_EX32(s->ccr[ch], C0CR, DMAREQ_ID) == id) {
            if (level) {
                trace_stm32h7_dmamux_request(id, ch);
            }
            qemu_set_irq(s->out[ch], level);
        }
    }
}

static uint64_t mux_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7DmamuxState *s = opaque;

    switch (addr) {
    case A_C0CR ... CCR_END - 1: return s->ccr[addr / 4];
    case A_CSR:
    case A_RGSR: return 0; /* no overruns */
    case A_CFR:
    case A_RGCFR: return 0;
    case A_RG0CR ... RGCR_END - 1: return s->rgcr[(addr - A_RG0CR) / 4];
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: read of reserved offset 0x%03" HWADDR_PRIx "\n",
                  mux_name(s), addr);
    return 0;
}

static void mux_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7DmamuxState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_C0CR ... CCR_END - 1:
        if (val & (R_C0CR_SE_MASK | R_C0CR_EGE_MASK)) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: channel %u: synchronisation and event "
                          "generation are not modelled\n",
                          mux_name(s), (unsigned)(addr / 4));
        }
        s->ccr[addr / 4] = val & CCR_WRITABLE;
        return;
    case A_CFR:
    case A_RGCFR: return; /* nothing to clear */
    case A_RG0CR ... RGCR_END - 1:
        if (FIELD_EX32(val, RG0CR, GE)) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: the request generators are not modelled\n",
                          mux_name(s));
        }
        s->rgcr[(addr - A_RG0CR) / 4] = val & RGCR_WRITABLE;
        return;
    case A_CSR:
    case A_RGSR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s is read-only\n", mux_name(s),
                      addr == A_CSR ? "CSR" : "RGSR");
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: write to reserved offset 0x%03" HWADDR_PRIx "\n",
                  mux_name(s), addr);
}

static const MemoryRegionOps mux_ops = {
    .read = mux_read,
    .write = mux_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void mux_reset_hold(Object *obj, ResetType type)
{
    Stm32h7DmamuxState *s = STM32H7_DMAMUX(obj);

    memset(s->ccr, 0, sizeof(s->ccr));
    memset(s->rgcr, 0, sizeof(s->rgcr));
}

static void mux_init(Object *obj)
{
    Stm32h7DmamuxState *s = STM32H7_DMAMUX(obj);

    memory_region_init_io(&s->mmio, obj, &mux_ops, s, TYPE_STM32H7_DMAMUX,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in_named(DEVICE(obj), mux_request, "req",
                            STM32H7_DMAMUX_REQUESTS);
    qdev_init_gpio_out_named(DEVICE(obj), s->out, "stream",
                             STM32H7_DMAMUX_CHANNELS);
}

static const VMStateDescription vmstate_mux = {
    .name = TYPE_STM32H7_DMAMUX,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){ VMSTATE_UINT32_ARRAY(ccr, Stm32h7DmamuxState,
                                                     STM32H7_DMAMUX_CHANNELS),
                                VMSTATE_UINT32_ARRAY(rgcr, Stm32h7DmamuxState,
                                                     STM32H7_DMAMUX_GENERATORS),
                                VMSTATE_END_OF_LIST() }
};

static void mux_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_mux;
    rc->phases.hold = mux_reset_hold;
}

static const TypeInfo mux_types[] = {
    {
        .name = TYPE_STM32H7_DMAMUX,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7DmamuxState),
        .instance_init = mux_init,
        .class_init = mux_class_init,
    },
};
DEFINE_TYPES(mux_types)
