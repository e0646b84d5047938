/*
 * STM32H7 timers (RM0399 "Advanced-control timers (TIM1/TIM8)",
 * "General-purpose timers (TIM2/TIM3/TIM4/TIM5)", "(TIM12/TIM13/TIM14)",
 * "(TIM15/TIM16/TIM17)", "Basic timers (TIM6/TIM7)"): up-counting time base
 * with prescaler, auto-reload and repetition counter, update event and
 * interrupt, one-pulse mode, ARR and CCRx preload (OCxPE), loaded at the
 * update event itself; output compare on CH1-CH4 (the
 * CCxIF flags and their interrupts at CNT = CCRx) and the PWM output they
 * make, read from QOM as chN-freq-hz, chN-duty and chN-pulse-ns; input
 * capture on CH1-CH4 (CCxS = TIx of the channel's own pin or of its pair's,
 * rising/falling/both edges, ICxPSC, CCxOF; reading CCRx clears CCxIF) from
 * the pin levels the SoC gives gpio in "ti", and the slave reset mode on
 * TI1FP1/TI2FP2 that PWM input uses (period on one channel, pulse on the
 * other).  The input filter (ICxF) is not modelled: edges count at once.
 *
 * The counter is not stepped: it is computed from QEMU's virtual clock, so
 * reading CNT is exact and costs nothing.  A QEMU timer is armed for the
 * next event only while one matters (an enabled interrupt whose flag is
 * clear, or one-pulse mode): however small ARR and PSC are, callbacks come
 * at most once per guest acknowledgement.  With ARR = 0 the counter stays
 * at 0, as on silicon.
 *
 * The trigger output TRGO (gpio out "trgo", to the DAC's triggers) pulses
 * on UG, on the counter's enable or on each update event, as CR2.MMS
 * selects; while it is wired and selects updates, the QEMU timer is armed
 * for each one.
 *
 * Not modelled (logged): down and centre-aligned counting, the other slave
 * modes, capture from TRC, TRGO on compare events, DMA requests.  The PWM is computed, not driven
 * onto the pins' levels; the board reads each channel's output as a
 * waveform over time (stm32h7_tim_output, for the pin trace).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_tim.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
    FIELD(CR1, CEN, 0, 1)
    FIELD(CR1, UDIS, 1, 1)
    FIELD(CR1, URS, 2, 1)
    FIELD(CR1, OPM, 3, 1)
    FIELD(CR1, DIR, 4, 1)
    FIELD(CR1, CMS, 5, 2)
    FIELD(CR1, ARPE, 7, 1)
    FIELD(CR1, CKD, 8, 2)
    FIELD(CR1, UIFREMAP, 11, 1)
REG32(CR2, 0x04)
    FIELD(CR2, MMS, 4, 3)
REG32(SMCR, 0x08)
    FIELD(SMCR, SMS, 0, 3)
    FIELD(SMCR, TS, 4, 3)
    FIELD(SMCR, SMS3, 16, 1)
    FIELD(SMCR, TS43, 20, 2)
REG32(DIER, 0x0C)
    FIELD(DIER, UIE, 0, 1)
    FIELD(DIER, CC1IE, 1, 1)   /* CCxIE at bit x */
    FIELD(DIER, COMIE, 5, 1)
    FIELD(DIER, TIE, 6, 1)
    FIELD(DIER, BIE, 7, 1)
REG32(SR, 0x10)
    FIELD(SR, UIF, 0, 1)
    FIELD(SR, CC1IF, 1, 1)     /* CCxIF at bit x */
    FIELD(SR, COMIF, 5, 1)
    FIELD(SR, TIF, 6, 1)
    FIELD(SR, BIF, 7, 1)
    FIELD(SR, B2IF, 8, 1)
    FIELD(SR, CC1OF, 9, 1)     /* CCxOF at bit x + 8 */
REG32(EGR, 0x14)
    FIELD(EGR, UG, 0, 1)
    FIELD(EGR, CC1G, 1, 1)     /* CCxG at bit x */
    FIELD(EGR, COMG, 5, 1)
    FIELD(EGR, TG, 6, 1)
    FIELD(EGR, BG, 7, 1)
REG32(CCMR1, 0x18)             /* channel 2k+1 in bits 0-7 and 16, 2k+2 in 8-15 and 24 */
    FIELD(CCMR1, CC1S, 0, 2)
    FIELD(CCMR1, IC1PSC, 2, 2) /* input mode */
    FIELD(CCMR1, OC1PE, 3, 1)  /* output mode */
    FIELD(CCMR1, OC1M, 4, 3)   /* output mode */
    FIELD(CCMR1, OC1M3, 16, 1)
REG32(CCMR2, 0x1C)
REG32(CCER, 0x20)
    FIELD(CCER, CC1E, 0, 1)    /* CCxE at bit 4(x-1) */
    FIELD(CCER, CC1P, 1, 1)    /* CCxP at bit 4(x-1)+1 */
    FIELD(CCER, CC1NP, 3, 1)   /* CCxNP at bit 4(x-1)+3 */
REG32(CNT, 0x24)
    FIELD(CNT, UIFCPY, 31, 1)
