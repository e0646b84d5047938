/* Time (from the board's SysTick count) and the console on USART1 (interrupt-driven receive into a byte
 * ring; Ctrl-C raises KeyboardInterrupt from the interrupt). */
#include <string.h>
#include "py/runtime.h"
#include "py/stream.h"
#include "py/mphal.h"
#include "shared/runtime/interrupt_char.h"
#include "extmod/misc.h"
#include "stm32h747.h"
#include "h7_system.h"
#include "h7_tick.h"
#include "h7_uart.h"
#include "bytering.h"
#include "h747_port.h"

#define U                 USART1_BASE
#define RX_BUF            1024 /* a power of two */
#define USART_CR1_RXFNEIE USART_CR1_RXNEIE

static uint8_t rx_mem[RX_BUF];
static bytering_t rx_ring; /* written by usart1_irq, read by the VM */

/* The time base is the SysTick count (h7_tick): the timers stay free for
 * pyb.Timer and machine.PWM. */
static uint64_t ticks_us64(void) {
    return h7_tick_us();
}

static void usart1_irq(void) {
    while (USART_ISR(U) & USART_ISR_RXNE) {
        if (!bytering_free(&rx_ring)) {
            /* buffer full: stop taking bytes; the USART holds the rest */
            USART_CR1(U) &= ~USART_CR1_RXFNEIE;
            return;
        }
        int c = USART_RDR(U) & 0xFF;
        if (c == mp_interrupt_char) {
            mp_sched_keyboard_interrupt();
        } else {
            bytering_put(&rx_ring, (uint8_t)c);
        }
    }
    USART_ICR(U) = 0x1F; /* clear overrun and line errors */
}

void mp_hal_init(uint32_t hz) {
    h7_tick_init(hz);
    bytering_init(&rx_ring, rx_mem, sizeof(rx_mem));
    h7_irq_set(H7_IRQ_USART1, usart1_irq);
    USART_CR1(U) |= USART_CR1_RXFNEIE;
    h7_nvic_enable(H7_IRQ_USART1, 1);
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(ticks_us64() / 1000);
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)ticks_us64();
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return (mp_uint_t)h7_tick_cycles();
}

uint64_t mp_hal_time_ns(void) {
    uint64_t ns;
    if (h747_rtc_time_ns(&ns)) {
        return ns;
    }
    /* no RTC: time since boot, on MicroPython's 2000-01-01 epoch */
    return ticks_us64() * 1000;
}

void mp_hal_delay_ms(mp_uint_t ms) {
    uint32_t start = mp_hal_ticks_ms();
    while (mp_hal_ticks_ms() - start < ms) {
        MICROPY_EVENT_POLL_HOOK
    }
}

void mp_hal_delay_us(mp_uint_t us) {
    uint32_t start = mp_hal_ticks_us();
    while (mp_hal_ticks_us() - start < us) {
    }
}

uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    uintptr_t ret = 0;
    if ((poll_flags & MP_STREAM_POLL_RD) && bytering_used(&rx_ring)) {
        ret |= MP_STREAM_POLL_RD;
    }
    if (poll_flags & MP_STREAM_POLL_WR) {
        ret |= MP_STREAM_POLL_WR;
    }
    return ret | mp_os_dupterm_poll(poll_flags);
}

int mp_hal_stdin_rx_chr(void) {
    for (;;) {
        int c = bytering_get(&rx_ring);
        if (c >= 0) {
            USART_CR1(U) |= USART_CR1_RXFNEIE; /* room again */
            return c;
        }
        c = mp_os_dupterm_rx_chr(); /* WebREPL, when os.dupterm has it */
        if (c >= 0) {
            return c;
        }
        h747_heap_stats_poll(); /* the heap figures for h7top, when due */
        MICROPY_EVENT_POLL_HOOK
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    for (size_t i = 0; i < len; i++) {
        h7_uart_putc(str[i]);
    }
    mp_os_dupterm_tx_strn(str, len);
    return len;
}

/* the address upstream's stm32 port derives from the 96-bit unique ID (the
 * QEMU board reports the same for its Ethernet port) */
void mp_hal_get_mac(int idx, uint8_t buf[6]) {
    const volatile uint8_t *id = (const volatile uint8_t *)UID_BASE;
    buf[0] = 0x02; /* locally administered */
    buf[1] = (uint8_t)((id[11] << 4) | (id[10] & 0xF));
    buf[2] = (uint8_t)((id[9] << 4) | (id[8] & 0xF));
    buf[3] = (uint8_t)((id[7] << 4) | (id[6] & 0xF));
    buf[4] = id[2];
    buf[5] = (uint8_t)((id[0] << 2) | idx);
}
