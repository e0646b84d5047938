/*
 * The RTC of the STM32H747 on the DISCO board's 32.768 kHz LSE crystal
 * (RM0399 "RTC"): calendar, wakeup timer, smooth calibration and backup
 * registers.  The RTC lives in the backup domain: h7_rtc_init() keeps a
 * calendar that is already running (INITS set), as after a system reset.
 */
#ifndef H7STACK_H7_RTC_H
#define H7STACK_H7_RTC_H

#include <stdbool.h>
#include <stdint.h>

#define H7_RTC_BASE 0x58004000u
#define H7_RTC_CR   0x08u /* register offsets the stm module names */
#define H7_RTC_WUTR 0x14u

typedef struct {
    uint16_t year;   /* 2000-2099 */
    uint8_t month;   /* 1-12 */
    uint8_t day;     /* 1-31 */
    uint8_t weekday; /* 1 Monday - 7 Sunday */
    uint8_t hour, minute, second;
    uint32_t subsec_us; /* 0-999999 */
} h7_rtc_time_t;

/* status codes */
#define H7_RTC_OK       0
#define H7_RTC_ENOLSE   -1 /* the LSE never became ready */
#define H7_RTC_ETIMEOUT -2 /* INITF or RSF never came */
#define H7_RTC_ERANGE   -3 /* a field out of range */

int h7_rtc_init(void);
bool h7_rtc_running(void); /* INITS: the calendar has been set */
int h7_rtc_get(h7_rtc_time_t *t);
int h7_rtc_set(const h7_rtc_time_t *t);
/* the wakeup timer: WUCKSEL and WUT as the registers take them; enable
 * false stops it.  Its interrupt flag is cleared by h7_rtc_wakeup_ack(). */
int h7_rtc_wakeup(bool enable, unsigned wucksel, uint16_t wut);
void h7_rtc_wakeup_ack(void);
/* CALR (CALP, CALW8, CALW16, CALM) */
uint32_t h7_rtc_calr(void);
int h7_rtc_set_calr(uint32_t calr);

#endif