REG32(PSC, 0x28)
REG32(ARR, 0x2C)
REG32(RCR, 0x30)
REG32(CCR1, 0x34)
REG32(CCR4, 0x40)
REG32(BDTR, 0x44)
    FIELD(BDTR, MOE, 15, 1)
REG32(DCR, 0x48)
REG32(DMAR, 0x4C)
REG32(CCMR3, 0x54)
REG32(CCR5, 0x58)
REG32(CCR6, 0x5C)
REG32(AF1, 0x60)
REG32(AF2, 0x64)
REG32(TISEL, 0x68)
/* clang-format on */

#define CR1_WRITABLE  0x0BFF
#define DIER_WRITABLE 0x7FFF
#define CCMR_WRITABLE 0x0101FFFF /* incl. OCxM[3] */
/* output compare modes (OCxM, 4 bits) */
enum {
    OCM_FROZEN = 0,
    OCM_ACTIVE_ON_MATCH = 1,
    OCM_INACTIVE_ON_MATCH = 2,
    OCM_TOGGLE = 3,
    OCM_FORCE_INACTIVE = 4,
    OCM_FORCE_ACTIVE = 5,
    OCM_PWM1 = 6, /* active while CNT < CCR */
    OCM_PWM2 = 7, /* inactive while CNT < CCR */
};
/* CCxS: the channel is an output, or captures TIx of its own pin, or of
 * its pair's (CH1 with CH2, CH3 with CH4), or TRC */
enum { CCS_OUTPUT = 0, CCS_TI_OWN = 1, CCS_TI_PAIR = 2, CCS_TRC = 3 };
#define SMS_RESET 4 /* slave mode: a trigger edge resets the counter */
/* master mode (CR2.MMS): what TRGO pulses on */
enum { MMS_RESET = 0, MMS_ENABLE = 1, MMS_UPDATE = 2 };
/* update events TRGO pulses for at once, when the guest let more pass
 * unseen (a timer armed only for TRGO catches each one) */
#define TRGO_MAX_BURST 4096
#define TS_TI1FP1      5
#define TS_TI2FP2      6

static const char *tim_name(Stm32h7TimState *s)
{
    return DEVICE(s)->canonical_path;
}

static uint32_t cnt_mask(Stm32h7TimState *s)
{
    return s->width == 32 ? UINT32_MAX : 0xFFFF;
}

static bool counting(Stm32h7TimState *s)
{
    return FIELD_EX32(s->cr1, CR1, CEN) && clock_get_hz(s->clk) > 0 &&
           s->arr > 0;
}

/* counter ticks elapsed since base_ns */
static uint64_t ticks_since_base(Stm32h7TimState *s, int64_t now)
{
    uint64_t hz = clock_get_hz(s->clk);
    return muldiv64(now - s->base_ns, hz, NANOSECONDS_PER_SECOND) /
           (s->psc + 1ULL);
}

static uint64_t total_ticks(Stm32h7TimState *s, int64_t now)
{
    return s->cnt_base + ticks_since_base(s, now);
}

static uint64_t period(Stm32h7TimState *s)
{
    return (uint64_t)s->arr + 1;
}

/* ticks from one update event to the next: RCR+1 counter overflows */
static uint64_t update_period(Stm32h7TimState *s)
{
    return period(s) * (s->rep + 1ULL);
}

/* channel ch (0-based): its 4-bit mode and CCxS from CCMR1/CCMR2 */
static unsigned ch_mode(Stm32h7TimState *s, unsigned ch)
{
    uint32_t ccmr = s->ccmr[ch / 2] >> (8 * (ch % 2));
    return ((ccmr >> R_CCMR1_OC1M_SHIFT) & 7) |
           (((ccmr >> R_CCMR1_OC1M3_SHIFT) & 1) << 3);
}

static unsigned ch_ccs(Stm32h7TimState *s, unsigned ch)
{
    uint32_t ccmr = s->ccmr[ch / 2] >> (8 * (ch % 2));
    return (ccmr >> R_CCMR1_CC1S_SHIFT) & 3;
}

static bool ch_is_output(Stm32h7TimState *s, unsigned ch)
{
    return ch_ccs(s, ch) == CCS_OUTPUT;
}

/* OCxPE: CCRx writes wait in the preload register for an update event */
static bool ch_preloaded(Stm32h7TimState *s, unsigned ch)
{
    uint32_t ccmr = s->ccmr[ch / 2] >> (8 * (ch % 2));
    return ch_is_output(s, ch) && (ccmr & R_CCMR1_OC1PE_MASK);
}

/* settings an update event will load */
static bool preload_pending(Stm32h7TimState *s)
{
    if (s->psc != s->psc_preload || s->arr != s->arr_preload ||
        s->rep != s->rcr) {
        return true;
    }
    for (unsigned ch = 0; ch < s->channels; ch++) {
        if (ch_preloaded(s, ch) && s->ccr[ch] != s->ccr_preload[ch]) {
            return true;
        }
    }
    return false;
}

static uint32_t ch_bit(unsigned ch)
{
    return 1u << (ch + 1); /* CCxIF, CCxIE, CCxG */
}

/* compare matches of channel ch in (cnt_base, total]: the totals that are
 * CCR modulo the period (a CCR above ARR never matches) */
static uint64_t cc_matches(Stm32h7TimState *s, unsigned ch, uint64_t total)
{
    uint64_t p = period(s), v = s->ccr[ch];
    if (v >= p) {
        return 0;
    }
    return (total + p - v) / p - (s->cnt_base + p - v) / p;
}

