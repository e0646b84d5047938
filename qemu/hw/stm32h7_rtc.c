/*
 * STM32H7 real-time clock (RM0399 "RTC", the RTC of the STM32H74x/75x:
 * ISR at 0x0C).
 *
 * The calendar is kept as seconds since 2000-01-01 and a point in virtual
 * time (the board's LSE crystal runs with the rest of the board): TR/DR/SSR
 * are computed when read, from the prescalers in PRER.  It starts from the
 * host's date or -rtc base= when the machine is created (with clock=vm at
 * exactly the base, however long QEMU took to start), and like
 * the chip's backup domain it is left alone by a system reset (the board
 * keeps the time across machine.reset()).  INIT freezes it for TR/DR/PRER
 * writes; RSF is set again as soon as software clears it.  Alarm A/B are
 * compared at each second (the subsecond mask is taken as "seconds only");
 * the wakeup timer counts RTC/16../2 or ck_spre.  Writes need the WPR key
 * (0xCA, 0x53).  Not modelled: 12-hour format, timestamp, tamper, smooth
 * calibration, shift, the LSE/LSI choice (the calendar always runs) and the
 * RCC's backup-domain reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/cutils.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/rtc.h"
#include "stm32h7_rtc.h"
#include "trace.h"

/* clang-format off */
REG32(TR, 0x00)
REG32(DR, 0x04)
REG32(CR, 0x08)
    FIELD(CR, WUCKSEL, 0, 3)
    FIELD(CR, FMT, 6, 1)
    FIELD(CR, ALRAE, 8, 1)
    FIELD(CR, ALRBE, 9, 1)
    FIELD(CR, WUTE, 10, 1)
    FIELD(CR, ALRAIE, 12, 1)
    FIELD(CR, ALRBIE, 13, 1)
    FIELD(CR, WUTIE, 14, 1)
REG32(ISR, 0x0C)
    FIELD(ISR, ALRAWF, 0, 1)
    FIELD(ISR, ALRBWF, 1, 1)
    FIELD(ISR, WUTWF, 2, 1)
    FIELD(ISR, INITS, 4, 1)
    FIELD(ISR, RSF, 5, 1)
    FIELD(ISR, INITF, 6, 1)
    FIELD(ISR, INIT, 7, 1)
    FIELD(ISR, ALRAF, 8, 1)
    FIELD(ISR, ALRBF, 9, 1)
    FIELD(ISR, WUTF, 10, 1)
REG32(PRER, 0x10)
    FIELD(PRER, PREDIV_S, 0, 15)
    FIELD(PRER, PREDIV_A, 16, 7)
REG32(WUTR, 0x14)
REG32(ALRMAR, 0x1C)
REG32(ALRMBR, 0x20)
    FIELD(ALRM, MSK1, 7, 1)
    FIELD(ALRM, MSK2, 15, 1)
    FIELD(ALRM, MSK3, 23, 1)
    FIELD(ALRM, WDSEL, 30, 1)
    FIELD(ALRM, MSK4, 31, 1)
REG32(WPR, 0x24)
REG32(SSR, 0x28)
REG32(SHIFTR, 0x2C)
REG32(TSTR, 0x30)
REG32(TSDR, 0x34)
REG32(TSSSR, 0x38)
REG32(CALR, 0x3C)
REG32(TAMPCR, 0x40)
REG32(ALRMASSR, 0x44)
REG32(ALRMBSSR, 0x48)
REG32(OR, 0x4C)
REG32(BKP0R, 0x50)
/* clang-format on */

#define LSE_HZ       32768
#define PRER_RESET   0x007F00FF /* /128 /256: 1 Hz from the LSE */
#define WUTR_RESET   0xFFFF
#define EPOCH_2000   946684800      /* 2000-01-01 in Unix time */
#define SECONDS_100Y (3155760000LL) /* the calendar holds 2000-2099 */
#define WPR_KEY1     0xCA
#define WPR_KEY2     0x53
/* the ISR bits software clears by writing 0 (rc_w0) */
#define ISR_RC_W0 \
    (R_ISR_RSF_MASK | R_ISR_ALRAF_MASK | R_ISR_ALRBF_MASK | R_ISR_WUTF_MASK)
