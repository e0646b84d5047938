/*
 * STM32H7 real-time clock (RM0399 "RTC"): BCD calendar with subseconds,
 * alarms A and B, the wakeup timer and 32 backup registers, in the backup
 * domain (a system reset leaves it running).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_RTC_H
#define H7STACK_STM32H7_RTC_H

#include "hw/sysbus.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32H7_RTC "stm32h7-rtc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7RtcState, STM32H7_RTC)

#define STM32H7_RTC_BKP_REGS 32

struct Stm32h7RtcState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq alarm_irq;  /* RTC_Alarm: alarm A or B */
    qemu_irq wakeup_irq; /* RTC_WKUP */

    /*
     * The calendar: seconds since 2000-01-01 00:00:00 at clock_base (ns of
     * rtc_clock) plus what has passed since, unless INIT froze it at
     * frozen_s.  Subseconds follow from the same clock and PRER.
     */
    int64_t base_s;
    int64_t clock_base;
    bool frozen;
    uint32_t tr, dr;    /* written in INIT mode, taken when INIT ends */
    uint8_t wday_shift; /* written weekday minus the date's (mod 7) */

    uint32_t cr, isr_flags, prer, wutr, alrmar, alrmbr, calr, tampcr;
    uint32_t alrmassr, alrmbssr, or ;
    uint8_t wpr_step; /* 0 locked, 1 after 0xCA, 2 unlocked after 0x53 */
    uint32_t bkp[STM32H7_RTC_BKP_REGS];

    QEMUTimer *second_timer; /* alarms: checked at each second */
    QEMUTimer *wakeup_timer;
    int64_t last_alarm_s; /* the second the alarms were last checked */
};

#endif