/* the time k ticks take, rounded up to the nanosecond in which the k-th
 * tick begins */
static int64_t ticks_to_ns(Stm32h7TimState *s, uint64_t k)
{
    uint64_t hz = clock_get_hz(s->clk), cycles = k * (s->psc + 1ULL);
    uint64_t ns = muldiv64(cycles, NANOSECONDS_PER_SECOND, hz);
    if (muldiv64(ns, hz, NANOSECONDS_PER_SECOND) < cycles) {
        ns++;
    }
    return ns;
}

/* make cnt_base the count at now (before a change of settings); the base
 * moves to the start of the current tick, so that a register access never
 * shifts the counter's phase */
static void tim_rebase(Stm32h7TimState *s, int64_t now)
{
    if (counting(s)) {
        uint64_t k = ticks_since_base(s, now);
        s->cnt_base = (s->cnt_base + k) % period(s);
        s->base_ns += ticks_to_ns(s, k);
    } else {
        s->base_ns = now;
    }
    s->ov_seen = 0;
    memset(s->cc_seen, 0, sizeof(s->cc_seen));
}

static uint32_t cnt_now(Stm32h7TimState *s, int64_t now)
{
    return counting(s) ? total_ticks(s, now) % period(s) : s->cnt_base;
}

static void tim_update_irq(Stm32h7TimState *s)
{
    uint32_t pending = s->dier & s->sr;
    bool up = pending & R_SR_UIF_MASK;
    bool cc = pending & (0xF << R_SR_CC1IF_SHIFT);
    bool brk = pending & R_SR_BIF_MASK;
    bool trg_com = pending & (R_SR_TIF_MASK | R_SR_COMIF_MASK);

    if (s->irq_lines == 1) {
        qemu_set_irq(s->irq[0], up || cc || brk || trg_com);
        return;
    }
    qemu_set_irq(s->irq[STM32H7_TIM_IRQ_UP], up);
    qemu_set_irq(s->irq[STM32H7_TIM_IRQ_CC], cc);
    qemu_set_irq(s->irq[STM32H7_TIM_IRQ_BRK], brk);
    qemu_set_irq(s->irq[STM32H7_TIM_IRQ_TRG_COM], trg_com);
}

/* the board reads the outputs again (the pin trace) */
static void tim_output_changed(Stm32h7TimState *s)
{
    if (s->output_notify) {
        s->output_notify(s->output_notify_opaque);
    }
}

static unsigned mms(Stm32h7TimState *s)
{
    return FIELD_EX32(s->cr2, CR2, MMS);
}

/* the trigger output, pulsed once for each event CR2.MMS selects */
static void tim_trgo(Stm32h7TimState *s, unsigned event, uint64_t count)
{
    if (mms(s) != event) {
        return;
    }
    count = MIN(count, TRGO_MAX_BURST);
    trace_stm32h7_tim_trgo(tim_name(s), count);
    for (uint64_t i = 0; i < count; i++) {
        qemu_irq_pulse(s->trgo);
    }
}

/* an update event: reload the preloaded registers, flag it */
static void tim_update_event(Stm32h7TimState *s, bool flag)
{
    s->psc = s->psc_preload;
    s->arr = s->arr_preload;
    s->rep = s->rcr;
    for (unsigned ch = 0; ch < s->channels; ch++) {
        if (ch_preloaded(s, ch)) {
            s->ccr[ch] = s->ccr_preload[ch];
        }
    }
    if (flag) {
        s->sr = FIELD_DP32(s->sr, SR, UIF, 1);
    }
}

/* ticks since base at which the next wanted event falls, or UINT64_MAX */
static uint64_t next_event_ticks(Stm32h7TimState *s)
{
    uint64_t next = UINT64_MAX;
    uint64_t p = period(s);

    /* an update that matters: its interrupt, one-pulse mode, or preloaded
     * settings it loads (which change the outputs then, not at the next
     * register access) */
    if ((FIELD_EX32(s->dier, DIER, UIE) && !FIELD_EX32(s->sr, SR, UIF)) ||
        FIELD_EX32(s->cr1, CR1, OPM) ||
        (s->trgo && mms(s) == MMS_UPDATE && !FIELD_EX32(s->cr1, CR1, UDIS)) ||
        (preload_pending(s) && !FIELD_EX32(s->cr1, CR1, UDIS))) {
        /* the total reaches (ov_seen + 1) update periods */
        next = (s->ov_seen + 1) * update_period(s) - s->cnt_base;
    }
    for (unsigned ch = 0; ch < s->channels; ch++) {
        if (!(s->dier & ch_bit(ch)) || (s->sr & ch_bit(ch)) ||
            !ch_is_output(s, ch) || s->ccr[ch] >= p) {
            continue;
        }
        /* the first total past cnt_base that is CCR modulo p, then
         * cc_seen periods on */
        uint64_t d = (s->ccr[ch] + p - (s->cnt_base + 1) % p) % p;
        uint64_t t = 1 + d + s->cc_seen[ch] * p;
        next = MIN(next, t);
    }
    return next;
}

