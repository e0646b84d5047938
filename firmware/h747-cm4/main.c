/*
 * Render-core firmware for the STM32H747 Cortex-M4.
 *
 * Two channels to the CM7 (lib/ipc over SRAM4, HSEM doorbells): the general
 * one, whose commands are echoed back as events (the `ipc` module's tests
 * and benchmarks), and the display-stack one, served by lib/ui's render
 * side: it draws into the SDRAM framebuffer that the LTDC scans out, and
 * sends touches from the FT5336, the joystick and the user button back as
 * input events.  With nothing to do
 * the core sleeps in WFI until a doorbell or the touch interrupt.
 *
 * Start: with BCM4=0 (the board default) the CM7 lays out the shared block
 * and then releases this core through RCC_GCR.BOOT_C2.  With BCM4=1 both
 * cores start together; this core then sleeps until the CM7 frees the boot
 * semaphore (H7_SEM_BOOT), as ST's dual-core examples do.
 */
#include <stddef.h>
#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_system.h"
#include "h7_ipc.h"
#include "ui_server.h"
#include "display.h"
#include "touch.h"
#include "keys.h"
#include "dma2d.h"

#define TIM5_BASE 0x40000C00u
/* this core's EXTI lines for touch (7) and keys (2-6, 13) */
static const int exti_irqs[] = { 8, 9, 10, 23, 40 }; /* EXTI2, 3, 4, 9_5, 15_10 */

static ipc_chan_t ch, ui_ch;
static h7_bell_t ui_bell;
static ui_server_t srv;
static uint8_t buf[H7_SHM_CMD_RING_SIZE / 2];
static touch_state_t last_touch;
static uint32_t last_keys;
static void queue_event(const ui_event_t *ev);

static void exti_irq(void) {
    touch_irq();
    keys_irq();
}

static void poll_keys(void) {
    uint32_t now = keys_read(), diff = now ^ last_keys;
    for (unsigned k = 0; k < KEY_COUNT; k++) {
        if (diff & (1u << k)) {
            ui_event_t ev = { .kind = UI_EV_KEY,
                              .key = (int32_t)(k + 1),
                              .pressed = (uint8_t)(now >> k & 1) };
            queue_event(&ev);
        }
    }
    last_keys = now;
}

/* the block is ready when the CM7 has finished it and not yet seen us:
 * the boot semaphore is free before and after reading it */
static bool shm_ready(h7_shm_t *shm) {
    if (h7_hsem_is_locked(H7_SEM_BOOT)) {
        return false;
    }
    bool ok = h7_shm_check(shm) == IPC_OK && atomic_load(&shm->cm4_state) == H7_CM4_OFF;
    return ok && !h7_hsem_is_locked(H7_SEM_BOOT);
}

static void stop(h7_shm_t *shm, int rc) {
    atomic_store(&shm->cm4_error, rc);
    for (;;) {
        __asm volatile("wfi");
    }
}

/* TIM5 as a free-running 1 MHz counter: render times in microseconds */
static void timebase_init(void) {
    h7_clocks_t c;
    h7_clock_read(&c);
    RCC_APB1LENR |= 1u << 3; /* TIM5EN */
    TIM_PSC(TIM5_BASE) = c.timx / 1000000u - 1;
    TIM_ARR(TIM5_BASE) = 0xFFFFFFFFu;
    TIM_EGR(TIM5_BASE) = 1;
    TIM_CR1(TIM5_BASE) = 1;
}

static uint32_t now_us(void) {
    return TIM_CNT(TIM5_BASE);
}

/*
 * Neither channel may stall the other, so this core never blocks on a full
 * ring: an echo that does not fit waits in `buf` (and no further command is
 * taken), and hardware input events wait in a queue until the event ring
 * has room.  Input is only queued once the CM7 has used the display stack;
 * if the queue overflows (an application that never reads), the newest
 * events are dropped and counted in the shared block.
 */
static bool echo_waiting;
static uint16_t echo_len, echo_type;
#define EVQ 128
static ui_event_t evq[EVQ];
static unsigned evq_head, evq_tail;

static void queue_event(const ui_event_t *ev) {
    if (!srv.attached) {
        return; /* nobody uses the display stack yet */
    }
    if (evq_head - evq_tail == EVQ) {
        H7_IPC_SHM->cm4_input_dropped++;
        return;
    }
    evq[evq_head++ % EVQ] = *ev;
}

static bool flush_events(void) {
    bool sent = false;
    uint8_t rec[UI_EVENT_WIRE];
    while (evq_tail != evq_head) {
        size_t n = ui_wire_event(rec, &evq[evq_tail % EVQ]);
        if (ipc_chan_try_send(&ui_ch, rec, (uint16_t)n, UI_EVT_INPUT) != IPC_OK) {
            break;
        }
        evq_tail++;
        sent = true;
    }
    return sent;
}

static void send_touch(uint8_t kind, const touch_state_t *t) {
    ui_event_t ev = { .kind = kind, .x = (int16_t)t->x, .y = (int16_t)t->y };
    queue_event(&ev);
}