#define TR_MASK 0x003F7F7F /* HT HU MNT MNU ST SU (24-hour: no PM) */
#define DR_MASK 0x00FFFF3F /* YT YU WDU MT MU DT DU */

static int64_t rtc_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* prescaler ticks of ck_apre since the calendar's base point */
static uint64_t apre_ticks(Stm32h7RtcState *s, int64_t now)
{
    uint32_t a = FIELD_EX32(s->prer, PRER, PREDIV_A) + 1;

    return muldiv64(MAX(now - s->clock_base, 0), LSE_HZ,
                    NANOSECONDS_PER_SECOND) /
           a;
}

static uint32_t prediv_s(Stm32h7RtcState *s)
{
    return FIELD_EX32(s->prer, PRER, PREDIV_S);
}

static int64_t cal_seconds(Stm32h7RtcState *s, int64_t now)
{
    if (s->frozen) {
        return s->base_s;
    }
    /* not wrapped at 2100: the weekday runs on across the wrap */
    return s->base_s + apre_ticks(s, now) / (prediv_s(s) + 1);
}

static uint32_t bcd(unsigned v)
{
    return (v / 10) << 4 | (v % 10);
}

static unsigned from_bcd(uint32_t v)
{
    return (v >> 4) * 10 + (v & 0xF);
}

/* the date of a calendar second: the year goes from 2099 back to 2000 */
static void split(int64_t secs, struct tm *tm)
{
    time_t t = secs % SECONDS_100Y + EPOCH_2000;

    gmtime_r(&t, tm);
}

static uint32_t make_tr(int64_t secs)
{
    struct tm tm;

    split(secs, &tm);
    return bcd(tm.tm_hour) << 16 | bcd(tm.tm_min) << 8 | bcd(tm.tm_sec);
}

/* the weekday as the chip counts it: 1 Monday .. 7 Sunday (2000-01-01
 * was a Saturday) */
static unsigned weekday(int64_t secs)
{
    return (secs / 86400 + 5) % 7 + 1;
}

/* DR; the weekday runs on from the one software wrote, right or not */
static uint32_t make_dr(Stm32h7RtcState *s, int64_t secs)
{
    struct tm tm;
    unsigned wday = (weekday(secs) - 1 + s->wday_shift) % 7 + 1;

    split(secs, &tm);
    return bcd(tm.tm_year - 100) << 16 | wday << 13 | bcd(tm.tm_mon + 1) << 8 |
           bcd(tm.tm_mday);
}

/* TR and DR to seconds since 2000; false if a field is out of range */
static bool parse_tr_dr(uint32_t tr, uint32_t dr, int64_t *secs)
{
    struct tm tm = {
        .tm_sec = from_bcd(tr & 0x7F),
        .tm_min = from_bcd((tr >> 8) & 0x7F),
        .tm_hour = from_bcd((tr >> 16) & 0x3F),
        .tm_mday = from_bcd(dr & 0x3F),
        .tm_mon = from_bcd((dr >> 8) & 0x1F) - 1,
        .tm_year = from_bcd((dr >> 16) & 0xFF) + 100,
    };

    if (tm.tm_sec > 59 || tm.tm_min > 59 || tm.tm_hour > 23 || tm.tm_mday < 1 ||
        tm.tm_mday > 31 || tm.tm_mon < 0 || tm.tm_mon > 11) {
        return false;
    }
    *secs = mktimegm(&tm) - EPOCH_2000;
    return true;
}

static void rtc_update_irq(Stm32h7RtcState *s)
{
    uint32_t f = s->isr_flags;

    qemu_set_irq(
        s->alarm_irq,
        (FIELD_EX32(f, ISR, ALRAF) && FIELD_EX32(s->cr, CR, ALRAIE)) ||
            (FIELD_EX32(f, ISR, ALRBF) && FIELD_EX32(s->cr, CR, ALRBIE)));
    qemu_set_irq(s->wakeup_irq,
                 FIELD_EX32(f, ISR, WUTF) && FIELD_EX32(s->cr, CR, WUTIE));
}