static void tim_rearm(Stm32h7TimState *s)
{
    uint64_t ticks = counting(s) ? next_event_ticks(s) : UINT64_MAX;
    if (ticks == UINT64_MAX) {
        timer_del(s->timer);
        return;
    }
    uint64_t hz = clock_get_hz(s->clk);
    /* a slow kernel clock and a long period: the ns would overflow (and an
     * overflowed deadline in the past would fire again at once, forever) */
    if (ticks >= UINT64_MAX / 0x10000 ||
        ticks * (s->psc + 1ULL) / hz >=
            (uint64_t)INT64_MAX / 2 / NANOSECONDS_PER_SECOND) {
        timer_mod(s->timer, INT64_MAX);
        return;
    }
    uint64_t ns = muldiv64(ticks * (s->psc + 1ULL), NANOSECONDS_PER_SECOND, hz);
    timer_mod(s->timer, s->base_ns + (int64_t)ns + 1);
}

/* account for events up to now and act on them */
static void tim_advance(Stm32h7TimState *s, int64_t now)
{
    if (counting(s)) {
        uint64_t total = total_ticks(s, now);
        for (unsigned ch = 0; ch < s->channels; ch++) {
            uint64_t m = cc_matches(s, ch, total);
            if (m > s->cc_seen[ch]) {
                s->cc_seen[ch] = m;
                if (ch_is_output(s, ch)) {
                    s->sr |= ch_bit(ch);
                }
            }
        }
        uint64_t ov = total / update_period(s);
        if (ov > s->ov_seen) {
            uint64_t updates = ov - s->ov_seen;
            trace_stm32h7_tim_update(tim_name(s), updates);
            s->ov_seen = ov;
            if (!FIELD_EX32(s->cr1, CR1, UDIS)) {
                tim_trgo(s, MMS_UPDATE, updates);
                if (s->psc != s->psc_preload || s->arr != s->arr_preload ||
                    s->rep != s->rcr) {
                    tim_rebase(s, now); /* new rate from here on */
                }
                tim_update_event(s, true);
                if (FIELD_EX32(s->cr1, CR1, OPM)) {
                    s->cr1 = FIELD_DP32(s->cr1, CR1, CEN, 0); /* one pulse */
                    s->cnt_base = 0;
                    tim_rebase(s, now);
                }
                tim_output_changed(s); /* preloads applied, or stopped */
            }
        }
    }
    tim_update_irq(s);
    tim_rearm(s);
}

