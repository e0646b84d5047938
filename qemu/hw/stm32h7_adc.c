/*
 * STM32H7 ADC block (RM0399 "Analog-to-digital converters (ADC)", the
 * silicon revision Y register layout): one or two converters and their
 * common registers.  Modelled: the deep-power-down and regulator start-up
 * (LDORDY), calibration, enable/disable (ADRDY), the regular sequence of up
 * to 16 ranks in single or continuous mode with ADSTART/ADSTP, sampling
 * times and resolutions (16 to 8 bits) giving each conversion its time in
 * virtual time, EOC/EOS/EOSMP/OVR with OVRMOD, oversampling and LSHIFT,
 * and the interrupt.  The converted value is the channel's voltage (from
 * the SoC: pins set over QMP, the DAC, the internal channels) against
 * VREF+ = 3.3 V.
 *
 * Not modelled (logged): injected conversions, hardware triggers,
 * discontinuous and dual modes, DMA, offsets, differential inputs and the
 * analog watchdogs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_adc.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(ISR, 0x00)
    FIELD(ISR, ADRDY, 0, 1)
    FIELD(ISR, EOSMP, 1, 1)
    FIELD(ISR, EOC, 2, 1)
    FIELD(ISR, EOS, 3, 1)
    FIELD(ISR, OVR, 4, 1)
    FIELD(ISR, LDORDY, 12, 1)
REG32(IER, 0x04)
REG32(CR, 0x08)
    FIELD(CR, ADEN, 0, 1)
    FIELD(CR, ADDIS, 1, 1)
    FIELD(CR, ADSTART, 2, 1)
    FIELD(CR, JADSTART, 3, 1)
    FIELD(CR, ADSTP, 4, 1)
    FIELD(CR, JADSTP, 5, 1)
    FIELD(CR, BOOST, 8, 1)
    FIELD(CR, ADCALLIN, 16, 1)
    FIELD(CR, ADVREGEN, 28, 1)
    FIELD(CR, DEEPPWD, 29, 1)
    FIELD(CR, ADCALDIF, 30, 1)
    FIELD(CR, ADCAL, 31, 1)
REG32(CFGR, 0x0C)
    FIELD(CFGR, DMNGT, 0, 2)
    FIELD(CFGR, RES, 2, 3)
    FIELD(CFGR, EXTEN, 10, 2)
    FIELD(CFGR, OVRMOD, 12, 1)
    FIELD(CFGR, CONT, 13, 1)
    FIELD(CFGR, DISCEN, 16, 1)
REG32(CFGR2, 0x10)
    FIELD(CFGR2, ROVSE, 0, 1)
    FIELD(CFGR2, JOVSE, 1, 1)
    FIELD(CFGR2, OVSS, 5, 4)
    FIELD(CFGR2, OVSR, 16, 10)
    FIELD(CFGR2, LSHIFT, 28, 4)
REG32(SMPR1, 0x14)
REG32(SMPR2, 0x18)
REG32(PCSEL, 0x1C)
REG32(SQR1, 0x30)
    FIELD(SQR1, L, 0, 4)
REG32(SQR4, 0x3C)
REG32(DR, 0x40)
REG32(JSQR, 0x4C)
REG32(OFR1, 0x60)
REG32(OFR4, 0x6C)
REG32(JDR1, 0x80)
REG32(JDR4, 0x8C)
REG32(DIFSEL, 0xC0)
REG32(CALFACT, 0xC4)
REG32(CALFACT2, 0xC8)
/* the common registers, at 0x300 in the block */
REG32(CSR, 0x300)
REG32(CCR, 0x308)
    FIELD(CCR, DUAL, 0, 5)
    FIELD(CCR, CKMODE, 16, 2)
    FIELD(CCR, PRESC, 18, 4)
REG32(CDR, 0x30C)
REG32(CDR2, 0x310)
/* clang-format on */

