/*
 * pyb.SPI as the stm32 port has it: SPI(1)-SPI(6) as CONTROLLER or
 * PERIPHERAL, send/recv/send_recv with timeouts in ms, and machine.SPI's
 * read/write methods.  A peripheral waits for a controller's clock; the
 * virtual board has none to give it, so its transfers time out.  TI mode
 * and hardware CRC are refused.
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "h7_clock.h"
#include "h7_spi.h"
#include "h747_port.h"

#define MODE_CONTROLLER  0
#define MODE_PERIPHERAL  1
#define DEFAULT_BAUDRATE 328125 /* the stm32 port's */
#define DEFAULT_TIMEOUT  5000   /* ms */

typedef struct {
    mp_obj_base_t base;
    const h7_spi_t *spi;
    bool initialised;
    h747_spi_settings_t set;
} pyb_spi_obj_t;

static void pyb_spi_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    const h7_spi_cfg_t *c = &self->set.cfg;
    if (!self->initialised) {
        mp_printf(print, "SPI(%u)", self->spi->id);
    } else if (c->slave) {
        mp_printf(print, "SPI(%u, SPI.PERIPHERAL, polarity=%u, phase=%u, bits=%u)", self->spi->id,
                  c->polarity, c->phase, c->bits);
    } else {
        mp_printf(print,
                  "SPI(%u, SPI.CONTROLLER, baudrate=%u, prescaler=%u, polarity=%u, phase=%u, "
                  "bits=%u)",
                  self->spi->id, (unsigned)self->set.actual_baud, (unsigned)self->set.prescaler,
                  c->polarity, c->phase, c->bits);
    }
}

static mp_obj_t pyb_spi_init_helper(pyb_spi_obj_t *self, size_t n_args, const mp_obj_t *pos_args,
                                    mp_map_t *kw_args) {
    enum {
        ARG_mode,
        ARG_baudrate,
        ARG_prescaler,
        ARG_polarity,
        ARG_phase,
        ARG_dir,
        ARG_bits,
        ARG_nss,
        ARG_firstbit,
        ARG_ti,
        ARG_crc
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode, MP_ARG_REQUIRED | MP_ARG_INT, { .u_int = MODE_CONTROLLER } },
        { MP_QSTR_baudrate, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_INT(DEFAULT_BAUDRATE) } },
        { MP_QSTR_prescaler, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 1 } },
        { MP_QSTR_phase, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_dir, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_bits, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_INT(8) } },
        { MP_QSTR_nss, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_firstbit, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = H747_SPI_MSB } },
        { MP_QSTR_ti, MP_ARG_KW_ONLY | MP_ARG_BOOL, { .u_bool = false } },
        { MP_QSTR_crc, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    mp_int_t mode = args[ARG_mode].u_int;
    if (mode != MODE_CONTROLLER && mode != MODE_PERIPHERAL) {
        mp_raise_ValueError(MP_ERROR_TEXT("mode must be SPI.CONTROLLER or SPI.PERIPHERAL"));
    }
    if (args[ARG_ti].u_bool) {
        mp_raise_ValueError(MP_ERROR_TEXT("ti: TI mode is not available"));
    }
    if (args[ARG_crc].u_obj != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("crc: hardware CRC is not available"));
    }
    if (args[ARG_dir].u_int != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("dir: only SPI.DIRECTION_2LINES"));
    }
    h747_spi_check_mode(args[ARG_polarity].u_int, args[ARG_phase].u_int, args[ARG_firstbit].u_int);
    h747_spi_settings_t set;
    set.cfg.baudrate = h747_spi_arg_baudrate(args[ARG_baudrate].u_obj);
    if (args[ARG_prescaler].u_int != -1) {
        mp_int_t p = args[ARG_prescaler].u_int;
        if (p < 2 || p > 256 || (p & (p - 1))) {
            mp_raise_ValueError(MP_ERROR_TEXT("prescaler must be a power of 2 from 2 to 256"));
        }
        set.cfg.baudrate = 0; /* set from the prescaler below */
    }
    set.cfg.polarity = args[ARG_polarity].u_int;
    set.cfg.phase = args[ARG_phase].u_int;
    set.cfg.bits = h747_spi_arg_bits(args[ARG_bits].u_obj);
    set.cfg.lsb_first = args[ARG_firstbit].u_int == H747_SPI_LSB;
    set.cfg.slave = mode == MODE_PERIPHERAL;
    if (args[ARG_prescaler].u_int != -1) {
        /* the rate that prescaler gives: ask for it exactly */
        h747_spi_settings_t probe = set;
        probe.cfg.baudrate = 0xFFFFFFFFu;
        h747_spi_apply(self->spi, &probe);
        set.cfg.baudrate = probe.actual_baud * 2 / args[ARG_prescaler].u_int;
    }
    h747_spi_apply(self->spi, &set);
    self->set = set;
    self->initialised = true;
    return mp_const_none;
}

static mp_obj_t pyb_spi_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                 const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    pyb_spi_obj_t *self = mp_obj_malloc(pyb_spi_obj_t, &pyb_spi_type);
    self->spi = h747_spi_from_id(args[0]);
    self->initialised = false;
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pyb_spi_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t pyb_spi_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pyb_spi_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_init_obj, 1, pyb_spi_init);

static mp_obj_t pyb_spi_deinit(mp_obj_t self_in) {
    pyb_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    h7_spi_deinit(self->spi);
    self->initialised = false;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_spi_deinit_obj, pyb_spi_deinit);

