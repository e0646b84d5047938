/*
 * STM32H7R/S reset and clock control (RCC), register layout of RM0477, as
 * much as the board's clock set-up needs: oscillators and PLLs report ready
 * as soon as they are switched on (CR: HSIRDY, CSIRDY, HSI48RDY, HSERDY,
 * PLL1RDY..PLL3RDY follow their ON bits); the system clock switch (CFGR.SW
 * -> SWS) takes effect at once if its source is ready; the CPU clock
 * (CDCFGR.CPRE), AHB (BMCFGR.BMPRE) and APB1 (APBCFGR.PPRE1) prescalers and
 * PLL1's P output (PLLCKSELR source and DIVM1, DIVN/FRACN, DIVP) give the
 * frequencies of the clock outputs "cpuclk", "refclk" (cpuclk / 8, the
 * SysTick reference) and "pclk1" (USART2/3 kernel clock by default), each
 * also readable as the property "<name>-hz".  As on the chip, the clock
 * feeding the system cannot be stopped and PLL1's source and dividers are
 * locked while it runs.  Other registers (enables included) keep what is
 * written.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "stm32h7_clk.h"
#include "stm32h7rs_rcc.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x000)
    FIELD(CR, HSIDIV, 3, 2)
REG32(CFGR, 0x010)
    FIELD(CFGR, SW, 0, 3)
    FIELD(CFGR, SWS, 3, 3)
REG32(CDCFGR, 0x018)
    FIELD(CDCFGR, CPRE, 0, 4)
REG32(BMCFGR, 0x01C)
    FIELD(BMCFGR, BMPRE, 0, 4)
REG32(APBCFGR, 0x020)
    FIELD(APBCFGR, PPRE1, 0, 3)
REG32(PLLCKSELR, 0x028)
    FIELD(PLLCKSELR, PLLSRC, 0, 2)
    FIELD(PLLCKSELR, DIVM1, 4, 6)
REG32(PLLCFGR, 0x02C)
    FIELD(PLLCFGR, PLL1FRACEN, 0, 1)
REG32(PLL1DIVR1, 0x030)
    FIELD(PLL1DIVR1, DIVN, 0, 9)
    FIELD(PLL1DIVR1, DIVP, 9, 7)
REG32(PLL1FRACR, 0x034)
    FIELD(PLL1FRACR, FRACN, 3, 13)
/* clang-format on */

#define HSI_HZ 64000000u
#define CSI_HZ 4000000u
#define HSE_HZ 24000000u /* the NUCLEO's HSE: 24 MHz from the ST-LINK */

/* CR: each ON bit and its RDY bit (HSI 0/2, CSI 7/8, HSI48 12/13, HSE
 * 16/17, PLL1..3 24/25, 26/27, 28/29) */
static const struct {
    uint8_t on, rdy;
} cr_pairs[] = {
    { 0, 2 },   { 7, 8 },   { 12, 13 }, { 16, 17 },
    { 24, 25 }, { 26, 27 }, { 28, 29 },
};

#define R(s, a) ((s)->regs[(a) / 4])

static bool ready(Stm32h7rsRccState *s, unsigned rdy_bit)
{
    return extract32(R(s, A_CR), rdy_bit, 1);
}

/* oscillator n of SW / PLLSRC encoding (0 HSI, 1 CSI, 2 HSE): Hz, 0 if off */
static uint64_t osc_hz(Stm32h7rsRccState *s, unsigned n)
{
    switch (n) {
    case 0:
        return ready(s, 2) ? HSI_HZ >> FIELD_EX32(R(s, A_CR), CR, HSIDIV) : 0;
    case 1: return ready(s, 8) ? CSI_HZ : 0;
    case 2: return ready(s, 17) ? HSE_HZ : 0;
    default: return 0;
    }
}

static uint64_t pll1_p_hz(Stm32h7rsRccState *s)
{
    uint32_t cksel = R(s, A_PLLCKSELR), divr = R(s, A_PLL1DIVR1);
    unsigned fracn = FIELD_EX32(R(s, A_PLLCFGR), PLLCFGR, PLL1FRACEN)
                         ? FIELD_EX32(R(s, A_PLL1FRACR), PLL1FRACR, FRACN)
                         : 0;

    if (!ready(s, 25)) {
        return 0;
    }
    return stm32h7_pll_hz(osc_hz(s, FIELD_EX32(cksel, PLLCKSELR, PLLSRC)),
                          FIELD_EX32(cksel, PLLCKSELR, DIVM1),
                          FIELD_EX32(divr, PLL1DIVR1, DIVN), fracn,
                          FIELD_EX32(divr, PLL1DIVR1, DIVP) + 1);
}

static uint64_t sys_hz(Stm32h7rsRccState *s, unsigned sw)
{
    return sw == 3 ? pll1_p_hz(s) : osc_hz(s, sw);
}

