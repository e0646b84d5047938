/* machine module, port part (included by extmod/modmachine.c) */
#include "py/mphal.h"
#include "stm32h747.h"
#include "h7_power.h"
#include "h7_rtc.h"
#include "h747_port.h"

extern const mp_obj_type_t machine_timer_type; /* extmod/machine_timer.c */

#define SCB_AIRCR_SYSRESETREQ 0x05FA0004u

enum {
    PWRON_RESET = 1,
    HARD_RESET,
    WDT_RESET,
    DEEPSLEEP_RESET,
    SOFT_RESET
};

#define MICROPY_PY_MACHINE_EXTRA_GLOBALS \
    { MP_ROM_QSTR(MP_QSTR_Pin), MP_ROM_PTR(&machine_pin_type) }, \
        { MP_ROM_QSTR(MP_QSTR_Timer), MP_ROM_PTR(&machine_timer_type) }, \
        { MP_ROM_QSTR(MP_QSTR_RTC), MP_ROM_PTR(&machine_rtc_type) }, \
        { MP_ROM_QSTR(MP_QSTR_SDCard), MP_ROM_PTR(&machine_sdcard_type) }, \
        { MP_ROM_QSTR(MP_QSTR_PWRON_RESET), MP_ROM_INT(PWRON_RESET) }, \
        { MP_ROM_QSTR(MP_QSTR_HARD_RESET), MP_ROM_INT(HARD_RESET) }, \
        { MP_ROM_QSTR(MP_QSTR_WDT_RESET), MP_ROM_INT(WDT_RESET) }, \
        { MP_ROM_QSTR(MP_QSTR_DEEPSLEEP_RESET), MP_ROM_INT(DEEPSLEEP_RESET) }, \
        { MP_ROM_QSTR(MP_QSTR_SOFT_RESET), MP_ROM_INT(SOFT_RESET) },

static void mp_machine_idle(void) {
    __asm volatile("wfi");
}

NORETURN static void mp_machine_reset(void) {
    __asm volatile("dsb");
    SCB_AIRCR = SCB_AIRCR_SYSRESETREQ;
    for (;;) {
    }
}

static mp_int_t mp_machine_reset_cause(void) {
    uint32_t f = h747_reset_flags;
    if (h747_woke_from_standby) {
        return DEEPSLEEP_RESET;
    }
    if (f & RCC_RSR_PORRSTF) {
        return PWRON_RESET;
    }
    if (f & (3u << 26 | 3u << 28)) { /* IWDGx / WWDGx */
        return WDT_RESET;
    }
    if (f & RCC_RSR_SFT1RSTF) {
        return SOFT_RESET;
    }
    return HARD_RESET;
}

static mp_obj_t mp_machine_unique_id(void) {
    return mp_obj_new_bytes((const byte *)UID_BASE, 12);
}

static mp_obj_t mp_machine_get_freq(void) {
    return mp_obj_new_int_from_uint(h747_cpu_hz);
}

static void mp_machine_set_freq(size_t n_args, const mp_obj_t *args) {
    if (mp_obj_get_int(args[0]) != (mp_int_t)h747_cpu_hz) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq: only 400000000 is supported"));
    }
}

/* lightsleep([ms]): Stop mode until the RTC's wakeup timer after ms (the
 * interrupts that come meanwhile run, and the CPU stops again), or without
 * ms until any interrupt.  The tick count stands still meanwhile, as the
 * core clock does on the chip; the RTC keeps time. */
static void mp_machine_lightsleep(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        h7_power_stop();
        return;
    }
    h747_rtc_wakeup_ms(mp_obj_get_int(args[0]));
    h7_power_stop_until(&h747_rtc_woke);
    h7_rtc_wakeup(false, 0, 0);
}

/* deepsleep([ms]): Standby, woken by the RTC's wakeup timer after ms (or
 * only by a reset); the board boots again with reset_cause()
 * DEEPSLEEP_RESET, RAM lost, the RTC and its backup registers kept */
NORETURN static void mp_machine_deepsleep(size_t n_args, const mp_obj_t *args) {
    if (n_args) {
        h747_rtc_wakeup_ms(mp_obj_get_int(args[0]));
    }
    while (!(USART_ISR(USART1_BASE) & USART_ISR_TC)) {
        /* the REPL's last characters leave first */
    }
    h7_power_standby();
}
