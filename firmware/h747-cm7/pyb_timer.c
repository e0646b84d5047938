/*
 * pyb.Timer and pyb.TimerChannel, as the stm32 port has them, on the
 * H747's TIM1-8 and TIM12-17 (h7_tim.c): the time base from freq or
 * prescaler/period, an update callback, and per channel PWM, PWM_INVERTED
 * and the output-compare modes with their own callbacks.  Callbacks run in
 * the timer's interrupt (hard, as on stm32: no heap allocation there); one
 * that raises is switched off.  The counter counts up only (the virtual
 * board models no other direction); IC captures the counter at the
 * channel pin's rising, falling or both edges (polarity); the encoder
 * modes are refused.
 */
#include "py/runtime.h"
#include "py/gc.h"
#include "py/mphal.h"
#include "stm32h747.h"
#include "h7_gpio.h"
#include "h7_tim.h"
#include "h747_port.h"

/* the stm32 port's constants (its HAL's values) */
#define MODE_UP     0x00
#define MODE_DOWN   0x10
#define MODE_CENTER 0x20
enum {
    CH_PWM,
    CH_PWM_INVERTED,
    CH_OC_TIMING,
    CH_OC_ACTIVE,
    CH_OC_INACTIVE,
    CH_OC_TOGGLE,
    CH_OC_FORCED_ACTIVE,
    CH_OC_FORCED_INACTIVE,
    CH_IC,
    CH_ENC_A,
    CH_ENC_B,
    CH_ENC_AB,
};
#define POLARITY_HIGH     0x0
#define POLARITY_LOW      0x2
#define POLARITY_BOTH     0xA
#define BRK_OFF           0
#define BRK_LOW           1
#define BRK_HIGH          2
#define TIM_CR1_CKD_SHIFT 8
#define TIM_CR1_MODE_MASK 0x70u /* DIR and CMS */

static const qstr channel_mode_names[] = {
    MP_QSTR_PWM,
    MP_QSTR_PWM_INVERTED,
    MP_QSTR_OC_TIMING,
    MP_QSTR_OC_ACTIVE,
    MP_QSTR_OC_INACTIVE,
    MP_QSTR_OC_TOGGLE,
    MP_QSTR_OC_FORCED_ACTIVE,
    MP_QSTR_OC_FORCED_INACTIVE,
    MP_QSTR_IC,
    MP_QSTR_ENC_A,
    MP_QSTR_ENC_B,
    MP_QSTR_ENC_AB,
};

typedef struct _pyb_timer_obj_t pyb_timer_obj_t;

typedef struct {
    mp_obj_base_t base;
    pyb_timer_obj_t *timer;
    uint8_t channel; /* 1-4 */
    uint8_t mode;
    mp_obj_t callback;
} pyb_timer_channel_obj_t;

struct _pyb_timer_obj_t {
    mp_obj_base_t base;
    const h7_tim_t *t;
    bool initialised;
    uint8_t div;
    mp_obj_t callback;
    pyb_timer_channel_obj_t *channels[4];
};

const mp_obj_type_t pyb_timer_type;
static const mp_obj_type_t pyb_timer_channel_type;

/* one object per timer, as on stm32: Timer(n) again gives the same one */
MP_REGISTER_ROOT_POINTER(struct _pyb_timer_obj_t *pyb_timer_obj_all[H7_TIM_MAX_ID]);

static uint32_t max_period(const h7_tim_t *t) {
    return t->width == 32 ? 0xFFFFFFFFu : 0xFFFFu;
}

/* ticks per period: ARR + 1 (2^32 for a 32-bit timer at its reset ARR) */
static uint64_t reload_ticks(pyb_timer_obj_t *self) {
    return (uint64_t)TIM_ARR(self->t->base) + 1;
}

/*
 * prescaler and period (register values) for freq: the counter's ticks per
 * period are split into prescaler x period, dividing by 5, 3 or 2 until the
 * period fits the counter (exact divisions first, as the stm32 port does,
 * so that freq() reads back exactly when it can).  A float below 1 Hz is
 * first scaled up so the division keeps its fraction.
 */
