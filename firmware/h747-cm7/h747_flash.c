/* h747.Flash: the internal-flash block device behind the /flash filesystem.
 *
 * littlefs sees 4 KiB blocks; the flash erases 128 KiB sectors.  One sector
 * at a time is cached in SRAM1; writes and erases change the cache, and a
 * sync (littlefs syncs after every operation), a soft reset or a switch to
 * another sector writes it back.  Write-back programs only the changed
 * 256-bit flash words, and erases the sector only when a word has to go
 * from 0 back to 1. */
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/vfs.h"
#include "stm32h747.h"
#include "h7_flash.h"
#include "h7_system.h"
#include "h747_port.h"

#define FS_BASE             (FLASH_BANK2_BASE + FLASH_SECTOR_SIZE) /* bank 2, sectors 1..7 */
#define FS_SECTORS          7u
#define BLOCK_SIZE          4096u
#define BLOCKS_PER_SECTOR   (FLASH_SECTOR_SIZE / BLOCK_SIZE)
#define FS_BLOCKS           (FS_SECTORS * BLOCKS_PER_SECTOR)
#define CACHE               ((uint8_t *)0x30000000u) /* SRAM1, 128 KiB */
#define RCC_AHB2ENR_SRAM1EN (1u << 29)

static int cached_sector = -1;
static bool cache_dirty;

static uint32_t sector_addr(unsigned s) {
    return FS_BASE + s * FLASH_SECTOR_SIZE;
}

static int write_back(void) {
    if (cached_sector < 0 || !cache_dirty) {
        return 0;
    }
    uint32_t base = sector_addr((unsigned)cached_sector);
    const uint8_t *cur = (const uint8_t *)base;
    bool need_erase = false;
    for (uint32_t off = 0; off < FLASH_SECTOR_SIZE && !need_erase; off += 4) {
        uint32_t f, c;
        memcpy(&f, cur + off, 4);
        memcpy(&c, CACHE + off, 4);
        need_erase = (f & c) != c; /* a bit must go 0 -> 1 */
    }
    int rc = 0;
    if (need_erase) {
        rc = h7_flash_erase_sector(base);
        h7_dcache_invalidate(base, FLASH_SECTOR_SIZE);
    }
    for (uint32_t off = 0; off < FLASH_SECTOR_SIZE && rc == 0; off += H7_FLASH_WORD) {
        if (memcmp(cur + off, CACHE + off, H7_FLASH_WORD) != 0) {
            rc = h7_flash_program(base + off, CACHE + off, H7_FLASH_WORD);
            h7_dcache_invalidate(base + off, H7_FLASH_WORD);
        }
    }
    if (rc == 0) {
        cache_dirty = false;
    }
    return rc;
}

void h747_flash_sync(void) {
    write_back();
}

static int load_sector(unsigned s) {
    if (cached_sector == (int)s) {
        return 0;
    }
    int rc = write_back();
    if (rc) {
        return rc;
    }
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN;
    memcpy(CACHE, (const void *)sector_addr(s), FLASH_SECTOR_SIZE);
    cached_sector = (int)s;
    return 0;
}

typedef struct {
    mp_obj_base_t base;
} h747_flash_obj_t;

static const h747_flash_obj_t flash_obj = { { &h747_flash_type } };

static mp_obj_t flash_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                               const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    return MP_OBJ_FROM_PTR(&flash_obj);
}

/* check block/offset/len against the filesystem area; raise naming the field */
static uint32_t fs_offset(mp_obj_t block_in, mp_obj_t offset_in, size_t len) {
    mp_int_t block = mp_obj_get_int(block_in);
    mp_int_t offset = offset_in == mp_const_none ? 0 : mp_obj_get_int(offset_in);
    if (block < 0 || (uint32_t)block >= FS_BLOCKS) {
        mp_raise_ValueError(MP_ERROR_TEXT("block_num: out of range"));
    }
    if (offset < 0 ||
        (uint32_t)block * BLOCK_SIZE + (uint32_t)offset + len > FS_BLOCKS * BLOCK_SIZE) {
        mp_raise_ValueError(MP_ERROR_TEXT("offset: past the end of the device"));
    }
    return (uint32_t)block * BLOCK_SIZE + (uint32_t)offset;
}

