/*
 * STM32H7 USART (RM0399 "USART/UART"), asynchronous mode on a chardev.
 *
 * Transmission: TDR feeds a FIFO of 16 bytes when CR1.FIFOEN is set, one byte
 * otherwise, which is handed to the chardev as fast as it takes it
 * (qemu_chr_fe_write, then qemu_chr_fe_add_watch while the backend is
 * full, as upstream's stm32l4x5_usart); TXE/TXFNF, TXFE, TXFT and TC follow
 * the FIFO.  A backend that stops reading (a pty nobody reads) makes the
 * guest wait on TXE, never QEMU.  Reception fills a
 * FIFO of 16 bytes when CR1.FIFOEN is set, one byte (RDR) otherwise; the
 * chardev is only asked for what fits, so no overrun can happen.  The baud
 * rate follows from the kernel clock, PRESC, BRR and CR1.OVER8, is pushed to
 * the chardev (real serial ports) and can be read as the "baudrate" property.
 *
 * With "paced" set (the default) the transmitter takes a frame's time in
 * virtual time per character (start bit, word, stop bits at the baud rate),
 * so TC and a flush take as long as on the chip; the machines clear it on
 * their console and HCI links, which then run at the host's speed.  The
 * line: each finished frame, a break included, also goes to the sink the
 * SoC set (stm32h7_usart_set_line_sink), which is how a jumper from this TX
 * pin reaches another USART's RX (stm32h7_usart_line_receive).  A received
 * break is a 0 character with FE (and LBDF in LIN mode); IDLE is set one
 * frame time after the last character came in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/registerfields.h"
#include "qemu/timer.h"
#include "chardev/char-serial.h"
#include "migration/vmstate.h"
#include "stm32h7_usart.h"
#include "trace.h"

#define USART_FIFO STM32H7_USART_FIFO

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
    FIELD(CR1, UE, 0, 1)
    FIELD(CR1, RE, 2, 1)
    FIELD(CR1, TE, 3, 1)
    FIELD(CR1, IDLEIE, 4, 1)
    FIELD(CR1, RXNEIE, 5, 1)
    FIELD(CR1, TCIE, 6, 1)
    FIELD(CR1, TXEIE, 7, 1)
    FIELD(CR1, PEIE, 8, 1)
    FIELD(CR1, PS, 9, 1)
    FIELD(CR1, PCE, 10, 1)
    FIELD(CR1, M0, 12, 1)
    FIELD(CR1, OVER8, 15, 1)
    FIELD(CR1, M1, 28, 1)
    FIELD(CR1, FIFOEN, 29, 1)
    FIELD(CR1, TXFEIE, 30, 1)
    FIELD(CR1, RXFFIE, 31, 1)
REG32(CR2, 0x04)
    FIELD(CR2, LBDL, 5, 1)
    FIELD(CR2, LBDIE, 6, 1)
    FIELD(CR2, STOP, 12, 2)
    FIELD(CR2, LINEN, 14, 1)
REG32(CR3, 0x08)
    FIELD(CR3, EIE, 0, 1)
    FIELD(CR3, RTSE, 8, 1)
    FIELD(CR3, CTSE, 9, 1)
    FIELD(CR3, CTSIE, 10, 1)
    FIELD(CR3, TXFTIE, 23, 1)
    FIELD(CR3, RXFTCFG, 25, 3)
    FIELD(CR3, RXFTIE, 28, 1)
    FIELD(CR3, TXFTCFG, 29, 3)
REG32(BRR, 0x0C)
REG32(GTPR, 0x10)
REG32(RTOR, 0x14)
REG32(RQR, 0x18)
    FIELD(RQR, SBKRQ, 1, 1)
    FIELD(RQR, RXFRQ, 3, 1)
    FIELD(RQR, TXFRQ, 4, 1)
REG32(ISR, 0x1C)
    FIELD(ISR, PE, 0, 1)
    FIELD(ISR, FE, 1, 1)
    FIELD(ISR, NE, 2, 1)
    FIELD(ISR, ORE, 3, 1)
    FIELD(ISR, IDLE, 4, 1)
    FIELD(ISR, RXNE, 5, 1)
    FIELD(ISR, TC, 6, 1)
    FIELD(ISR, TXE, 7, 1)
    FIELD(ISR, LBDF, 8, 1)
    FIELD(ISR, CTSIF, 9, 1)
    FIELD(ISR, CTS, 10, 1)
    FIELD(ISR, SBKF, 18, 1)
    FIELD(ISR, TEACK, 21, 1)
    FIELD(ISR, REACK, 22, 1)
    FIELD(ISR, TXFE, 23, 1)
    FIELD(ISR, RXFF, 24, 1)
    FIELD(ISR, RXFT, 26, 1)
    FIELD(ISR, TXFT, 27, 1)
REG32(ICR, 0x20)
    FIELD(ICR, PECF, 0, 1)
    FIELD(ICR, FECF, 1, 1)
    FIELD(ICR, NECF, 2, 1)
    FIELD(ICR, ORECF, 3, 1)
    FIELD(ICR, IDLECF, 4, 1)
    FIELD(ICR, LBDCF, 8, 1)
    FIELD(ICR, CTSCF, 9, 1)
REG32(RDR, 0x24)
REG32(TDR, 0x28)
REG32(PRESC, 0x2C)
/* clang-format on */