static void rcc_update_clocks(Stm32h7rsRccState *s)
{
    uint64_t sys = sys_hz(s, FIELD_EX32(R(s, A_CFGR), CFGR, SWS));
    uint64_t cpu = sys /
                   stm32h7_ahb_div(FIELD_EX32(R(s, A_CDCFGR), CDCFGR, CPRE));
    uint64_t hclk = cpu /
                    stm32h7_ahb_div(FIELD_EX32(R(s, A_BMCFGR), BMCFGR, BMPRE));

    clock_update_hz(s->cpuclk, cpu);
    clock_update_hz(s->refclk, cpu / 8);
    clock_update_hz(s->pclk1, hclk / stm32h7_apb_div(FIELD_EX32(
                                         R(s, A_APBCFGR), APBCFGR, PPRE1)));
}

static uint64_t rcc_read(void *opaque, hwaddr addr, unsigned size)
{
    return STM32H7RS_RCC(opaque)->regs[addr / 4];
}

static void rcc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    trace_stm32h7rs_rcc_write(addr, val64);
    Stm32h7rsRccState *s = STM32H7RS_RCC(opaque);
    uint32_t val = val64;

    if (addr == A_CR) {
        /* what feeds the system clock cannot be stopped: its oscillator
         * (HSI, CSI, HSE: ON bits 0, 7, 16) or PLL1 and PLL1's source */
        static const uint8_t osc_on[3] = { 0, 7, 16 };
        unsigned sws = FIELD_EX32(R(s, A_CFGR), CFGR, SWS);
        unsigned src = sws == 3
                           ? FIELD_EX32(R(s, A_PLLCKSELR), PLLCKSELR, PLLSRC)
                           : sws;
        if (sws == 3) {
            val |= 1u << 24;
        }
        if (src < 3) {
            val |= 1u << osc_on[src];
        }
        for (size_t i = 0; i < ARRAY_SIZE(cr_pairs); i++) {
            val = deposit32(val, cr_pairs[i].rdy, 1,
                            extract32(val, cr_pairs[i].on, 1));
        }
    } else if ((addr == A_PLLCKSELR || addr == A_PLL1DIVR1) && ready(s, 25)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7rs-rcc: write to 0x%02" HWADDR_PRIx
                      " while PLL1 is on: ignored\n",
                      addr);
        return;
    } else if (addr == A_CFGR) {
        unsigned sw = FIELD_EX32(val, CFGR, SW);
        unsigned sws = FIELD_EX32(R(s, A_CFGR), CFGR, SWS);
        if (sw <= 3 && sys_hz(s, sw)) {
            sws = sw;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7rs-rcc: CFGR.SW=%u selects a clock "
                          "that is not ready: switch ignored\n",
                          sw);
        }
        val = FIELD_DP32(val, CFGR, SWS, sws);
    }
    s->regs[addr / 4] = val;
    rcc_update_clocks(s);
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
    R(s, A_CR) = 1u << 0 | 1u << 2; /* HSION, HSIRDY */
    /* reset values as on the H747 (RM0399); not checked against RM0477 */
    R(s, A_PLLCKSELR) = 32u << R_PLLCKSELR_DIVM1_SHIFT;
    R(s, A_PLL1DIVR1) = 0x01010280;
}

static void rcc_reset_exit(Object *obj, ResetType type)
{
    rcc_update_clocks(STM32H7RS_RCC(obj));
}

/* "cpuclk-hz", "refclk-hz", "pclk1-hz": the clock outputs, for tests */
static void rcc_get_hz(Object *obj, Visitor *v, const char *name, void *opaque,
                       Error **errp)
{
    uint64_t hz = clock_get_hz(opaque);
    visit_type_uint64(v, name, &hz, errp);
}

static Clock *clock_out(Stm32h7rsRccState *s, const char *name)
{
    g_autofree char *prop = g_strdup_printf("%s-hz", name);
    Clock *clk = qdev_init_clock_out(DEVICE(s), name);

    object_property_add(OBJECT(s), prop, "uint64", rcc_get_hz, NULL, NULL, clk);
    return clk;
}

static void rcc_init(Object *obj)
{
    Stm32h7rsRccState *s = STM32H7RS_RCC(obj);

    memory_region_init_io(&s->mmio, obj, &rcc_ops, s, TYPE_STM32H7RS_RCC,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    s->cpuclk = clock_out(s, "cpuclk");
    s->refclk = clock_out(s, "refclk");
    s->pclk1 = clock_out(s, "pclk1");
}

static int rcc_post_load(void *opaque, int version_id)
{
    rcc_update_clocks(opaque);
    return 0;
}

static const VMStateDescription vmstate_rcc = {
    .name = TYPE_STM32H7RS_RCC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = rcc_post_load,
    .fields = (const VMStateField[]){ VMSTATE_UINT32_ARRAY(regs,
                                                           Stm32h7rsRccState,
                                                           STM32H7RS_RCC_NREGS),
                                      VMSTATE_END_OF_LIST() }
};

static void rcc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_rcc;
    rc->phases.hold = rcc_reset_hold;
    rc->phases.exit = rcc_reset_exit;
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