static void period_from_freq(pyb_timer_obj_t *self, mp_obj_t freq_in, uint32_t *psc_out,
                             uint32_t *period_out) {
    uint64_t source = h7_tim_clock_hz(self->t);
    uint64_t prescaler = 1, period;
    if (mp_obj_is_float(freq_in)) {
        mp_float_t freq = mp_obj_get_float(freq_in);
        if (!(freq > 0)) {
            mp_raise_ValueError(MP_ERROR_TEXT("freq must be positive"));
        }
        while (freq < 1 && prescaler < 6553) {
            prescaler *= 10;
            freq *= 10;
        }
        mp_float_t p = (mp_float_t)source / freq;
        if (p > 1e15) {
            mp_raise_ValueError(MP_ERROR_TEXT("freq too low"));
        }
        period = (uint64_t)p;
    } else {
        mp_int_t freq = mp_obj_get_int(freq_in);
        if (freq <= 0) {
            mp_raise_ValueError(MP_ERROR_TEXT("freq must be positive"));
        }
        period = source / (uint64_t)freq;
    }
    if (period < 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq too high"));
    }
    while (period > (uint64_t)max_period(self->t) + 1) {
        if (period % 5 == 0) {
            prescaler *= 5;
            period /= 5;
        } else if (period % 3 == 0) {
            prescaler *= 3;
            period /= 3;
        } else {
            prescaler <<= 1;
            period >>= 1;
        }
    }
    if (prescaler > 0x10000) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq too low"));
    }
    *psc_out = prescaler - 1;
    *period_out = period - 1;
}

static mp_obj_t compute_freq(pyb_timer_obj_t *self) {
    uint64_t source = h7_tim_clock_hz(self->t);
    uint64_t div = (uint64_t)(TIM_PSC(self->t->base) + 1) * reload_ticks(self);
    if (source % div == 0) {
        return mp_obj_new_int_from_ull(source / div);
    }
    return mp_obj_new_float((mp_float_t)source / (mp_float_t)div);
}

/* ---- interrupts: hard callbacks ---- */

