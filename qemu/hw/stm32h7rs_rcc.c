/*
 * STM32H7R/S reset and clock control (RM0477), as much as firmware needs to
 * start: every oscillator and PLL reports ready as soon as it is switched on
 * (CR: HSIRDY, CSIRDY, HSI48RDY, HSERDY, PLL1RDY..PLL3RDY follow their ON
 * bits) and the clock switch takes effect at once (CFGR.SWS follows SW).
 * All other registers keep what is written.  Clock frequencies are not
 * derived yet (the machine's peripherals run from fixed clocks).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"

#define TYPE_STM32H7RS_RCC "stm32h7rs-rcc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7rsRccState, STM32H7RS_RCC)

REG32(CR, 0x000)
REG32(CFGR, 0x010)
    FIELD(CFGR, SW, 0, 3)
    FIELD(CFGR, SWS, 3, 3)

#define NREGS (0x400 / 4)
/* CR: each ON bit and the RDY bit one above it (HSI: 0 -> 2, CSI: 7 -> 8) */
static const struct { uint8_t on, rdy; } cr_pairs[] = {
    { 0, 2 }, { 7, 8 }, { 12, 13 }, { 16, 17 }, { 24, 25 }, { 26, 27 }, { 28, 29 },
};

struct Stm32h7rsRccState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    uint32_t regs[NREGS];
};

static uint64_t rcc_read(void *opaque, hwaddr addr, unsigned size)
{
    return STM32H7RS_RCC(opaque)->regs[addr / 4];
}

static void rcc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7rsRccState *s = STM32H7RS_RCC(opaque);
    uint32_t val = val64;

    if (addr == A_CR) {
        for (size_t i = 0; i < ARRAY_SIZE(cr_pairs); i++) {
            val = deposit32(val, cr_pairs[i].rdy, 1, extract32(val, cr_pairs[i].on, 1));
        }
        val |= 1u << 0 | 1u << 2;       /* HSI feeds the system until switched */
    } else if (addr == A_CFGR) {
        val = FIELD_DP32(val, CFGR, SWS, FIELD_EX32(val, CFGR, SW));
    }
    s->regs[addr / 4] = val;
}

static const MemoryRegionOps rcc_ops = {
    .read = rcc_read,
    .write = rcc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void rcc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7rsRccState *s = STM32H7RS_RCC(obj);

    memset(s->regs, 0, sizeof(s->regs));
    s->regs[A_CR / 4] = 1u << 0 | 1u << 2;          /* HSION, HSIRDY */
}

static void rcc_init(Object *obj)
{
    Stm32h7rsRccState *s = STM32H7RS_RCC(obj);

    memory_region_init_io(&s->mmio, obj, &rcc_ops, s, TYPE_STM32H7RS_RCC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
}

static const VMStateDescription vmstate_rcc = {
    .name = TYPE_STM32H7RS_RCC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, Stm32h7rsRccState, NREGS),
        VMSTATE_END_OF_LIST()
    }
};

static void rcc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_rcc;
    RESETTABLE_CLASS(klass)->phases.hold = rcc_reset_hold;
}

static const TypeInfo rcc_types[] = {
    {
        .name = TYPE_STM32H7RS_RCC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7rsRccState),
        .instance_init = rcc_init,
        .class_init = rcc_class_init,
    },
};
DEFINE_TYPES(rcc_types)
