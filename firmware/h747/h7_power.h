/*
 * The CM7's low-power modes (RM0399 "Power control"): Stop, from which
 * the next interrupt wakes it, and Standby, from which it comes back
 * through a reset (SBF set), only the RTC and backup domain kept.
 */
#ifndef H7STACK_H7_POWER_H
#define H7STACK_H7_POWER_H

#include <stdbool.h>

/* Stop until an interrupt: the SysTick halted meanwhile, as the core clock
 * is on the chip (the tick count does not move across the sleep) */
void h7_power_stop(void);
/* Stop, again after each interrupt, until an interrupt handler has set
 * *woke (one that sets it just before the CPU stops is not missed) */
void h7_power_stop_until(const volatile bool *woke);
/* Standby: interrupts off; only a wakeup event (the RTC's alarm or
 * wakeup timer, set up before) or a reset ends it, through a reset */
__attribute__((noreturn)) void h7_power_standby(void);
/* did this boot come out of Standby (SBF)?  The flags are cleared. */
bool h7_power_woke_from_standby(void);

#endif