/* the ISR flags that ICR clears (each at the same bit) and that EIE reports */
#define ICR_CLEARABLE \
    (R_ICR_PECF_MASK | R_ICR_FECF_MASK | R_ICR_NECF_MASK | R_ICR_ORECF_MASK | \
     R_ICR_IDLECF_MASK | R_ICR_LBDCF_MASK | R_ICR_CTSCF_MASK)
#define ISR_EIE_ERRORS (R_ISR_FE_MASK | R_ISR_NE_MASK | R_ISR_ORE_MASK)

static unsigned fifo_capacity(Stm32h7UsartState *s)
{
    return FIELD_EX32(s->cr1, CR1, FIFOEN) ? USART_FIFO : 1;
}

static unsigned rx_capacity(Stm32h7UsartState *s)
{
    return fifo_capacity(s);
}

/* RXFTCFG: 000 1/8, 001 1/4, 010 1/2, 011 3/4, 100 7/8, 101 full */
static unsigned rx_threshold(Stm32h7UsartState *s)
{
    static const uint8_t eighths[8] = { 1, 2, 4, 6, 7, 8, 8, 8 };
    return USART_FIFO * eighths[FIELD_EX32(s->cr3, CR3, RXFTCFG)] / 8;
}

/* TXFTCFG: the same eighths; TXFT is set while the FIFO holds no more */
static unsigned tx_threshold(Stm32h7UsartState *s)
{
    static const uint8_t eighths[8] = { 1, 2, 4, 6, 7, 8, 8, 8 };
    return USART_FIFO * eighths[FIELD_EX32(s->cr3, CR3, TXFTCFG)] / 8;
}

static uint32_t usart_isr(Stm32h7UsartState *s)
{
    uint32_t isr = s->err_flags;
    bool te = FIELD_EX32(s->cr1, CR1, TE), re = FIELD_EX32(s->cr1, CR1, RE);
    bool fifo = FIELD_EX32(s->cr1, CR1, FIFOEN);

    isr = FIELD_DP32(isr, ISR, RXNE, s->rx_count > 0);
    /* TXE is TXFNF in FIFO mode: room for one more byte */
    isr = FIELD_DP32(isr, ISR, TXE, s->tx_count < fifo_capacity(s));
    isr = FIELD_DP32(isr, ISR, TC, s->tx_count == 0 && !s->tx_shifting);
    isr = FIELD_DP32(isr, ISR, SBKF,
                     s->break_pending || (s->tx_shifting && s->shift_break));
    isr = FIELD_DP32(isr, ISR, TXFE, s->tx_count == 0);
    isr = FIELD_DP32(isr, ISR, TXFT, fifo && s->tx_count <= tx_threshold(s));
    if (FIELD_EX32(s->cr1, CR1, FIFOEN)) {
        isr = FIELD_DP32(isr, ISR, RXFF, s->rx_count == USART_FIFO);
        isr = FIELD_DP32(isr, ISR, RXFT, s->rx_count >= rx_threshold(s));
    }
    isr = FIELD_DP32(isr, ISR, CTS, !s->cts_high); /* nCTS, inverted */
    isr = FIELD_DP32(isr, ISR, TEACK, te && FIELD_EX32(s->cr1, CR1, UE));
    isr = FIELD_DP32(isr, ISR, REACK, re && FIELD_EX32(s->cr1, CR1, UE));
    return isr;
}

