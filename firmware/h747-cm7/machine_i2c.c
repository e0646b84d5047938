/*
 * machine.I2C, the hardware controllers: I2C(1) on PB6/PB7 and I2C(4) on
 * PD12/PD13 (the Arduino connector's D15/D14, with the touch controller at
 * 0x38).  I2C(4) is shared with the CM4, which reads the touch controller:
 * each transfer holds HSEM H7_SEM_I2C4.  extmod/machine_i2c.c gives the
 * methods (scan, readfrom, writeto, their _into/_mem forms, writevto) and
 * SoftI2C.  Errors: OSError ENODEV for an address nobody acknowledges, EIO
 * for a refused data byte, ETIMEDOUT for a bus that never answers.
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "h7_i2c.h"
#include "h7_ipc.h"
#include "h7_shm.h"

#define DEFAULT_FREQ       400000
#define DEFAULT_TIMEOUT_US 50000
#define MAX_FREQ           1000000 /* fast mode plus */
#define SHARED_I2C         4       /* with the CM4's touch driver */

typedef struct _machine_i2c_obj_t {
    mp_obj_base_t base;
    uint8_t id;
    uint32_t freq;
    uint32_t timeout_us;
    bool holding; /* H7_SEM_I2C4 taken and no STOP sent yet */
} machine_i2c_obj_t;

static machine_i2c_obj_t machine_i2c_obj[H7_I2C_MAX_ID] = {
    { { &machine_i2c_type }, 1, 0, 0, false },
    { { &machine_i2c_type }, 2, 0, 0, false },
    { { &machine_i2c_type }, 3, 0, 0, false },
    { { &machine_i2c_type }, 4, 0, 0, false },
};

static void machine_i2c_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_i2c_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "I2C(%u, freq=%u, timeout=%u)", self->id, (unsigned)self->freq,
              (unsigned)self->timeout_us);
}

static void i2c_init(machine_i2c_obj_t *self, mp_int_t freq, mp_int_t timeout_us) {
    if (freq <= 0 || freq > MAX_FREQ) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq: 1 to 1000000 Hz"));
    }
    if (timeout_us < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("timeout must be >= 0"));
    }
    if (h7_i2c_init(self->id, freq) != H7_I2C_OK) {
        mp_raise_ValueError(MP_ERROR_TEXT("freq: too low for the kernel clock"));
    }
    self->freq = freq;
    self->timeout_us = timeout_us;
}

static mp_obj_t machine_i2c_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                     const mp_obj_t *all_args) {
    MP_MACHINE_I2C_CHECK_FOR_LEGACY_SOFTI2C_CONSTRUCTION(n_args, n_kw, all_args);
    enum {
        ARG_id,
        ARG_scl,
        ARG_sda,
        ARG_freq,
        ARG_timeout
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_id, MP_ARG_REQUIRED | MP_ARG_OBJ },
        { MP_QSTR_scl, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_sda, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_freq, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_FREQ } },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_TIMEOUT_US } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                              args);

    mp_int_t id = mp_obj_get_int(args[ARG_id].u_obj);
    if (!h7_i2c_hw(id)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("I2C(%d) doesn't exist"), (int)id);
    }
    if (args[ARG_scl].u_obj != mp_const_none || args[ARG_sda].u_obj != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("scl, sda: the pins are fixed; SoftI2C takes any"));
    }
    machine_i2c_obj_t *self = &machine_i2c_obj[id - 1];
    i2c_init(self, args[ARG_freq].u_int, args[ARG_timeout].u_int);
    return MP_OBJ_FROM_PTR(self);
}

static void machine_i2c_init(mp_obj_base_t *obj, size_t n_args, const mp_obj_t *pos_args,
                             mp_map_t *kw_args) {
    machine_i2c_obj_t *self = (machine_i2c_obj_t *)obj;
    enum {
        ARG_freq,
        ARG_timeout
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_freq, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_FREQ } },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_TIMEOUT_US } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    i2c_init(self, args[ARG_freq].u_int, args[ARG_timeout].u_int);
}

static int errno_of(int rc) {
    switch (rc) {
        case H7_I2C_OK:
            return 0;
        case H7_I2C_ENODEV:
            return -MP_ENODEV;
        case H7_I2C_EIO:
            return -MP_EIO;
        case H7_I2C_EBUSY:
            return -MP_EBUSY;
        case H7_I2C_EINVAL:
            return -MP_EINVAL;
        default:
            return -MP_ETIMEDOUT;
    }
}

/* the other core holds I2C4 for a touch read (tens of us): wait for it */
static bool take_shared(machine_i2c_obj_t *self) {
    uint32_t start = mp_hal_ticks_us();
    while (!h7_hsem_lock(H7_SEM_I2C4)) {
        if (mp_hal_ticks_us() - start > self->timeout_us) {
            return false;
        }
    }
    return true;
}

static int machine_i2c_transfer_single(mp_obj_base_t *obj, uint16_t addr, size_t len, uint8_t *buf,
                                       unsigned int flags) {
    machine_i2c_obj_t *self = (machine_i2c_obj_t *)obj;
    unsigned f = ((flags & MP_MACHINE_I2C_FLAG_READ) ? H7_I2C_READ : 0) |
                 ((flags & MP_MACHINE_I2C_FLAG_STOP) ? H7_I2C_STOP : 0);
    /* the lock spans a repeated START: from the first part to the STOP */
    if (self->id == SHARED_I2C && !self->holding) {
        if (!take_shared(self)) {
            return -MP_EBUSY;
        }
        self->holding = true;
    }
    int rc = h7_i2c_transfer(self->id, addr, buf, len, f, self->timeout_us);
    if (self->holding && (rc != H7_I2C_OK || (f & H7_I2C_STOP))) {
        h7_hsem_unlock(H7_SEM_I2C4);
        self->holding = false;
    }
    return rc == H7_I2C_OK ? (int)len : errno_of(rc);
}

static const mp_machine_i2c_p_t machine_i2c_p = {
    .init = machine_i2c_init,
    .transfer = mp_machine_i2c_transfer_adaptor,
    .transfer_single = machine_i2c_transfer_single,
};

MP_DEFINE_CONST_OBJ_TYPE(machine_i2c_type, MP_QSTR_I2C, MP_TYPE_FLAG_NONE, make_new,
                         machine_i2c_make_new, print, machine_i2c_print, protocol, &machine_i2c_p,
                         locals_dict, &mp_machine_i2c_locals_dict);
