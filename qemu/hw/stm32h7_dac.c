/*
 * STM32H7 DAC1 (RM0399 "Digital-to-analog converter (DAC)"): the holding
 * registers in their 12-bit right, 12-bit left and 8-bit forms, single or
 * dual, the transfer to DORx (at once, or with TENx set on the trigger
 * TSELx selects: the software trigger, or a timer's TRGO on gpio in "trig"
 * numbered as TSEL), the noise (LFSR) and triangle waves added to DHRx on
 * each trigger, the DMA request after each trigger with DMAENx (gpio out
 * "dma-req" 0/1, to DMAMUX1), and the outputs against VREF+ = 3.3 V,
 * readable over QOM as out1-volts and out2-volts.  DMA underrun, the HRTIM,
 * LPTIM and EXTI9 triggers, sample-and-hold and calibration are not
 * modelled (logged; calibration completes at once).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/visitor.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_dac.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, EN1, 0, 1)        /* channel 2's fields 16 bits up */
    FIELD(CR, TEN1, 1, 1)
    FIELD(CR, TSEL1, 2, 4)
    FIELD(CR, WAVE1, 6, 2)
    FIELD(CR, MAMP1, 8, 4)
    FIELD(CR, DMAEN1, 12, 1)
    FIELD(CR, CEN1, 14, 1)
REG32(SWTRGR, 0x04)
REG32(DHR12R1, 0x08)
REG32(DHR12L1, 0x0C)
REG32(DHR8R1, 0x10)
REG32(DHR12R2, 0x14)
REG32(DHR12L2, 0x18)
REG32(DHR8R2, 0x1C)
REG32(DHR12RD, 0x20)
REG32(DHR12LD, 0x24)
REG32(DHR8RD, 0x28)
REG32(DOR1, 0x2C)
REG32(DOR2, 0x30)
REG32(SR, 0x34)
    FIELD(SR, DAC1RDY, 11, 1)   /* channel 2's 16 bits up */
REG32(CCR, 0x38)
REG32(MCR, 0x3C)
REG32(SHSR1, 0x40)
REG32(SHSR2, 0x44)
REG32(SHHR, 0x48)
REG32(SHRR, 0x4C)
/* clang-format on */

#define CH_SHIFT   16 /* channel 2's bits in CR, SR and the dual registers */
#define DAC_MAX    4095
#define VREF_PLUS  3.3
#define TSEL_SWTRG 0
enum { WAVE_NONE = 0, WAVE_NOISE = 1 }; /* 2 and 3: the triangle */
#define LFSR_RESET 0xAAA
/* the noise generator's polynomial X^12 + X^6 + X^4 + X + 1, as the taps
 * of a 12-bit register shifting left */
#define LFSR_TAPS  ((1u << 11) | (1u << 5) | (1u << 3) | (1u << 0))
#define SHHR_RESET 0x00010001

static uint32_t ch_cr(Stm32h7DacState *s, unsigned ch)
{
    return s->cr >> (CH_SHIFT * ch);
}

/* a trigger: the wave generator steps and DHR (plus the wave) goes to
 * DOR; the sum drops its carry, as the 12-bit adder does */
static void dac_triggered(Stm32h7DacState *s, unsigned ch)
{
    uint32_t c = ch_cr(s, ch), wave = FIELD_EX32(c, CR, WAVE1);
    unsigned mamp = MIN(FIELD_EX32(c, CR, MAMP1), 11);
    uint32_t mask = (2u << mamp) -
                    1; /* MAMP = n: bits 0..n, amplitude 2^(n+1)-1 */
    uint32_t add = 0;

    if (wave == WAVE_NOISE) {
        uint32_t bit = __builtin_parity(s->lfsr[ch] & LFSR_TAPS);
        s->lfsr[ch] = ((s->lfsr[ch] << 1) | bit) & DAC_MAX;
        if (s->lfsr[ch] == 0) {
            s->lfsr[ch] = LFSR_RESET; /* the hardware never locks up at 0 */
        }
        add = s->lfsr[ch] & mask;
    } else if (wave != WAVE_NONE) {
        /* up to the amplitude, down to 0, again */
        if (s->tri_down[ch]) {
            s->tri[ch]--;
            s->tri_down[ch] = s->tri[ch] != 0;
        } else {
            s->tri[ch]++;
            s->tri_down[ch] = s->tri[ch] >= mask;
        }
        add = s->tri[ch];
    }
    s->dor[ch] = (s->dhr[ch] + add) & DAC_MAX;
    trace_stm32h7_dac_out(s->dor[0], s->dor[1]);
    if (FIELD_EX32(c, CR, DMAEN1)) {
        qemu_irq_pulse(s->dma_req[ch]); /* the next sample, into DHR */
    }
}

