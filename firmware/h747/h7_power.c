/* The CM7's Stop and Standby modes (see h7_power.h). */
#include "h7_power.h"
#include "stm32h747.h"
#include "h7_tick.h"

#define PDDS_ALL (PWR_CPUCR_PDDS_D1 | PWR_CPUCR_PDDS_D2 | PWR_CPUCR_PDDS_D3)

static uint32_t stop_enter(void) {
    uint32_t syst = SYST_CSR & (SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE);
    SYST_CSR = syst & ~SYST_CSR_ENABLE;
    h7_tick_pause();
    PWR_CPUCR &= ~PDDS_ALL; /* Stop, not Standby */
    SCB_SCR |= SCB_SCR_SLEEPDEEP;
    return syst;
}

static void stop_leave(uint32_t syst) {
    SCB_SCR &= ~SCB_SCR_SLEEPDEEP;
    h7_tick_resume();
    SYST_CSR = syst;
}

void h7_power_stop(void) {
    uint32_t syst = stop_enter();
    __asm volatile("dsb\n wfi\n isb" ::: "memory");
    stop_leave(syst);
}

void h7_power_stop_until(const volatile bool *woke) {
    uint32_t syst = stop_enter();
    /* the flag is looked at with PRIMASK set: an interrupt that comes after
     * the look stays pending and ends the WFI at once (WFI wakes on a pending
     * interrupt whatever PRIMASK says); it runs in the window below */
    __asm volatile("cpsid i" ::: "memory");
    while (!*woke) {
        __asm volatile("dsb\n wfi\n isb\n cpsie i\n isb\n cpsid i" ::: "memory");
    }
    __asm volatile("cpsie i" ::: "memory");
    stop_leave(syst);
}

void h7_power_standby(void) {
    __asm volatile("cpsid i" ::: "memory");
    SYST_CSR = 0;
    PWR_CPUCR = PWR_CPUCR_CSSF | PDDS_ALL;
    SCB_SCR |= SCB_SCR_SLEEPDEEP;
    for (;;) {
        __asm volatile("dsb\n wfi" ::: "memory");
    }
}

bool h7_power_woke_from_standby(void) {
    bool sbf = PWR_CPUCR & PWR_CPUCR_SBF;
    PWR_CPUCR |= PWR_CPUCR_CSSF;
    return sbf;
}
