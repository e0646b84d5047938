/*
 * Asynchronous write-back of a flash array to its backing file; see
 * h7_writeback.h for why it is not a blk_pwrite() in the MMIO handler.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/bitmap.h"
#include "qemu/error-report.h"
#include "h7_writeback.h"
#include "trace.h"

static void writeback_next(H7Writeback *wb);

static void writeback_done(void *opaque, int ret)
{
    H7Writeback *wb = opaque;

    if (ret < 0) {
        error_report("%s: writing the backing file at 0x%x failed: %s",
                     wb->name, wb->busy_off, strerror(-ret));
    }
    wb->busy = false;
    wb->unflushed = true;
    writeback_next(wb);
}

static void writeback_flushed(void *opaque, int ret)
{
    H7Writeback *wb = opaque;

    if (ret < 0) {
        error_report("%s: flushing the backing file failed: %s", wb->name,
                     strerror(-ret));
    }
    wb->flushing = false;
    writeback_next(wb);
}

/* start the write of the first run of marked blocks, if none is in flight */
static void writeback_next(H7Writeback *wb)
{
    unsigned long nbits = DIV_ROUND_UP(wb->size, H7_WB_BLOCK);
    unsigned long first, end;
    uint32_t off, len;

    if (wb->busy) {
        return;
    }
    first = find_first_bit(wb->dirty, nbits);
    if (first >= nbits) {
        /*
         * All written: flush, so that a qcow2 file's own tables (where its
         * new clusters are) reach the host too; until then a QEMU killed
         * outright would lose the writes, where a raw file keeps them.
         */
        if (wb->unflushed && !wb->flushing) {
            wb->unflushed = false;
            wb->flushing = true;
            blk_aio_flush(wb->blk, writeback_flushed, wb);
        }
        return;
    }
    end = find_next_zero_bit(wb->dirty, nbits, first);
    end = MIN(end, first + H7_WB_MAX_RUN / H7_WB_BLOCK);
    bitmap_clear(wb->dirty, first, end - first);

    off = first * H7_WB_BLOCK;
    len = MIN((uint32_t)(end * H7_WB_BLOCK), wb->size) - off;
    memcpy(wb->bounce, wb->array + off, len);
    qemu_iovec_init_buf(&wb->qiov, wb->bounce, len);
    wb->busy = true;
    wb->busy_off = off;
    trace_h7_writeback_flush(off, len);
    blk_aio_pwritev(wb->blk, off, &wb->qiov, 0, writeback_done, wb);
}

void h7_writeback_init(H7Writeback *wb, BlockBackend *blk, uint8_t *array,
                       uint32_t size, const char *name)
{
    *wb = (H7Writeback){
        .blk = blk, .array = array, .size = size, .name = name
    };
    if (blk) {
        /* a shorter backing file keeps the blocks past its end in memory only */
        wb->size = MIN((int64_t)size, MAX(blk_getlength(blk), 0));
        wb->dirty = bitmap_new(DIV_ROUND_UP(size, H7_WB_BLOCK));
        wb->bounce = g_malloc(H7_WB_MAX_RUN);
        /* a drain (QEMU's exit) must wait for marked blocks, not park them */
        blk_set_disable_request_queuing(blk, true);
    }
}

bool h7_writeback_pending(const H7Writeback *wb)
{
    return wb->blk &&
           (wb->busy || wb->flushing || wb->unflushed ||
            find_first_bit(wb->dirty, DIV_ROUND_UP(wb->size, H7_WB_BLOCK)) <
                DIV_ROUND_UP(wb->size, H7_WB_BLOCK));
}

void h7_writeback_mark(H7Writeback *wb, uint32_t off, uint32_t len)
{
    if (!wb->blk || !len || off >= wb->size) {
        return;
    }
    len = MIN(len, wb->size - off);
    bitmap_set(wb->dirty, off / H7_WB_BLOCK,
               DIV_ROUND_UP(off + len, H7_WB_BLOCK) - off / H7_WB_BLOCK);
    writeback_next(wb);
}

int h7_writeback_reload(H7Writeback *wb)
{
    int ret;

    if (!wb->blk) {
        return 0;
    }
    /* nothing marked can be left: the VM stopped and the drives drained */
    bitmap_zero(wb->dirty, DIV_ROUND_UP(wb->size, H7_WB_BLOCK));
    wb->unflushed = false;
    ret = blk_pread(wb->blk, 0, wb->size, wb->array, 0);
    if (ret < 0) {
        error_report("%s: reading the backing file after a snapshot load "
                     "failed: %s",
                     wb->name, strerror(-ret));
    }
    trace_h7_writeback_reload(wb->size);
    return ret < 0 ? ret : 0;
}
