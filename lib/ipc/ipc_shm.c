/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "ipc_shm.h"

int ipc_shm_init(ipc_shm_t *shm)
{
    shm->magic = 0;                 /* first: a block being laid out is not valid */
    atomic_thread_fence(memory_order_release);
    memset(shm, 0, offsetof(ipc_shm_t, cmd));
    memset(&shm->cm7_ui_flags, 0, 2 * sizeof(ipc_flags_t));
    if (ipc_ring_init(ipc_shm_cmd(shm), IPC_CMD_RING_SIZE) != IPC_OK ||
        ipc_ring_init(ipc_shm_evt(shm), IPC_EVT_RING_SIZE) != IPC_OK ||
        ipc_ring_init(ipc_shm_ui_cmd(shm), IPC_UI_CMD_SIZE) != IPC_OK ||
        ipc_ring_init(ipc_shm_ui_evt(shm), IPC_UI_EVT_SIZE) != IPC_OK) {
        return IPC_EINVAL;
    }
    shm->version = IPC_SHM_VERSION;
    shm->size = sizeof(*shm);
    shm->cmd_offset = offsetof(ipc_shm_t, cmd);
    shm->evt_offset = offsetof(ipc_shm_t, evt);
    /* last: a CM4 that sees the magic sees a complete block */
    atomic_thread_fence(memory_order_release);
    shm->magic = IPC_SHM_MAGIC;
    return IPC_OK;
}

int ipc_shm_check(const ipc_shm_t *shm)
{
    if (shm->magic != IPC_SHM_MAGIC || shm->version != IPC_SHM_VERSION ||
        shm->size != sizeof(*shm) || shm->cmd_offset != offsetof(ipc_shm_t, cmd) ||
        shm->evt_offset != offsetof(ipc_shm_t, evt)) {
        return IPC_EINVAL;
    }
    atomic_thread_fence(memory_order_acquire);
    return IPC_OK;
}