static bool receiving(Stm32h7UsartState *s);

/*
 * nRTS with RTSE: low while the receiver can take a frame, high once its
 * RDR (or RX FIFO) is full or it is off; without RTSE the pin is not the
 * USART's to drive (-1).
 */
static void usart_update_rts(Stm32h7UsartState *s)
{
    int level = -1;

    if (FIELD_EX32(s->cr3, CR3, RTSE)) {
        level = !receiving(s) || s->rx_count >= rx_capacity(s);
    }
    if (level != s->rts_level) {
        s->rts_level = level;
        trace_stm32h7_usart_rts(DEVICE(s)->canonical_path, level);
        qemu_set_irq(s->rts, level);
    }
}

static void usart_update_irq(Stm32h7UsartState *s)
{
    uint32_t isr = usart_isr(s), cr1 = s->cr1, cr3 = s->cr3;
    bool level = (FIELD_EX32(cr1, CR1, RXNEIE) && FIELD_EX32(isr, ISR, RXNE)) ||
                 (FIELD_EX32(cr1, CR1, TXEIE) && FIELD_EX32(isr, ISR, TXE)) ||
                 (FIELD_EX32(cr1, CR1, TCIE) && FIELD_EX32(isr, ISR, TC)) ||
                 (FIELD_EX32(cr1, CR1, IDLEIE) && FIELD_EX32(isr, ISR, IDLE)) ||
                 (FIELD_EX32(cr1, CR1, TXFEIE) && FIELD_EX32(isr, ISR, TXFE)) ||
                 (FIELD_EX32(cr1, CR1, RXFFIE) && FIELD_EX32(isr, ISR, RXFF)) ||
                 (FIELD_EX32(cr3, CR3, RXFTIE) && FIELD_EX32(isr, ISR, RXFT)) ||
                 (FIELD_EX32(cr3, CR3, TXFTIE) && FIELD_EX32(isr, ISR, TXFT)) ||
                 (FIELD_EX32(cr3, CR3, EIE) && (isr & ISR_EIE_ERRORS)) ||
                 (FIELD_EX32(cr3, CR3, CTSIE) && FIELD_EX32(isr, ISR, CTSIF)) ||
                 (FIELD_EX32(s->cr2, CR2, LBDIE) && FIELD_EX32(isr, ISR, LBDF));

    qemu_set_irq(s->irq, level && FIELD_EX32(cr1, CR1, UE));
    usart_update_rts(s);
}

/* PRESC: 0 1 2 3 4 5 6 7 8 9 10 11 -> divide by 1 2 4 6 8 10 12 16 32 64 128 256 */
static unsigned presc_div(uint32_t presc)
{
    static const uint16_t d[12] = {
        1, 2, 4, 6, 8, 10, 12, 16, 32, 64, 128, 256
    };
    return d[presc < 12 ? presc : 11];
}

static uint32_t usart_baud(Stm32h7UsartState *s)
{
    uint64_t ker = clock_get_hz(s->clk) / presc_div(s->presc);
    uint32_t brr = s->brr & 0xFFFF;

    if (FIELD_EX32(s->cr1, CR1, OVER8)) {
        /* USARTDIV = BRR[15:4] << 4 | BRR[2:0] << 1; baud = 2 * ker / USARTDIV */
        uint32_t div = (brr & 0xFFF0) | ((brr & 7) << 1);
        return div >= 16 ? 2 * ker / div : 0;
    }
    return brr >= 16 ? ker / brr : 0;
}

