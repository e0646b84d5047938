/*
 * machine.WDT, the port part that extmod/machine_wdt.c includes: IWDG1 on
 * the 32 kHz LSI, timeout 1 ms to 32.768 s (the smallest prescaler that
 * holds it in the 12-bit reload).  Once started it cannot be stopped, as on
 * the chip; a missed feed resets the board and machine.reset_cause() is
 * WDT_RESET afterwards.
 */
#include "py/runtime.h"
#include "stm32h747.h"

#define IWDG1_BASE  0x58004800u
#define IWDG_KR     REG32(IWDG1_BASE + 0x00)
#define IWDG_PR     REG32(IWDG1_BASE + 0x04)
#define IWDG_RLR    REG32(IWDG1_BASE + 0x08)
#define IWDG_SR     REG32(IWDG1_BASE + 0x0C)
#define KEY_START   0xCCCCu
#define KEY_RELOAD  0xAAAAu
#define KEY_ACCESS  0x5555u
#define LSI_HZ      32000u
#define RELOAD_MAX  0xFFFu
#define PR_MAX      6u /* /256 */
#define TIMEOUT_MAX 32768

typedef struct _machine_wdt_obj_t {
    mp_obj_base_t base;
} machine_wdt_obj_t;

static const machine_wdt_obj_t machine_wdt = { { &machine_wdt_type } };

static machine_wdt_obj_t *mp_machine_wdt_make_new_instance(mp_int_t id, mp_int_t timeout_ms) {
    if (id != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("WDT id must be 0"));
    }
    if (timeout_ms < 1 || timeout_ms > TIMEOUT_MAX) {
        mp_raise_ValueError(MP_ERROR_TEXT("timeout: 1 to 32768 ms"));
    }
    /* counts of LSI / (4 << pr) in the timeout, within 12 bits */
    unsigned pr = 0;
    uint32_t counts = (uint64_t)timeout_ms * LSI_HZ / 4 / 1000;
    while (counts > RELOAD_MAX && pr < PR_MAX) {
        pr++;
        counts >>= 1;
    }
    if (counts > RELOAD_MAX) {
        counts = RELOAD_MAX;
    }
    IWDG_KR = KEY_START;
    IWDG_KR = KEY_ACCESS;
    IWDG_PR = pr;
    IWDG_RLR = counts ? counts : 1;
    while (IWDG_SR) {
        /* PVU, RVU: the new values reach the LSI domain */
    }
    IWDG_KR = KEY_RELOAD;
    return (machine_wdt_obj_t *)&machine_wdt;
}

static void mp_machine_wdt_feed(machine_wdt_obj_t *self) {
    IWDG_KR = KEY_RELOAD;
}
