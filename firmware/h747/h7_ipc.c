/*
 * HSEM doorbells for lib/ipc.  To wake the other core, take its bell
 * semaphore (1-step lock: a read of RLR) and free it at once: the free sets
 * the other core's HSEM interrupt status, which stays pending until that
 * core's handler clears it, so a bell rung before the sleeper reaches WFI is
 * not lost (the "latched bell" of ipc_chan.h).
 */
#include <stddef.h>
#include "stm32h747.h"
#include "h7_ipc.h"

static volatile uint32_t freed_mask;   /* semaphores seen freed (h7_hsem_wait_freed) */
static h7_bell_t *bells[H7_MAX_BELLS]; /* this core's bells, for the interrupt */
static h7_bell_t main_bell;            /* the channel of h7_ipc_bind() */

bool h7_core_is_cm7(void) {
    return SCB_CPUID_PARTNO(SCB_CPUID) == 0xC27u;
}

static unsigned my_core(void) /* HSEM interrupt bank: 0 CM7, 1 CM4 */
{
    return h7_core_is_cm7() ? 0 : 1;
}

static uint32_t my_coreid(void) {
    return h7_core_is_cm7() ? HSEM_COREID_CM7 : HSEM_COREID_CM4;
}

bool h7_hsem_lock(unsigned n) {
    uint32_t mine = HSEM_R_LOCK | (my_coreid() << HSEM_R_COREID_Pos);
    return HSEM_RLR(n) == mine;
}

void h7_hsem_unlock(unsigned n) {
    HSEM_R(n) = my_coreid() << HSEM_R_COREID_Pos;
}

bool h7_hsem_is_locked(unsigned n) {
    return (HSEM_R(n) & HSEM_R_LOCK) != 0;
}

void h7_ipc_irq(void) {
    unsigned c = my_core();
    uint32_t m = HSEM_CMISR(c);
    HSEM_CICR(c) = m;
    freed_mask |= m;
    for (int i = 0; i < H7_MAX_BELLS && bells[i]; i++) {
        if (m & (1u << bells[i]->mine)) {
            bells[i]->rang = 1;
            if (bells[i]->on_ring) {
                bells[i]->on_ring();
            }
        }
    }
}

static void ring_other_core(ipc_chan_t *ch) {
    unsigned n = ((h7_bell_t *)ch->hw)->peer;
    if (h7_hsem_lock(n)) {
        h7_hsem_unlock(n);
    }
}

static int sleep_for_bell(ipc_chan_t *ch, void *deadline) {
    h7_bell_t *b = ch->hw;
    for (;;) {
        __asm volatile("cpsid i" ::: "memory");
        if (b->rang) {
            b->rang = 0;
            __asm volatile("cpsie i" ::: "memory");
            return 0;
        }
        if (deadline && b->expired && b->expired(deadline)) {
            __asm volatile("cpsie i" ::: "memory");
            return 1;
        }
        /* a pending interrupt ends WFI even with PRIMASK set; the handler
         * runs once interrupts are on again */
        __asm volatile("dsb\n wfi" ::: "memory");
        __asm volatile("cpsie i\n isb" ::: "memory");
    }
}

bool h7_bell_take(h7_bell_t *b) {
    __asm volatile("cpsid i" ::: "memory");
    bool r = b->rang;
    b->rang = 0;
    __asm volatile("cpsie i" ::: "memory");
    return r;
}

void h7_ipc_attach(ipc_chan_t *ch, ipc_ring_t *tx, ipc_ring_t *rx, ipc_flags_t *mine,
                   ipc_flags_t *peer, h7_bell_t *bell) {
    *ch = (ipc_chan_t){ .tx = tx,
                        .rx = rx,
                        .mine = mine,
                        .peer = peer,
                        .ring = ring_other_core,
                        .sleep = sleep_for_bell,
                        .hw = bell };
    bell->rang = 0;
    for (int i = 0; i < H7_MAX_BELLS; i++) {
        if (!bells[i] || bells[i] == bell) {
            bells[i] = bell;
            break;
        }
    }
    RCC_AHB4ENR |= RCC_AHB4ENR_HSEMEN;
    HSEM_CIER(my_core()) |= 1u << bell->mine;
}

void h7_ipc_bind(ipc_chan_t *ch, h7_shm_t *shm, h7_ipc_expired_fn expired) {
    bool cm7 = h7_core_is_cm7();
    main_bell.mine = cm7 ? H7_SEM_BELL_CM7 : H7_SEM_BELL_CM4;
    main_bell.peer = cm7 ? H7_SEM_BELL_CM4 : H7_SEM_BELL_CM7;
    main_bell.expired = expired;
    h7_ipc_attach(ch, cm7 ? h7_shm_cmd(shm) : h7_shm_evt(shm),
                  cm7 ? h7_shm_evt(shm) : h7_shm_cmd(shm), cm7 ? &shm->cm7_flags : &shm->cm4_flags,
                  cm7 ? &shm->cm4_flags : &shm->cm7_flags, &main_bell);
}

void h7_ipc_bind_ui(ipc_chan_t *ch, h7_shm_t *shm, h7_bell_t *bell) {
    bool cm7 = h7_core_is_cm7();
    bell->mine = cm7 ? H7_SEM_UI_BELL_CM7 : H7_SEM_UI_BELL_CM4;
    bell->peer = cm7 ? H7_SEM_UI_BELL_CM4 : H7_SEM_UI_BELL_CM7;
    h7_ipc_attach(ch, cm7 ? h7_shm_ui_cmd(shm) : h7_shm_ui_evt(shm),
                  cm7 ? h7_shm_ui_evt(shm) : h7_shm_ui_cmd(shm),
                  cm7 ? &shm->cm7_ui_flags : &shm->cm4_ui_flags,
                  cm7 ? &shm->cm4_ui_flags : &shm->cm7_ui_flags, bell);
}

void h7_hsem_notify(unsigned n) {
    freed_mask &= ~(1u << n);
    HSEM_CIER(my_core()) |= 1u << n;
}

void h7_hsem_wait_freed(unsigned n) {
    for (;;) {
        __asm volatile("cpsid i" ::: "memory");
        if (freed_mask & (1u << n)) {
            freed_mask &= ~(1u << n);
            __asm volatile("cpsie i" ::: "memory");
            return;
        }
        __asm volatile("dsb\n wfi" ::: "memory");
        __asm volatile("cpsie i\n isb" ::: "memory");
    }
}