#define CONV_STRIDE 0x100
#define ISR_FLAGS   0x17FF /* rc_w1 */
#define IRQ_FLAGS   0x07FF
#define CR_RESET    R_CR_DEEPPWD_MASK
#define CR_SET_ONLY \
    (R_CR_ADEN_MASK | R_CR_ADDIS_MASK | R_CR_ADSTART_MASK | \
     R_CR_JADSTART_MASK | R_CR_ADSTP_MASK | R_CR_JADSTP_MASK | \
     R_CR_ADCAL_MASK)
#define CR_RW \
    (R_CR_BOOST_MASK | R_CR_ADCALLIN_MASK | R_CR_ADVREGEN_MASK | \
     R_CR_DEEPPWD_MASK | R_CR_ADCALDIF_MASK | (0x3Fu << 22))
#define CALFACT_RESET  0x00000000
#define CALFACT_DONE   0x00400040 /* what a calibration leaves (single, diff) */
#define VREF_PLUS      3.3        /* volts: VREF+ on the DISCO */
#define LDO_STARTUP_NS 10000      /* tADCVREG_STUP */
#define CAL_NS         100000     /* a calibration's time, in this model */
#define ADRDY_NS       2000       /* ADEN to ADRDY */
#define MAX_RANKS      16

static const char *adc_name(Stm32h7AdcState *s)
{
    return DEVICE(s)->canonical_path;
}

#define CR(c)  ((c)->regs[A_CR / 4])
#define ISR(c) ((c)->regs[A_ISR / 4])

/* revision Y: 000 16 bits ... 100 8 bits */
static int res_bits(Stm32h7AdcConv *c)
{
    static const int bits[8] = { 16, 14, 12, 10, 8, 0, 0, 0 };
    return bits[FIELD_EX32(c->regs[A_CFGR / 4], CFGR, RES)];
}

/* the converter clock in Hz (0: none) */
static uint64_t adc_clock_hz(Stm32h7AdcState *s)
{
    static const unsigned presc[16] = { 1,  2,  4,   6,   8,   10,  12,  16,
                                        32, 64, 128, 256, 256, 256, 256, 256 };
    switch (FIELD_EX32(s->ccr, CCR, CKMODE)) {
    case 0:
        return clock_get_hz(s->ker_clk) / presc[FIELD_EX32(s->ccr, CCR, PRESC)];
    case 1: return clock_get_hz(s->hclk);
    case 2: return clock_get_hz(s->hclk) / 2;
    default: return clock_get_hz(s->hclk) / 4;
    }
}

static unsigned rank_channel(Stm32h7AdcConv *c, unsigned rank)
{
    /* SQ1-4 in SQR1 from bit 6, then five a register, 6 bits apart */
    unsigned reg = (rank + 1) / 5, pos = (rank + 1) % 5;
    return extract32(c->regs[A_SQR1 / 4 + reg], 6 * pos, 5);
}

static unsigned seq_length(Stm32h7AdcConv *c)
{
    return FIELD_EX32(c->regs[A_SQR1 / 4], SQR1, L) + 1;
}

/* a conversion's time: sampling plus res/2 + 0.5 cycles, in ns */
static int64_t conversion_ns(Stm32h7AdcState *s, Stm32h7AdcConv *c, unsigned ch)
{
    static const unsigned smp_x2[8] = { 3, 5, 17, 33, 65, 129, 775, 1621 };
    uint32_t smpr = c->regs[(ch < 10 ? A_SMPR1 : A_SMPR2) / 4];
    unsigned half_cycles = smp_x2[extract32(smpr, 3 * (ch % 10), 3)] +
                           res_bits(c) + 1;
    uint64_t hz = adc_clock_hz(s);
    return hz ? muldiv64(half_cycles, NANOSECONDS_PER_SECOND, 2 * hz) : 0;
}