static void tim_expired(void *opaque)
{
    Stm32h7TimState *s = opaque;
    tim_advance(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

/* SMCR: reset mode triggered by TI1FP1 or TI2FP2 (the PWM input set-up) */
static bool slave_reset_on_ti(uint32_t smcr)
{
    unsigned ts = FIELD_EX32(smcr, SMCR, TS) | FIELD_EX32(smcr, SMCR, TS43)
                                                   << 3;
    return FIELD_EX32(smcr, SMCR, SMS) == SMS_RESET &&
           !FIELD_EX32(smcr, SMCR, SMS3) &&
           (ts == TS_TI1FP1 || ts == TS_TI2FP2);
}

/* does this edge of the channel's input count, by CCxP/CCxNP (00 rising,
 * 01 falling, 11 both; the reserved 10 taken as rising) */
static bool edge_selected(Stm32h7TimState *s, unsigned ch, bool rising)
{
    bool p = extract32(s->ccer, 4 * ch + R_CCER_CC1P_SHIFT, 1);
    bool np = extract32(s->ccer, 4 * ch + R_CCER_CC1NP_SHIFT, 1);
    return (p && np) || (p && !np ? !rising : rising);
}

/* the TIx input of channel ch's capture, or -1 */
static int capture_input(Stm32h7TimState *s, unsigned ch)
{
    switch (ch_ccs(s, ch)) {
    case CCS_TI_OWN: return ch;
    case CCS_TI_PAIR: return ch ^ 1;
    default: return -1;
    }
}

static void tim_capture(Stm32h7TimState *s, unsigned ch, int64_t now)
{
    uint32_t ccmr = s->ccmr[ch / 2] >> (8 * (ch % 2));
    unsigned prescale = 1u << ((ccmr >> R_CCMR1_IC1PSC_SHIFT) & 3);

    if (++s->ic_events[ch] < prescale) {
        return; /* ICxPSC: one capture every 2, 4 or 8 edges */
    }
    s->ic_events[ch] = 0;
    s->ccr[ch] = cnt_now(s, now);
    if (s->sr & ch_bit(ch)) {
        s->sr |= R_SR_CC1OF_MASK << ch; /* the last capture was not read */
    }
    s->sr |= ch_bit(ch);
    trace_stm32h7_tim_capture(tim_name(s), ch + 1, s->ccr[ch]);
}

/* a level on TIx (x = n + 1), from the pin the SoC routes to it */
static void tim_set_input(void *opaque, int n, int level)
{
    Stm32h7TimState *s = opaque;
    bool v = level > 0, rising = v;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (extract32(s->ti_level, n, 1) == v) {
        return;
    }
    s->ti_level = deposit32(s->ti_level, n, 1, v);
    tim_advance(s, now);
    for (unsigned ch = 0; ch < s->channels; ch++) {
        if (capture_input(s, ch) == n &&
            extract32(s->ccer, 4 * ch + R_CCER_CC1E_SHIFT, 1) &&
            edge_selected(s, ch, rising)) {
            tim_capture(s, ch, now);
        }
    }
    /* reset mode: after the captures of this edge, the counter restarts
     * (TIxFPx is TIx with its own channel's polarity) */
    if (slave_reset_on_ti(s->smcr)) {
        unsigned ts = FIELD_EX32(s->smcr, SMCR, TS);
        unsigned ti = ts == TS_TI1FP1 ? 0 : 1;
        if (n == ti && edge_selected(s, ti, rising)) {
            tim_rebase(s, now);
            s->cnt_base = 0;
            s->base_ns = now;
            tim_update_event(s, !FIELD_EX32(s->cr1, CR1, URS));
            s->sr |= R_SR_TIF_MASK;
        }
    }
    tim_update_irq(s);
    tim_rearm(s);
}

static bool reg_present(Stm32h7TimState *s, hwaddr addr)
{
    switch (addr) {
    case A_CCMR1:
    case A_CCER:
    case A_CCR1: return s->channels >= 1;
    case A_CCR1 + 4: return s->channels >= 2;
    case A_CCMR2:
    case A_CCR1 + 8:
    case A_CCR4: return s->channels >= 4;
    case A_RCR: return s->rcr_present;
    case A_BDTR: return s->bdtr_present;
    case A_CCMR3:
    case A_CCR5:
    case A_CCR6:
    case A_AF2: return s->bdtr_present && s->channels == 4; /* TIM1/TIM8 */
    case A_SMCR:
    case A_TISEL:
    case A_AF1: return s->channels > 0;
    default: return true;
    }
}

static uint64_t tim_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7TimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    tim_advance(s, now);
    if (!reg_present(s, addr)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of 0x%02" HWADDR_PRIx
                      ", a register this timer lacks\n",
                      tim_name(s), addr);
        return 0;
    }
    switch (addr) {
    case A_CR1: return s->cr1;
    case A_CR2: return s->cr2;
    case A_SMCR: return s->smcr;
    case A_DIER: return s->dier;
    case A_SR: return s->sr;
    case A_CCMR1: return s->ccmr[0];
    case A_CCMR2: return s->ccmr[1];
    case A_CCMR3: return s->ccmr[2];
    case A_CCER: return s->ccer;
    case A_CNT: {
        uint32_t cnt = cnt_now(s, now);
        if (FIELD_EX32(s->cr1, CR1, UIFREMAP)) {
            cnt = FIELD_DP32(cnt, CNT, UIFCPY, FIELD_EX32(s->sr, SR, UIF));
        }
        return cnt;
    }
    case A_PSC: return s->psc_preload;
    case A_ARR: return s->arr_preload;
    case A_RCR: return s->rcr;
    case A_CCR1 ... A_CCR4: {
        unsigned ch = (addr - A_CCR1) / 4;
        if (ch < s->channels && !ch_is_output(s, ch)) {
            s->sr &= ~ch_bit(ch); /* reading a capture clears CCxIF */
            tim_update_irq(s);
        }
        return ch_preloaded(s, ch) ? s->ccr_preload[ch] : s->ccr[ch];
    }
    case A_CCR5: return s->ccr[4];
    case A_CCR6: return s->ccr[5];
    case A_BDTR: return s->bdtr;
    case A_DCR: return s->dcr;
    case A_AF1: return s->af1;
    case A_AF2: return s->af2;
    case A_TISEL: return s->tisel;
    case A_EGR:
    case A_DMAR: return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      tim_name(s), addr);
        return 0;
    }
}

static void tim_write_egr(Stm32h7TimState *s, uint32_t val)
{
    if (FIELD_EX32(val, EGR, UG)) {
        /* re-initialise the counter and load the preloads; with URS=0
         * this also sets UIF */
        s->cnt_base = 0;
        tim_update_event(s, !FIELD_EX32(s->cr1, CR1, URS));
        tim_trgo(s, MMS_RESET, 1);
        tim_trgo(s, MMS_UPDATE, 1); /* UG is an update event */
    }
    for (unsigned ch = 0; ch < s->channels; ch++) {
        if (val & ch_bit(ch)) {
            s->sr |= ch_bit(ch); /* a software compare event */
        }
    }
    if (val & (R_EGR_COMG_MASK | R_EGR_BG_MASK) && !s->bdtr_present) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: COMG/BG on a timer without them\n",
                      tim_name(s));
        return;
    }
    s->sr |= val & (R_EGR_COMG_MASK | R_EGR_TG_MASK | R_EGR_BG_MASK);
}