static bool alarm_matches(Stm32h7RtcState *s, uint32_t alrm, int64_t secs)
{
    uint32_t tr = make_tr(secs), dr = make_dr(s, secs);

    if (!FIELD_EX32(alrm, ALRM, MSK1) && (alrm & 0x7F) != (tr & 0x7F)) {
        return false;
    }
    if (!FIELD_EX32(alrm, ALRM, MSK2) &&
        ((alrm >> 8) & 0x7F) != ((tr >> 8) & 0x7F)) {
        return false;
    }
    if (!FIELD_EX32(alrm, ALRM, MSK3) &&
        ((alrm >> 16) & 0x3F) != ((tr >> 16) & 0x3F)) {
        return false;
    }
    if (!FIELD_EX32(alrm, ALRM, MSK4)) {
        if (FIELD_EX32(alrm, ALRM, WDSEL)) {
            return ((alrm >> 24) & 0xF) == ((dr >> 13) & 7);
        }
        return ((alrm >> 24) & 0x3F) == (dr & 0x3F);
    }
    return true;
}

/* arm the alarm check for the next second boundary of the calendar */
static void schedule_second(Stm32h7RtcState *s)
{
    int64_t now = rtc_now();
    uint64_t per_s = (uint64_t)(FIELD_EX32(s->prer, PRER, PREDIV_A) + 1) *
                     (prediv_s(s) + 1);
    uint64_t next;

    if (s->frozen ||
        !(FIELD_EX32(s->cr, CR, ALRAE) || FIELD_EX32(s->cr, CR, ALRBE))) {
        timer_del(s->second_timer);
        return;
    }
    /* the next multiple of a calendar second after now, on the RTC clock */
    next = (apre_ticks(s, now) / (prediv_s(s) + 1) + 1) * per_s;
    timer_mod(s->second_timer,
              s->clock_base + muldiv64(next, NANOSECONDS_PER_SECOND, LSE_HZ));
}

static void rtc_second(void *opaque)
{
    Stm32h7RtcState *s = opaque;
    int64_t secs = cal_seconds(s, rtc_now());

    if (secs != s->last_alarm_s) {
        s->last_alarm_s = secs;
        if (FIELD_EX32(s->cr, CR, ALRAE) && alarm_matches(s, s->alrmar, secs)) {
            trace_stm32h7_rtc_alarm('A', secs);
            s->isr_flags |= R_ISR_ALRAF_MASK;
        }
        if (FIELD_EX32(s->cr, CR, ALRBE) && alarm_matches(s, s->alrmbr, secs)) {
            trace_stm32h7_rtc_alarm('B', secs);
            s->isr_flags |= R_ISR_ALRBF_MASK;
        }
        rtc_update_irq(s);
    }
    schedule_second(s);
}

/* the wakeup period: WUCKSEL 0-3 RTC/16, /8, /4, /2; 4-5 ck_spre; 6-7
 * ck_spre with 2^16 added to WUT */
static int64_t wakeup_period_ns(Stm32h7RtcState *s)
{
    unsigned sel = FIELD_EX32(s->cr, CR, WUCKSEL);
    uint64_t count = (s->wutr & 0xFFFF) + 1;

    if (sel < 4) {
        return muldiv64(count * (16 >> sel), NANOSECONDS_PER_SECOND, LSE_HZ);
    }
    if (sel >= 6) {
        count += 1 << 16;
    }
    return count * NANOSECONDS_PER_SECOND;
}

static void schedule_wakeup(Stm32h7RtcState *s)
{
    if (FIELD_EX32(s->cr, CR, WUTE)) {
        timer_mod(s->wakeup_timer, rtc_now() + wakeup_period_ns(s));
    } else {
        timer_del(s->wakeup_timer);
    }
}

static void rtc_wakeup(void *opaque)
{
    Stm32h7RtcState *s = opaque;

    trace_stm32h7_rtc_wakeup();
    s->isr_flags |= R_ISR_WUTF_MASK;
    rtc_update_irq(s);
    schedule_wakeup(s);
}

