/*
 * pyb.DAC as the stm32 port has it, for DAC1's two channels: DAC(1) on
 * PA4, DAC(2) on PA5 (or the Pin), 8- or 12-bit write(), buffered output or
 * not; noise() and triangle() waves stepped by TIM6's TRGO, and
 * write_timed() moving a buffer to the output by DMA1 (stream 5 for DAC(1),
 * 6 for DAC(2), as upstream), one sample per TRGO of TIM6 at a frequency or
 * of a given pyb.Timer (2, 4, 5, 6, 7, 8 or 15).
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "h7_adc.h"
#include "h7_dma.h"
#include "h7_gpio.h"
#include "h747_port.h"

#define DAC_TIMER         6 /* what noise(), triangle() and write_timed(buf, freq) run on */
#define DAC_DMA_STREAM_1  5
#define DAC_MODE_NORMAL   0
#define DAC_MODE_CIRCULAR 1

typedef struct {
    mp_obj_base_t base;
    uint8_t ch;   /* 1 or 2 */
    uint8_t bits; /* 8 or 12 */
    bool buffered;
} pyb_dac_obj_t;

/* the buffers write_timed's DMA reads, kept from the GC while it runs */
MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_dac_dma_buf[2]);

static unsigned dma_stream(pyb_dac_obj_t *self) {
    return DAC_DMA_STREAM_1 + self->ch - 1;
}

/* stop a write_timed that may be running, and let its buffer go */
static void dac_dma_off(pyb_dac_obj_t *self) {
    if (MP_STATE_PORT(pyb_dac_dma_buf)[self->ch - 1] != MP_OBJ_NULL) {
        h7_dma_stop(dma_stream(self));
        MP_STATE_PORT(pyb_dac_dma_buf)[self->ch - 1] = MP_OBJ_NULL;
    }
}

/* at a soft reset the heap goes: no DMA may go on reading it */
static void dac_soft_reset(void) {
    for (unsigned ch = 1; ch <= 2; ch++) {
        h7_dma_stop(DAC_DMA_STREAM_1 + ch - 1);
        MP_STATE_PORT(pyb_dac_dma_buf)[ch - 1] = MP_OBJ_NULL;
    }
}
static h747_soft_reset_hook_t dac_reset_hook = { dac_soft_reset, NULL };

/* the DAC trigger of freq (an int: TIM6 started at that frequency) or of
 * an initialised pyb.Timer, with its TRGO pulsing on each update */
static unsigned dac_timer_trigger(mp_obj_t freq) {
    mp_obj_t timer = freq;
    if (mp_obj_is_integer(freq)) {
        mp_obj_t args[3] = { MP_OBJ_NEW_SMALL_INT(DAC_TIMER), MP_OBJ_NEW_QSTR(MP_QSTR_freq), freq };
        timer = MP_OBJ_TYPE_GET_SLOT(&pyb_timer_type, make_new)(&pyb_timer_type, 1, 1, args);
    }
    const h7_tim_t *t = pyb_timer_hw(timer);
    unsigned trigger = h7_dac_timer_trigger(t->id);
    if (trigger == H7_DAC_TRG_NONE) {
        mp_raise_ValueError(MP_ERROR_TEXT("Timer does not support DAC triggering"));
    }
    h7_tim_trgo_on_update(t);
    return trigger;
}

static void pyb_dac_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "DAC(%u, bits=%u)", self->ch, self->bits);
}

static mp_obj_t pyb_dac_init_helper(pyb_dac_obj_t *self, size_t n_args, const mp_obj_t *pos_args,
                                    mp_map_t *kw_args) {
    enum {
        ARG_bits,
        ARG_buffering
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_bits, MP_ARG_INT, { .u_int = 8 } },
        { MP_QSTR_buffering, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    if (args[ARG_bits].u_int != 8 && args[ARG_bits].u_int != 12) {
        mp_raise_ValueError(MP_ERROR_TEXT("bits must be 8 or 12"));
    }
    self->bits = args[ARG_bits].u_int;
    /* None: the stm32 port's default, buffered */
    self->buffered =
        args[ARG_buffering].u_obj == mp_const_none || mp_obj_is_true(args[ARG_buffering].u_obj);
    h7_dac_init(self->ch, self->buffered);
    return mp_const_none;
}

static mp_obj_t pyb_dac_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                 const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    mp_int_t ch;
    if (mp_obj_is_int(args[0])) {
        ch = mp_obj_get_int(args[0]);
    } else {
        uint8_t pin = h747_pin_id(args[0]);
        ch = pin == H7_PIN('A', 4) ? 1 : pin == H7_PIN('A', 5) ? 2 : 0;
    }
    if (ch != 1 && ch != 2) {
        mp_raise_ValueError(MP_ERROR_TEXT("DAC: 1 (PA4) or 2 (PA5)"));
    }
    pyb_dac_obj_t *self = mp_obj_malloc(pyb_dac_obj_t, type);
    self->ch = ch;
    mp_map_t kw_args;
    mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
    pyb_dac_init_helper(self, n_args - 1, args + 1, &kw_args);
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t pyb_dac_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_dac_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_dac_init_obj, 1, pyb_dac_init);

