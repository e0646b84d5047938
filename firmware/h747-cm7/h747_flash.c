/* h747.Flash: the Quad-SPI NOR (two MT25QL512ABB, dual-flash, 128 MiB)
 * as the block device behind the /flash filesystem.
 *
 * Blocks are the flash's erase unit (8 KiB: a 4 KiB subsector of each
 * chip), so that littlefs, which erases a block only when nothing live is
 * in it, loses at most the write in progress when the power goes.  The
 * extended block protocol: readblocks and writeblocks take an offset
 * (writes program, never erase) and ioctl 6 erases one block. */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/vfs.h"
#include "h7_clock.h"
#include "h7_qspi.h"
#include "h747_port.h"

typedef struct {
    mp_obj_base_t base;
} h747_flash_obj_t;

static const h747_flash_obj_t flash_obj = { { &h747_flash_type } };
static xspi_nor_t nor;
static int nor_status = XSPI_NOR_EIO; /* until the first probe */

static uint32_t now_ms(void) {
    return mp_hal_ticks_ms();
}

static void nor_up(void) {
    if (nor_status != XSPI_NOR_OK) {
        h7_clocks_t clk;
        h7_clock_read(&clk);
        nor_status = h7_qspi_init(&nor, clk.hclk, now_ms);
    }
    if (nor_status != XSPI_NOR_OK) {
        mp_raise_OSError(MP_ENODEV);
    }
}

static mp_obj_t flash_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                               const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    nor_up();
    return MP_OBJ_FROM_PTR(&flash_obj);
}

/* block/offset/len against the device; raises naming the argument */
static uint32_t dev_offset(mp_obj_t block_in, mp_obj_t offset_in, size_t len) {
    uint32_t bs = xspi_nor_sector(&nor), blocks = nor.size / bs;
    mp_int_t block = mp_obj_get_int(block_in);
    mp_int_t offset = offset_in == mp_const_none ? 0 : mp_obj_get_int(offset_in);
    if (block < 0 || (uint32_t)block >= blocks) {
        mp_raise_ValueError(MP_ERROR_TEXT("block_num: out of range"));
    }
    if (offset < 0 || (uint64_t)block * bs + (uint64_t)offset + len > nor.size) {
        mp_raise_ValueError(MP_ERROR_TEXT("offset: past the end of the device"));
    }
    return (uint32_t)block * bs + (uint32_t)offset;
}

static mp_obj_t errno_of(int rc) {
    return MP_OBJ_NEW_SMALL_INT(rc == XSPI_NOR_OK         ? 0
                                : rc == XSPI_NOR_ETIMEOUT ? -MP_ETIMEDOUT
                                                          : -MP_EIO);
}

static mp_obj_t flash_readblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_WRITE);
    uint32_t pos = dev_offset(args[1], n_args > 3 ? args[3] : mp_const_none, buf.len);
    return errno_of(xspi_nor_read(&nor, pos, buf.buf, buf.len));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(flash_readblocks_obj, 3, 4, flash_readblocks);

static mp_obj_t flash_writeblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_READ);
    bool with_offset = n_args > 3;
    uint32_t pos = dev_offset(args[1], with_offset ? args[3] : mp_const_none, buf.len);
    if (!with_offset) {
        /* the simple protocol: whole blocks, erased first */
        uint32_t bs = xspi_nor_sector(&nor);
        if (buf.len % bs) {
            mp_raise_ValueError(MP_ERROR_TEXT("buf: not a whole number of blocks"));
        }
        int rc = xspi_nor_erase(&nor, pos, buf.len);
        if (rc != XSPI_NOR_OK) {
            return errno_of(rc);
        }
    }
    return errno_of(xspi_nor_program(&nor, pos, buf.buf, buf.len));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(flash_writeblocks_obj, 3, 4, flash_writeblocks);

static mp_obj_t flash_ioctl(mp_obj_t self, mp_obj_t op_in, mp_obj_t arg_in) {
    switch (mp_obj_get_int(op_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
        case MP_BLOCKDEV_IOCTL_DEINIT:
        case MP_BLOCKDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(0); /* nothing is cached */
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return MP_OBJ_NEW_SMALL_INT(nor.size / xspi_nor_sector(&nor));
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(xspi_nor_sector(&nor));
        case MP_BLOCKDEV_IOCTL_BLOCK_ERASE: {
            uint32_t pos = dev_offset(arg_in, mp_const_none, xspi_nor_sector(&nor));
            return errno_of(xspi_nor_erase(&nor, pos, xspi_nor_sector(&nor)));
        }
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(flash_ioctl_obj, flash_ioctl);

static const mp_rom_map_elem_t flash_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&flash_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&flash_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&flash_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(flash_locals_dict, flash_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(h747_flash_type, MP_QSTR_Flash, MP_TYPE_FLAG_NONE, make_new,
                         flash_make_new, locals_dict, &flash_locals_dict);
