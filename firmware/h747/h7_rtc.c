#include "stm32h747.h"
#include "h7_rtc.h"
#include "h7_wait.h"

#define RTC(off)      REG32(H7_RTC_BASE + (off))
#define RTC_TR        RTC(0x00)
#define RTC_DR        RTC(0x04)
#define RTC_CR        RTC(H7_RTC_CR)
#define RTC_CR_WUTE   (1u << 10)
#define RTC_CR_WUTIE  (1u << 14)
#define RTC_ISR       RTC(0x0C)
#define RTC_ISR_WUTWF (1u << 2)
#define RTC_ISR_INITS (1u << 4)
#define RTC_ISR_RSF   (1u << 5)
#define RTC_ISR_INITF (1u << 6)
#define RTC_ISR_INIT  (1u << 7)
#define RTC_ISR_WUTF  (1u << 10)
#define RTC_ISR_RC_W0 0x3FF20u /* RSF and the flags at 8-17: cleared by writing 0 */
#define RTC_PRER      RTC(0x10)
#define RTC_WUTR      RTC(H7_RTC_WUTR)
#define RTC_WPR       RTC(0x24)
#define RTC_SSR       RTC(0x28)
#define RTC_CALR      RTC(0x3C)
#define RTC_CALR_MASK 0xE1FFu
#define WPR_KEY1      0xCAu
#define WPR_KEY2      0x53u
#define WPR_LOCK      0xFFu
#define PREDIV_A      127u /* 32768 / 128 = 256 Hz */
#define PREDIV_S      255u /* 256 Hz / 256 = 1 Hz */

#define PWR_CR1              REG32(0x58024800u)
#define PWR_CR1_DBP          (1u << 8) /* backup domain writes allowed */
#define RCC_BDCR             REG32(RCC_BASE + 0x070)
#define RCC_BDCR_LSEON       (1u << 0)
#define RCC_BDCR_LSERDY      (1u << 1)
#define RCC_BDCR_RTCSEL      (3u << 8)
#define RCC_BDCR_RTCSEL_LSE  (1u << 8)
#define RCC_BDCR_RTCEN       (1u << 15)
#define RCC_APB4ENR_RTCAPBEN (1u << 16)

#define FLAG_TIMEOUT_MS 100u /* LSE start-up is the longest: tens of ms */

/* the shared SysTick timeouts (h7_wait.h), not a count of polls */
static bool wait_set(volatile uint32_t *reg, uint32_t mask) {
    h7_wait_t w;
    h7_wait_start(&w, FLAG_TIMEOUT_MS);
    do {
        if (*reg & mask) {
            return true;
        }
    } while (!h7_wait_expired(&w));
    return false;
}

static void unlock(void) {
    RTC_WPR = WPR_KEY1;
    RTC_WPR = WPR_KEY2;
}

static void lock(void) {
    RTC_WPR = WPR_LOCK;
}

static uint32_t bcd(unsigned v) {
    return (v / 10) << 4 | (v % 10);
}

static unsigned from_bcd(uint32_t v) {
    return (v >> 4) * 10 + (v & 0xF);
}

int h7_rtc_init(void) {
    PWR_CR1 |= PWR_CR1_DBP;
    RCC_APB4ENR |= RCC_APB4ENR_RTCAPBEN;
    if (!(RCC_BDCR & RCC_BDCR_LSERDY)) {
        RCC_BDCR |= RCC_BDCR_LSEON;
        if (!wait_set(&RCC_BDCR, RCC_BDCR_LSERDY)) {
            return H7_RTC_ENOLSE;
        }
    }
    if ((RCC_BDCR & (RCC_BDCR_RTCSEL | RCC_BDCR_RTCEN)) != (RCC_BDCR_RTCSEL_LSE | RCC_BDCR_RTCEN)) {
        RCC_BDCR = (RCC_BDCR & ~RCC_BDCR_RTCSEL) | RCC_BDCR_RTCSEL_LSE | RCC_BDCR_RTCEN;
    }
    if (h7_rtc_running() && RTC_PRER == (PREDIV_A << 16 | PREDIV_S)) {
        return H7_RTC_OK; /* kept across the reset, as the backup domain is */
    }
    unlock();
    RTC_ISR = RTC_ISR_INIT;
    if (!wait_set(&RTC_ISR, RTC_ISR_INITF)) {
        lock();
        return H7_RTC_ETIMEOUT;
    }
    RTC_PRER = PREDIV_A << 16 | PREDIV_S;
    RTC_ISR = 0; /* leave INIT: the calendar runs */
    lock();
    return H7_RTC_OK;
}