/* a trigger input (a timer's TRGO): the channels that select it */
static void dac_trigger_in(void *opaque, int n, int level)
{
    Stm32h7DacState *s = opaque;

    if (!level) {
        return;
    }
    for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
        uint32_t c = ch_cr(s, ch);
        if (FIELD_EX32(c, CR, EN1) && FIELD_EX32(c, CR, TEN1) &&
            FIELD_EX32(c, CR, TSEL1) == n) {
            dac_triggered(s, ch);
        }
    }
}

/* DHR to DOR: at once without a trigger, else on SWTRIG */
static void dac_load(Stm32h7DacState *s, unsigned ch)
{
    if (!FIELD_EX32(ch_cr(s, ch), CR, TEN1)) {
        s->dor[ch] = s->dhr[ch];
    }
}

static void dac_write_dhr(Stm32h7DacState *s, unsigned ch, uint32_t v12)
{
    s->dhr[ch] = v12 & DAC_MAX;
    dac_load(s, ch);
}

bool stm32h7_dac_output(Stm32h7DacState *s, unsigned ch, double *volts)
{
    if (!FIELD_EX32(ch_cr(s, ch), CR, EN1)) {
        return false;
    }
    *volts = s->dor[ch] * VREF_PLUS / DAC_MAX;
    return true;
}

static uint64_t dac_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7DacState *s = opaque;

    switch (addr) {
    case A_CR: return s->cr;
    case A_SWTRGR: return 0;
    case A_DHR12R1: return s->dhr[0];
    case A_DHR12L1: return s->dhr[0] << 4;
    case A_DHR8R1: return s->dhr[0] >> 4;
    case A_DHR12R2: return s->dhr[1];
    case A_DHR12L2: return s->dhr[1] << 4;
    case A_DHR8R2: return s->dhr[1] >> 4;
    case A_DHR12RD: return s->dhr[0] | s->dhr[1] << 16;
    case A_DHR12LD: return s->dhr[0] << 4 | s->dhr[1] << 20;
    case A_DHR8RD: return s->dhr[0] >> 4 | (s->dhr[1] >> 4) << 8;
    case A_DOR1: return s->dor[0];
    case A_DOR2: return s->dor[1];
    case A_SR: {
        /* a channel is ready once enabled (DACxRDY) */
        uint32_t sr = s->sr;
        for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
            if (FIELD_EX32(ch_cr(s, ch), CR, EN1)) {
                sr |= R_SR_DAC1RDY_MASK << (CH_SHIFT * ch);
            }
        }
        return sr;
    }
    case A_CCR: return s->ccr;
    case A_MCR: return s->mcr;
    case A_SHSR1: return s->shsr[0];
    case A_SHSR2: return s->shsr[1];
    case A_SHHR: return s->shhr;
    case A_SHRR: return s->shrr;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        return 0;
    }
}

static void dac_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7DacState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_CR:
        for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
            uint32_t c = val >> (CH_SHIFT * ch);
            if (FIELD_EX32(c, CR, TEN1) &&
                FIELD_EX32(c, CR, TSEL1) > STM32H7_DAC_TRG_LAST_TIM) {
                qemu_log_mask(LOG_UNIMP,
                              "%s: channel %u: the HRTIM, LPTIM and EXTI9 "
                              "triggers are not modelled\n",
                              DEVICE(s)->canonical_path, ch + 1);
            }
        }
        s->cr = val & 0x7FFF7FFF;
        for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
            dac_load(s, ch);
        }
        break;
    case A_SWTRGR:
        for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
            uint32_t c = ch_cr(s, ch);
            if ((val & (1u << ch)) && FIELD_EX32(c, CR, EN1) &&
                FIELD_EX32(c, CR, TEN1) &&
                FIELD_EX32(c, CR, TSEL1) == TSEL_SWTRG) {
                dac_triggered(s, ch);
            }
        }
        break;
    case A_DHR12R1: dac_write_dhr(s, 0, val); break;
    case A_DHR12L1: dac_write_dhr(s, 0, val >> 4); break;
    case A_DHR8R1: dac_write_dhr(s, 0, (val & 0xFF) << 4); break;
    case A_DHR12R2: dac_write_dhr(s, 1, val); break;
    case A_DHR12L2: dac_write_dhr(s, 1, val >> 4); break;
    case A_DHR8R2: dac_write_dhr(s, 1, (val & 0xFF) << 4); break;
    case A_DHR12RD:
        dac_write_dhr(s, 0, val);
        dac_write_dhr(s, 1, val >> 16);
        break;
    case A_DHR12LD:
        dac_write_dhr(s, 0, val >> 4);
        dac_write_dhr(s, 1, val >> 20);
        break;
    case A_DHR8RD:
        dac_write_dhr(s, 0, (val & 0xFF) << 4);
        dac_write_dhr(s, 1, ((val >> 8) & 0xFF) << 4);
        break;
    case A_SR: s->sr &= ~(val & 0x20002000); break; /* DMAUDRx: rc_w1 */
    case A_CCR: s->ccr = val; break;
    case A_MCR: s->mcr = val; break;
    case A_SHSR1: s->shsr[0] = val; break;
    case A_SHSR2: s->shsr[1] = val; break;
    case A_SHHR: s->shhr = val; break;
    case A_SHRR: s->shrr = val; break;
    case A_DOR1:
    case A_DOR2:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: DOR%d is read-only\n",
                      DEVICE(s)->canonical_path, addr == A_DOR1 ? 1 : 2);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        break;
    }
    trace_stm32h7_dac_out(s->dor[0], s->dor[1]);
}

