/*
 * The STM32H747I-DISCO CM7 port's part of the bluetooth backend.  HCI
 * (H4 framing) runs on UART8, PJ8 TX and PJ9 RX (alternate function 8: the
 * Arduino connector's D1/D0), 115200 baud 8N1, the rate HCI UART
 * controllers start at.  In QEMU, UART8 is the machine's second -serial
 * chardev (scripts/run_qemu.sh --ble SOCKET connects it to btvirt).
 *
 * Received bytes go from UART8's interrupt into a byte ring; the interrupt
 * and the board's 1 kHz tick (a slot of its dispatch, taken while the host
 * is active) schedule a poll of the host, so the host runs in scheduled
 * tasks on the VM as on unix.  When the ring is
 * full the interrupt stops taking bytes until a poll has drained it (the
 * UART then holds the line back: in QEMU the chardev is not read).
 *
 * SPDX-License-Identifier: MIT
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "py/mperrno.h"
#include "extmod/modbluetooth.h"
#include "stm32h747.h"
#include "h7_system.h"
#include "h7_usart.h"
#include "h7_tick.h"
#include "bytering.h"
#include "h747_port.h"
#include "binding.h"

#if MICROPY_PY_BLUETOOTH

#define HCI_UART 8
#define U        UART8_BASE
#define HCI_BAUD 115200
#define RX_RING  4096 /* a power of two */

static uint8_t rx_mem[RX_RING];
static bytering_t rx_ring; /* written by the interrupt, read by polls */
static volatile bool polling;

/* ---- lib/ble/os on the board ---- */

static uint32_t now_ms(void) {
    return (uint32_t)mp_hal_ticks_ms();
}

static unsigned irq_lock(void) {
    return h747_disable_irq();
}

static void irq_unlock(unsigned key) {
    h747_enable_irq(key);
}

/* SysTick or the UART wakes the core within a millisecond */
static void idle(uint32_t max_ms) {
    (void)max_ms;
    __asm volatile("wfi");
}

/* the host's buffers on the GC heap, kept from the collector on the
 * tracked list (freed by the host; gone with the heap at a soft reset, after
 * mp_bluetooth_deinit has stopped the host) */
static void *heap_alloc(size_t len) {
    return m_tracked_calloc(1, len);
}

const h7bt_os_port_t h7ble_os_port = {
    .now_ms = now_ms,
    .irq_lock = irq_lock,
    .irq_unlock = irq_unlock,
    .idle = idle,
    .alloc = heap_alloc,
    .free = m_tracked_free,
};

/* ---- UART8 ---- */

static void uart8_irq(void) {
    while (USART_ISR(U) & USART_ISR_RXNE) {
        if (!bytering_free(&rx_ring)) {
            USART_CR1(U) &= ~USART_CR1_RXNEIE; /* full: the next poll re-enables */
            break;
        }
        bytering_put(&rx_ring, (uint8_t)USART_RDR(U));
    }
    USART_ICR(U) = 0x1F; /* overrun and line errors: H4 resynchronises */
    if (polling) {
        h7ble_schedule_poll();
    }
}

static void ble_tick(void) {
    h7ble_schedule_poll();
}

static int read_hci(h7bt_os_input_t *in) {
    (void)in;
    uint8_t buf[256];
    int n = 0;
    for (;;) {
        size_t len = bytering_read(&rx_ring, buf, sizeof(buf));
        USART_CR1(U) |= USART_CR1_RXNEIE; /* room again */
        if (!len) {
            return n;
        }
        h7bt_host_feed(buf, len);
        n++;
    }
}

h7bt_os_input_t h7ble_hci_input = { NULL, read_hci };

static int send_hci(void *ctx, const uint8_t *data, size_t len) {
    (void)ctx;
    for (size_t i = 0; i < len; i++) {
        while (!(USART_ISR(U) & USART_ISR_TXE)) {
        }
        USART_TDR(U) = data[i];
    }
    return 0;
}

const h7bt_hci_transport_t h7ble_transport = { send_hci, NULL };

/* a soft reset ends BLE: links closed, UART8 off, before the heap goes */
static h747_soft_reset_hook_t reset_hook = { mp_bluetooth_deinit, NULL };

int h7ble_port_open(void) {
    static const h7_usart_config_t hci_line = { .baudrate = HCI_BAUD, .bits = 8, .stop = 1 };
    if (!h7_usart_claim(HCI_UART)) {
        return MP_EBUSY; /* machine.UART(8) has it */
    }
    h747_soft_reset_hook_add(&reset_hook);
    bytering_init(&rx_ring, rx_mem, sizeof(rx_mem));
    h7_usart_init(HCI_UART, &hci_line, NULL);
    USART_CR1(U) |= USART_CR1_RXNEIE;
    h7_irq_set(H7_IRQ_UART8, uart8_irq);
    h7_nvic_enable(H7_IRQ_UART8, 1);
    return 0;
}

void h7ble_port_start(void) {
    polling = true;
    h7_tick_enable_dispatch(H7_TICK_SLOT_BLE, ble_tick);
}

void h7ble_port_stop(void) {
    h7_tick_disable_dispatch(H7_TICK_SLOT_BLE);
    polling = false;
}

void h7ble_port_close(void) {
    h7_nvic_disable(H7_IRQ_UART8);
    h7_usart_deinit(HCI_UART);
    h7_usart_release(HCI_UART);
}

/* no HCI log on the board: btvirt's other side, or btmon, can keep one */
h7ble_hci_log_fn h7ble_port_hci_log(void) {
    return NULL;
}

void h7ble_random(uint8_t *out, size_t len) {
    while (len) {
        uint32_t w = h747_rng_word();
        for (int i = 0; i < 4 && len; i++, len--) {
            *out++ = (uint8_t)(w >> (8 * i));
        }
    }
}

#endif