static uint32_t convert(Stm32h7AdcState *s, unsigned n, unsigned ch)
{
    Stm32h7AdcConv *c = &s->conv[n];
    uint32_t cfgr2 = c->regs[A_CFGR2 / 4];
    double v = s->input ? s->input(s->input_opaque, n, ch) : 0;
    uint64_t full = (1u << res_bits(c)) - 1;
    uint64_t code;

    if (!(c->regs[A_PCSEL / 4] & (1u << ch))) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: ADC%u channel %u converted without its PCSEL bit\n",
                      adc_name(s), n + 1, ch);
    }
    v = MAX(0.0, MIN(VREF_PLUS, v));
    code = (uint64_t)(v / VREF_PLUS * full + 0.5);
    if (FIELD_EX32(cfgr2, CFGR2, ROVSE)) {
        /* the sum of OVSR+1 equal samples, shifted right by OVSS */
        code = (code * (FIELD_EX32(cfgr2, CFGR2, OVSR) + 1)) >>
               FIELD_EX32(cfgr2, CFGR2, OVSS);
    }
    code <<= FIELD_EX32(cfgr2, CFGR2, LSHIFT);
    trace_stm32h7_adc_convert(adc_name(s), n + 1, ch, (unsigned)(v * 1000),
                              (uint32_t)code);
    return (uint32_t)MIN(code, UINT32_MAX);
}

static void adc_update_irq(Stm32h7AdcState *s)
{
    bool level = false;
    for (unsigned n = 0; n < s->num_conv; n++) {
        Stm32h7AdcConv *c = &s->conv[n];
        level |= (ISR(c) & c->regs[A_IER / 4] & IRQ_FLAGS) != 0;
    }
    qemu_set_irq(s->irq, level);
}

static void start_conversion(Stm32h7AdcState *s, Stm32h7AdcConv *c, int64_t at)
{
    unsigned ch = rank_channel(c, c->rank);
    int64_t ns = conversion_ns(s, c, ch);

    if (!ns) {
        return; /* no clock: nothing converts */
    }
    c->converting = true;
    c->conv_end = at + ns;
    c->conv_data = convert(s, c - s->conv, ch);
}

/* a conversion is done: the data, its flags, the next one */
static void finish_conversion(Stm32h7AdcState *s, Stm32h7AdcConv *c)
{
    int64_t end = c->conv_end;

    c->converting = false;
    if (FIELD_EX32(ISR(c), ISR, EOC)) {
        ISR(c) |= R_ISR_OVR_MASK; /* DR was not read in time */
        if (FIELD_EX32(c->regs[A_CFGR / 4], CFGR, OVRMOD)) {
            c->regs[A_DR / 4] = c->conv_data;
        }
    } else {
        c->regs[A_DR / 4] = c->conv_data;
    }
    ISR(c) |= R_ISR_EOSMP_MASK | R_ISR_EOC_MASK;
    if (++c->rank >= seq_length(c)) {
        c->rank = 0;
        ISR(c) |= R_ISR_EOS_MASK;
        if (!FIELD_EX32(c->regs[A_CFGR / 4], CFGR, CONT)) {
            CR(c) &= ~R_CR_ADSTART_MASK;
            return;
        }
    }
    start_conversion(s, c, end);
}

/* steps that were under way (regulator, calibration, enable) */
static void finish_steps(Stm32h7AdcState *s, Stm32h7AdcConv *c, int64_t now)
{
    if (!c->ready_at || c->ready_at > now) {
        return;
    }
    c->ready_at = 0;
    if (FIELD_EX32(CR(c), CR, ADVREGEN) && !FIELD_EX32(ISR(c), ISR, LDORDY)) {
        ISR(c) |= R_ISR_LDORDY_MASK;
    }
    if (FIELD_EX32(CR(c), CR, ADCAL)) {
        CR(c) &= ~R_CR_ADCAL_MASK;
        c->regs[A_CALFACT / 4] = CALFACT_DONE;
    }
    if (FIELD_EX32(CR(c), CR, ADEN) && !c->ready) {
        ISR(c) |= R_ISR_ADRDY_MASK;
        c->ready = true;
    }
}

