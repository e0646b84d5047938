/* os module, port part: urandom from the RNG */
#include "py/mperrno.h"
#include "stm32h747.h"
#include "h747_port.h"

bool h747_rng_read(uint32_t *word) {
    for (uint32_t i = 0; i < 100000; i++) {
        if (RNG_SR & RNG_SR_DRDY) {
            *word = RNG_DR;
            return true;
        }
    }
    return false;
}

uint32_t h747_rng_word(void) {
    uint32_t w;
    if (!h747_rng_read(&w)) {
        mp_raise_OSError(MP_EIO);
    }
    return w;
}

static mp_obj_t mp_os_urandom(mp_obj_t num) {
    mp_int_t n = mp_obj_get_int(num);
    if (n < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative length"));
    }
    vstr_t vstr;
    vstr_init_len(&vstr, n);
    for (mp_int_t i = 0; i < n; i += 4) {
        uint32_t r = h747_rng_word();
        for (mp_int_t j = i; j < n && j < i + 4; j++) {
            vstr.buf[j] = (char)(r >> (8 * (j - i)));
        }
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_os_urandom_obj, mp_os_urandom);
