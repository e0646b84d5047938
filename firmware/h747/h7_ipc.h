/*
 * The inter-core channel on the STM32H747, either core: binds an ipc_chan_t
 * to the shared block in SRAM4 and to the HSEM doorbells (lib/ipc/h7_shm.h).
 */
#ifndef H7STACK_H7_IPC_H
#define H7STACK_H7_IPC_H

#include <stdbool.h>
#include "h7_shm.h"

/* deadline test for sleeps: non-zero once the time is up (NULL deadline:
 * never).  Called with interrupts masked, so it must not block. */
typedef int (*h7_ipc_expired_fn)(void *deadline);

#define H7_IPC_SHM ((h7_shm_t *)H7_SHM_ADDR)

/* true on the Cortex-M7, false on the Cortex-M4 (from SCB CPUID) */
bool h7_core_is_cm7(void);

/* A doorbell: this core's semaphore and the other core's.  rang is set by
 * the HSEM interrupt (latched) and taken by a sleep; on_ring, if set, runs
 * in the interrupt. */
typedef struct {
    uint8_t mine, peer;
    volatile uint32_t rang;
    h7_ipc_expired_fn expired;
    void (*on_ring)(void);
} h7_bell_t;
#define H7_MAX_BELLS 4

/* Set up this core's side of the general channel: rings and flags of
 * `shm`, the doorbells, and this core's HSEM interrupt (which the caller
 * must route to h7_ipc_irq through its NVIC/dispatch). */
void h7_ipc_bind(ipc_chan_t *ch, h7_shm_t *shm, h7_ipc_expired_fn expired);
/* the same for the display-stack channel (the caller owns the bell) */
void h7_ipc_bind_ui(ipc_chan_t *ch, h7_shm_t *shm, h7_bell_t *bell);
void h7_ipc_attach(ipc_chan_t *ch, ipc_ring_t *tx, ipc_ring_t *rx, ipc_flags_t *mine,
                   ipc_flags_t *peer, h7_bell_t *bell);
void h7_ipc_irq(void);
/* true (once) if the bell rang since the last take or sleep */
bool h7_bell_take(h7_bell_t *b);

/* HSEM helpers, for the boot hand-over */
bool h7_hsem_lock(unsigned n);   /* 1-step lock: true when taken */
void h7_hsem_unlock(unsigned n); /* release a semaphore this core holds */
bool h7_hsem_is_locked(unsigned n);
/* Notice frees of semaphore n (this core's HSEM interrupt), then sleep
 * (WFI) until one happened since h7_hsem_notify() or the last wait. */
void h7_hsem_notify(unsigned n);
void h7_hsem_wait_freed(unsigned n);

#endif