static void tim_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7TimState *s = opaque;
    uint32_t val = val64;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    tim_advance(s, now); /* the counter so far ran with the old settings */
    tim_rebase(s, now);
    if (!reg_present(s, addr)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to 0x%02" HWADDR_PRIx
                      ", a register this timer lacks\n",
                      tim_name(s), addr);
        goto done;
    }
    switch (addr) {
    case A_CR1:
        if (FIELD_EX32(val, CR1, DIR) || FIELD_EX32(val, CR1, CMS)) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: down and centre-aligned counting "
                          "are not modelled: counting up\n",
                          tim_name(s));
        }
        bool started = !FIELD_EX32(s->cr1, CR1, CEN) &&
                       FIELD_EX32(val, CR1, CEN);
        s->cr1 = val & CR1_WRITABLE;
        if (started) {
            tim_trgo(s, MMS_ENABLE, 1);
        }
        break;
    case A_CR2:
        if (FIELD_EX32(val, CR2, MMS) > MMS_UPDATE) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: TRGO on compare events (MMS %u) is not "
                          "modelled\n",
                          tim_name(s), (unsigned)FIELD_EX32(val, CR2, MMS));
        }
        s->cr2 = val;
        break;
    case A_SMCR:
        if ((FIELD_EX32(val, SMCR, SMS) || FIELD_EX32(val, SMCR, SMS3)) &&
            !slave_reset_on_ti(val)) {
            qemu_log_mask(LOG_UNIMP,
                          "%s: slave modes other than reset on TI1FP1/TI2FP2 "
                          "are not modelled\n",
                          tim_name(s));
        }
        s->smcr = val;
        break;
    case A_DIER: s->dier = val & DIER_WRITABLE; break;
    case A_SR: s->sr &= val; break; /* rc_w0 */
    case A_EGR: tim_write_egr(s, val); break;
    case A_CCMR1:
    case A_CCMR2:
    case A_CCMR3: {
        unsigned i = addr == A_CCMR1 ? 0 : addr == A_CCMR2 ? 1 : 2;
        s->ccmr[i] = val & CCMR_WRITABLE;
        for (unsigned ch = 2 * i; ch < 2 * i + 2 && ch < s->channels; ch++) {
            if (ch_ccs(s, ch) == CCS_TRC) {
                qemu_log_mask(LOG_UNIMP,
                              "%s: CH%u: capture from TRC is not modelled\n",
                              tim_name(s), ch + 1);
            }
            s->ic_events[ch] = 0;
        }
        break;
    }
    case A_CCER: s->ccer = val; break;
    case A_CNT:
        s->cnt_base = val & cnt_mask(s);
        if (s->arr && s->cnt_base > s->arr) {
            s->cnt_base %= period(s); /* it would overflow at once */
        }
        break;
    case A_PSC:
        s->psc_preload = val & 0xFFFF; /* takes effect at the next update */
        break;
    case A_ARR:
        s->arr_preload = val & cnt_mask(s);
        if (!FIELD_EX32(s->cr1, CR1, ARPE)) {
            s->arr = s->arr_preload;
            if (s->arr && s->cnt_base > s->arr) {
                s->cnt_base = 0; /* counts on to the wrap */
            }
        }
        break;
    case A_RCR:
        s->rcr = val & 0xFFFF; /* takes effect at the next update */
        break;
    case A_CCR1 ... A_CCR4: {
        unsigned ch = (addr - A_CCR1) / 4;
        s->ccr_preload[ch] = val & cnt_mask(s);
        if (!ch_preloaded(s, ch)) {
            s->ccr[ch] = s->ccr_preload[ch];
        }
        break;
    }
    case A_CCR5: s->ccr[4] = val; break;
    case A_CCR6: s->ccr[5] = val & 0xFFFF; break;
    case A_BDTR: s->bdtr = val; break;
    case A_DCR: s->dcr = val; break;
    case A_DMAR: break;
    case A_AF1: s->af1 = val; break;
    case A_AF2: s->af2 = val; break;
    case A_TISEL: s->tisel = val; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      tim_name(s), addr);
        break;
    }
done:
    tim_update_irq(s);
    tim_rearm(s);
    tim_output_changed(s);
}

