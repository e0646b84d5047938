/*
 * The array behind h7stack's serial NOR flash models (h7_nor.h).
 *
 * Program and erase change the array when the command arrives, and the
 * chip stays busy for the operation's time; a power cut in that window
 * undoes part of it, so that what the backing file keeps is what a chip
 * cut off mid-operation could hold.  The busy time ends at its deadline in
 * virtual time as the guest sees it (h7_nor_array_sync, called before each
 * command), not only when the timer's callback gets to run: on a loaded
 * host the main loop can run late while the vCPU's clock moves on, and a
 * guest polling with a timeout would see a chip busy for too long.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/guest-random.h"
#include "qapi/error.h"
#include "system/block-backend.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "qapi/visitor.h"
#include "h7_nor.h"
#include "trace.h"

static void array_busy_done(void *opaque)
{
    H7NorArray *a = opaque;

    a->busy = false;
    if (a->done) {
        a->done(a->opaque);
    }
}

/*
 * The contents are a ROM device's RAM: a controller in memory-mapped mode may
 * map the window so that reads and instruction fetches go straight to it
 * (translated code is cached as from RAM); every write to the window comes
 * here and goes on to that controller.
 */
static MemTxResult window_read(void *opaque, hwaddr addr, uint64_t *data,
                               unsigned size, MemTxAttrs attrs)
{
    uint8_t b[8];

    h7_nor_array_read(opaque, addr, b, size); /* outside ROMD mode only */
    *data = ldn_le_p(b, size);
    return MEMTX_OK;
}

static MemTxResult window_write(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size, MemTxAttrs attrs)
{
    H7NorArray *a = opaque;

    if (!a->window_write) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to an unowned window\n",
                      a->name);
        return MEMTX_ERROR;
    }
    return a->window_write(a->window_opaque, addr, data, size, attrs);
}

static const MemoryRegionOps window_ops = {
    .read_with_attrs = window_read,
    .write_with_attrs = window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* the contents changed at [off, off + len): to the file, and out of any
 * code translated from the window */
static void array_changed(H7NorArray *a, uint32_t off, uint32_t len)
{
    h7_writeback_mark(&a->wb, off, len);
    memory_region_flush_rom_device(&a->window, off, len);
}

bool h7_nor_array_realize(H7NorArray *a, Object *owner, BlockBackend *blk,
                          uint32_t size, const char *name,
                          void (*done)(void *opaque), void *opaque,
                          Error **errp)
{
    a->size = size;
    a->name = name;
    a->done = done;
    a->opaque = opaque;
    /* no migration of its own: the backing file, or a subsection, has it */
    if (!memory_region_init_rom_device_nomigrate(&a->window, owner, &window_ops,
                                                 a, name, size, errp)) {
        return false;
    }
    a->storage = memory_region_get_ram_ptr(&a->window);
    int64_t len = 0; /* what the backing file covers; erased past it */
    if (blk) {
        uint64_t perm = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE;
        if (blk_set_perm(blk, perm, BLK_PERM_ALL, errp) < 0) {
            return false;
        }
        len = blk_getlength(blk);
        if (len < 0 || len > size) {
            error_setg(errp, "%s: the backing file must be at most %u MiB",
                       name, size >> 20);
            return false;
        }
        /* an incoming migration's post_load reads the file anyway */
        if (len && !runstate_check(RUN_STATE_INMIGRATE) &&
            blk_pread(blk, 0, len, a->storage, 0) < 0) {
            error_setg(errp, "%s: cannot read the backing file", name);
            return false;
        }
    }
    memset(a->storage + len, 0xFF, size - len);
    h7_writeback_init(&a->wb, blk, a->storage, size, name);
    a->busy_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, array_busy_done, a);
    return true;
}

static void array_pending_get(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    bool pending = h7_writeback_pending(&((H7NorArray *)opaque)->wb);

    visit_type_bool(v, name, &pending, errp);
}

void h7_nor_array_add_counters(H7NorArray *a, Object *obj)
{
    object_property_add_uint32_ptr(obj, "programs", &a->programs,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "erases", &a->erases,
                                   OBJ_PROP_FLAG_READ);
    /* true until the backing file has every change, flushed */
    object_property_add(obj, "writeback-pending", "bool", array_pending_get,
                        NULL, NULL, a);
}

void h7_nor_array_own_window(H7NorArray *a,
                             MemTxResult (*write)(void *opaque, hwaddr addr,
                                                  uint64_t data, unsigned size,
                                                  MemTxAttrs attrs),
                             void *opaque)
{
    a->window_write = write;
    a->window_opaque = opaque;
}

void h7_nor_array_read(H7NorArray *a, uint32_t addr, uint8_t *data,
                       uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        data[i] = a->storage[(addr + i) % a->size];
    }
}

static void array_start_busy(H7NorArray *a, uint32_t addr, uint32_t len,
                             bool erase, uint32_t us)
{
    a->busy = true;
    a->op_addr = addr;
    a->op_len = len;
    a->op_erase = erase;
    timer_mod(a->busy_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + (int64_t)us * 1000);
}

