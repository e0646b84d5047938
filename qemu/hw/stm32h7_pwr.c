/*
 * STM32H7 power control (PWR), as in RM0399: supply configuration (PWR_CR3,
 * write-once after power-on as on the silicon) and voltage scaling (PWR_D3CR)
 * with their ready flags; the CM7's Stop and Standby modes (PWR_CPUCR).
 *
 * QEMU's NVIC reads SCR.SLEEPDEEP as zero (it models no deep sleep), so
 * the model takes a wakeup event (gpio in "wakeup": the RTC's alarm and
 * wakeup interrupts) that finds the CM7 halted in WFI with PDDS_D1/D2/D3
 * all set as the end of Standby: the system resets with SBF set (the RTC
 * and backup domain keep running).  Stop is the CPU's WFI, indistinguishable
 * from Sleep here: the clocks keep running and STOPF stays clear; the CM4
 * is not stopped in Standby.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "system/runstate.h"
#include "target/arm/cpu.h"
#include "migration/vmstate.h"
#include "stm32h7_pwr.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
REG32(CSR1, 0x04)
    FIELD(CSR1, ACTVOSRDY, 13, 1)
    FIELD(CSR1, ACTVOS, 14, 2)
REG32(CR2, 0x08)
REG32(CR3, 0x0C)
    FIELD(CR3, SUPPLY, 0, 6)        /* BYPASS, LDOEN, SDEN, SDEXTHP, SDLEVEL */
    FIELD(CR3, BYPASS, 0, 1)
    FIELD(CR3, LDOEN, 1, 1)
    FIELD(CR3, SDEN, 2, 1)
    FIELD(CR3, USB33DEN, 24, 1)
    FIELD(CR3, USB33RDY, 26, 1)
REG32(CPUCR, 0x10)
    FIELD(CPUCR, PDDS_D1, 0, 1)
    FIELD(CPUCR, PDDS_D2, 1, 1)
    FIELD(CPUCR, PDDS_D3, 2, 1)
    FIELD(CPUCR, STOPF, 5, 1)
    FIELD(CPUCR, SBF, 6, 1)
    FIELD(CPUCR, SBF_D1, 7, 1)
    FIELD(CPUCR, SBF_D2, 8, 1)
    FIELD(CPUCR, CSSF, 9, 1)
    FIELD(CPUCR, RUN_D3, 11, 1)
REG32(D3CR, 0x18)
    FIELD(D3CR, VOSRDY, 13, 1)
    FIELD(D3CR, VOS, 14, 2)
REG32(WKUPCR, 0x20)
REG32(WKUPFR, 0x24)
REG32(WKUPEPR, 0x28)
/* clang-format on */

#define CPUCR_PDDS_ALL \
    (R_CPUCR_PDDS_D1_MASK | R_CPUCR_PDDS_D2_MASK | R_CPUCR_PDDS_D3_MASK)
#define CPUCR_FLAGS \
    (R_CPUCR_STOPF_MASK | R_CPUCR_SBF_MASK | R_CPUCR_SBF_D1_MASK | \
     R_CPUCR_SBF_D2_MASK)
#define CPUCR_WRITABLE (CPUCR_PDDS_ALL | R_CPUCR_RUN_D3_MASK)