static void call_handler(mp_obj_t *cb, mp_obj_t arg, uint32_t dier_bit, const h7_tim_t *t) {
    mp_sched_lock();
    gc_lock();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_1(*cb, arg);
        nlr_pop();
    } else {
        /* an exception: this callback is switched off */
        *cb = mp_const_none;
        TIM_DIER(t->base) &= ~dier_bit;
        mp_printf(MICROPY_ERROR_PRINTER, "uncaught exception in Timer(%u) interrupt handler\n",
                  t->id);
        mp_obj_print_exception(MICROPY_ERROR_PRINTER, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
    gc_unlock();
    mp_sched_unlock();
}

static void timer_irq(const h7_tim_t *t) {
    pyb_timer_obj_t *self = MP_STATE_PORT(pyb_timer_obj_all)[t->id - 1];
    uint32_t pending = TIM_SR(t->base) & TIM_DIER(t->base);
    if (!self) {
        TIM_DIER(t->base) = 0;
        return;
    }
    if (pending & TIM_SR_UIF) {
        TIM_SR(t->base) = ~TIM_SR_UIF; /* rc_w0 */
        if (self->callback != mp_const_none) {
            call_handler(&self->callback, MP_OBJ_FROM_PTR(self), TIM_DIER_UIE, t);
        }
    }
    for (unsigned ch = 1; ch <= t->channels; ch++) {
        pyb_timer_channel_obj_t *c = self->channels[ch - 1];
        if (pending & TIM_SR_CCIF(ch)) {
            TIM_SR(t->base) = ~TIM_SR_CCIF(ch);
            if (c && c->callback != mp_const_none) {
                call_handler(&c->callback, MP_OBJ_FROM_PTR(c), TIM_DIER_CCIE(ch), t);
            }
        }
    }
}

static void timer_set_callback(pyb_timer_obj_t *self, mp_obj_t cb) {
    if (cb == mp_const_none) {
        TIM_DIER(self->t->base) &= ~TIM_DIER_UIE;
        self->callback = mp_const_none;
        return;
    }
    if (!mp_obj_is_callable(cb)) {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    self->callback = cb;
    TIM_SR(self->t->base) = ~TIM_SR_UIF; /* no stale update calls it at once */
    h7_tim_set_irq(self->t, timer_irq);
    TIM_DIER(self->t->base) |= TIM_DIER_UIE;
}

static void channel_set_callback(pyb_timer_channel_obj_t *c, mp_obj_t cb) {
    const h7_tim_t *t = c->timer->t;
    if (cb == mp_const_none) {
        TIM_DIER(t->base) &= ~TIM_DIER_CCIE(c->channel);
        c->callback = mp_const_none;
        return;
    }
    if (!mp_obj_is_callable(cb)) {
        mp_raise_ValueError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    c->callback = cb;
    TIM_SR(t->base) = ~TIM_SR_CCIF(c->channel);
    h7_tim_set_irq(t, timer_irq);
    TIM_DIER(t->base) |= TIM_DIER_CCIE(c->channel);
}

/* ---- Timer ---- */

static void timer_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->initialised) {
        mp_printf(print, "Timer(%u)", self->t->id);
        return;
    }
    uint32_t psc = TIM_PSC(self->t->base), arr = TIM_ARR(self->t->base);
    uint64_t freq = h7_tim_clock_hz(self->t) / ((uint64_t)(psc + 1) * ((uint64_t)arr + 1));
    mp_printf(print, "Timer(%u, freq=%u, prescaler=%u, period=%u, mode=UP, div=%u", self->t->id,
              (unsigned)freq, (unsigned)psc, (unsigned)arr, self->div);
    if (self->t->advanced) {
        mp_printf(print, ", deadtime=0, brk=BRK_OFF");
    }
    mp_print_str(print, ")");
}

static mp_obj_t timer_init_helper(pyb_timer_obj_t *self, size_t n_args, const mp_obj_t *pos_args,
                                  mp_map_t *kw_args) {
    enum {
        ARG_freq,
        ARG_prescaler,
        ARG_period,
        ARG_tick_hz,
        ARG_mode,
        ARG_div,
        ARG_callback,
        ARG_deadtime,
        ARG_brk
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_prescaler, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_period, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_tick_hz, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 1000 } },
        { MP_QSTR_mode, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = MODE_UP } },
        { MP_QSTR_div, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 1 } },
        { MP_QSTR_callback, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_deadtime, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_brk, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = BRK_OFF } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    uint32_t psc, period;
    if (args[ARG_freq].u_obj != mp_const_none) {
        period_from_freq(self, args[ARG_freq].u_obj, &psc, &period);
    } else if (args[ARG_prescaler].u_int != -1 && args[ARG_period].u_int != -1) {
        if (args[ARG_prescaler].u_int < 0 || args[ARG_prescaler].u_int > 0xFFFF) {
            mp_raise_ValueError(MP_ERROR_TEXT("prescaler must be 0-65535"));
        }
        mp_uint_t p = (mp_uint_t)args[ARG_period].u_int;
        if (args[ARG_period].u_int < 0 || p > max_period(self->t) ||
            (self->t->width == 32 && p == 0xFFFFFFFFu)) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("period must be 0-%u"),
                              (unsigned)max_period(self->t));
        }
        psc = args[ARG_prescaler].u_int;
        period = p;
    } else {
        mp_raise_TypeError(MP_ERROR_TEXT("must specify either freq, or prescaler and period"));
    }
    if (args[ARG_mode].u_int != MODE_UP) {
        if (args[ARG_mode].u_int == MODE_DOWN || args[ARG_mode].u_int == MODE_CENTER) {
            mp_raise_ValueError(MP_ERROR_TEXT("mode: only Timer.UP on this board"));
        }
        mp_raise_ValueError(MP_ERROR_TEXT("mode must be Timer.UP, DOWN or CENTER"));
    }
    mp_int_t div = args[ARG_div].u_int;
    if (div != 1 && div != 2 && div != 4) {
        mp_raise_ValueError(MP_ERROR_TEXT("div must be 1, 2 or 4"));
    }
    if (args[ARG_brk].u_int != BRK_OFF) {
        mp_raise_ValueError(MP_ERROR_TEXT("brk: only Timer.BRK_OFF on this board"));
    }

    h7_tim_init(self->t);
    h7_tim_start(self->t, psc, period);
    TIM_CR1(self->t->base) |= (div >> 1) << TIM_CR1_CKD_SHIFT;
    self->div = div;
    self->initialised = true;
    timer_set_callback(self, args[ARG_callback].u_obj);
    return mp_const_none;
}