static mp_obj_t flash_readblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_WRITE);
    uint32_t pos = fs_offset(args[1], n_args > 3 ? args[3] : mp_const_none, buf.len);
    uint8_t *dst = buf.buf;
    for (size_t done = 0; done < buf.len;) {
        unsigned s = (pos + done) / FLASH_SECTOR_SIZE;
        uint32_t in = (pos + done) % FLASH_SECTOR_SIZE;
        size_t n = MIN(buf.len - done, FLASH_SECTOR_SIZE - in);
        const uint8_t *src =
            cached_sector == (int)s ? CACHE + in : (const uint8_t *)sector_addr(s) + in;
        memcpy(dst + done, src, n);
        done += n;
    }
    return MP_OBJ_NEW_SMALL_INT(0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(flash_readblocks_obj, 3, 4, flash_readblocks);

static mp_obj_t flash_writeblocks(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, MP_BUFFER_READ);
    bool with_offset = n_args > 3;
    uint32_t pos = fs_offset(args[1], with_offset ? args[3] : mp_const_none, buf.len);
    const uint8_t *src = buf.buf;
    for (size_t done = 0; done < buf.len;) {
        unsigned s = (pos + done) / FLASH_SECTOR_SIZE;
        uint32_t in = (pos + done) % FLASH_SECTOR_SIZE;
        size_t n = MIN(buf.len - done, FLASH_SECTOR_SIZE - in);
        if (load_sector(s)) {
            return MP_OBJ_NEW_SMALL_INT(-MP_EIO);
        }
        if (!with_offset) {
            /* the simple protocol: the blocks are erased then written */
            memset(CACHE + (in / BLOCK_SIZE) * BLOCK_SIZE, 0xFF,
                   ((in + n + BLOCK_SIZE - 1) / BLOCK_SIZE - in / BLOCK_SIZE) * BLOCK_SIZE);
        }
        memcpy(CACHE + in, src + done, n);
        cache_dirty = true;
        done += n;
    }
    return MP_OBJ_NEW_SMALL_INT(0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(flash_writeblocks_obj, 3, 4, flash_writeblocks);

static mp_obj_t flash_ioctl(mp_obj_t self, mp_obj_t op_in, mp_obj_t arg_in) {
    switch (mp_obj_get_int(op_in)) {
        case MP_BLOCKDEV_IOCTL_INIT:
            return MP_OBJ_NEW_SMALL_INT(0);
        case MP_BLOCKDEV_IOCTL_DEINIT:
        case MP_BLOCKDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(write_back() ? -MP_EIO : 0);
        case MP_BLOCKDEV_IOCTL_BLOCK_COUNT:
            return MP_OBJ_NEW_SMALL_INT(FS_BLOCKS);
        case MP_BLOCKDEV_IOCTL_BLOCK_SIZE:
            return MP_OBJ_NEW_SMALL_INT(BLOCK_SIZE);
        case MP_BLOCKDEV_IOCTL_BLOCK_ERASE: {
            uint32_t pos = fs_offset(arg_in, mp_const_none, BLOCK_SIZE);
            if (load_sector(pos / FLASH_SECTOR_SIZE)) {
                return MP_OBJ_NEW_SMALL_INT(-MP_EIO);
            }
            memset(CACHE + pos % FLASH_SECTOR_SIZE, 0xFF, BLOCK_SIZE);
            cache_dirty = true;
            return MP_OBJ_NEW_SMALL_INT(0);
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

/* the h747 module: board-specific objects */
static const mp_rom_map_elem_t h747_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_h747) },
    { MP_ROM_QSTR(MP_QSTR_Flash), MP_ROM_PTR(&h747_flash_type) },
};
static MP_DEFINE_CONST_DICT(h747_module_globals, h747_module_globals_table);

const mp_obj_module_t h747_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&h747_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_h747, h747_module);