static void transfer(pyb_spi_obj_t *self, size_t len, const uint8_t *tx, uint8_t *rx,
                     mp_int_t timeout) {
    if (!self->initialised) {
        mp_raise_OSError(MP_EPERM); /* init() first, as on stm32 */
    }
    if (timeout < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("timeout must be >= 0"));
    }
    size_t frames = self->set.cfg.bits > 8 ? len / 2 : len;
    if (h7_spi_transfer(self->spi, frames, tx, rx, timeout) != H7_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
}

/* an int: one byte; otherwise a buffer */
static void get_send_buf(mp_obj_t o, mp_buffer_info_t *bufinfo, uint8_t *byte) {
    if (mp_obj_is_int(o)) {
        *byte = mp_obj_get_int(o);
        bufinfo->buf = byte;
        bufinfo->len = 1;
    } else {
        mp_get_buffer_raise(o, bufinfo, MP_BUFFER_READ);
    }
}

static const mp_arg_t send_recv_args[] = {
    { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_TIMEOUT } },
};

static mp_obj_t pyb_spi_send(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    mp_arg_val_t args[MP_ARRAY_SIZE(send_recv_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(send_recv_args),
                     send_recv_args, args);
    mp_buffer_info_t buf;
    uint8_t byte;
    get_send_buf(args[0].u_obj, &buf, &byte);
    transfer(MP_OBJ_TO_PTR(pos_args[0]), buf.len, buf.buf, NULL, args[1].u_int);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_send_obj, 2, pyb_spi_send);

static mp_obj_t pyb_spi_recv(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    mp_arg_val_t args[MP_ARRAY_SIZE(send_recv_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(send_recv_args),
                     send_recv_args, args);
    vstr_t vstr;
    mp_obj_t into = args[0].u_obj;
    if (mp_obj_is_int(into)) {
        mp_int_t n = mp_obj_get_int(into);
        if (n < 0) {
            mp_raise_ValueError(MP_ERROR_TEXT("recv: the length must be >= 0"));
        }
        vstr_init_len(&vstr, n);
        transfer(MP_OBJ_TO_PTR(pos_args[0]), n, NULL, (uint8_t *)vstr.buf, args[1].u_int);
        return mp_obj_new_bytes_from_vstr(&vstr);
    }
    mp_buffer_info_t buf;
    mp_get_buffer_raise(into, &buf, MP_BUFFER_WRITE);
    transfer(MP_OBJ_TO_PTR(pos_args[0]), buf.len, NULL, buf.buf, args[1].u_int);
    return into;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_recv_obj, 2, pyb_spi_recv);

static mp_obj_t pyb_spi_send_recv(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_send, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_recv, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = DEFAULT_TIMEOUT } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                     args);
    mp_buffer_info_t out;
    uint8_t byte;
    get_send_buf(args[0].u_obj, &out, &byte);
    if (args[1].u_obj == mp_const_none) {
        vstr_t vstr;
        vstr_init_len(&vstr, out.len);
        transfer(MP_OBJ_TO_PTR(pos_args[0]), out.len, out.buf, (uint8_t *)vstr.buf, args[2].u_int);
        return mp_obj_new_bytes_from_vstr(&vstr);
    }
    mp_buffer_info_t in;
    mp_get_buffer_raise(args[1].u_obj, &in, MP_BUFFER_WRITE);
    if (in.len != out.len) {
        mp_raise_ValueError(MP_ERROR_TEXT("recv: the buffer must be as long as send"));
    }
    transfer(MP_OBJ_TO_PTR(pos_args[0]), out.len, out.buf, in.buf, args[2].u_int);
    return args[1].u_obj;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pyb_spi_send_recv_obj, 2, pyb_spi_send_recv);

static void pyb_spi_p_transfer(mp_obj_base_t *self_in, size_t len, const uint8_t *src,
                               uint8_t *dest) {
    transfer((pyb_spi_obj_t *)self_in, len, src, dest, H747_SPI_TIMEOUT_MS);
}

static const mp_machine_spi_p_t pyb_spi_p = {
    .transfer = pyb_spi_p_transfer,
};

static const mp_rom_map_elem_t pyb_spi_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_spi_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pyb_spi_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pyb_spi_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_recv), MP_ROM_PTR(&pyb_spi_recv_obj) },
    { MP_ROM_QSTR(MP_QSTR_send_recv), MP_ROM_PTR(&pyb_spi_send_recv_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_machine_spi_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_machine_spi_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_machine_spi_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_write_readinto), MP_ROM_PTR(&mp_machine_spi_write_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_CONTROLLER), MP_ROM_INT(MODE_CONTROLLER) },
    { MP_ROM_QSTR(MP_QSTR_PERIPHERAL), MP_ROM_INT(MODE_PERIPHERAL) },
    { MP_ROM_QSTR(MP_QSTR_MASTER), MP_ROM_INT(MODE_CONTROLLER) },
    { MP_ROM_QSTR(MP_QSTR_SLAVE), MP_ROM_INT(MODE_PERIPHERAL) },
    { MP_ROM_QSTR(MP_QSTR_MSB), MP_ROM_INT(H747_SPI_MSB) },
    { MP_ROM_QSTR(MP_QSTR_LSB), MP_ROM_INT(H747_SPI_LSB) },
    { MP_ROM_QSTR(MP_QSTR_DIRECTION_2LINES), MP_ROM_INT(0) },
    { MP_ROM_QSTR(MP_QSTR_NSS_SOFT), MP_ROM_INT(0) },
};
static MP_DEFINE_CONST_DICT(pyb_spi_locals_dict, pyb_spi_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(pyb_spi_type, MP_QSTR_SPI, MP_TYPE_FLAG_NONE, make_new, pyb_spi_make_new,
                         print, pyb_spi_print, protocol, &pyb_spi_p, locals_dict,
                         &pyb_spi_locals_dict);