static const MemoryRegionOps tim_ops = {
    .read = tim_read,
    .write = tim_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

void stm32h7_tim_set_output_notify(Stm32h7TimState *s,
                                   void (*notify)(void *opaque), void *opaque)
{
    s->output_notify = notify;
    s->output_notify_opaque = opaque;
}

Stm32h7TimOutput stm32h7_tim_output(Stm32h7TimState *s, unsigned ch)
{
    Stm32h7TimOutput o = { 0 };
    bool enabled = (s->ccer >> (4 * ch)) & R_CCER_CC1E_MASK;
    bool inverted = (s->ccer >> (4 * ch)) & R_CCER_CC1P_MASK;
    unsigned mode = ch_mode(s, ch);
    uint64_t p = period(s), ccr;

    if (ch >= s->channels || !enabled || !ch_is_output(s, ch) ||
        (s->bdtr_present && !FIELD_EX32(s->bdtr, BDTR, MOE))) {
        return o; /* a constant low, as tim_wave has it */
    }
    ccr = MIN((uint64_t)s->ccr[ch], p);
    if (mode == OCM_PWM1 || mode == OCM_PWM2) {
        /* OCxREF: PWM1 active while CNT < CCR, PWM2 the other way round */
        o.first_level = mode == OCM_PWM1;
        if (!counting(s)) {
            o.first_level ^= s->cnt_base >= ccr;
        } else if (ccr == 0 || ccr == p) {
            o.first_level ^= ccr == 0;
        } else {
            double tick_ns = (s->psc + 1.0) * NANOSECONDS_PER_SECOND /
                             clock_get_hz(s->clk);
            o.periodic = true;
            o.origin_ns = s->base_ns - (double)(s->cnt_base % p) * tick_ns;
            o.period_ns = p * tick_ns;
            o.first_ns = ccr * tick_ns;
        }
    } else if (mode == OCM_TOGGLE && counting(s) && s->ccr[ch] < p) {
        /* toggles at each match: half the rate, its phase taken as high
         * from the first match on */
        double tick_ns = (s->psc + 1.0) * NANOSECONDS_PER_SECOND /
                         clock_get_hz(s->clk);
        o.periodic = true;
        o.first_level = true;
        o.origin_ns = s->base_ns +
                      ((double)s->ccr[ch] - (double)(s->cnt_base % p)) *
                          tick_ns;
        o.period_ns = 2 * p * tick_ns;
        o.first_ns = p * tick_ns;
    } else {
        o.first_level = mode == OCM_FORCE_ACTIVE;
    }
    o.first_level ^= inverted;
    return o;
}

/*
 * The waveform on a channel's output (OCx, after polarity): its frequency
 * and the fraction of each period it is high.  A disabled output (CCxE, or
 * MOE on timers with a break unit) is a constant low.
 */
typedef struct {
    double freq_hz;
    double duty;
} TimWave;

static TimWave tim_wave(Stm32h7TimState *s, unsigned ch)
{
    TimWave w = { 0, 0 };
    bool enabled = (s->ccer >> (4 * ch)) & R_CCER_CC1E_MASK;
    bool inverted = (s->ccer >> (4 * ch)) & R_CCER_CC1P_MASK;
    double active = 0; /* fraction of the period the reference is active */
    double f = 0;

    if (ch >= s->channels || !enabled || !ch_is_output(s, ch) ||
        (s->bdtr_present && !FIELD_EX32(s->bdtr, BDTR, MOE))) {
        return w;
    }
    if (counting(s)) {
        f = (double)clock_get_hz(s->clk) / (s->psc + 1.0) / period(s);
    }
    switch (ch_mode(s, ch)) {
    case OCM_PWM1:
    case OCM_PWM2:
        active = MIN((double)s->ccr[ch], (double)period(s)) / period(s);
        if (ch_mode(s, ch) == OCM_PWM2) {
            active = 1 - active;
        }
        break;
    case OCM_TOGGLE:
        f /= 2; /* one edge a period */
        active = f ? 0.5 : 0;
        break;
    case OCM_FORCE_ACTIVE: active = 1; break;
    default:
        active = 0; /* frozen or set/cleared on match: no waveform */
        break;
    }
    w.duty = inverted ? 1 - active : active;
    /* a constant level has no frequency */
    w.freq_hz = (w.duty > 0 && w.duty < 1) ? f : 0;
    return w;
}

static unsigned prop_channel(const char *name)
{
    return name[2] - '1'; /* "chN-..." */
}

static void tim_get_freq(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    double hz = tim_wave(STM32H7_TIM(obj), prop_channel(name)).freq_hz;
    visit_type_number(v, name, &hz, errp);
}

static void tim_get_duty(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    double duty = tim_wave(STM32H7_TIM(obj), prop_channel(name)).duty;
    visit_type_number(v, name, &duty, errp);
}

static void tim_get_pulse_ns(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    TimWave w = tim_wave(STM32H7_TIM(obj), prop_channel(name));
    uint64_t ns = w.freq_hz ? (uint64_t)(w.duty * 1e9 / w.freq_hz + 0.5) : 0;
    visit_type_uint64(v, name, &ns, errp);
}

static void tim_clock_update(void *opaque, ClockEvent event)
{
    Stm32h7TimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    /* ClockPreUpdate: count up to now at the old rate */
    if (event == ClockPreUpdate) {
        tim_advance(s, now);
        tim_rebase(s, now);
    } else {
        tim_rearm(s);
        tim_output_changed(s);
    }
}

static void tim_reset_hold(Object *obj, ResetType type)
{
    Stm32h7TimState *s = STM32H7_TIM(obj);

    s->cr1 = s->cr2 = s->smcr = s->dier = s->sr = s->ccer = s->bdtr = 0;
    memset(s->ccmr, 0, sizeof(s->ccmr));
    memset(s->ccr, 0, sizeof(s->ccr));
    memset(s->ccr_preload, 0, sizeof(s->ccr_preload));
    s->dcr = s->af1 = s->af2 = s->tisel = 0;
    s->psc = s->psc_preload = 0;
    s->arr = s->arr_preload = cnt_mask(s);
    s->rep = s->rcr = 0;
    s->cnt_base = 0;
    s->ov_seen = 0;
    memset(s->cc_seen, 0, sizeof(s->cc_seen));
    memset(s->ic_events, 0, sizeof(s->ic_events));
    s->base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    timer_del(s->timer);
}

static void tim_reset_exit(Object *obj, ResetType type)
{
    tim_update_irq(STM32H7_TIM(obj));
    tim_output_changed(STM32H7_TIM(obj));
}

static void tim_realize(DeviceState *dev, Error **errp)
{
    Stm32h7TimState *s = STM32H7_TIM(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp,
                   "stm32h7-tim: the kernel clock 'clk' must be connected");
        return;
    }
    if (s->width != 16 && s->width != 32) {
        error_setg(errp, "stm32h7-tim: width must be 16 or 32");
        return;
    }
    if (s->channels != 0 && s->channels != 1 && s->channels != 2 &&
        s->channels != 4) {
        error_setg(errp, "stm32h7-tim: channels must be 0, 1, 2 or 4");
        return;
    }
    if (s->irq_lines != 1 && s->irq_lines != STM32H7_TIM_NUM_IRQ) {
        error_setg(errp, "stm32h7-tim: irq-lines must be 1 or %d",
                   STM32H7_TIM_NUM_IRQ);
    }
}