static void usart_update_params(Stm32h7UsartState *s)
{
    QEMUSerialSetParams ssp = {
        .speed = usart_baud(s),
        .parity = 'N',
        .data_bits = FIELD_EX32(s->cr1, CR1, M1)
                         ? 7
                         : (FIELD_EX32(s->cr1, CR1, M0) ? 9 : 8),
        .stop_bits = 1,
    };

    if (!FIELD_EX32(s->cr1, CR1, UE) || !ssp.speed) {
        return;
    }
    trace_stm32h7_usart_baud(DEVICE(s)->canonical_path, ssp.speed);
    qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_PARAMS, &ssp);
}

/* frame length in half bits: start, the word (parity included), stop */
static unsigned frame_half_bits(Stm32h7UsartState *s)
{
    /* STOP: 00 1 bit, 01 0.5, 10 2, 11 1.5 */
    static const uint8_t stop_halves[4] = { 2, 1, 4, 3 };
    unsigned word = FIELD_EX32(s->cr1, CR1, M1)   ? 7
                    : FIELD_EX32(s->cr1, CR1, M0) ? 9
                                                  : 8;

    return 2 * (1 + word) + stop_halves[FIELD_EX32(s->cr2, CR2, STOP)];
}

/* one character's time on the line; 0 while the baud rate is unset */
static int64_t frame_ns(Stm32h7UsartState *s)
{
    uint32_t baud = usart_baud(s);

    return baud ? muldiv64(frame_half_bits(s), NANOSECONDS_PER_SECOND,
                           2 * (uint64_t)baud)
                : 0;
}

static void arm_idle(Stm32h7UsartState *s)
{
    s->idle_armed = true;
    /* a whole idle frame: one more nanosecond, so a back-to-back frame
     * ending on the same tick comes first */
    timer_mod(s->idle_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + frame_ns(s) + 1);
}

static void usart_idle_expired(void *opaque)
{
    Stm32h7UsartState *s = opaque;

    if (s->idle_armed) {
        s->idle_armed = false;
        s->err_flags |= R_ISR_IDLE_MASK;
        usart_update_irq(s);
    }
}

static bool receiving(Stm32h7UsartState *s)
{
    return FIELD_EX32(s->cr1, CR1, UE) && FIELD_EX32(s->cr1, CR1, RE);
}

static int usart_can_receive(void *opaque)
{
    Stm32h7UsartState *s = opaque;

    if (!receiving(s)) {
        return 0;
    }
    return rx_capacity(s) - s->rx_count;
}

static void rx_push(Stm32h7UsartState *s, uint8_t ch)
{
    s->rx[(s->rx_head + s->rx_count) % USART_FIFO] = ch;
    s->rx_count++;
}

static void usart_receive(void *opaque, const uint8_t *buf, int size)
{
    Stm32h7UsartState *s = opaque;

    for (int i = 0; i < size && s->rx_count < rx_capacity(s); i++) {
        rx_push(s, buf[i]);
    }
    trace_stm32h7_usart_rx(size, s->rx_count);
    arm_idle(s);
    usart_update_irq(s);
}

void stm32h7_usart_line_receive(Stm32h7UsartState *s, uint8_t ch, bool brk)
{
    if (!receiving(s)) {
        return; /* the receiver is off: the frame passes unseen */
    }
    trace_stm32h7_usart_line_rx(DEVICE(s)->canonical_path, ch, brk);
    if (s->rx_count >= rx_capacity(s)) {
        s->err_flags |= R_ISR_ORE_MASK; /* nobody read RDR in time */
    } else if (brk) {
        /* a frame of zeros with no stop bit: a framing error on 0 */
        s->err_flags |= R_ISR_FE_MASK;
        if (FIELD_EX32(s->cr2, CR2, LINEN)) {
            s->err_flags |= R_ISR_LBDF_MASK;
        }
        rx_push(s, 0);
    } else {
        rx_push(s, ch);
    }
    arm_idle(s);
    usart_update_irq(s);
}

void stm32h7_usart_set_line_sink(Stm32h7UsartState *s, Stm32h7UsartSink sink,
                                 void *opaque)
{
    s->sink = sink;
    s->sink_opaque = opaque;
}

static void usart_transmit(Stm32h7UsartState *s);