static void adc_sync(Stm32h7AdcState *s, int64_t now)
{
    for (unsigned n = 0; n < s->num_conv; n++) {
        Stm32h7AdcConv *c = &s->conv[n];
        finish_steps(s, c, now);
        while (c->converting && c->conv_end <= now) {
            finish_conversion(s, c);
        }
    }
}

static void adc_rearm(Stm32h7AdcState *s)
{
    int64_t next = INT64_MAX;
    for (unsigned n = 0; n < s->num_conv; n++) {
        Stm32h7AdcConv *c = &s->conv[n];
        if (c->ready_at) {
            next = MIN(next, c->ready_at);
        }
        /* a conversion ends: wake only if someone waits on the interrupt
         * (otherwise the next register access finishes it) */
        if (c->converting && (c->regs[A_IER / 4] & IRQ_FLAGS)) {
            next = MIN(next, c->conv_end);
        }
    }
    if (next == INT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, next);
    }
}

static void adc_expired(void *opaque)
{
    Stm32h7AdcState *s = opaque;
    adc_sync(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    adc_update_irq(s);
    adc_rearm(s);
}

static void write_cr(Stm32h7AdcState *s, unsigned n, uint32_t val, int64_t now)
{
    Stm32h7AdcConv *c = &s->conv[n];
    uint32_t cr = CR(c);
    bool ready = c->ready;

    cr = (cr & ~CR_RW) | (val & CR_RW);
    if (FIELD_EX32(cr, CR, DEEPPWD)) {
        cr &= ~R_CR_ADVREGEN_MASK; /* no regulator in deep power-down */
        ISR(c) &= ~R_ISR_LDORDY_MASK;
    }
    if (FIELD_EX32(cr, CR, ADVREGEN) && !FIELD_EX32(CR(c), CR, ADVREGEN)) {
        c->ready_at = now + LDO_STARTUP_NS;
    }
    if (!FIELD_EX32(cr, CR, ADVREGEN)) {
        ISR(c) &= ~R_ISR_LDORDY_MASK;
    }
    bool ldo = FIELD_EX32(ISR(c), ISR, LDORDY);

    if (FIELD_EX32(val, CR, ADCAL)) {
        if (FIELD_EX32(cr, CR, ADEN) || !ldo) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: ADC%u: ADCAL needs ADEN=0 and the regulator "
                          "ready (LDORDY)\n",
                          adc_name(s), n + 1);
        } else {
            cr |= R_CR_ADCAL_MASK;
            c->ready_at = now + CAL_NS;
        }
    }
    if (FIELD_EX32(val, CR, ADEN) && !FIELD_EX32(cr, CR, ADEN)) {
        if (!ldo || FIELD_EX32(cr, CR, ADCAL)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: ADC%u: ADEN needs the regulator ready and no "
                          "calibration under way\n",
                          adc_name(s), n + 1);
        } else {
            cr |= R_CR_ADEN_MASK;
            c->ready_at = now + ADRDY_NS;
        }
    }
    if (FIELD_EX32(val, CR, ADSTP) && FIELD_EX32(cr, CR, ADSTART)) {
        cr &= ~R_CR_ADSTART_MASK;
        c->converting = false;
        c->rank = 0;
    }
    if (FIELD_EX32(val, CR, ADDIS) && FIELD_EX32(cr, CR, ADEN)) {
        cr &= ~(R_CR_ADEN_MASK | R_CR_ADSTART_MASK);
        c->converting = false;
        c->rank = 0;
        c->ready = false;
    }
    if (FIELD_EX32(val, CR, JADSTART)) {
        qemu_log_mask(LOG_UNIMP, "%s: injected conversions are not modelled\n",
                      adc_name(s));
    }
    if (FIELD_EX32(val, CR, ADSTART) && !FIELD_EX32(cr, CR, ADSTART)) {
        if (!FIELD_EX32(cr, CR, ADEN) || !ready) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: ADC%u: ADSTART before ADRDY: ignored\n",
                          adc_name(s), n + 1);
        } else {
            uint32_t cfgr = c->regs[A_CFGR / 4];
            if (FIELD_EX32(cfgr, CFGR, EXTEN) ||
                FIELD_EX32(cfgr, CFGR, DMNGT) ||
                FIELD_EX32(cfgr, CFGR, DISCEN)) {
                qemu_log_mask(LOG_UNIMP,
                              "%s: hardware triggers, DMA and discontinuous "
                              "mode are not modelled: converting at once\n",
                              adc_name(s));
            }
            cr |= R_CR_ADSTART_MASK;
            c->rank = 0;
            CR(c) = cr;
            start_conversion(s, c, now);
        }
    }
    CR(c) = cr;
}