bool h7_rtc_running(void) {
    return (RTC_ISR & RTC_ISR_INITS) != 0;
}

int h7_rtc_get(h7_rtc_time_t *t) {
    /* SSR, then TR and DR: the shadow registers hold together until DR */
    uint32_t ss = RTC_SSR, tr = RTC_TR, dr = RTC_DR;
    if (RTC_SSR != ss) {
        /* a second went by between the reads: read again */
        ss = RTC_SSR;
        tr = RTC_TR;
        dr = RTC_DR;
    }
    t->year = 2000 + from_bcd(dr >> 16 & 0xFF);
    t->weekday = dr >> 13 & 7;
    t->month = from_bcd(dr >> 8 & 0x1F);
    t->day = from_bcd(dr & 0x3F);
    t->hour = from_bcd(tr >> 16 & 0x3F);
    t->minute = from_bcd(tr >> 8 & 0x7F);
    t->second = from_bcd(tr & 0x7F);
    t->subsec_us = (PREDIV_S - (ss & 0xFFFF)) * 1000000u / (PREDIV_S + 1);
    return H7_RTC_OK;
}

int h7_rtc_set(const h7_rtc_time_t *t) {
    if (t->year < 2000 || t->year > 2099 || t->month < 1 || t->month > 12 || t->day < 1 ||
        t->day > 31 || t->weekday < 1 || t->weekday > 7 || t->hour > 23 || t->minute > 59 ||
        t->second > 59) {
        return H7_RTC_ERANGE;
    }
    unlock();
    RTC_ISR = RTC_ISR_INIT;
    if (!wait_set(&RTC_ISR, RTC_ISR_INITF)) {
        lock();
        return H7_RTC_ETIMEOUT;
    }
    RTC_TR = bcd(t->hour) << 16 | bcd(t->minute) << 8 | bcd(t->second);
    RTC_DR =
        bcd(t->year - 2000) << 16 | (uint32_t)t->weekday << 13 | bcd(t->month) << 8 | bcd(t->day);
    RTC_ISR = 0;
    lock();
    /* the shadow registers take the new calendar when RSF comes back */
    return wait_set(&RTC_ISR, RTC_ISR_RSF) ? H7_RTC_OK : H7_RTC_ETIMEOUT;
}

int h7_rtc_wakeup(bool enable, unsigned wucksel, uint16_t wut) {
    unlock();
    RTC_CR &= ~(RTC_CR_WUTE | RTC_CR_WUTIE);
    if (!wait_set(&RTC_ISR, RTC_ISR_WUTWF)) {
        lock();
        return H7_RTC_ETIMEOUT;
    }
    RTC_WUTR = wut;
    RTC_CR = (RTC_CR & ~7u) | (wucksel & 7u);
    h7_rtc_wakeup_ack();
    if (enable) {
        RTC_CR |= RTC_CR_WUTE | RTC_CR_WUTIE;
    }
    lock();
    return H7_RTC_OK;
}

void h7_rtc_wakeup_ack(void) {
    /* WUTF is rc_w0: write 0 to it, 1 to the other flags, INIT left 0 */
    RTC_ISR = ~RTC_ISR_WUTF & RTC_ISR_RC_W0;
}

uint32_t h7_rtc_calr(void) {
    return RTC_CALR & RTC_CALR_MASK;
}

int h7_rtc_set_calr(uint32_t calr) {
    unlock();
    RTC_CALR = calr & RTC_CALR_MASK;
    lock();
    return H7_RTC_OK;
}
