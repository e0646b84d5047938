/*
 * machine.PWM (included by extmod/machine_pwm.c) on the timers' output
 * channels: PWM(pin, freq=, duty_u16=, duty_ns=, invert=).  The pin picks
 * the timer and channel (the first in h7_tim.c's table that reaches it);
 * the frequency is the timer's, so PWMs on channels of one timer share it.
 * The duty set last (u16 or ns) is kept across a change of frequency.
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "stm32h747.h"
#include "h7_gpio.h"
#include "h7_tim.h"
#include "h747_port.h"

#define DUTY_U16_MAX 65535
#define EXACT_SEARCH 64 /* prescalers tried above the smallest for an exact freq */

enum {
    DUTY_NONE,
    DUTY_U16,
    DUTY_NS
};

typedef struct _machine_pwm_obj_t {
    mp_obj_base_t base;
    const h7_tim_t *t;
    uint8_t ch;
    uint8_t pin;
    bool invert;
    uint8_t duty_kind;
    uint32_t duty; /* in duty_kind's unit */
} machine_pwm_obj_t;

static uint64_t pwm_period_ticks(machine_pwm_obj_t *self) {
    return (uint64_t)TIM_ARR(self->t->base) + 1;
}

static uint64_t pwm_tick_hz(machine_pwm_obj_t *self) {
    return h7_tim_clock_hz(self->t) / (TIM_PSC(self->t->base) + 1);
}

static void pwm_apply_duty(machine_pwm_obj_t *self) {
    uint64_t period = pwm_period_ticks(self), ccr = 0;
    if (self->duty_kind == DUTY_U16) {
        ccr = (self->duty * period + DUTY_U16_MAX / 2) / DUTY_U16_MAX;
    } else if (self->duty_kind == DUTY_NS) {
        ccr = ((uint64_t)self->duty * pwm_tick_hz(self) + 500000000u) / 1000000000u;
    }
    ccr = MIN(ccr, period); /* CCR = ARR + 1: high all the period */
    h7_tim_oc(self->t, self->ch, H7_TIM_OC_PWM1, (uint32_t)ccr, self->invert);
}

static void pwm_set_freq(machine_pwm_obj_t *self, mp_int_t freq) {
    uint64_t source = h7_tim_clock_hz(self->t);
    if (freq <= 0 || (uint64_t)freq > source / 2) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("freq must be 1-%u"),
                          (unsigned)(source / 2));
    }
    uint64_t ticks = source / (uint64_t)freq;
    uint64_t max = (self->t->width == 32 ? 0xFFFFFFFFull : 0xFFFFull);
    /* the smallest prescaler whose period fits (the finest duty steps), or
     * a little larger if that one divides the ticks exactly (an exact
     * frequency) */
    uint64_t psc = (ticks + max) / (max + 1);
    for (uint64_t p = psc; p < psc + EXACT_SEARCH && p <= 0x10000; p++) {
        if (ticks % p == 0) {
            psc = p;
            break;
        }
    }
    if (psc > 0x10000) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("freq too low for TIM%u"),
                          self->t->id);
    }
    uint64_t period = ticks / psc;
    if (!(TIM_CR1(self->t->base) & TIM_CR1_CEN)) {
        h7_tim_init(self->t);
        h7_tim_start(self->t, psc - 1, period - 1);
    } else {
        /* loaded at once by an update event (a new period begins) */
        TIM_PSC(self->t->base) = psc - 1;
        TIM_ARR(self->t->base) = period - 1;
        TIM_EGR(self->t->base) = TIM_EGR_UG;
    }
}

static void mp_machine_pwm_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_pwm_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<PWM P%c%u TIM%u CH%u", 'A' + H7_PIN_PORT(self->pin), H7_PIN_NUM(self->pin),
              self->t->id, self->ch);
    if (TIM_CCER(self->t->base) & TIM_CCER_CCE(self->ch)) {
        mp_printf(print, " freq=%u duty_u16=%u",
                  (unsigned)mp_obj_get_int(mp_machine_pwm_freq_get(self)),
                  (unsigned)mp_obj_get_int(mp_machine_pwm_duty_get_u16(self)));
    }
    mp_print_str(print, ">");
}