static const MemoryRegionOps dac_ops = {
    .read = dac_read,
    .write = dac_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void dac_get_volts(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    double volts = 0; /* an output that is off: nothing driven */
    stm32h7_dac_output(STM32H7_DAC(obj), name[3] - '1', &volts);
    visit_type_number(v, name, &volts, errp);
}

static void dac_reset_hold(Object *obj, ResetType type)
{
    Stm32h7DacState *s = STM32H7_DAC(obj);

    s->cr = s->mcr = s->ccr = s->sr = s->shrr = 0;
    s->shsr[0] = s->shsr[1] = 0;
    s->shhr = SHHR_RESET;
    memset(s->dhr, 0, sizeof(s->dhr));
    memset(s->dor, 0, sizeof(s->dor));
    memset(s->tri, 0, sizeof(s->tri));
    memset(s->tri_down, 0, sizeof(s->tri_down));
    for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
        s->lfsr[ch] = LFSR_RESET;
    }
}

static void dac_init(Object *obj)
{
    Stm32h7DacState *s = STM32H7_DAC(obj);

    memory_region_init_io(&s->mmio, obj, &dac_ops, s, TYPE_STM32H7_DAC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in_named(DEVICE(obj), dac_trigger_in, "trig",
                            STM32H7_DAC_TRIGGERS);
    qdev_init_gpio_out_named(DEVICE(obj), s->dma_req, "dma-req",
                             STM32H7_DAC_CHANNELS);
}

static const VMStateDescription vmstate_dac = {
    .name = TYPE_STM32H7_DAC,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(cr, Stm32h7DacState),
            VMSTATE_UINT32(mcr, Stm32h7DacState),
            VMSTATE_UINT32(ccr, Stm32h7DacState),
            VMSTATE_UINT32(sr, Stm32h7DacState),
            VMSTATE_UINT32_ARRAY(shsr, Stm32h7DacState, 2),
            VMSTATE_UINT32(shhr, Stm32h7DacState),
            VMSTATE_UINT32(shrr, Stm32h7DacState),
            VMSTATE_UINT16_ARRAY(dhr, Stm32h7DacState, STM32H7_DAC_CHANNELS),
            VMSTATE_UINT16_ARRAY(dor, Stm32h7DacState, STM32H7_DAC_CHANNELS),
            VMSTATE_UINT16_ARRAY(lfsr, Stm32h7DacState, STM32H7_DAC_CHANNELS),
            VMSTATE_UINT16_ARRAY(tri, Stm32h7DacState, STM32H7_DAC_CHANNELS),
            VMSTATE_BOOL_ARRAY(tri_down, Stm32h7DacState, STM32H7_DAC_CHANNELS),
            VMSTATE_END_OF_LIST() }
};

static void dac_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_dac;
    rc->phases.hold = dac_reset_hold;
    object_class_property_add(klass, "out1-volts", "number", dac_get_volts,
                              NULL, NULL, NULL);
    object_class_property_add(klass, "out2-volts", "number", dac_get_volts,
                              NULL, NULL, NULL);
}

static const TypeInfo dac_types[] = {
    {
        .name = TYPE_STM32H7_DAC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7DacState),
        .instance_init = dac_init,
        .class_init = dac_class_init,
    },
};
DEFINE_TYPES(dac_types)