static gboolean usart_tx_ready(void *do_not_use, GIOCondition cond,
                               void *opaque)
{
    Stm32h7UsartState *s = opaque;

    s->watch_tag = 0;
    usart_transmit(s);
    return G_SOURCE_REMOVE;
}

/* hand bytes to the chardev; false (and a watch set) while it is full */
static bool chr_send(Stm32h7UsartState *s, const uint8_t *buf, int len,
                     int *sent)
{
    int n = qemu_chr_fe_write(&s->chr, buf, len);

    *sent = MAX(n, 0);
    if (n > 0) {
        return true;
    }
    s->watch_tag = qemu_chr_fe_add_watch(&s->chr, G_IO_OUT | G_IO_HUP,
                                         usart_tx_ready, s);
    if (!s->watch_tag) {
        /* no backend: the bytes leave on a line nothing listens to */
        *sent = len;
        return true;
    }
    trace_stm32h7_usart_tx_pending(s->tx_count);
    return false;
}

static void line_out(Stm32h7UsartState *s, uint8_t ch, bool brk)
{
    if (brk) {
        int on = 1;
        qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK, &on);
    }
    if (s->sink) {
        s->sink(s->sink_opaque, ch, brk);
    }
}

/* CTSE with nCTS high: the transmitter starts no new frame */
static bool cts_holds(Stm32h7UsartState *s)
{
    return FIELD_EX32(s->cr3, CR3, CTSE) && s->cts_high;
}

/* start the next frame on a paced line: a requested break first */
static void shift_start(Stm32h7UsartState *s)
{
    int64_t ns = frame_ns(s);
    int n;

    if (cts_holds(s)) {
        return; /* the next frame waits for nCTS low (usart_set_cts) */
    }
    if (s->break_pending) {
        s->break_pending = false;
        s->shift_break = true;
        /* a break is a frame of zeros followed by two stop bits */
        ns += 2 * 2 * ns / frame_half_bits(s);
    } else if (s->tx_count) {
        s->shift = s->tx[s->tx_head];
        s->shift_break = false;
        s->tx_head = (s->tx_head + 1) % USART_FIFO;
        s->tx_count--;
    } else {
        return;
    }
    s->tx_shifting = true;
    s->frame_elapsed = false;
    s->shift_sent = s->shift_break;
    /* back to back, a frame starts where the last one ended, not when its
     * timer happened to run: the line keeps the baud rate's schedule */
    s->frame_end = MAX(s->frame_end, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) +
                   ns;
    timer_mod(s->tx_timer, s->frame_end);
    /* the chardev gets each character as its frame starts */
    if (!s->shift_sent && !s->watch_tag) {
        trace_stm32h7_usart_tx(s->shift);
        s->shift_sent = chr_send(s, &s->shift, 1, &n);
    }
}

/*
 * A frame ends when its time is up and the chardev has taken it: a backend
 * that stops reading holds the line, as the unpaced path does.
 */
static void shift_finish(Stm32h7UsartState *s)
{
    while (s->tx_shifting && s->frame_elapsed && s->shift_sent) {
        uint8_t ch = s->shift;
        bool brk = s->shift_break;

        s->tx_shifting = false;
        /* the receiver first: when the frame fills it, its nRTS (on this
         * one's nCTS) holds the next frame */
        line_out(s, ch, brk);
        if (!s->tx_shifting) {
            shift_start(s);
        }
    }
}

static void usart_frame_done(void *opaque)
{
    Stm32h7UsartState *s = opaque;

    s->frame_elapsed = true;
    shift_finish(s);
    usart_update_irq(s);
}

/*
 * The guest sees a frame end at its time on the virtual clock, even when
 * the main loop runs the timer late (a vCPU polling ISR holds it off):
 * every register access first finishes the frames that are due.
 */
static void usart_sync(Stm32h7UsartState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    while (s->tx_shifting && !s->frame_elapsed && now >= s->frame_end) {
        timer_del(s->tx_timer);
        usart_frame_done(s);
    }
}