static void mp_machine_pwm_init_helper(machine_pwm_obj_t *self, size_t n_args,
                                       const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_freq,
        ARG_duty_u16,
        ARG_duty_ns,
        ARG_invert
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq, MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_duty_u16, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_duty_ns, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_invert, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_obj_t duty_u16 = args[ARG_duty_u16].u_obj, duty_ns = args[ARG_duty_ns].u_obj;
    if (duty_u16 != mp_const_none && duty_ns != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("give duty_u16 or duty_ns, not both"));
    }
    if (args[ARG_freq].u_int != -1) {
        pwm_set_freq(self, args[ARG_freq].u_int);
    } else if (!(TIM_CR1(self->t->base) & TIM_CR1_CEN)) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq: the timer has none yet, give one"));
    }
    if (args[ARG_invert].u_obj != mp_const_none) {
        self->invert = mp_obj_is_true(args[ARG_invert].u_obj);
    }
    if (duty_u16 != mp_const_none) {
        mp_machine_pwm_duty_set_u16(self, mp_obj_get_int(duty_u16));
    } else if (duty_ns != mp_const_none) {
        mp_machine_pwm_duty_set_ns(self, mp_obj_get_int(duty_ns));
    } else {
        pwm_apply_duty(self); /* the duty (or 0) with the new frequency */
    }
    h7_gpio_af(self->pin, h7_tim_pin_af(self->t->id, self->ch, self->pin), H7_GPIO_PULL_NONE);
}

static mp_obj_t mp_machine_pwm_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                        const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 2, true);
    uint8_t pin = h747_pin_id(args[0]);
    unsigned id, ch;
    if (!h7_tim_find_pin(pin, &id, &ch)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("pin P%c%u has no timer channel"),
                          'A' + H7_PIN_PORT(pin), H7_PIN_NUM(pin));
    }
    machine_pwm_obj_t *self = mp_obj_malloc(machine_pwm_obj_t, &machine_pwm_type);
    self->t = h7_tim_get(id);
    self->ch = ch;
    self->pin = pin;
    self->invert = false;
    self->duty_kind = DUTY_NONE;
    self->duty = 0;
    mp_map_t kw_args;
    mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
    mp_machine_pwm_init_helper(self, n_args - 1, args + 1, &kw_args);
    return MP_OBJ_FROM_PTR(self);
}

static void mp_machine_pwm_deinit(machine_pwm_obj_t *self) {
    h7_tim_oc_off(self->t, self->ch);
    h7_gpio_release(self->pin);
}

static mp_obj_t mp_machine_pwm_freq_get(machine_pwm_obj_t *self) {
    return mp_obj_new_int_from_ull(pwm_tick_hz(self) / pwm_period_ticks(self));
}

static void mp_machine_pwm_freq_set(machine_pwm_obj_t *self, mp_int_t freq) {
    pwm_set_freq(self, freq);
    pwm_apply_duty(self);
}

static mp_obj_t mp_machine_pwm_duty_get_u16(machine_pwm_obj_t *self) {
    uint64_t ccr = MIN(TIM_CCR(self->t->base, self->ch), pwm_period_ticks(self));
    uint64_t period = pwm_period_ticks(self);
    return MP_OBJ_NEW_SMALL_INT((ccr * DUTY_U16_MAX + period / 2) / period);
}

static void mp_machine_pwm_duty_set_u16(machine_pwm_obj_t *self, mp_int_t duty_u16) {
    if (duty_u16 < 0 || duty_u16 > DUTY_U16_MAX) {
        mp_raise_ValueError(MP_ERROR_TEXT("duty_u16 must be 0-65535"));
    }
    self->duty_kind = DUTY_U16;
    self->duty = duty_u16;
    pwm_apply_duty(self);
}

static mp_obj_t mp_machine_pwm_duty_get_ns(machine_pwm_obj_t *self) {
    uint64_t ccr = MIN(TIM_CCR(self->t->base, self->ch), pwm_period_ticks(self));
    return mp_obj_new_int_from_ull((ccr * 1000000000u + pwm_tick_hz(self) / 2) / pwm_tick_hz(self));
}

static void mp_machine_pwm_duty_set_ns(machine_pwm_obj_t *self, mp_int_t duty_ns) {
    if (duty_ns < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("duty_ns must be >= 0"));
    }
    self->duty_kind = DUTY_NS;
    self->duty = duty_ns;
    pwm_apply_duty(self);
}