static uint32_t rtc_isr(Stm32h7RtcState *s)
{
    uint32_t v = s->isr_flags;

    v = FIELD_DP32(v, ISR, ALRAWF, !FIELD_EX32(s->cr, CR, ALRAE));
    v = FIELD_DP32(v, ISR, ALRBWF, !FIELD_EX32(s->cr, CR, ALRBE));
    v = FIELD_DP32(v, ISR, WUTWF, !FIELD_EX32(s->cr, CR, WUTE));
    /* INITS: the calendar has been set (its year is not 2000's reset) */
    v = FIELD_DP32(v, ISR, INITS,
                   cal_seconds(s, rtc_now()) % SECONDS_100Y >= 366 * 86400);
    v = FIELD_DP32(v, ISR, INIT, s->frozen);
    v = FIELD_DP32(v, ISR, INITF, s->frozen);
    /* the shadow registers are copied at once, unless in INIT mode */
    v = FIELD_DP32(v, ISR, RSF, !s->frozen);
    return v;
}

static uint64_t rtc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7RtcState *s = opaque;
    int64_t now = rtc_now();

    switch (addr) {
    case A_TR: return s->frozen ? s->tr : make_tr(cal_seconds(s, now));
    case A_DR: return s->frozen ? s->dr : make_dr(s, cal_seconds(s, now));
    case A_SSR:
        return s->frozen ? prediv_s(s)
                         : prediv_s(s) - apre_ticks(s, now) % (prediv_s(s) + 1);
    case A_CR: return s->cr;
    case A_ISR: return rtc_isr(s);
    case A_PRER: return s->prer;
    case A_WUTR: return s->wutr;
    case A_ALRMAR: return s->alrmar;
    case A_ALRMBR: return s->alrmbr;
    case A_CALR: return s->calr;
    case A_TAMPCR: return s->tampcr;
    case A_ALRMASSR: return s->alrmassr;
    case A_ALRMBSSR: return s->alrmbssr;
    case A_OR: return s->or ;
    case A_WPR:
    case A_SHIFTR:
    case A_TSTR:
    case A_TSDR:
    case A_TSSSR: return 0;
    default:
        if (addr >= A_BKP0R && addr < A_BKP0R + 4 * STM32H7_RTC_BKP_REGS) {
            return s->bkp[(addr - A_BKP0R) / 4];
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_RTC, addr);
        return 0;
    }
}

static void set_init(Stm32h7RtcState *s, bool init)
{
    int64_t now = rtc_now();

    if (init && !s->frozen) {
        s->base_s = cal_seconds(s, now);
        s->tr = make_tr(s->base_s);
        s->dr = make_dr(s, s->base_s);
        s->frozen = true;
    } else if (!init && s->frozen) {
        int64_t secs;

        if (parse_tr_dr(s->tr, s->dr, &secs)) {
            unsigned wdu = (s->dr >> 13) & 7;
            s->base_s = secs;
            /* a weekday of 0 is forbidden: taken as the date's own */
            s->wday_shift = wdu ? (wdu + 7 - weekday(secs)) % 7 : 0;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: INIT left with an invalid date or time "
                          "(TR 0x%06x DR 0x%06x): calendar unchanged\n",
                          TYPE_STM32H7_RTC, s->tr, s->dr);
        }
        s->clock_base = now;
        s->frozen = false;
        s->last_alarm_s = s->base_s;
    }
    trace_stm32h7_rtc_init(init, s->base_s);
    schedule_second(s);
}

static bool unlocked(Stm32h7RtcState *s, hwaddr addr)
{
    if (s->wpr_step == 2) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: write to 0x%02" HWADDR_PRIx
                  " while write protected (WPR key 0xCA, 0x53 first)\n",
                  TYPE_STM32H7_RTC, addr);
    return false;
}

static bool in_init(Stm32h7RtcState *s, hwaddr addr)
{
    if (s->frozen) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: write to 0x%02" HWADDR_PRIx
                  " outside INIT mode: ignored\n",
                  TYPE_STM32H7_RTC, addr);
    return false;
}