static void usart_transmit(Stm32h7UsartState *s)
{
    int n;

    if (s->paced && frame_ns(s)) {
        if (s->tx_shifting && !s->shift_sent && !s->watch_tag) {
            s->shift_sent = chr_send(s, &s->shift, 1, &n);
            shift_finish(s);
        }
        if (!s->tx_shifting) {
            shift_start(s);
        }
        usart_update_irq(s);
        return;
    }
    if (s->break_pending) {
        s->break_pending = false;
        line_out(s, 0, true);
    }
    while (s->tx_count && !s->watch_tag && !cts_holds(s)) {
        /* under CTS flow control a byte at a time: each may stop the next */
        uint32_t run = FIELD_EX32(s->cr3, CR3, CTSE)
                           ? 1
                           : MIN(s->tx_count, USART_FIFO - s->tx_head);
        uint8_t *p = &s->tx[s->tx_head];

        chr_send(s, p, run, &n);
        for (int i = 0; i < n; i++) {
            trace_stm32h7_usart_tx(p[i]);
            line_out(s, p[i], false);
        }
        s->tx_head = (s->tx_head + n) % USART_FIFO;
        s->tx_count -= n;
    }
    usart_update_irq(s);
}

/* UE cleared or reset: the transmitter stops mid-frame */
static void usart_tx_stop(Stm32h7UsartState *s)
{
    timer_del(s->tx_timer);
    s->tx_shifting = s->break_pending = false;
    s->frame_end = 0;
}

static void usart_tx_flush(Stm32h7UsartState *s)
{
    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    s->tx_head = s->tx_count = 0;
}

/* the nCTS pin (gpio in "cts"): 1 high, deasserted; 0 low */
static void usart_set_cts(void *opaque, int n, int level)
{
    Stm32h7UsartState *s = opaque;
    bool high = level > 0;

    if (high == s->cts_high) {
        return;
    }
    s->cts_high = high;
    trace_stm32h7_usart_cts(DEVICE(s)->canonical_path, high);
    if (FIELD_EX32(s->cr3, CR3, CTSE)) {
        s->err_flags |= R_ISR_CTSIF_MASK;
    }
    if (!high) {
        usart_transmit(s); /* also updates the interrupt */
    } else {
        usart_update_irq(s);
    }
}

static uint64_t usart_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7UsartState *s = opaque;
    uint32_t v = 0;

    usart_sync(s);
    switch (addr) {
    case A_CR1: v = s->cr1; break;
    case A_CR2: v = s->cr2; break;
    case A_CR3: v = s->cr3; break;
    case A_BRR: v = s->brr; break;
    case A_GTPR: v = s->gtpr; break;
    case A_RTOR: v = s->rtor; break;
    case A_PRESC: v = s->presc; break;
    case A_ISR: v = usart_isr(s); break;
    case A_RDR:
        if (s->rx_count) {
            v = s->rx[s->rx_head];
            s->rx_head = (s->rx_head + 1) % USART_FIFO;
            s->rx_count--;
            qemu_chr_fe_accept_input(&s->chr);
            usart_update_irq(s);
        }
        break;
    case A_RQR:
    case A_ICR:
    case A_TDR: break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        break;
    }
    return v;
}