static uint64_t conv_read(Stm32h7AdcState *s, unsigned n, hwaddr off)
{
    Stm32h7AdcConv *c = &s->conv[n];

    switch (off) {
    case A_ISR: return ISR(c);
    case A_DR:
        ISR(c) &= ~R_ISR_EOC_MASK; /* reading the data clears EOC */
        return c->regs[A_DR / 4];
    default: return c->regs[off / 4];
    }
}

static void conv_write(Stm32h7AdcState *s, unsigned n, hwaddr off, uint32_t val,
                       int64_t now)
{
    Stm32h7AdcConv *c = &s->conv[n];

    switch (off) {
    case A_ISR: ISR(c) &= ~(val & ISR_FLAGS); break;
    case A_CR: write_cr(s, n, val, now); break;
    case A_DR:
    case A_JDR1 ... A_JDR4:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to read-only 0x%02x\n",
                      adc_name(s), (unsigned)(off + n * CONV_STRIDE));
        break;
    case A_OFR1 ... A_OFR4:
    case A_DIFSEL:
        if (val) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: offsets and differential inputs are not "
                          "modelled\n",
                          adc_name(s));
        }
        c->regs[off / 4] = val;
        break;
    default: c->regs[off / 4] = val; break;
    }
}

static uint64_t adc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7AdcState *s = opaque;
    uint64_t val = 0;

    adc_sync(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (addr < s->num_conv * CONV_STRIDE && (addr % CONV_STRIDE) < 0xD0) {
        val = conv_read(s, addr / CONV_STRIDE, addr % CONV_STRIDE);
    } else if (addr == A_CSR) {
        /* the flags of the master (ADC1) low, the slave's from bit 16 */
        for (unsigned n = 0; n < s->num_conv; n++) {
            val |= (uint64_t)(ISR(&s->conv[n]) & 0x7FF) << (16 * n);
        }
    } else if (addr == A_CCR) {
        val = s->ccr;
    } else if (addr == A_CDR || addr == A_CDR2) {
        val = 0; /* dual mode is not modelled */
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%03" HWADDR_PRIx "\n",
                      adc_name(s), addr);
    }
    adc_update_irq(s);
    adc_rearm(s);
    return val;
}

static void adc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7AdcState *s = opaque;
    uint32_t val = val64;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    adc_sync(s, now);
    if (addr < s->num_conv * CONV_STRIDE && (addr % CONV_STRIDE) < 0xD0) {
        conv_write(s, addr / CONV_STRIDE, addr % CONV_STRIDE, val, now);
    } else if (addr == A_CCR) {
        if (FIELD_EX32(val, CCR, DUAL)) {
            qemu_log_mask(LOG_UNIMP, "%s: dual mode is not modelled\n",
                          adc_name(s));
        }
        s->ccr = val;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved or read-only offset "
                      "0x%03" HWADDR_PRIx "\n",
                      adc_name(s), addr);
    }
    adc_update_irq(s);
    adc_rearm(s);
}

