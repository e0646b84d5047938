/*
 * Write-back of a flash array kept in host memory to its -drive backing
 * file, for h7stack's flash models.
 *
 * Device models program and erase from MMIO handlers, that is on a vCPU
 * thread.  A synchronous blk_pwrite() there runs aio_poll() on the main
 * AioContext from the vCPU thread, which can consume the event that was
 * meant to wake the main loop: the main loop then sleeps in ppoll() with
 * no timeout while its timers (SysTick, busy timers) are due, and the
 * guest hangs.  Here writes are asynchronous instead: changed blocks are
 * marked in a bitmap and written one request at a time from a snapshot,
 * so a later write of the same block always lands after an earlier one,
 * and a flush follows each batch (a qcow2 file's tables are written then).
 * Requests are not queued during drains, so QEMU's exit and savevm (which
 * drain all block devices) wait until every marked block is on disk.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7_WRITEBACK_H
#define H7_WRITEBACK_H

#include "qemu/iov.h"
#include "system/block-backend.h"

typedef struct H7Writeback {
    BlockBackend *blk;
    uint8_t *array; /* the contents, owned by the device */
    uint32_t size;
    const char *name;     /* for error messages */
    unsigned long *dirty; /* one bit per H7_WB_BLOCK bytes */
    uint8_t *bounce;      /* the snapshot being written */
    QEMUIOVector qiov;
    uint32_t busy_off; /* where the request in flight writes */
    bool busy;
    bool unflushed; /* written since the last flush */
    bool flushing;
} H7Writeback;

#define H7_WB_BLOCK   4096u
#define H7_WB_MAX_RUN (64u * H7_WB_BLOCK) /* bytes per request at most */

/* blk may be NULL (no backing file): marks are then ignored */
void h7_writeback_init(H7Writeback *wb, BlockBackend *blk, uint8_t *array,
                       uint32_t size, const char *name);
/* [off, off+len) of the array changed: write it back soon */
void h7_writeback_mark(H7Writeback *wb, uint32_t off, uint32_t len);
/*
 * After a snapshot was loaded (loadvm, -loadvm): the block layer has put the
 * backing file back as it was at the save, so the array is read from it again.
 * The save is consistent without help: stopping the VM drains the block
 * devices, which waits for every marked block (see above).  Returns 0, or a
 * negative errno when the read fails.
 */
int h7_writeback_reload(H7Writeback *wb);
/* changes not yet written and flushed to the backing file */
bool h7_writeback_pending(const H7Writeback *wb);

#endif
