/*
 * machine.SDCard (and pyb.SDCard): the microSD slot on SDMMC1 as a block
 * device for VFS FAT (readblocks, writeblocks, ioctl), with the stm32
 * port's present(), power(), info(), read() and write().  The card is set
 * up at the first ioctl INIT or power(True).  Buffers the IDMA cannot use
 * directly (DTCM, or not on a cache line) go through an aligned bounce
 * buffer on the heap, a block at a time.
 */
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/vfs.h"
#include "h7_sdmmc.h"
#include "h747_port.h"

#define CACHE_LINE 32
#define DTCM_START 0x20000000u
#define DTCM_END   0x20020000u

typedef struct {
    mp_obj_base_t base;
    h7_sd_card_t card;
    bool ready;
    uint8_t *raw;    /* the heap block (kept alive through this pointer) */
    uint8_t *bounce; /* H7_SD_BLOCK bytes of it, cache-line aligned */
} machine_sdcard_obj_t;

static int errno_of(int r) {
    switch (r) {
        case H7_SD_OK:
            return 0;
        case H7_SD_ENOCARD:
            return MP_ENODEV;
        case H7_SD_ETIMEOUT:
            return MP_ETIMEDOUT;
        default:
            return MP_EIO;
    }
}

static void check(int r) {
    if (r != H7_SD_OK) {
        mp_raise_OSError(errno_of(r));
    }
}

static int card_up(machine_sdcard_obj_t *self) {
    if (self->ready) {
        return H7_SD_OK;
    }
    int r = h7_sd_init(&self->card);
    self->ready = r == H7_SD_OK;
    return r;
}

static mp_obj_t sdcard_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                const mp_obj_t *args) {
    enum {
        ARG_slot
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_slot, MP_ARG_INT, { .u_int = 1 } },
    };
    mp_arg_val_t parsed[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                              parsed);
    if (parsed[ARG_slot].u_int != 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("slot: the board has slot 1 only (SDMMC1)"));
    }
    machine_sdcard_obj_t *self = mp_obj_malloc(machine_sdcard_obj_t, type);
    self->ready = false;
    self->raw = m_new(uint8_t, H7_SD_BLOCK + CACHE_LINE);
    self->bounce =
        (uint8_t *)(((uintptr_t)self->raw + CACHE_LINE - 1) & ~(uintptr_t)(CACHE_LINE - 1));
    return MP_OBJ_FROM_PTR(self);
}

static bool idma_can_use(const void *buf, size_t len) {
    uintptr_t a = (uintptr_t)buf;
    return (a % CACHE_LINE) == 0 && (len % CACHE_LINE) == 0 && !(a >= DTCM_START && a < DTCM_END);
}

static int blocks_io(machine_sdcard_obj_t *self, uint32_t block, uint8_t *buf, size_t len,
                     bool read) {
    int r = card_up(self);
    if (r != H7_SD_OK) {
        return r;
    }
    if (len % H7_SD_BLOCK) {
        mp_raise_ValueError(MP_ERROR_TEXT("buffer: a whole number of 512-byte blocks"));
    }
    uint32_t n = len / H7_SD_BLOCK;
    if (block >= self->card.blocks || n > self->card.blocks - block) {
        mp_raise_ValueError(MP_ERROR_TEXT("block: past the end of the card"));
    }
    if (idma_can_use(buf, len)) {
        return read ? h7_sd_read(&self->card, block, n, buf)
                    : h7_sd_write(&self->card, block, n, buf);
    }
    for (uint32_t i = 0; i < n && r == H7_SD_OK; i++) {
        uint8_t *p = buf + i * H7_SD_BLOCK;
        if (read) {
            r = h7_sd_read(&self->card, block + i, 1, self->bounce);
            memcpy(p, self->bounce, H7_SD_BLOCK);
        } else {
            memcpy(self->bounce, p, H7_SD_BLOCK);
            r = h7_sd_write(&self->card, block + i, 1, self->bounce);
        }
    }
    return r;
}

/* a block-protocol call: the buffer in the direction the transfer needs */
static int buffer_io(mp_obj_t self_in, mp_obj_t block_in, mp_obj_t buf_in, bool read) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(buf_in, &buf, read ? MP_BUFFER_WRITE : MP_BUFFER_READ);
    return blocks_io(MP_OBJ_TO_PTR(self_in), mp_obj_get_int(block_in), buf.buf, buf.len, read);
}

