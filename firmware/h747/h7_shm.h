/*
 * The inter-core shared memory of the STM32H747: one h7_shm_t at the start
 * of SRAM4 (D3 domain, 0x38000000, seen at the same address by both cores).
 *
 * Cache coherency: the Cortex-M4 has no data cache.  On the Cortex-M7 the
 * firmware makes SRAM4 a non-cacheable, shareable normal-memory MPU region
 * before it touches this block (h7_mpu_sram4_noncacheable()), so every load
 * and store goes to the SRAM and no clean/invalidate is needed; the rings'
 * acquire/release ordering then only needs the DMB that the atomics emit.
 *
 * Doorbells: each core has one HSEM semaphore that the other core takes and
 * frees (1-step lock, then release) to wake it; the freeing raises that
 * core's HSEM interrupt.  A core rings only when the flags below say the
 * other side sleeps, so a busy channel costs no semaphore traffic.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_H7_SHM_H
#define H7STACK_H7_SHM_H

#include <stddef.h>
#include <stdint.h>
#include "ipc_ring.h"
#include "ipc_chan.h"

#define H7_SHM_ADDR          0x38000000u /* SRAM4 */
#define H7_SHM_MAGIC         0x48375348u /* "HS7H" */
#define H7_SHM_VERSION       2u
#define H7_SHM_CMD_RING_SIZE 16384u /* CM7 -> CM4 commands */
#define H7_SHM_EVT_RING_SIZE 16384u /* CM4 -> CM7 events */
#define H7_SHM_UI_CMD_SIZE   8192u  /* display stack: CM7 -> CM4 */
#define H7_SHM_UI_EVT_SIZE   2048u  /* display stack: CM4 -> CM7 */

/* HSEM semaphores */
#define H7_SEM_BOOT        0 /* held by the CM7 while it prepares this block */
#define H7_SEM_BELL_CM4    1 /* freed by the CM7 to wake the CM4 */
#define H7_SEM_BELL_CM7    2 /* freed by the CM4 to wake the CM7 */
#define H7_SEM_UI_BELL_CM4 3 /* the same for the display-stack channel */
#define H7_SEM_UI_BELL_CM7 4
#define H7_SEM_I2C4        5 /* held by the core using I2C4 (CM4 touch, CM7 machine.I2C(4)) */

/* cm4_state */
#define H7_CM4_OFF     0u
#define H7_CM4_RUNNING 1u /* the CM4 has attached to the rings */

typedef struct {
    /* line 0: written by the CM7 before it releases the CM4 */
    uint32_t magic;
    uint32_t version;
    uint32_t size; /* sizeof(h7_shm_t) */
    uint32_t cmd_offset, evt_offset;
    uint32_t reserved0[3];
    /* line 1: written by the CM4 */
    _Atomic uint32_t cm4_state;
    _Atomic uint32_t cm4_boots;
    _Atomic int32_t cm4_error;  /* the IPC_E* code that stopped the CM4, or 0 */
    uint32_t cm4_display;       /* display_init() result | touch_init() result << 16 */
    uint32_t cm4_input_dropped; /* input events no application read (queue full) */
    uint32_t reserved1[3];
    /* lines 2 and 3: each side's sleep flags, read by the other side */
    ipc_flags_t cm7_flags;
    ipc_flags_t cm4_flags;
    /* the rings, each a control block and its data */
    _Alignas(IPC_LINE) uint8_t cmd[IPC_RING_BYTES(H7_SHM_CMD_RING_SIZE)];
    _Alignas(IPC_LINE) uint8_t evt[IPC_RING_BYTES(H7_SHM_EVT_RING_SIZE)];
    /* the display-stack channel (lib/ui): its own flags and rings */
    ipc_flags_t cm7_ui_flags;
    ipc_flags_t cm4_ui_flags;
    _Alignas(IPC_LINE) uint8_t ui_cmd[IPC_RING_BYTES(H7_SHM_UI_CMD_SIZE)];
    _Alignas(IPC_LINE) uint8_t ui_evt[IPC_RING_BYTES(H7_SHM_UI_EVT_SIZE)];
} h7_shm_t;

_Static_assert(offsetof(h7_shm_t, magic) == 0x00, "magic");
_Static_assert(offsetof(h7_shm_t, size) == 0x08, "size");
_Static_assert(offsetof(h7_shm_t, cm4_state) == 0x20, "cm4_state opens line 1");
_Static_assert(offsetof(h7_shm_t, cm4_boots) == 0x24, "cm4_boots");
_Static_assert(offsetof(h7_shm_t, cm4_error) == 0x28, "cm4_error");
_Static_assert(offsetof(h7_shm_t, cm4_display) == 0x2C, "cm4_display");
_Static_assert(offsetof(h7_shm_t, cm4_input_dropped) == 0x30, "cm4_input_dropped");
_Static_assert(offsetof(h7_shm_t, cm7_flags) == 0x40, "CM7 flags on line 2");
_Static_assert(offsetof(h7_shm_t, cm4_flags) == 0x60, "CM4 flags on line 3");
_Static_assert(sizeof(ipc_flags_t) == IPC_LINE, "flags fill one line");
_Static_assert(offsetof(h7_shm_t, cmd) == 0x80, "cmd ring after the flags");
_Static_assert(offsetof(h7_shm_t, evt) == 0x80 + IPC_RING_BYTES(H7_SHM_CMD_RING_SIZE),
               "evt ring right after the cmd ring");
_Static_assert(offsetof(h7_shm_t, evt) % IPC_LINE == 0, "evt ring on a line");
#define H7_SHM_UI_FLAGS \
    (0x80 + IPC_RING_BYTES(H7_SHM_CMD_RING_SIZE) + IPC_RING_BYTES(H7_SHM_EVT_RING_SIZE))
_Static_assert(offsetof(h7_shm_t, cm7_ui_flags) == H7_SHM_UI_FLAGS, "UI flags after evt");
_Static_assert(offsetof(h7_shm_t, ui_cmd) == H7_SHM_UI_FLAGS + 2 * IPC_LINE, "UI cmd ring");
_Static_assert(offsetof(h7_shm_t, ui_evt) ==
                   H7_SHM_UI_FLAGS + 2 * IPC_LINE + IPC_RING_BYTES(H7_SHM_UI_CMD_SIZE),
               "UI evt ring right after");
_Static_assert(sizeof(h7_shm_t) == H7_SHM_UI_FLAGS + 2 * IPC_LINE +
                                       IPC_RING_BYTES(H7_SHM_UI_CMD_SIZE) +
                                       IPC_RING_BYTES(H7_SHM_UI_EVT_SIZE),
               "no hidden padding");
_Static_assert(sizeof(h7_shm_t) <= 64 * 1024, "fits in SRAM4");

static inline ipc_ring_t *h7_shm_cmd(h7_shm_t *shm) {
    return (ipc_ring_t *)(void *)shm->cmd;
}

static inline ipc_ring_t *h7_shm_evt(h7_shm_t *shm) {
    return (ipc_ring_t *)(void *)shm->evt;
}

static inline ipc_ring_t *h7_shm_ui_cmd(h7_shm_t *shm) {
    return (ipc_ring_t *)(void *)shm->ui_cmd;
}

static inline ipc_ring_t *h7_shm_ui_evt(h7_shm_t *shm) {
    return (ipc_ring_t *)(void *)shm->ui_evt;
}

/* CM7, before releasing the CM4: every ring empty, flags clear */
int h7_shm_init(h7_shm_t *shm);
/* CM4: IPC_OK when the CM7 has laid out a block this code understands */
int h7_shm_check(const h7_shm_t *shm);

#endif