static void usart_write(void *opaque, hwaddr addr, uint64_t val64,
                        unsigned size)
{
    Stm32h7UsartState *s = opaque;
    uint32_t val = val64;

    usart_sync(s);
    switch (addr) {
    case A_CR1: {
        bool was_on = FIELD_EX32(s->cr1, CR1, UE);
        s->cr1 = val;
        if (!FIELD_EX32(val, CR1, UE) || !was_on) {
            /* FIFOEN may only change while UE=0; drop stale data then */
            s->rx_count = 0;
            usart_tx_flush(s);
        }
        if (!FIELD_EX32(val, CR1, UE)) {
            usart_tx_stop(s);
            timer_del(s->idle_timer);
            s->idle_armed = false;
        }
        usart_update_params(s);
        qemu_chr_fe_accept_input(&s->chr);
        break;
    }
    case A_CR2: s->cr2 = val; break;
    case A_CR3:
        s->cr3 = val;
        usart_transmit(s); /* CTSE cleared: what waited for nCTS goes */
        break;
    case A_BRR:
        s->brr = val & 0xFFFF;
        usart_update_params(s);
        break;
    case A_GTPR: s->gtpr = val & 0xFFFF; break;
    case A_RTOR: s->rtor = val; break;
    case A_PRESC:
        s->presc = val & 0xF;
        usart_update_params(s);
        break;
    case A_RQR:
        if (FIELD_EX32(val, RQR, RXFRQ)) {
            s->rx_count = 0;
            qemu_chr_fe_accept_input(&s->chr);
        }
        if (FIELD_EX32(val, RQR, TXFRQ)) {
            usart_tx_flush(s);
        }
        if (FIELD_EX32(val, RQR, SBKRQ)) {
            if (!FIELD_EX32(s->cr1, CR1, UE) || !FIELD_EX32(s->cr1, CR1, TE)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "%s: SBKRQ with the transmitter disabled: "
                              "no break sent\n",
                              DEVICE(s)->canonical_path);
            } else {
                s->break_pending = true;
                usart_transmit(s);
            }
        }
        break;
    case A_ICR: s->err_flags &= ~(val & ICR_CLEARABLE); break;
    case A_TDR:
        if (!FIELD_EX32(s->cr1, CR1, UE) || !FIELD_EX32(s->cr1, CR1, TE)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: TDR written with the "
                          "transmitter disabled: byte lost\n",
                          DEVICE(s)->canonical_path);
        } else if (s->tx_count >= fifo_capacity(s)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: TDR written with %s full "
                          "(TXE clear): byte lost\n",
                          DEVICE(s)->canonical_path,
                          FIELD_EX32(s->cr1, CR1, FIFOEN) ? "the TX FIFO"
                                                          : "TDR");
        } else {
            s->tx[(s->tx_head + s->tx_count) % USART_FIFO] = val;
            s->tx_count++;
            usart_transmit(s);
        }
        break;
    case A_ISR:
    case A_RDR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to read-only offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      DEVICE(s)->canonical_path, addr);
        break;
    }
    usart_update_irq(s);
}

static const MemoryRegionOps usart_ops = {
    .read = usart_read,
    .write = usart_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void usart_clock_update(void *opaque, ClockEvent event)
{
    usart_update_params(opaque);
}

static void usart_get_baud(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    uint32_t baud = usart_baud(STM32H7_USART(obj));
    visit_type_uint32(v, name, &baud, errp);
}

static void usart_reset_hold(Object *obj, ResetType type)
{
    Stm32h7UsartState *s = STM32H7_USART(obj);

    s->cr1 = s->cr2 = s->cr3 = s->brr = s->gtpr = s->rtor = s->presc = 0;
    s->err_flags = 0;
    s->rx_head = s->rx_count = 0;
    usart_tx_flush(s);
    usart_tx_stop(s);
    timer_del(s->idle_timer);
    s->idle_armed = false;
}

static void usart_reset_exit(Object *obj, ResetType type)
{
    usart_update_irq(STM32H7_USART(obj));
}

static void usart_realize(DeviceState *dev, Error **errp)
{
    Stm32h7UsartState *s = STM32H7_USART(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "%s: the kernel clock 'clk' must be connected",
                   TYPE_STM32H7_USART);
        return;
    }
    qemu_chr_fe_set_handlers(&s->chr, usart_can_receive, usart_receive, NULL,
                             NULL, s, NULL, true);
}

static void usart_init(Object *obj)
{
    Stm32h7UsartState *s = STM32H7_USART(obj);

    memory_region_init_io(&s->mmio, obj, &usart_ops, s, TYPE_STM32H7_USART,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", usart_clock_update, s,
                                ClockUpdate);
    object_property_add(obj, "baudrate", "uint32", usart_get_baud, NULL, NULL,
                        NULL);
    qdev_init_gpio_out_named(DEVICE(obj), &s->rts, "rts", 1);
    qdev_init_gpio_in_named(DEVICE(obj), usart_set_cts, "cts", 1);
    s->rts_level = -1;
    s->tx_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, usart_frame_done, s);
    s->idle_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, usart_idle_expired, s);
}