static mp_obj_t pyb_dac_deinit(mp_obj_t self_in) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    dac_dma_off(self);
    h7_dac_trigger(self->ch, H7_DAC_TRG_NONE, H7_DAC_WAVE_NONE, 0, false);
    h7_dac_deinit(self->ch);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_dac_deinit_obj, pyb_dac_deinit);

static mp_obj_t pyb_dac_write(mp_obj_t self_in, mp_obj_t value_in) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_int_t v = mp_obj_get_int(value_in);
    mp_int_t max = (1 << self->bits) - 1;
    if (v < 0 || v > max) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("value must be 0-%d"), (int)max);
    }
    dac_dma_off(self);
    h7_dac_trigger(self->ch, H7_DAC_TRG_NONE, H7_DAC_WAVE_NONE, 0, false);
    h7_dac_write12(self->ch, self->bits == 8 ? v << 4 : v);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_write_obj, pyb_dac_write);

/* noise(freq), triangle(freq): a wave over the whole range from 0, a new
 * value freq times a second (the triangle repeats 8190 steps on) */
static mp_obj_t dac_wave(mp_obj_t self_in, mp_obj_t freq, unsigned wave) {
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!mp_obj_is_integer(freq)) {
        mp_raise_TypeError(MP_ERROR_TEXT("freq must be an int"));
    }
    unsigned trigger = dac_timer_trigger(freq);
    dac_dma_off(self);
    h7_dac_write12(self->ch, 0);
    h7_dac_trigger(self->ch, trigger, wave, H7_DAC_MAMP_MAX, false);
    return mp_const_none;
}

static mp_obj_t pyb_dac_noise(mp_obj_t self_in, mp_obj_t freq) {
    return dac_wave(self_in, freq, H7_DAC_WAVE_NOISE);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_noise_obj, pyb_dac_noise);

static mp_obj_t pyb_dac_triangle(mp_obj_t self_in, mp_obj_t freq) {
    return dac_wave(self_in, freq, H7_DAC_WAVE_TRIANGLE);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_triangle_obj, pyb_dac_triangle);

/* write_timed(data, freq, *, mode=DAC.NORMAL): the samples of data (bytes
 * at 8 bits, half-words at 12) to the output, one per trigger, once or
 * round and round; returns at once */
static mp_obj_t pyb_dac_write_timed(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_data,
        ARG_freq,
        ARG_mode
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } },
        { MP_QSTR_freq, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } },
        { MP_QSTR_mode, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DAC_MODE_NORMAL } },
    };
    pyb_dac_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                     args);
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[ARG_data].u_obj, &buf, MP_BUFFER_READ);
    mp_int_t mode = args[ARG_mode].u_int;
    if (mode != DAC_MODE_NORMAL && mode != DAC_MODE_CIRCULAR) {
        mp_raise_ValueError(MP_ERROR_TEXT("mode must be DAC.NORMAL or DAC.CIRCULAR"));
    }
    unsigned size = self->bits == 8 ? 1 : 2;
    if (buf.len < size) {
        mp_raise_ValueError(MP_ERROR_TEXT("data is empty"));
    }
    unsigned trigger = dac_timer_trigger(args[ARG_freq].u_obj);
    dac_dma_off(self);
    h7_dac_trigger(self->ch, trigger, H7_DAC_WAVE_NONE, 0, true);
    int r = h7_dma_start_m2p(
        dma_stream(self), self->ch == 1 ? H7_DMA_REQ_DAC1_CH1 : H7_DMA_REQ_DAC1_CH2,
        h7_dac_dhr(self->ch, self->bits), buf.buf, buf.len / size, size, mode == DAC_MODE_CIRCULAR);
    if (r == H7_DMA_ENOTCM) {
        mp_raise_ValueError(MP_ERROR_TEXT("data is in a TCM, which the DMA cannot read"));
    } else if (r != H7_DMA_OK) {
        mp_raise_ValueError(MP_ERROR_TEXT("data: 1 to 65535 samples"));
    }
    MP_STATE_PORT(pyb_dac_dma_buf)[self->ch - 1] = args[ARG_data].u_obj;
    h747_soft_reset_hook_add(&dac_reset_hook);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_dac_write_timed_obj, 1, pyb_dac_write_timed);

static const mp_rom_map_elem_t pyb_dac_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_dac_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_dac_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&pyb_dac_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_noise), MP_ROM_PTR(&pyb_dac_noise_obj) },
    { MP_ROM_QSTR(MP_QSTR_triangle), MP_ROM_PTR(&pyb_dac_triangle_obj) },
    { MP_ROM_QSTR(MP_QSTR_write_timed), MP_ROM_PTR(&pyb_dac_write_timed_obj) },
    { MP_ROM_QSTR(MP_QSTR_NORMAL), MP_ROM_INT(DAC_MODE_NORMAL) },
    { MP_ROM_QSTR(MP_QSTR_CIRCULAR), MP_ROM_INT(DAC_MODE_CIRCULAR) },
};
static MP_DEFINE_CONST_DICT(pyb_dac_locals_dict, pyb_dac_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(pyb_dac_type, MP_QSTR_DAC, MP_TYPE_FLAG_NONE, make_new, pyb_dac_make_new,
                         print, pyb_dac_print, locals_dict, &pyb_dac_locals_dict);