/* a wakeup event: did it end Standby? */
static void pwr_wakeup(void *opaque, int n, int level)
{
    Stm32h7PwrState *s = opaque;
    bool halted = s->cpu && CPU(s->cpu)->halted;
    uint32_t cpucr = s->regs[R_CPUCR];

    trace_stm32h7_pwr_wakeup(n, level, halted, cpucr);
    if (level && halted && (cpucr & CPUCR_PDDS_ALL) == CPUCR_PDDS_ALL) {
        trace_stm32h7_pwr_mode("standby exit: system reset");
        s->standby_exit = true;
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static uint64_t pwr_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7PwrState *s = opaque;
    uint32_t v = 0;

    switch (addr) {
    case A_CSR1:
        /* the regulator reaches the requested scale once supply is set */
        v = FIELD_DP32(0, CSR1, ACTVOS, FIELD_EX32(s->regs[R_D3CR], D3CR, VOS));
        v = FIELD_DP32(v, CSR1, ACTVOSRDY, s->supply_locked);
        break;
    case A_CR1:
    case A_CR2:
    case A_CR3:
    case A_CPUCR:
    case A_D3CR:
    case A_WKUPCR:
    case A_WKUPFR:
    case A_WKUPEPR: v = s->regs[addr / 4]; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-pwr: read of reserved offset "
                      "0x%02" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    trace_stm32h7_pwr_read(addr, v);
    return v;
}

static void pwr_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7PwrState *s = opaque;
    uint32_t val = val64;

    trace_stm32h7_pwr_write(addr, val);
    switch (addr) {
    case A_CR1:
    case A_CR2:
    case A_WKUPEPR: s->regs[addr / 4] = val; break;
    case A_CPUCR: {
        /* the flags are read-only; CSSF (always read 0) clears them */
        uint32_t flags = s->regs[R_CPUCR] & CPUCR_FLAGS;
        if (FIELD_EX32(val, CPUCR, CSSF)) {
            flags = 0;
        }
        s->regs[R_CPUCR] = (val & CPUCR_WRITABLE) | flags;
        break;
    }
    case A_CR3: {
        uint32_t supply = FIELD_EX32(val, CR3, SUPPLY);
        uint32_t cur = FIELD_EX32(s->regs[R_CR3], CR3, SUPPLY);
        if (s->supply_locked && supply != cur) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-pwr: CR3 supply "
                          "configuration is write-once after power-on "
                          "(0x%02x kept, 0x%02x ignored)\n",
                          cur, supply);
            supply = cur;
        }
        if (FIELD_EX32(val, CR3, BYPASS) &&
            (val & (R_CR3_LDOEN_MASK | R_CR3_SDEN_MASK))) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-pwr: CR3 BYPASS with a "
                          "regulator enabled is not a valid supply mode\n");
        }
        s->supply_locked = true;
        val = FIELD_DP32(val, CR3, SUPPLY, supply);
        val = FIELD_DP32(val, CR3, USB33RDY, FIELD_EX32(val, CR3, USB33DEN));
        s->regs[R_CR3] = val;
        break;
    }
    case A_D3CR:
        if (FIELD_EX32(val, D3CR, VOS) == 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-pwr: D3CR.VOS=0 is "
                                           "reserved\n");
        }
        /* the new scale is reached at once */
        s->regs[R_D3CR] = FIELD_DP32(val & R_D3CR_VOS_MASK, D3CR, VOSRDY, 1);
        break;
    case A_WKUPCR: s->regs[R_WKUPFR] &= ~(val & 0x3F); break;
    case A_CSR1:
    case A_WKUPFR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-pwr: write to read-only "
                      "register 0x%02" HWADDR_PRIx "\n",
                      addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-pwr: write to reserved offset "
                      "0x%02" HWADDR_PRIx "\n",
                      addr);
        break;
    }
}

static const MemoryRegionOps pwr_ops = {
    .read = pwr_read,
    .write = pwr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void pwr_reset_hold(Object *obj, ResetType type)
{
    Stm32h7PwrState *s = STM32H7_PWR(obj);

    memset(s->regs, 0, sizeof(s->regs));
    if (s->standby_exit) {
        /* the system was in Standby: D1, D2 and the system */
        s->regs[R_CPUCR] = R_CPUCR_SBF_MASK | R_CPUCR_SBF_D1_MASK |
                           R_CPUCR_SBF_D2_MASK;
        s->standby_exit = false;
    }
    s->regs[R_CR1] = 0xF000C000;
    /* SMPS-capable parts come out of reset with SMPS and LDO enabled */
    s->regs[R_CR3] = R_CR3_SDEN_MASK | R_CR3_LDOEN_MASK;
    s->regs[R_D3CR] = FIELD_DP32(0, D3CR, VOS, 1);
    s->supply_locked = false;
}

static void pwr_init(Object *obj)
{
    Stm32h7PwrState *s = STM32H7_PWR(obj);

    memory_region_init_io(&s->mmio, obj, &pwr_ops, s, TYPE_STM32H7_PWR, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in_named(DEVICE(obj), pwr_wakeup, "wakeup", 2);
}

static const VMStateDescription vmstate_pwr = {
    .name = TYPE_STM32H7_PWR,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7PwrState, STM32H7_PWR_NREGS),
            VMSTATE_BOOL(supply_locked, Stm32h7PwrState),
            VMSTATE_BOOL(standby_exit, Stm32h7PwrState), VMSTATE_END_OF_LIST() }
};

static const Property pwr_props[] = {
    /* the CM7, whose WFI with SLEEPDEEP enters the low-power modes */
    DEFINE_PROP_LINK("cpu", Stm32h7PwrState, cpu, TYPE_ARM_CPU, ARMCPU *),
};

static void pwr_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_pwr;
    device_class_set_props(dc, pwr_props);
    RESETTABLE_CLASS(klass)->phases.hold = pwr_reset_hold;
}

static const TypeInfo pwr_types[] = {
    {
        .name = TYPE_STM32H7_PWR,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7PwrState),
        .instance_init = pwr_init,
        .class_init = pwr_class_init,
    },
};
DEFINE_TYPES(pwr_types)
