/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "h7_shm.h"

int h7_shm_init(h7_shm_t *shm) {
    shm->magic = 0; /* first: a block being laid out is not valid */
    atomic_thread_fence(memory_order_release);
    memset(shm, 0, offsetof(h7_shm_t, cmd));
    memset(&shm->cm7_ui_flags, 0, 2 * sizeof(ipc_flags_t));
    if (ipc_ring_init(h7_shm_cmd(shm), H7_SHM_CMD_RING_SIZE) != IPC_OK ||
        ipc_ring_init(h7_shm_evt(shm), H7_SHM_EVT_RING_SIZE) != IPC_OK ||
        ipc_ring_init(h7_shm_ui_cmd(shm), H7_SHM_UI_CMD_SIZE) != IPC_OK ||
        ipc_ring_init(h7_shm_ui_evt(shm), H7_SHM_UI_EVT_SIZE) != IPC_OK) {
        return IPC_EINVAL;
    }
    shm->version = H7_SHM_VERSION;
    shm->size = sizeof(*shm);
    shm->cmd_offset = offsetof(h7_shm_t, cmd);
    shm->evt_offset = offsetof(h7_shm_t, evt);
    /* last: a CM4 that sees the magic sees a complete block */
    atomic_thread_fence(memory_order_release);
    shm->magic = H7_SHM_MAGIC;
    return IPC_OK;
}

int h7_shm_check(const h7_shm_t *shm) {
    if (shm->magic != H7_SHM_MAGIC || shm->version != H7_SHM_VERSION || shm->size != sizeof(*shm) ||
        shm->cmd_offset != offsetof(h7_shm_t, cmd) || shm->evt_offset != offsetof(h7_shm_t, evt)) {
        return IPC_EINVAL;
    }
    atomic_thread_fence(memory_order_acquire);
    return IPC_OK;
}