/* press when a finger comes, move when it moves, release when it goes */
static void poll_touch(void) {
    touch_state_t t;
    if (touch_read(&t) != 0) {
        return;
    }
    if (t.count && !last_touch.count) {
        send_touch(UI_EV_PRESS, &t);
    } else if (t.count && (t.x != last_touch.x || t.y != last_touch.y)) {
        send_touch(UI_EV_MOVE, &t);
    } else if (!t.count && last_touch.count) {
        send_touch(UI_EV_RELEASE, &last_touch);
    }
    last_touch = t;
}

/* echo what the general channel brings, without ever waiting */
static bool serve_echo(h7_shm_t *shm) {
    bool worked = false;
    uint32_t seq;
    int rc;
    for (;;) {
        if (!echo_waiting) {
            rc = ipc_chan_try_recv(&ch, buf, sizeof(buf), &echo_len, &echo_type, &seq);
            if (rc == IPC_EEMPTY) {
                return worked;
            }
            if (rc != IPC_OK) {
                stop(shm, rc);
            }
            echo_waiting = true;
            worked = true;
        }
        rc = ipc_chan_try_send(&ch, buf, echo_len, echo_type);
        if (rc == IPC_EFULL) {
            return worked; /* try again when the CM7 has read */
        }
        if (rc != IPC_OK) {
            stop(shm, rc);
        }
        echo_waiting = false;
        worked = true;
    }
}

/* something to do now? */
static bool work_waiting(void) {
    return (!echo_waiting && ipc_ring_depth(ch.rx)) || ipc_ring_depth(ui_ch.rx);
}

/* announce what may wake us (commands on either channel; room for a
 * waiting echo or waiting events), look once more, then WFI: a doorbell or
 * touch interrupt after the look is pending and ends the WFI at once
 * (ipc_chan.h explains the protocol) */
static void sleep_until_work(void) {
    atomic_store(&ch.mine->want_data, 1);
    atomic_store(&ui_ch.mine->want_data, 1);
    atomic_store(&ch.mine->want_space, echo_waiting);
    atomic_store(&ui_ch.mine->want_space, evq_head != evq_tail);
    atomic_thread_fence(memory_order_seq_cst);
    __asm volatile("cpsid i" ::: "memory");
    bool room = (echo_waiting && ipc_ring_fits(ch.tx, echo_len)) ||
                (evq_head != evq_tail && ipc_ring_fits(ui_ch.tx, UI_EVENT_WIRE));
    if (!work_waiting() && !room) {
        __asm volatile("dsb\n wfi" ::: "memory");
    }
    __asm volatile("cpsie i\n isb" ::: "memory");
    atomic_store(&ch.mine->want_data, 0);
    atomic_store(&ui_ch.mine->want_data, 0);
    atomic_store(&ch.mine->want_space, 0);
    atomic_store(&ui_ch.mine->want_space, 0);
}

int main(void) {
    h7_shm_t *shm = H7_IPC_SHM;

    h7_irq_set(H7_IRQ_HSEM2, h7_ipc_irq);
    h7_nvic_enable(H7_IRQ_HSEM2, 1);
    RCC_AHB4ENR |= RCC_AHB4ENR_HSEMEN;
    h7_hsem_notify(H7_SEM_BOOT); /* before the check: no lost free */
    while (!shm_ready(shm)) {
        h7_hsem_wait_freed(H7_SEM_BOOT);
    }

    h7_ipc_bind(&ch, shm, NULL);
    h7_ipc_bind_ui(&ui_ch, shm, &ui_bell);
    timebase_init();
    int disp = display_init();
    int tch = touch_init();
    keys_init();
    last_keys = keys_read();
    for (unsigned i = 0; i < sizeof(exti_irqs) / sizeof(exti_irqs[0]); i++) {
        h7_irq_set(exti_irqs[i], exti_irq);
        h7_nvic_enable(exti_irqs[i], 2);
    }
    ui_screen_init(&srv.screen, DISPLAY_NODES, UI_MAX_NODES, DISPLAY_FB);
    srv.ch = &ui_ch;
    srv.now_us = now_us;
    /* the DMA2D for fills of 4096 pixels and more, the CPU for the rest */
    srv.screen.hw_fill = dma2d_fill;
    srv.screen.hw_min_pixels = 4096;
#ifndef H7_CM4_CPU_TEXT
    /* and for opaque text, whose every cell costs the CPU a bit test a pixel */
    srv.screen.hw_text = dma2d_text;
#endif
    /* each transfer runs while the CPU prepares the next */
    srv.screen.hw_wait = dma2d_wait;
    shm->cm4_display = (uint32_t)(disp & 0xFFFF) | (uint32_t)(tch & 0xFFFF) << 16;
    atomic_fetch_add(&shm->cm4_boots, 1);
    atomic_store(&shm->cm4_state, H7_CM4_RUNNING);

    for (;;) {
        bool worked = serve_echo(shm);
        while (ui_server_poll(&srv) != UI_ETIMEOUT) {
            worked = true;
        }
        if (touch_changed()) {
            poll_touch();
            worked = true;
        }
        if (keys_changed()) {
            poll_keys();
            worked = true;
        }
        worked |= flush_events();
        if (!worked) {
            sleep_until_work();
        }
    }
}