static mp_obj_t timer_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                               const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    mp_int_t id = mp_obj_get_int(args[0]);
    const h7_tim_t *t = id > 0 ? h7_tim_get(id) : NULL;
    if (!t) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%d) doesn't exist"), (int)id);
    }
    pyb_timer_obj_t *self = MP_STATE_PORT(pyb_timer_obj_all)[id - 1];
    if (!self) {
        self = mp_obj_malloc(pyb_timer_obj_t, &pyb_timer_type);
        self->t = t;
        self->initialised = false;
        self->div = 1;
        self->callback = mp_const_none;
        for (unsigned i = 0; i < 4; i++) {
            self->channels[i] = NULL;
        }
        MP_STATE_PORT(pyb_timer_obj_all)[id - 1] = self;
    }
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        timer_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

const h7_tim_t *pyb_timer_hw(mp_obj_t timer) {
    if (!mp_obj_is_type(timer, &pyb_timer_type)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expecting a Timer"));
    }
    return ((pyb_timer_obj_t *)MP_OBJ_TO_PTR(timer))->t;
}

static mp_obj_t timer_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return timer_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(timer_init_obj, 1, timer_init);

static void timer_stop(pyb_timer_obj_t *self) {
    self->callback = mp_const_none;
    for (unsigned i = 0; i < 4; i++) {
        if (self->channels[i]) {
            self->channels[i]->callback = mp_const_none;
        }
        self->channels[i] = NULL;
    }
    h7_tim_init(self->t); /* stopped, interrupts and outputs off */
    h7_tim_deinit(self->t);
    self->initialised = false;
}

static mp_obj_t timer_deinit(mp_obj_t self_in) {
    timer_stop(MP_OBJ_TO_PTR(self_in));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(timer_deinit_obj, timer_deinit);

/* soft reset: every timer stops, whether pyb.Timer, machine.PWM or Servo
 * ran it (callbacks live on the old heap; outputs go quiet) */
void h747_timers_deinit_all(void) {
    for (unsigned id = 1; id <= H7_TIM_MAX_ID; id++) {
        pyb_timer_obj_t *self = MP_STATE_PORT(pyb_timer_obj_all)[id - 1];
        const h7_tim_t *t = h7_tim_get(id);
        if (self) {
            timer_stop(self);
            MP_STATE_PORT(pyb_timer_obj_all)[id - 1] = NULL;
        } else if (t && (TIM_CR1(t->base) & TIM_CR1_CEN)) {
            h7_tim_init(t);
            h7_tim_deinit(t);
        }
    }
}

static void check_initialised(pyb_timer_obj_t *self) {
    if (!self->initialised) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%u) is not initialised"),
                          self->t->id);
    }
}

static mp_obj_t timer_callback(mp_obj_t self_in, mp_obj_t cb) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (cb != mp_const_none) {
        check_initialised(self);
    }
    timer_set_callback(self, cb);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(timer_callback_obj, timer_callback);

static mp_obj_t timer_counter(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(TIM_CNT(self->t->base));
    }
    TIM_CNT(self->t->base) = mp_obj_get_int_truncated(args[1]);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(timer_counter_obj, 1, 2, timer_counter);

static mp_obj_t timer_source_freq(mp_obj_t self_in) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_int_from_uint(h7_tim_clock_hz(self->t));
}
static MP_DEFINE_CONST_FUN_OBJ_1(timer_source_freq_obj, timer_source_freq);

static mp_obj_t timer_freq(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return compute_freq(self);
    }
    uint32_t psc, period;
    period_from_freq(self, args[1], &psc, &period);
    TIM_PSC(self->t->base) = psc;
    TIM_ARR(self->t->base) = period; /* preloaded: both take at the update */
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(timer_freq_obj, 1, 2, timer_freq);

static mp_obj_t timer_prescaler(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(TIM_PSC(self->t->base));
    }
    mp_int_t v = mp_obj_get_int(args[1]);
    if (v < 0 || v > 0xFFFF) {
        mp_raise_ValueError(MP_ERROR_TEXT("prescaler must be 0-65535"));
    }
    TIM_PSC(self->t->base) = v;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(timer_prescaler_obj, 1, 2, timer_prescaler);