static void rtc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7RtcState *s = opaque;
    uint32_t val = val64;

    if (addr >= A_BKP0R && addr < A_BKP0R + 4 * STM32H7_RTC_BKP_REGS) {
        s->bkp[(addr - A_BKP0R) / 4] = val;
        return;
    }
    if (addr == A_WPR) {
        val &= 0xFF;
        s->wpr_step = val == WPR_KEY1                         ? 1
                      : (val == WPR_KEY2 && s->wpr_step == 1) ? 2
                                                              : 0;
        return;
    }
    switch (addr) {
    case A_ISR:
        /* the flags (bits 13:8) clear without the key; INIT needs it */
        s->isr_flags &= val | ~ISR_RC_W0;
        if (FIELD_EX32(val, ISR, INIT) != s->frozen && unlocked(s, addr)) {
            set_init(s, FIELD_EX32(val, ISR, INIT));
        }
        rtc_update_irq(s);
        break;
    case A_TR:
        if (unlocked(s, addr) && in_init(s, addr)) {
            s->tr = val & TR_MASK;
        }
        break;
    case A_DR:
        if (unlocked(s, addr) && in_init(s, addr)) {
            s->dr = val & DR_MASK;
        }
        break;
    case A_PRER:
        if (unlocked(s, addr) && in_init(s, addr)) {
            s->prer = val & (R_PRER_PREDIV_S_MASK | R_PRER_PREDIV_A_MASK);
        }
        break;
    case A_CR:
        if (unlocked(s, addr)) {
            bool wute = FIELD_EX32(s->cr, CR, WUTE);
            if (FIELD_EX32(val, CR, FMT)) {
                qemu_log_mask(LOG_UNIMP, "%s: 12-hour format\n",
                              TYPE_STM32H7_RTC);
            }
            s->cr = val & 0x00FFFF7F;
            if (wute != FIELD_EX32(s->cr, CR, WUTE)) {
                schedule_wakeup(s);
            }
            schedule_second(s);
            rtc_update_irq(s);
        }
        break;
    case A_WUTR:
        if (unlocked(s, addr)) {
            if (FIELD_EX32(s->cr, CR, WUTE)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "%s: WUTR written with WUTE set (WUTWF clear)\n",
                              TYPE_STM32H7_RTC);
            } else {
                s->wutr = val & 0xFFFF;
            }
        }
        break;
    case A_ALRMAR:
    case A_ALRMBR: {
        bool a = addr == A_ALRMAR;
        if (unlocked(s, addr)) {
            if (a ? FIELD_EX32(s->cr, CR, ALRAE)
                  : FIELD_EX32(s->cr, CR, ALRBE)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "%s: ALRM%cR written with the alarm enabled\n",
                              TYPE_STM32H7_RTC, a ? 'A' : 'B');
            } else if (a) {
                s->alrmar = val;
            } else {
                s->alrmbr = val;
            }
        }
        break;
    }
    case A_ALRMASSR:
        if (unlocked(s, addr)) {
            s->alrmassr = val & 0x0F007FFF;
        }
        break;
    case A_ALRMBSSR:
        if (unlocked(s, addr)) {
            s->alrmbssr = val & 0x0F007FFF;
        }
        break;
    case A_CALR:
        if (unlocked(s, addr)) {
            s->calr = val & 0x0000E1FF;
        }
        break;
    case A_TAMPCR: s->tampcr = val; break;
    case A_OR: s->or = val & 3; break;
    case A_SHIFTR:
        qemu_log_mask(LOG_UNIMP, "%s: SHIFTR\n", TYPE_STM32H7_RTC);
        break;
    case A_SSR:
    case A_TSTR:
    case A_TSDR:
    case A_TSSSR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to read-only offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_RTC, addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      TYPE_STM32H7_RTC, addr);
        break;
    }
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_read,
    .write = rtc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * Reset: the backup domain survives a system reset, so the calendar,
 * alarms, wakeup timer and backup registers go on; only the first reset
 * after the machine is created (the power-on) sets them up.
 */
