/*
 * machine.SPI, the hardware controllers SPI(1)-SPI(6) as masters (h7_spi.c
 * has their pins; SPI(5) is the Arduino connector's D13/D12/D11), and the
 * shared settings pyb.SPI also uses.  extmod/machine_spi.c gives read,
 * readinto, write, write_readinto and SoftSPI.  The baud rate is the
 * kernel clock divided by a power of two: the highest not above the one
 * asked for (print shows it).  A chip select is any Pin the program drives.
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "h7_clock.h"
#include "h7_spi.h"
#include "h747_port.h"

#define DEFAULT_BAUDRATE 500000
#define MSB              H747_SPI_MSB
#define LSB              H747_SPI_LSB

typedef struct _machine_spi_obj_t {
    mp_obj_base_t base;
    const h7_spi_t *spi;
    h747_spi_settings_t set;
} machine_spi_obj_t;

static void machine_spi_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_spi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "SPI(%u, baudrate=%u, polarity=%u, phase=%u, bits=%u, firstbit=%q)",
              self->spi->id, (unsigned)self->set.actual_baud, self->set.cfg.polarity,
              self->set.cfg.phase, self->set.cfg.bits,
              self->set.cfg.lsb_first ? MP_QSTR_LSB : MP_QSTR_MSB);
}

uint32_t h747_spi_arg_baudrate(mp_obj_t baud_in) {
    mp_int_t baud = mp_obj_get_int(baud_in);
    if (baud <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("baudrate must be positive"));
    }
    return baud;
}

uint8_t h747_spi_arg_bits(mp_obj_t bits_in) {
    mp_int_t bits = mp_obj_get_int(bits_in);
    if (bits < 4 || bits > 16) {
        mp_raise_ValueError(MP_ERROR_TEXT("bits must be 4-16"));
    }
    return bits;
}

void h747_spi_apply(const h7_spi_t *spi, h747_spi_settings_t *set) {
    set->actual_baud = h7_spi_init(spi, &set->cfg, &set->prescaler);
    if (!set->actual_baud) {
        mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("SPI(%u): its kernel clock is off"),
                          spi->id);
    }
}

const h7_spi_t *h747_spi_from_id(mp_obj_t id_in) {
    mp_int_t id = mp_obj_get_int(id_in);
    const h7_spi_t *spi = id > 0 ? h7_spi_get(id) : NULL;
    if (!spi) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("SPI(%d) doesn't exist"), (int)id);
    }
    return spi;
}

void h747_spi_check_mode(mp_int_t polarity, mp_int_t phase, mp_int_t firstbit) {
    if (polarity != 0 && polarity != 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("polarity must be 0 or 1"));
    }
    if (phase != 0 && phase != 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("phase must be 0 or 1"));
    }
    if (firstbit != MSB && firstbit != LSB) {
        mp_raise_ValueError(MP_ERROR_TEXT("firstbit must be SPI.MSB or SPI.LSB"));
    }
}

static void machine_spi_init(mp_obj_base_t *self_in, size_t n_args, const mp_obj_t *pos_args,
                             mp_map_t *kw_args) {
    machine_spi_obj_t *self = (machine_spi_obj_t *)self_in;
    enum {
        ARG_baudrate,
        ARG_polarity,
        ARG_phase,
        ARG_bits,
        ARG_firstbit,
        ARG_sck,
        ARG_mosi,
        ARG_miso
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_baudrate, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_polarity, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_phase, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_bits, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_firstbit, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_sck, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_mosi, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_miso, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    if (args[ARG_sck].u_obj != mp_const_none || args[ARG_mosi].u_obj != mp_const_none ||
        args[ARG_miso].u_obj != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("explicit choice of sck/mosi/miso is not implemented"));
    }
    h747_spi_settings_t set = self->set;
    if (args[ARG_baudrate].u_obj != mp_const_none) {
        set.cfg.baudrate = h747_spi_arg_baudrate(args[ARG_baudrate].u_obj);
    }
    mp_int_t polarity =
        args[ARG_polarity].u_int != -1 ? args[ARG_polarity].u_int : set.cfg.polarity;
    mp_int_t phase = args[ARG_phase].u_int != -1 ? args[ARG_phase].u_int : set.cfg.phase;
    mp_int_t firstbit = args[ARG_firstbit].u_int != -1 ? args[ARG_firstbit].u_int
                        : set.cfg.lsb_first            ? LSB
                                                       : MSB;
    h747_spi_check_mode(polarity, phase, firstbit);
    if (args[ARG_bits].u_obj != mp_const_none) {
        set.cfg.bits = h747_spi_arg_bits(args[ARG_bits].u_obj);
    }
    set.cfg.polarity = polarity;
    set.cfg.phase = phase;
    set.cfg.lsb_first = firstbit == LSB;
    set.cfg.slave = false;
    h747_spi_apply(self->spi, &set);
    self->set = set;
}

static mp_obj_t machine_spi_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                     const mp_obj_t *all_args) {
    MP_MACHINE_SPI_CHECK_FOR_LEGACY_SOFTSPI_CONSTRUCTION(n_args, n_kw, all_args);
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    machine_spi_obj_t *self = mp_obj_malloc(machine_spi_obj_t, &machine_spi_type);
    self->spi = h747_spi_from_id(all_args[0]);
    self->set.cfg = (h7_spi_cfg_t){ DEFAULT_BAUDRATE, 0, 0, 8, false, false };
    mp_map_t kw_args;
    mp_map_init_fixed_table(&kw_args, n_kw, all_args + n_args);
    machine_spi_init(&self->base, n_args - 1, all_args + 1, &kw_args);
    return MP_OBJ_FROM_PTR(self);
}

static void machine_spi_deinit(mp_obj_base_t *self_in) {
    machine_spi_obj_t *self = (machine_spi_obj_t *)self_in;
    h7_spi_deinit(self->spi);
}

static void machine_spi_transfer(mp_obj_base_t *self_in, size_t len, const uint8_t *src,
                                 uint8_t *dest) {
    machine_spi_obj_t *self = (machine_spi_obj_t *)self_in;
    size_t frames = self->set.cfg.bits > 8 ? len / 2 : len;
    if (h7_spi_transfer(self->spi, frames, src, dest, H747_SPI_TIMEOUT_MS) != H7_OK) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
}

static const mp_machine_spi_p_t machine_spi_p = {
    .init = machine_spi_init,
    .deinit = machine_spi_deinit,
    .transfer = machine_spi_transfer,
};

MP_DEFINE_CONST_OBJ_TYPE(machine_spi_type, MP_QSTR_SPI, MP_TYPE_FLAG_NONE, make_new,
                         machine_spi_make_new, print, machine_spi_print, protocol, &machine_spi_p,
                         locals_dict, &mp_machine_spi_locals_dict);
