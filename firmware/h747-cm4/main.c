/*
 * Render-core firmware for the STM32H747 Cortex-M4.  For now it attaches to
 * the inter-core channel and echoes every command back as an event (same
 * type, same payload); the display issue adds the renderer.
 *
 * Start: with BCM4=0 (the board default) the CM7 lays out the shared block
 * and then releases this core through RCC_GCR.BOOT_C2.  With BCM4=1 both
 * cores start together; this core then sleeps until the CM7 frees the boot
 * semaphore (IPC_SEM_BOOT), as ST's dual-core examples do.
 */
#include <stddef.h>
#include "stm32h747.h"
#include "h7_system.h"
#include "h7_ipc.h"

static ipc_chan_t ch;
static uint8_t buf[IPC_CMD_RING_SIZE / 2];

/* the block is ready when the CM7 has finished it and not yet seen us:
 * the boot semaphore is free before and after reading it */
static bool shm_ready(ipc_shm_t *shm)
{
    if (h7_hsem_is_locked(IPC_SEM_BOOT)) {
        return false;
    }
    bool ok = ipc_shm_check(shm) == IPC_OK &&
              atomic_load(&shm->cm4_state) == IPC_CM4_OFF;
    return ok && !h7_hsem_is_locked(IPC_SEM_BOOT);
}

static void stop(ipc_shm_t *shm, int rc)
{
    atomic_store(&shm->cm4_error, rc);
    for (;;) {
        __asm volatile ("wfi");
    }
}

int main(void)
{
    ipc_shm_t *shm = H7_IPC_SHM;

    h7_irq_set(H7_IRQ_HSEM2, h7_ipc_irq);
    h7_nvic_enable(H7_IRQ_HSEM2, 1);
    RCC_AHB4ENR |= RCC_AHB4ENR_HSEMEN;
    h7_hsem_notify(IPC_SEM_BOOT);           /* before the check: no lost free */
    while (!shm_ready(shm)) {
        h7_hsem_wait_freed(IPC_SEM_BOOT);
    }

    h7_ipc_bind(&ch, shm, NULL);
    atomic_fetch_add(&shm->cm4_boots, 1);
    atomic_store(&shm->cm4_state, IPC_CM4_RUNNING);

    for (;;) {
        uint16_t len, type;
        uint32_t seq;
        int rc = ipc_chan_recv(&ch, buf, sizeof(buf), &len, &type, &seq, NULL);
        if (rc == IPC_OK) {
            rc = ipc_chan_send(&ch, buf, len, type, NULL);
        }
        if (rc != IPC_OK) {
            stop(shm, rc);
        }
    }
}
