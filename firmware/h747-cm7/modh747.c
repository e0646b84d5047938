/* the h747 module: the board's own objects (its storage devices) */
#include "py/runtime.h"
#include "h747_port.h"

static const mp_rom_map_elem_t h747_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_h747) },
    { MP_ROM_QSTR(MP_QSTR_Flash), MP_ROM_PTR(&h747_flash_type) },
    { MP_ROM_QSTR(MP_QSTR_InternalFlash), MP_ROM_PTR(&h747_iflash_type) },
};
static MP_DEFINE_CONST_DICT(h747_module_globals, h747_module_globals_table);

const mp_obj_module_t h747_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&h747_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_h747, h747_module);