void h7_nor_array_program(H7NorArray *a, uint32_t addr, const uint8_t *data,
                          uint32_t len, uint32_t page, uint32_t us)
{
    uint32_t at = addr % a->size, base = at & ~(page - 1u);

    assert(page <= H7_NOR_PAGE_MAX);

    if (len > page) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: page program of %u bytes: only the last %u count\n",
                      a->name, len, page);
        data += len - page;
        len = page;
    }
    memcpy(a->op_before, a->storage + base, page);
    for (uint32_t i = 0; i < len; i++) {
        a->storage[base + (at - base + i) % page] &= data[i];
    }
    array_changed(a, base, page);
    a->programs++;
    trace_h7_nor_program(a->name, at, len);
    array_start_busy(a, base, page, false, us);
}

void h7_nor_array_erase(H7NorArray *a, uint32_t addr, uint32_t size,
                        uint32_t us)
{
    addr = (addr % a->size) & ~(size - 1);
    memset(a->storage + addr, 0xFF, size);
    array_changed(a, addr, size);
    a->erases++;
    trace_h7_nor_erase(a->name, addr, size);
    array_start_busy(a, addr, size, true, us);
}

void h7_nor_array_sync(H7NorArray *a)
{
    if (a->busy && timer_expire_time_ns(a->busy_timer) <=
                       qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        timer_del(a->busy_timer);
        array_busy_done(a);
    }
}

void h7_nor_array_power_cut(H7NorArray *a)
{
    if (!a->busy) {
        return;
    }
    /* an erase cut short leaves its cells anywhere between the two
     * states: random bits; a program clears only some of the bits it was
     * clearing: between the page before and after, bit by bit */
    g_autofree uint8_t *noise = g_malloc(a->op_len);
    qemu_guest_getrandom_nofail(noise, a->op_len);
    for (uint32_t i = 0; i < a->op_len; i++) {
        uint8_t *b = &a->storage[a->op_addr + i];
        *b = a->op_erase ? noise[i]
                         : (uint8_t)(*b | (a->op_before[i] & noise[i]));
    }
    array_changed(a, a->op_addr, a->op_len);
    trace_h7_nor_power_cut(a->name, a->op_addr, a->op_len, a->op_erase);
    timer_del(a->busy_timer);
    a->busy = false;
}

void h7_nor_array_reset(H7NorArray *a)
{
    /* a reset does not stop the cells: the operation completes */
    if (a->busy) {
        timer_del(a->busy_timer);
        a->busy = false;
    }
}

uint8_t h7_nor_sfdp_byte(uint32_t a, uint32_t bfpt0, uint32_t density)
{
    static const uint8_t header[] = {
        'S',  'F',  'D',  'P',
        0x06, 0x01, 0x00, 0xFF, /* rev 1.6, 1 parameter header */
        0x00, 0x06, 0x01, 0x10,
        0x30, 0x00, 0x00, 0xFF, /* BFPT: 16 dwords at 0x30 */
    };
    enum { BFPT = 0x30 };
    if (a < sizeof(header)) {
        return header[a];
    }
    if (a >= BFPT && a < BFPT + 8) {
        uint32_t dword = a < BFPT + 4 ? bfpt0 : density;
        return dword >> (8 * (a % 4));
    }
    return 0xFF;
}

static int array_post_load(void *opaque, int version_id)
{
    H7NorArray *a = opaque;

    if ((!a->op_erase && a->op_len > H7_NOR_PAGE_MAX) || a->op_addr > a->size ||
        a->op_len > a->size - a->op_addr) {
        return -EINVAL;
    }
    int ret = h7_writeback_reload(&a->wb);

    memory_region_flush_rom_device(&a->window, 0, a->size);
    return ret;
}

static bool array_contents_needed(void *opaque)
{
    H7NorArray *a = opaque;

    return !a->wb.blk; /* with a backing file, the snapshot holds it */
}

/* a chip with no (writable) backing file keeps its contents here */
static const VMStateDescription array_contents_vmstate = {
    .name = "h7-nor-array/contents",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = array_contents_needed,
    .fields = (const VMStateField[]){ VMSTATE_VBUFFER_UINT32(
                                          storage, H7NorArray, 0, NULL, size),
                                      VMSTATE_END_OF_LIST() }
};

const VMStateDescription h7_nor_array_vmstate = {
    .name = "h7-nor-array",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = array_post_load,
    .subsections = (const VMStateDescription *const[]){ &array_contents_vmstate,
                                                        NULL },
    .fields = (const VMStateField[]){ VMSTATE_BOOL(busy, H7NorArray),
                                      VMSTATE_UINT32(op_addr, H7NorArray),
                                      VMSTATE_UINT32(op_len, H7NorArray),
                                      VMSTATE_BOOL(op_erase, H7NorArray),
                                      VMSTATE_UINT8_ARRAY(op_before, H7NorArray,
                                                          H7_NOR_PAGE_MAX),
                                      VMSTATE_TIMER_PTR(busy_timer, H7NorArray),
                                      VMSTATE_END_OF_LIST() }
};