static void usart_finalize(Object *obj)
{
    Stm32h7UsartState *s = STM32H7_USART(obj);

    timer_free(s->tx_timer);
    timer_free(s->idle_timer);
}

static int usart_post_load(void *opaque, int version_id)
{
    Stm32h7UsartState *s = opaque;

    if (s->rx_head >= USART_FIFO || s->rx_count > USART_FIFO ||
        s->tx_head >= USART_FIFO || s->tx_count > USART_FIFO) {
        return -EINVAL;
    }
    s->watch_tag = 0;
    usart_transmit(s); /* what the chardev had not taken yet */
    return 0;
}

static bool usart_flow_needed(void *opaque)
{
    Stm32h7UsartState *s = opaque;

    return s->cts_high || s->rts_level >= 0;
}

static const VMStateDescription vmstate_usart_flow = {
    .name = TYPE_STM32H7_USART "/flow",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = usart_flow_needed,
    .fields = (const VMStateField[]){ VMSTATE_BOOL(cts_high, Stm32h7UsartState),
                                      VMSTATE_INT8(rts_level,
                                                   Stm32h7UsartState),
                                      VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_usart = {
    .name = TYPE_STM32H7_USART,
    .version_id = 3,
    .minimum_version_id = 3,
    .post_load = usart_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(cr1, Stm32h7UsartState),
            VMSTATE_UINT32(cr2, Stm32h7UsartState),
            VMSTATE_UINT32(cr3, Stm32h7UsartState),
            VMSTATE_UINT32(brr, Stm32h7UsartState),
            VMSTATE_UINT32(gtpr, Stm32h7UsartState),
            VMSTATE_UINT32(rtor, Stm32h7UsartState),
            VMSTATE_UINT32(presc, Stm32h7UsartState),
            VMSTATE_UINT32(err_flags, Stm32h7UsartState),
            VMSTATE_UINT8_ARRAY(rx, Stm32h7UsartState, USART_FIFO),
            VMSTATE_UINT32(rx_head, Stm32h7UsartState),
            VMSTATE_UINT32(rx_count, Stm32h7UsartState),
            VMSTATE_UINT8_ARRAY(tx, Stm32h7UsartState, USART_FIFO),
            VMSTATE_UINT32(tx_head, Stm32h7UsartState),
            VMSTATE_UINT32(tx_count, Stm32h7UsartState),
            VMSTATE_BOOL(tx_shifting, Stm32h7UsartState),
            VMSTATE_BOOL(frame_elapsed, Stm32h7UsartState),
            VMSTATE_BOOL(shift_sent, Stm32h7UsartState),
            VMSTATE_BOOL(shift_break, Stm32h7UsartState),
            VMSTATE_UINT8(shift, Stm32h7UsartState),
            VMSTATE_INT64(frame_end, Stm32h7UsartState),
            VMSTATE_BOOL(break_pending, Stm32h7UsartState),
            VMSTATE_TIMER_PTR(tx_timer, Stm32h7UsartState),
            VMSTATE_BOOL(idle_armed, Stm32h7UsartState),
            VMSTATE_TIMER_PTR(idle_timer, Stm32h7UsartState),
            VMSTATE_CLOCK(clk, Stm32h7UsartState),
            VMSTATE_END_OF_LIST() },
    .subsections = (const VMStateDescription *const[]){ &vmstate_usart_flow,
                                                        NULL },
};

static const Property usart_props[] = {
    DEFINE_PROP_CHR("chardev", Stm32h7UsartState, chr),
    DEFINE_PROP_BOOL("paced", Stm32h7UsartState, paced, true),
};

static void usart_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = usart_realize;
    dc->vmsd = &vmstate_usart;
    device_class_set_props(dc, usart_props);
    rc->phases.hold = usart_reset_hold;
    rc->phases.exit = usart_reset_exit;
}

static const TypeInfo usart_types[] = {
    {
        .name = TYPE_STM32H7_USART,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7UsartState),
        .instance_init = usart_init,
        .instance_finalize = usart_finalize,
        .class_init = usart_class_init,
    },
};
DEFINE_TYPES(usart_types)
