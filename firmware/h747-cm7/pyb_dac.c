/*
 * pyb.DAC as the stm32 port has it, for DAC1's two channels: DAC(1) on
 * PA4, DAC(2) on PA5 (or the Pin), 8- or 12-bit write(), buffered output or
 * not.  The waveform and timed writes (noise, triangle, write_timed) need
 * the DAC's trigger from TIM6 and DMA, which the virtual board lacks: this
 * DAC has no such methods.
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "h7_adc.h"
#include "h7_gpio.h"
#include "h747_port.h"

typedef struct {
    mp_obj_base_t base;
    uint8_t ch;   /* 1 or 2 */
    uint8_t bits; /* 8 or 12 */
    bool buffered;
} pyb_dac_obj_t;

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
    h7_dac_deinit(((pyb_dac_obj_t *)MP_OBJ_TO_PTR(self_in))->ch);
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
    h7_dac_write12(self->ch, self->bits == 8 ? v << 4 : v);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pyb_dac_write_obj, pyb_dac_write);

static const mp_rom_map_elem_t pyb_dac_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_dac_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_dac_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&pyb_dac_write_obj) },
};
static MP_DEFINE_CONST_DICT(pyb_dac_locals_dict, pyb_dac_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(pyb_dac_type, MP_QSTR_DAC, MP_TYPE_FLAG_NONE, make_new, pyb_dac_make_new,
                         print, pyb_dac_print, locals_dict, &pyb_dac_locals_dict);