static void tim_init(Object *obj)
{
    Stm32h7TimState *s = STM32H7_TIM(obj);

    memory_region_init_io(&s->mmio, obj, &tim_ops, s, TYPE_STM32H7_TIM, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (int i = 0; i < STM32H7_TIM_NUM_IRQ; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[i]);
    }
    qdev_init_gpio_in_named(DEVICE(obj), tim_set_input, "ti",
                            STM32H7_TIM_CHANNELS);
    qdev_init_gpio_out_named(DEVICE(obj), &s->trgo, "trgo", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", tim_clock_update, s,
                                ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, tim_expired, s);
}

static const VMStateDescription
    vmstate_tim = { .name = TYPE_STM32H7_TIM,
                    .version_id = 4,
                    .minimum_version_id = 4,
                    .fields = (const VMStateField[]){
                        VMSTATE_UINT32(cr1, Stm32h7TimState),
                        VMSTATE_UINT32(cr2, Stm32h7TimState),
                        VMSTATE_UINT32(smcr, Stm32h7TimState),
                        VMSTATE_UINT32(dier, Stm32h7TimState),
                        VMSTATE_UINT32(sr, Stm32h7TimState),
                        VMSTATE_UINT32_ARRAY(ccmr, Stm32h7TimState, 3),
                        VMSTATE_UINT32(ccer, Stm32h7TimState),
                        VMSTATE_UINT32_ARRAY(ccr, Stm32h7TimState, 6),
                        VMSTATE_UINT32_ARRAY(ccr_preload, Stm32h7TimState,
                                             STM32H7_TIM_CHANNELS),
                        VMSTATE_UINT32(bdtr, Stm32h7TimState),
                        VMSTATE_UINT32(dcr, Stm32h7TimState),
                        VMSTATE_UINT32(af1, Stm32h7TimState),
                        VMSTATE_UINT32(af2, Stm32h7TimState),
                        VMSTATE_UINT32(tisel, Stm32h7TimState),
                        VMSTATE_UINT32(psc, Stm32h7TimState),
                        VMSTATE_UINT32(psc_preload, Stm32h7TimState),
                        VMSTATE_UINT32(arr, Stm32h7TimState),
                        VMSTATE_UINT32(arr_preload, Stm32h7TimState),
                        VMSTATE_UINT32(rep, Stm32h7TimState),
                        VMSTATE_UINT32(rcr, Stm32h7TimState),
                        VMSTATE_UINT32(cnt_base, Stm32h7TimState),
                        VMSTATE_INT64(base_ns, Stm32h7TimState),
                        VMSTATE_UINT64(ov_seen, Stm32h7TimState),
                        VMSTATE_UINT64_ARRAY(cc_seen, Stm32h7TimState,
                                             STM32H7_TIM_CHANNELS),
                        VMSTATE_UINT8(ti_level, Stm32h7TimState),
                        VMSTATE_UINT8_ARRAY(ic_events, Stm32h7TimState,
                                            STM32H7_TIM_CHANNELS),
                        VMSTATE_TIMER_PTR(timer, Stm32h7TimState),
                        VMSTATE_CLOCK(clk, Stm32h7TimState),
                        VMSTATE_END_OF_LIST() } };

static const Property tim_props[] = {
    DEFINE_PROP_UINT32("width", Stm32h7TimState, width, 16),
    DEFINE_PROP_UINT32("channels", Stm32h7TimState, channels, 4),
    DEFINE_PROP_BOOL("bdtr", Stm32h7TimState, bdtr_present, false),
    DEFINE_PROP_BOOL("rcr", Stm32h7TimState, rcr_present, false),
    DEFINE_PROP_UINT32("irq-lines", Stm32h7TimState, irq_lines, 1),
};

static void tim_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = tim_realize;
    dc->vmsd = &vmstate_tim;
    device_class_set_props(dc, tim_props);
    rc->phases.hold = tim_reset_hold;
    rc->phases.exit = tim_reset_exit;
    for (unsigned ch = 1; ch <= STM32H7_TIM_CHANNELS; ch++) {
        g_autofree char *freq = g_strdup_printf("ch%u-freq-hz", ch);
        g_autofree char *duty = g_strdup_printf("ch%u-duty", ch);
        g_autofree char *pulse = g_strdup_printf("ch%u-pulse-ns", ch);
        object_class_property_add(klass, freq, "number", tim_get_freq, NULL,
                                  NULL, NULL);
        object_class_property_add(klass, duty, "number", tim_get_duty, NULL,
                                  NULL, NULL);
        object_class_property_add(klass, pulse, "uint64", tim_get_pulse_ns,
                                  NULL, NULL, NULL);
    }
}

static const TypeInfo tim_types[] = {
    {
        .name = TYPE_STM32H7_TIM,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7TimState),
        .instance_init = tim_init,
        .class_init = tim_class_init,
    },
};
DEFINE_TYPES(tim_types)
