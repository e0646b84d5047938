/*
 * machine.RTC, which is also pyb.RTC, as MicroPython's stm32 port has it:
 * datetime((year, month, day, weekday, hours, minutes, seconds, subseconds))
 * with weekday 1-7 (Monday first) and subseconds in microseconds, wakeup(ms
 * [, callback]) on the RTC's wakeup timer with the stm32 port's choice of
 * WUCKSEL and WUT, calibration(cal) in -511..512 (CALR's CALP/CALM),
 * init() and info().  The calendar runs on across soft and hard resets.
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "py/mperrno.h"
#include "shared/timeutils/timeutils.h"
#include "h7_rtc.h"
#include "h7_system.h"
#include "h747_port.h"

#define IRQ_RTC_WKUP 3
#define CALR_CALP    (1u << 15)
#define CALR_CALM    0x1FFu
#define CAL_MIN      (-511)
#define CAL_MAX      512
#define LSE_HZ       32768
#define WUT_MAX_1HZ  0x10000 /* WUCKSEL 4: up to 2^16 s; 6 adds 2^16 */

typedef struct {
    mp_obj_base_t base;
} machine_rtc_obj_t;

static const machine_rtc_obj_t machine_rtc_obj = { { &machine_rtc_type } };
static int rtc_status = H7_RTC_ETIMEOUT; /* until h747_rtc_init() */

MP_REGISTER_ROOT_POINTER(mp_obj_t machine_rtc_wakeup_callback);

volatile bool h747_rtc_woke;

static void rtc_wkup_irq(void) {
    h7_rtc_wakeup_ack();
    h747_rtc_woke = true;
    mp_obj_t cb = MP_STATE_PORT(machine_rtc_wakeup_callback);
    if (cb != MP_OBJ_NULL && cb != mp_const_none) {
        mp_sched_schedule(cb, MP_OBJ_FROM_PTR(&machine_rtc_obj));
    }
}

void h747_rtc_init(void) {
    rtc_status = h7_rtc_init();
    h7_irq_set(IRQ_RTC_WKUP, rtc_wkup_irq);
    h7_nvic_enable(IRQ_RTC_WKUP, 3);
}

bool h747_rtc_time_ns(uint64_t *ns) {
    h7_rtc_time_t t;
    if (rtc_status != H7_RTC_OK || h7_rtc_get(&t) != H7_RTC_OK) {
        return false;
    }
    uint64_t s = timeutils_seconds_since_epoch(t.year, t.month, t.day, t.hour, t.minute, t.second);
    *ns = s * 1000000000ULL + t.subsec_us * 1000ULL;
    return true;
}

static void check_rtc(void) {
    if (rtc_status != H7_RTC_OK) {
        mp_raise_OSError(MP_EIO); /* the LSE did not start */
    }
}

static mp_obj_t machine_rtc_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                     const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    if (n_args == 1 && mp_obj_get_int(args[0]) != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("RTC id must be 0"));
    }
    return MP_OBJ_FROM_PTR(&machine_rtc_obj);
}

static mp_obj_t machine_rtc_init(mp_obj_t self_in) {
    rtc_status = h7_rtc_init();
    check_rtc();
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_rtc_init_obj, machine_rtc_init);

static mp_obj_t machine_rtc_info(mp_obj_t self_in) {
    /* as stm32: bit 0x10000 set when the LSE clocks the RTC */
    return mp_obj_new_int(rtc_status == H7_RTC_OK ? 0x10000 : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_1(machine_rtc_info_obj, machine_rtc_info);

static mp_int_t field(mp_obj_t *items, size_t i, const char *name, mp_int_t lo, mp_int_t hi) {
    mp_int_t v = mp_obj_get_int(items[i]);
    if (v < lo || v > hi) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("datetime: %s out of range"), name);
    }
    return v;
}

