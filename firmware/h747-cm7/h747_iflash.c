/* h747.InternalFlash: the internal flash area that held /flash before it
 * moved to the Quad-SPI NOR (bank 2, sectors 1..7, as 4 KiB blocks), read
 * only: the start-up copies its files over once (modules/_boot.py).
 *
 * It is not writable any more: littlefs's 4 KiB blocks in 128 KiB sectors
 * meant rewriting one block erased its 31 neighbours, so a power cut in
 * between lost files nobody was writing. */
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/vfs.h"
#include "stm32h747.h"
#include "h747_port.h"

#define FS_BASE    (FLASH_BANK2_BASE + FLASH_SECTOR_SIZE) /* bank 2, sectors 1..7 */
#define FS_SECTORS 7u
#define BLOCK_SIZE 4096u
#define FS_BLOCKS  (FS_SECTORS * FLASH_SECTOR_SIZE / BLOCK_SIZE)

typedef struct {
    mp_obj_base_t base;
} h747_iflash_obj_t;

static const h747_iflash_obj_t iflash_obj = { { &h747_iflash_type } };

static mp_obj_t iflash_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    return MP_OBJ_FROM_PTR(&iflash_obj);
}

static mp_obj_t iflash_readblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_WRITE);
    mp_int_t block = mp_obj_get_int(args[1]);
    mp_int_t offset = n_args > 3 ? mp_obj_get_int(args[3]) : 0;
    if (block < 0 || (uint32_t)block >= FS_BLOCKS) {
        mp_raise_ValueError(MP_ERROR_TEXT("block_num: out of range"));
    }
    if (offset < 0 ||
        (uint32_t)block * BLOCK_SIZE + (uint32_t)offset + buf.len > FS_BLOCKS * BLOCK_SIZE) {
        mp_raise_ValueError(MP_ERROR_TEXT("offset: past the end of the device"));
    }
    memcpy(buf.buf, (const uint8_t *)FS_BASE + block * BLOCK_SIZE + offset, buf.len);
    return MP_OBJ_NEW_SMALL_INT(0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(iflash_readblocks_obj, 3, 4, iflash_readblocks);

static mp_obj_t iflash_ioctl(mp_obj_t self, mp_obj_t op_in, mp_obj_t arg_in) {
    switch (mp_obj_get_int(op_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
        case MP_BLOCKDEV_IOCTL_DEINIT:
        case MP_BLOCKDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(0);
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return MP_OBJ_NEW_SMALL_INT(FS_BLOCKS);
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(BLOCK_SIZE);
        case MP_BLOCKDEV_IOCTL_BLOCK_ERASE:
            return MP_OBJ_NEW_SMALL_INT(-MP_EROFS);
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(iflash_ioctl_obj, iflash_ioctl);

static const mp_rom_map_elem_t iflash_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&iflash_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&iflash_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(iflash_locals_dict, iflash_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(h747_iflash_type, MP_QSTR_InternalFlash, MP_TYPE_FLAG_NONE, make_new,
                         iflash_make_new, locals_dict, &iflash_locals_dict);