static void rtc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7RtcState *s = STM32H7_RTC(obj);
    struct tm tm;

    if (s->clock_base != INT64_MIN) {
        return;
    }
    qemu_get_timedate(&tm, 0);
    s->base_s = MAX((int64_t)mktimegm(&tm) - EPOCH_2000, 0) % SECONDS_100Y;
    s->clock_base = rtc_now();
    s->last_alarm_s = s->base_s;
    s->frozen = false;
    s->prer = PRER_RESET;
    s->wutr = WUTR_RESET;
    s->cr = s->isr_flags = s->alrmar = s->alrmbr = s->calr = s->tampcr = 0;
    s->alrmassr = s->alrmbssr = s->or = 0;
    s->wpr_step = 0;
    s->wday_shift = 0;
    memset(s->bkp, 0, sizeof(s->bkp));
}

static void rtc_reset_exit(Object *obj, ResetType type)
{
    rtc_update_irq(STM32H7_RTC(obj));
}

static void rtc_init(Object *obj)
{
    Stm32h7RtcState *s = STM32H7_RTC(obj);

    memory_region_init_io(&s->mmio, obj, &rtc_ops, s, TYPE_STM32H7_RTC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->alarm_irq);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->wakeup_irq);
    s->second_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rtc_second, s);
    s->wakeup_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rtc_wakeup, s);
    s->clock_base = INT64_MIN; /* not powered yet */
}

static void rtc_finalize(Object *obj)
{
    Stm32h7RtcState *s = STM32H7_RTC(obj);

    timer_free(s->second_timer);
    timer_free(s->wakeup_timer);
}

static int rtc_post_load(void *opaque, int version_id)
{
    Stm32h7RtcState *s = opaque;

    return s->wpr_step > 2 || s->wday_shift > 6 ? -EINVAL : 0;
}

static const VMStateDescription vmstate_rtc = {
    .name = TYPE_STM32H7_RTC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = rtc_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_INT64(base_s, Stm32h7RtcState),
            VMSTATE_INT64(clock_base, Stm32h7RtcState),
            VMSTATE_BOOL(frozen, Stm32h7RtcState),
            VMSTATE_UINT32(tr, Stm32h7RtcState),
            VMSTATE_UINT32(dr, Stm32h7RtcState),
            VMSTATE_UINT32(cr, Stm32h7RtcState),
            VMSTATE_UINT32(isr_flags, Stm32h7RtcState),
            VMSTATE_UINT32(prer, Stm32h7RtcState),
            VMSTATE_UINT32(wutr, Stm32h7RtcState),
            VMSTATE_UINT32(alrmar, Stm32h7RtcState),
            VMSTATE_UINT32(alrmbr, Stm32h7RtcState),
            VMSTATE_UINT32(calr, Stm32h7RtcState),
            VMSTATE_UINT32(tampcr, Stm32h7RtcState),
            VMSTATE_UINT32(alrmassr, Stm32h7RtcState),
            VMSTATE_UINT32(alrmbssr, Stm32h7RtcState),
            VMSTATE_UINT32(or, Stm32h7RtcState),
            VMSTATE_UINT8(wpr_step, Stm32h7RtcState),
            VMSTATE_UINT32_ARRAY(bkp, Stm32h7RtcState, STM32H7_RTC_BKP_REGS),
            VMSTATE_TIMER_PTR(second_timer, Stm32h7RtcState),
            VMSTATE_TIMER_PTR(wakeup_timer, Stm32h7RtcState),
            VMSTATE_INT64(last_alarm_s, Stm32h7RtcState),
            VMSTATE_UINT8(wday_shift, Stm32h7RtcState),
            VMSTATE_END_OF_LIST() }
};

static void rtc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_rtc;
    rc->phases.hold = rtc_reset_hold;
    rc->phases.exit = rtc_reset_exit;
}

static const TypeInfo rtc_types[] = {
    {
        .name = TYPE_STM32H7_RTC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7RtcState),
        .instance_init = rtc_init,
        .instance_finalize = rtc_finalize,
        .class_init = rtc_class_init,
    },
};
DEFINE_TYPES(rtc_types)