static mp_obj_t timer_period(size_t n_args, const mp_obj_t *args) {
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(TIM_ARR(self->t->base));
    }
    mp_uint_t v = mp_obj_get_int_truncated(args[1]);
    if (mp_obj_get_int(args[1]) < 0 || v > max_period(self->t)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("period must be 0-%u"),
                          (unsigned)max_period(self->t));
    }
    TIM_ARR(self->t->base) = v;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(timer_period_obj, 1, 2, timer_period);

/* ---- TimerChannel ---- */

static uint32_t percent_to_ticks(pyb_timer_obj_t *self, mp_obj_t percent_in) {
    uint64_t period = reload_ticks(self);
    mp_float_t pct = mp_obj_get_float(percent_in);
    if (pct <= 0) {
        return 0;
    }
    if (pct >= 100) {
        return (uint32_t)MIN(period, 0xFFFFFFFFu); /* CCR above ARR: always active */
    }
    return (uint32_t)(pct * period / 100);
}

static mp_obj_t ticks_to_percent(pyb_timer_obj_t *self, uint32_t ccr) {
    uint64_t period = reload_ticks(self);
    if (ccr >= period) {
        return MP_OBJ_NEW_SMALL_INT(100);
    }
    mp_float_t pct = (mp_float_t)ccr * 100 / period;
    if (pct == (mp_float_t)(mp_int_t)pct) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)pct);
    }
    return mp_obj_new_float(pct);
}

static void channel_apply(pyb_timer_channel_obj_t *c, uint32_t ccr, mp_int_t polarity) {
    static const uint8_t oc_mode[] = {
        [CH_PWM] = H7_TIM_OC_PWM1,
        [CH_PWM_INVERTED] = H7_TIM_OC_PWM1,
        [CH_OC_TIMING] = H7_TIM_OC_FROZEN,
        [CH_OC_ACTIVE] = H7_TIM_OC_ACTIVE,
        [CH_OC_INACTIVE] = H7_TIM_OC_INACTIVE,
        [CH_OC_TOGGLE] = H7_TIM_OC_TOGGLE,
        [CH_OC_FORCED_ACTIVE] = H7_TIM_OC_FORCED_ACTIVE,
        [CH_OC_FORCED_INACTIVE] = H7_TIM_OC_FORCED_INACTIVE,
    };
    bool inverted = c->mode == CH_PWM_INVERTED || polarity == POLARITY_LOW;
    h7_tim_oc(c->timer->t, c->channel, oc_mode[c->mode], ccr, inverted);
}

