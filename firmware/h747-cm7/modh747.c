/* the h747 module: the board's own objects (its storage devices) and its
 * clock tree */
#include "py/runtime.h"
#include "h7_adc.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h747_port.h"

/* (SYSCLK, HCLK, PCLK1, PCLK2, PCLK3, PCLK4), read from the RCC */
static mp_obj_t h747_clocks(void) {
    h7_clocks_t c;
    h7_clock_read(&c);
    mp_obj_t t[6] = {
        mp_obj_new_int_from_uint(c.sysclk), mp_obj_new_int_from_uint(c.hclk),
        mp_obj_new_int_from_uint(c.pclk1),  mp_obj_new_int_from_uint(c.pclk2),
        mp_obj_new_int_from_uint(c.pclk3),  mp_obj_new_int_from_uint(c.pclk4),
    };
    return mp_obj_new_tuple(6, t);
}
static MP_DEFINE_CONST_FUN_OBJ_0(h747_clocks_obj, h747_clocks);

/* adc_pin(adc, channel): the name of the pin ADC1's or ADC3's channel
 * measures ("PA0"), or None */
static mp_obj_t h747_adc_pin(mp_obj_t adc_in, mp_obj_t channel_in) {
    int pin = h7_adc_channel_pin(mp_obj_get_int(adc_in), mp_obj_get_int(channel_in));
    if (pin < 0) {
        return mp_const_none;
    }
    vstr_t name;
    vstr_init(&name, 5);
    vstr_printf(&name, "P%c%u", 'A' + H7_PIN_PORT(pin), (unsigned)H7_PIN_NUM(pin));
    return mp_obj_new_str_from_vstr(&name);
}
static MP_DEFINE_CONST_FUN_OBJ_2(h747_adc_pin_obj, h747_adc_pin);

static const mp_rom_map_elem_t h747_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_h747) },
    { MP_ROM_QSTR(MP_QSTR_Flash), MP_ROM_PTR(&h747_flash_type) },
    { MP_ROM_QSTR(MP_QSTR_InternalFlash), MP_ROM_PTR(&h747_iflash_type) },
    { MP_ROM_QSTR(MP_QSTR_clocks), MP_ROM_PTR(&h747_clocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_adc_pin), MP_ROM_PTR(&h747_adc_pin_obj) },
    { MP_ROM_QSTR(MP_QSTR_Timer), MP_ROM_PTR(&pyb_timer_type) }, /* pyb.Timer */
    { MP_ROM_QSTR(MP_QSTR_SPI), MP_ROM_PTR(&pyb_spi_type) },     /* pyb.SPI */
    { MP_ROM_QSTR(MP_QSTR_DAC), MP_ROM_PTR(&pyb_dac_type) },     /* pyb.DAC */
};
static MP_DEFINE_CONST_DICT(h747_module_globals, h747_module_globals_table);

const mp_obj_module_t h747_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&h747_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_h747, h747_module);