static const MemoryRegionOps adc_ops = {
    .read = adc_read,
    .write = adc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

void stm32h7_adc_set_input(Stm32h7AdcState *s, Stm32h7AdcInputFn fn,
                           void *opaque)
{
    s->input = fn;
    s->input_opaque = opaque;
}

static void adc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7AdcState *s = STM32H7_ADC(obj);

    for (unsigned n = 0; n < STM32H7_ADC_MAX_CONV; n++) {
        Stm32h7AdcConv *c = &s->conv[n];
        memset(c, 0, sizeof(*c));
        CR(c) = CR_RESET;
        c->regs[A_CALFACT / 4] = CALFACT_RESET;
    }
    s->ccr = 0;
    timer_del(s->timer);
}

static void adc_reset_exit(Object *obj, ResetType type)
{
    adc_update_irq(STM32H7_ADC(obj));
}

static void adc_realize(DeviceState *dev, Error **errp)
{
    Stm32h7AdcState *s = STM32H7_ADC(dev);

    if (!clock_has_source(s->ker_clk) || !clock_has_source(s->hclk)) {
        error_setg(errp, "stm32h7-adc: clocks 'ker' and 'hclk' must be "
                         "connected");
        return;
    }
    if (s->num_conv < 1 || s->num_conv > STM32H7_ADC_MAX_CONV) {
        error_setg(errp, "stm32h7-adc: converters must be 1 or 2");
    }
}

static void adc_init(Object *obj)
{
    Stm32h7AdcState *s = STM32H7_ADC(obj);

    memory_region_init_io(&s->mmio, obj, &adc_ops, s, TYPE_STM32H7_ADC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->ker_clk = qdev_init_clock_in(DEVICE(obj), "ker", NULL, NULL, 0);
    s->hclk = qdev_init_clock_in(DEVICE(obj), "hclk", NULL, NULL, 0);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, adc_expired, s);
}

static const VMStateDescription vmstate_adc_conv = {
    .name = "stm32h7-adc-conv",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32_ARRAY(regs, Stm32h7AdcConv,
                                                           STM32H7_ADC_NREGS),
                                      VMSTATE_INT64(ready_at, Stm32h7AdcConv),
                                      VMSTATE_BOOL(ready, Stm32h7AdcConv),
                                      VMSTATE_UINT32(rank, Stm32h7AdcConv),
                                      VMSTATE_BOOL(converting, Stm32h7AdcConv),
                                      VMSTATE_INT64(conv_end, Stm32h7AdcConv),
                                      VMSTATE_UINT32(conv_data, Stm32h7AdcConv),
                                      VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_adc = {
    .name = TYPE_STM32H7_ADC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(ccr, Stm32h7AdcState),
            VMSTATE_STRUCT_ARRAY(conv, Stm32h7AdcState, STM32H7_ADC_MAX_CONV, 1,
                                 vmstate_adc_conv, Stm32h7AdcConv),
            VMSTATE_TIMER_PTR(timer, Stm32h7AdcState),
            VMSTATE_CLOCK(ker_clk, Stm32h7AdcState),
            VMSTATE_CLOCK(hclk, Stm32h7AdcState), VMSTATE_END_OF_LIST() }
};

static const Property adc_props[] = {
    DEFINE_PROP_UINT32("converters", Stm32h7AdcState, num_conv, 2),
};

static void adc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = adc_realize;
    dc->vmsd = &vmstate_adc;
    device_class_set_props(dc, adc_props);
    rc->phases.hold = adc_reset_hold;
    rc->phases.exit = adc_reset_exit;
}

static const TypeInfo adc_types[] = {
    {
        .name = TYPE_STM32H7_ADC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7AdcState),
        .instance_init = adc_init,
        .class_init = adc_class_init,
    },
};
DEFINE_TYPES(adc_types)