static mp_obj_t timer_channel(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_channel,
        ARG_mode,
        ARG_callback,
        ARG_pin,
        ARG_pulse_width,
        ARG_pulse_width_percent,
        ARG_compare,
        ARG_polarity
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_channel, MP_ARG_REQUIRED | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_mode, MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_callback, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_pin, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_pulse_width, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_pulse_width_percent, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_compare, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = POLARITY_HIGH } },
    };
    pyb_timer_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                     args);

    mp_int_t ch = args[ARG_channel].u_int;
    if (self->t->channels == 0) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%u) has no channels"),
                          self->t->id);
    }
    if (ch < 1 || ch > self->t->channels) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("Timer(%u) has channels 1-%u"),
                          self->t->id, self->t->channels);
    }
    pyb_timer_channel_obj_t *c = self->channels[ch - 1];
    if (args[ARG_mode].u_int == -1) {
        /* channel(n): the channel as it is, if set up */
        return c ? MP_OBJ_FROM_PTR(c) : mp_const_none;
    }
    mp_int_t mode = args[ARG_mode].u_int;
    if (mode >= CH_ENC_A && mode <= CH_ENC_AB) {
        mp_raise_ValueError(MP_ERROR_TEXT("mode: the encoder modes are not available"));
    }
    if (mode < 0 || mode > CH_ENC_AB) {
        mp_raise_ValueError(MP_ERROR_TEXT("mode must be a Timer channel mode"));
    }
    mp_int_t polarity = args[ARG_polarity].u_int;
    if (polarity != POLARITY_HIGH && polarity != POLARITY_LOW &&
        (mode != CH_IC || polarity != POLARITY_BOTH)) {
        mp_raise_ValueError(MP_ERROR_TEXT(
            "polarity must be Timer.HIGH or Timer.LOW (RISING, FALLING or BOTH for IC)"));
    }
    check_initialised(self);
    if (args[ARG_pin].u_obj != mp_const_none) {
        uint8_t pin = h747_pin_id(args[ARG_pin].u_obj);
        int af = h7_tim_pin_af(self->t->id, ch, pin);
        if (af < 0) {
            mp_raise_msg_varg(&mp_type_ValueError,
                              MP_ERROR_TEXT("pin: TIM%u CH%u is not on that pin"), self->t->id,
                              (unsigned)ch);
        }
        h7_gpio_af(pin, af, H7_GPIO_PULL_NONE);
    }
    if (!c) {
        c = mp_obj_malloc(pyb_timer_channel_obj_t, &pyb_timer_channel_type);
        c->timer = self;
        c->channel = ch;
        c->callback = mp_const_none;
        self->channels[ch - 1] = c;
    }
    channel_set_callback(c, mp_const_none);
    c->mode = mode;
    if (mode == CH_IC) {
        h7_tim_ic(self->t, ch,
                  polarity == POLARITY_BOTH  ? H7_TIM_IC_BOTH
                  : polarity == POLARITY_LOW ? H7_TIM_IC_FALLING
                                             : H7_TIM_IC_RISING);
        channel_set_callback(c, args[ARG_callback].u_obj);
        return MP_OBJ_FROM_PTR(c);
    }
    uint32_t ccr;
    if (mode == CH_PWM || mode == CH_PWM_INVERTED) {
        ccr = args[ARG_pulse_width_percent].u_obj != mp_const_none
                  ? percent_to_ticks(self, args[ARG_pulse_width_percent].u_obj)
                  : (uint32_t)args[ARG_pulse_width].u_int;
    } else {
        ccr = args[ARG_compare].u_int;
    }
    channel_apply(c, ccr, polarity);
    channel_set_callback(c, args[ARG_callback].u_obj);
    return MP_OBJ_FROM_PTR(c);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(timer_channel_obj, 2, timer_channel);

static const mp_rom_map_elem_t timer_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&timer_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&timer_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_channel), MP_ROM_PTR(&timer_channel_obj) },
    { MP_ROM_QSTR(MP_QSTR_counter), MP_ROM_PTR(&timer_counter_obj) },
    { MP_ROM_QSTR(MP_QSTR_source_freq), MP_ROM_PTR(&timer_source_freq_obj) },
    { MP_ROM_QSTR(MP_QSTR_freq), MP_ROM_PTR(&timer_freq_obj) },
    { MP_ROM_QSTR(MP_QSTR_prescaler), MP_ROM_PTR(&timer_prescaler_obj) },
    { MP_ROM_QSTR(MP_QSTR_period), MP_ROM_PTR(&timer_period_obj) },
    { MP_ROM_QSTR(MP_QSTR_callback), MP_ROM_PTR(&timer_callback_obj) },
    { MP_ROM_QSTR(MP_QSTR_UP), MP_ROM_INT(MODE_UP) },
    { MP_ROM_QSTR(MP_QSTR_DOWN), MP_ROM_INT(MODE_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_CENTER), MP_ROM_INT(MODE_CENTER) },
    { MP_ROM_QSTR(MP_QSTR_PWM), MP_ROM_INT(CH_PWM) },
    { MP_ROM_QSTR(MP_QSTR_PWM_INVERTED), MP_ROM_INT(CH_PWM_INVERTED) },
    { MP_ROM_QSTR(MP_QSTR_OC_TIMING), MP_ROM_INT(CH_OC_TIMING) },
    { MP_ROM_QSTR(MP_QSTR_OC_ACTIVE), MP_ROM_INT(CH_OC_ACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_INACTIVE), MP_ROM_INT(CH_OC_INACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_TOGGLE), MP_ROM_INT(CH_OC_TOGGLE) },
    { MP_ROM_QSTR(MP_QSTR_OC_FORCED_ACTIVE), MP_ROM_INT(CH_OC_FORCED_ACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_OC_FORCED_INACTIVE), MP_ROM_INT(CH_OC_FORCED_INACTIVE) },
    { MP_ROM_QSTR(MP_QSTR_IC), MP_ROM_INT(CH_IC) },
    { MP_ROM_QSTR(MP_QSTR_ENC_A), MP_ROM_INT(CH_ENC_A) },
    { MP_ROM_QSTR(MP_QSTR_ENC_B), MP_ROM_INT(CH_ENC_B) },
    { MP_ROM_QSTR(MP_QSTR_ENC_AB), MP_ROM_INT(CH_ENC_AB) },
    { MP_ROM_QSTR(MP_QSTR_HIGH), MP_ROM_INT(POLARITY_HIGH) },
    { MP_ROM_QSTR(MP_QSTR_LOW), MP_ROM_INT(POLARITY_LOW) },
    { MP_ROM_QSTR(MP_QSTR_RISING), MP_ROM_INT(POLARITY_HIGH) },
    { MP_ROM_QSTR(MP_QSTR_FALLING), MP_ROM_INT(POLARITY_LOW) },
    { MP_ROM_QSTR(MP_QSTR_BOTH), MP_ROM_INT(POLARITY_BOTH) },
    { MP_ROM_QSTR(MP_QSTR_BRK_OFF), MP_ROM_INT(BRK_OFF) },
    { MP_ROM_QSTR(MP_QSTR_BRK_LOW), MP_ROM_INT(BRK_LOW) },
    { MP_ROM_QSTR(MP_QSTR_BRK_HIGH), MP_ROM_INT(BRK_HIGH) },
};
static MP_DEFINE_CONST_DICT(timer_locals_dict, timer_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(pyb_timer_type, MP_QSTR_Timer, MP_TYPE_FLAG_NONE, make_new, timer_make_new,
                         print, timer_print, locals_dict, &timer_locals_dict);

static void channel_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_timer_channel_obj_t *c = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "TimerChannel(timer=%u, channel=%u, mode=%q)", c->timer->t->id, c->channel,
              channel_mode_names[c->mode]);
}