static mp_obj_t machine_rtc_datetime(size_t n_args, const mp_obj_t *args) {
    check_rtc();
    h7_rtc_time_t t;
    if (n_args == 1) {
        h7_rtc_get(&t);
        mp_obj_t tuple[8] = {
            mp_obj_new_int(t.year),    mp_obj_new_int(t.month),     mp_obj_new_int(t.day),
            mp_obj_new_int(t.weekday), mp_obj_new_int(t.hour),      mp_obj_new_int(t.minute),
            mp_obj_new_int(t.second),  mp_obj_new_int(t.subsec_us),
        };
        return mp_obj_new_tuple(8, tuple);
    }
    mp_obj_t *items;
    size_t len;
    mp_obj_get_array(args[1], &len, &items);
    if (len < 7 || len > 8) {
        mp_raise_TypeError(MP_ERROR_TEXT("datetime: a tuple of 7 or 8 items"));
    }
    t.year = field(items, 0, "year", 2000, 2099);
    t.month = field(items, 1, "month", 1, 12);
    t.day = field(items, 2, "day", 1, timeutils_days_in_month(t.year, t.month));
    /* weekday 0 (the stm32 port lets it through): the date's own */
    t.weekday = field(items, 3, "weekday", 0, 7);
    if (t.weekday == 0) {
        t.weekday = timeutils_calc_weekday(t.year, t.month, t.day) + 1;
    }
    t.hour = field(items, 4, "hours", 0, 23);
    t.minute = field(items, 5, "minutes", 0, 59);
    t.second = field(items, 6, "seconds", 0, 59);
    t.subsec_us = 0; /* the chip starts the second afresh */
    int rc = h7_rtc_set(&t);
    if (rc == H7_RTC_ERANGE) {
        mp_raise_ValueError(MP_ERROR_TEXT("datetime: out of range"));
    } else if (rc != H7_RTC_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_rtc_datetime_obj, 1, 2, machine_rtc_datetime);

/* wakeup(ms, callback=None); wakeup(None) stops it */
static mp_obj_t machine_rtc_wakeup(size_t n_args, const mp_obj_t *args) {
    check_rtc();
    if (n_args == 3) {
        if (args[2] != mp_const_none && !mp_obj_is_callable(args[2])) {
            mp_raise_TypeError(MP_ERROR_TEXT("wakeup: callback must be callable or None"));
        }
        MP_STATE_PORT(machine_rtc_wakeup_callback) = args[2];
    }
    if (args[1] == mp_const_none) {
        h7_rtc_wakeup(false, 0, 0);
        return mp_const_none;
    }
    h747_rtc_wakeup_ms(mp_obj_get_int(args[1]));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_rtc_wakeup_obj, 2, 3, machine_rtc_wakeup);

void h747_rtc_wakeup_ms(mp_int_t ms) {
    check_rtc();
    if (ms < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("wakeup: ms must be >= 0"));
    }
    /* the finest RTC/div clock that holds ms in 16 bits, else 1 Hz */
    unsigned div = 2, wucksel = 3;
    mp_int_t wut;
    while (div <= 16 && ms > 2000 * (mp_int_t)div) {
        div *= 2;
        wucksel--;
    }
    if (div <= 16) {
        wut = (uint64_t)(LSE_HZ / div) * ms / 1000;
    } else {
        wucksel = 4;
        wut = ms / 1000;
        if (wut > WUT_MAX_1HZ) {
            wucksel = 6;
            wut -= WUT_MAX_1HZ;
            if (wut > WUT_MAX_1HZ) {
                mp_raise_ValueError(MP_ERROR_TEXT("wakeup: ms too large"));
            }
        }
    }
    if (wut > 0) {
        wut--; /* the period is WUT + 1 */
    }
    h747_rtc_woke = false;
    if (h7_rtc_wakeup(true, wucksel, wut) != H7_RTC_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
}

static mp_obj_t machine_rtc_calibration(size_t n_args, const mp_obj_t *args) {
    check_rtc();
    if (n_args == 1) {
        uint32_t calr = h7_rtc_calr();
        mp_int_t calm = calr & CALR_CALM;
        return mp_obj_new_int((calr & CALR_CALP) ? CAL_MAX - calm : -calm);
    }
    mp_int_t cal = mp_obj_get_int(args[1]);
    if (cal < CAL_MIN || cal > CAL_MAX) {
        mp_raise_ValueError(MP_ERROR_TEXT("calibration: -511 to 512"));
    }
    /* CALP adds 512 pulses per 32 s, CALM takes CALM away */
    h7_rtc_set_calr(cal > 0 ? CALR_CALP | (CAL_MAX - cal) : (uint32_t)-cal);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_rtc_calibration_obj, 1, 2,
                                           machine_rtc_calibration);

static void machine_rtc_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_print_str(print, "<RTC>");
}

static const mp_rom_map_elem_t machine_rtc_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&machine_rtc_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_info), MP_ROM_PTR(&machine_rtc_info_obj) },
    { MP_ROM_QSTR(MP_QSTR_datetime), MP_ROM_PTR(&machine_rtc_datetime_obj) },
    { MP_ROM_QSTR(MP_QSTR_wakeup), MP_ROM_PTR(&machine_rtc_wakeup_obj) },
    { MP_ROM_QSTR(MP_QSTR_calibration), MP_ROM_PTR(&machine_rtc_calibration_obj) },
};
static MP_DEFINE_CONST_DICT(machine_rtc_locals_dict, machine_rtc_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(machine_rtc_type, MP_QSTR_RTC, MP_TYPE_FLAG_NONE, make_new,
                         machine_rtc_make_new, print, machine_rtc_print, locals_dict,
                         &machine_rtc_locals_dict);
