/*
 * machine.ADC (included by extmod/machine_adc.c): ADC(pin) on the ADC that
 * measures it (ADC1, or ADC3 for the pins only it reaches), ADC(n) for
 * ADC1's channel n, and ADC.CORE_TEMP, CORE_VREF and CORE_VBAT on ADC3's
 * internal channels.  read_u16() converts at 16 bits; read_uv() scales
 * against VREF+ (3.3 V on the DISCO).
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "h7_adc.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h747_port.h"

#define INTERNAL     0x100 /* in an id: one of ADC3's internal channels */
#define ADC_BITS     16
#define VREF_PLUS_UV 3300000

#define MICROPY_PY_MACHINE_ADC_CLASS_CONSTANTS \
    { MP_ROM_QSTR(MP_QSTR_CORE_TEMP), MP_ROM_INT(INTERNAL | H7_ADC3_CH_VSENSE) }, \
        { MP_ROM_QSTR(MP_QSTR_CORE_VREF), MP_ROM_INT(INTERNAL | H7_ADC3_CH_VREFINT) }, \
        { MP_ROM_QSTR(MP_QSTR_CORE_VBAT), MP_ROM_INT(INTERNAL | H7_ADC3_CH_VBAT) },

typedef struct _machine_adc_obj_t {
    mp_obj_base_t base;
    uint8_t adc;     /* 1 or 3 */
    uint8_t channel; /* 0-19 */
} machine_adc_obj_t;

static void mp_machine_adc_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_adc_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<ADC%u channel=%u>", self->adc, self->channel);
}

static mp_obj_t mp_machine_adc_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                        const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    unsigned adc = 1, channel;
    if (mp_obj_is_int(args[0])) {
        mp_int_t id = mp_obj_get_int(args[0]);
        if (id == (INTERNAL | H7_ADC3_CH_VSENSE) || id == (INTERNAL | H7_ADC3_CH_VREFINT) ||
            id == (INTERNAL | H7_ADC3_CH_VBAT)) {
            adc = 3;
            channel = id & 0xFF;
        } else if (id >= 0 && id < 20) {
            channel = id;
        } else {
            mp_raise_msg_varg(&mp_type_ValueError,
                              MP_ERROR_TEXT("ADC channel %d doesn't exist (0-19, or CORE_TEMP, "
                                            "CORE_VREF, CORE_VBAT)"),
                              (int)id);
        }
    } else {
        uint8_t pin = h747_pin_id(args[0]);
        if (!h7_adc_pin_channel(pin, &adc, &channel)) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("pin P%c%u has no ADC"),
                              'A' + H7_PIN_PORT(pin), H7_PIN_NUM(pin));
        }
        h7_gpio_analog(pin);
    }
    if (h7_adc_init(adc) != H7_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    machine_adc_obj_t *self = mp_obj_malloc(machine_adc_obj_t, &machine_adc_type);
    self->adc = adc;
    self->channel = channel;
    return MP_OBJ_FROM_PTR(self);
}

static mp_int_t mp_machine_adc_read_u16(machine_adc_obj_t *self) {
    uint32_t v;
    if (h7_adc_read(self->adc, self->channel, ADC_BITS, &v) != H7_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    return v;
}

static mp_int_t mp_machine_adc_read_uv(machine_adc_obj_t *self) {
    return (mp_int_t)((uint64_t)mp_machine_adc_read_u16(self) * VREF_PLUS_UV / 0xFFFF);
}