static mp_obj_t channel_callback(mp_obj_t self_in, mp_obj_t cb) {
    channel_set_callback(MP_OBJ_TO_PTR(self_in), cb);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(channel_callback_obj, channel_callback);

/* capture(), compare() and pulse_width(): the CCR, in timer ticks */
static mp_obj_t channel_ccr(size_t n_args, const mp_obj_t *args) {
    pyb_timer_channel_obj_t *c = MP_OBJ_TO_PTR(args[0]);
    uint32_t base = c->timer->t->base;
    if (n_args == 1) {
        return mp_obj_new_int_from_uint(TIM_CCR(base, c->channel));
    }
    mp_int_t v = mp_obj_get_int(args[1]);
    if (v < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("value must be >= 0"));
    }
    TIM_CCR(base, c->channel) = v;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(channel_ccr_obj, 1, 2, channel_ccr);

static mp_obj_t channel_pulse_width_percent(size_t n_args, const mp_obj_t *args) {
    pyb_timer_channel_obj_t *c = MP_OBJ_TO_PTR(args[0]);
    uint32_t base = c->timer->t->base;
    if (n_args == 1) {
        return ticks_to_percent(c->timer, TIM_CCR(base, c->channel));
    }
    TIM_CCR(base, c->channel) = percent_to_ticks(c->timer, args[1]);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(channel_pulse_width_percent_obj, 1, 2,
                                           channel_pulse_width_percent);

static const mp_rom_map_elem_t channel_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_callback), MP_ROM_PTR(&channel_callback_obj) },
    { MP_ROM_QSTR(MP_QSTR_capture), MP_ROM_PTR(&channel_ccr_obj) },
    { MP_ROM_QSTR(MP_QSTR_compare), MP_ROM_PTR(&channel_ccr_obj) },
    { MP_ROM_QSTR(MP_QSTR_pulse_width), MP_ROM_PTR(&channel_ccr_obj) },
    { MP_ROM_QSTR(MP_QSTR_pulse_width_percent), MP_ROM_PTR(&channel_pulse_width_percent_obj) },
};
static MP_DEFINE_CONST_DICT(channel_locals_dict, channel_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(pyb_timer_channel_type, MP_QSTR_TimerChannel, MP_TYPE_FLAG_NONE,
                                print, channel_print, locals_dict, &channel_locals_dict);