static mp_obj_t sdcard_readblocks(mp_obj_t self_in, mp_obj_t block_in, mp_obj_t buf_in) {
    return MP_OBJ_NEW_SMALL_INT(-errno_of(buffer_io(self_in, block_in, buf_in, true)));
}
static MP_DEFINE_CONST_FUN_OBJ_3(sdcard_readblocks_obj, sdcard_readblocks);

static mp_obj_t sdcard_writeblocks(mp_obj_t self_in, mp_obj_t block_in, mp_obj_t buf_in) {
    return MP_OBJ_NEW_SMALL_INT(-errno_of(buffer_io(self_in, block_in, buf_in, false)));
}
static MP_DEFINE_CONST_FUN_OBJ_3(sdcard_writeblocks_obj, sdcard_writeblocks);

static mp_obj_t sdcard_ioctl(mp_obj_t self_in, mp_obj_t op_in, mp_obj_t arg_in) {
    machine_sdcard_obj_t *self = MP_OBJ_TO_PTR(self_in);
    switch (mp_obj_get_int(op_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
            return MP_OBJ_NEW_SMALL_INT(-errno_of(card_up(self)));
        case MP_BLOCKDEV_IOCTL_DEINIT:
            h7_sd_deinit();
            self->ready = false;
            return MP_OBJ_NEW_SMALL_INT(0);
        case MP_BLOCKDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(0); /* every write is on the card when it returns */
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return card_up(self) == H7_SD_OK ? mp_obj_new_int_from_uint(self->card.blocks)
                                             : MP_OBJ_NEW_SMALL_INT(0);
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(H7_SD_BLOCK);
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(sdcard_ioctl_obj, sdcard_ioctl);

static mp_obj_t sdcard_present(mp_obj_t self_in) {
    return mp_obj_new_bool(h7_sd_present());
}
static MP_DEFINE_CONST_FUN_OBJ_1(sdcard_present_obj, sdcard_present);

static mp_obj_t sdcard_power(mp_obj_t self_in, mp_obj_t on) {
    machine_sdcard_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (mp_obj_is_true(on)) {
        return mp_obj_new_bool(card_up(self) == H7_SD_OK);
    }
    h7_sd_deinit();
    self->ready = false;
    return mp_const_false;
}
static MP_DEFINE_CONST_FUN_OBJ_2(sdcard_power_obj, sdcard_power);

static mp_obj_t sdcard_info(mp_obj_t self_in) {
    machine_sdcard_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (card_up(self) != H7_SD_OK) {
        return mp_const_none;
    }
    mp_obj_t t[3] = {
        mp_obj_new_int_from_ull((uint64_t)self->card.blocks * H7_SD_BLOCK),
        MP_OBJ_NEW_SMALL_INT(H7_SD_BLOCK),
        MP_OBJ_NEW_SMALL_INT(self->card.high_capacity ? 2 : 1), /* card type: SDHC or SDSC */
    };
    return mp_obj_new_tuple(3, t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(sdcard_info_obj, sdcard_info);

/* read(block): one block as bytes; write(block, buf) */
static mp_obj_t sdcard_read(mp_obj_t self_in, mp_obj_t block_in) {
    vstr_t vstr;
    vstr_init_len(&vstr, H7_SD_BLOCK);
    check(blocks_io(MP_OBJ_TO_PTR(self_in), mp_obj_get_int(block_in), (uint8_t *)vstr.buf,
                    H7_SD_BLOCK, true));
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_2(sdcard_read_obj, sdcard_read);

static mp_obj_t sdcard_write(mp_obj_t self_in, mp_obj_t block_in, mp_obj_t buf_in) {
    check(buffer_io(self_in, block_in, buf_in, false));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(sdcard_write_obj, sdcard_write);

static const mp_rom_map_elem_t sdcard_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_present), MP_ROM_PTR(&sdcard_present_obj) },
    { MP_ROM_QSTR(MP_QSTR_power), MP_ROM_PTR(&sdcard_power_obj) },
    { MP_ROM_QSTR(MP_QSTR_info), MP_ROM_PTR(&sdcard_info_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&sdcard_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&sdcard_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&sdcard_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&sdcard_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&sdcard_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(sdcard_locals_dict, sdcard_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(machine_sdcard_type, MP_QSTR_SDCard, MP_TYPE_FLAG_NONE, make_new,
                         sdcard_make_new, locals_dict, &sdcard_locals_dict);
