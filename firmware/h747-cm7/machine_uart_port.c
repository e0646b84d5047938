/*
 * machine.UART (and pyb.UART) for the STM32H747I-DISCO, the port part that
 * extmod/machine_uart.c includes.  Arguments, printing and timeouts follow
 * MicroPython's stm32 port.  Reception is interrupt driven into a byte ring
 * of rxbuf bytes (a power of two; 0: the U(S)ART's 16-byte FIFO alone);
 * irq() reports IRQ_RX per character, IRQ_RXIDLE when the line goes quiet
 * after a burst and IRQ_BREAK for a received break.
 *
 * UART(1) is the REPL console and UART(8) the BLE HCI link while bluetooth
 * is active: those ids raise ValueError and OSError(EBUSY).  UART(3) and
 * UART(5) have no free pins on this board (h7_usart.c).
 */
#include <string.h>
#include "py/runtime.h"
#include "py/stream.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "shared/runtime/mpirq.h"
#include "stm32h747.h"
#include "h7_system.h"
#include "h7_usart.h"
#include "bytering.h"
#include "h747_port.h"

#define CONSOLE_UART     1
#define RXBUF_DEFAULT    64
#define RXBUF_MAX        (64 * 1024)
#define UART_IRQ_RX      USART_ISR_RXNE
#define UART_IRQ_RXIDLE  USART_ISR_IDLE
#define UART_IRQ_BREAK   (1u << 9) /* not an ISR bit: a framing error on 0 */
#define UART_IRQ_ALLOWED (UART_IRQ_RX | UART_IRQ_RXIDLE | UART_IRQ_BREAK)

#define MICROPY_PY_MACHINE_UART_CLASS_CONSTANTS \
    { MP_ROM_QSTR(MP_QSTR_RTS), MP_ROM_INT(1) }, { MP_ROM_QSTR(MP_QSTR_CTS), MP_ROM_INT(2) }, \
        { MP_ROM_QSTR(MP_QSTR_IRQ_RX), MP_ROM_INT(UART_IRQ_RX) }, \
        { MP_ROM_QSTR(MP_QSTR_IRQ_RXIDLE), MP_ROM_INT(UART_IRQ_RXIDLE) }, \
        { MP_ROM_QSTR(MP_QSTR_IRQ_BREAK), MP_ROM_INT(UART_IRQ_BREAK) },

typedef struct _machine_uart_obj_t {
    mp_obj_base_t base;
    uint8_t id;
    uint8_t bits, parity, stop, flow; /* parity: H7_USART_PARITY_* */
    bool active;
    uint32_t baudrate;
    uint16_t timeout, timeout_char; /* ms */
    const h7_usart_hw_t *hw;
    uint8_t *rx_mem; /* on the heap, reachable through the root pointer */
    bytering_t rx;
    uint32_t rxbuf;
    mp_irq_obj_t *mp_irq_obj;
    uint16_t irq_trigger;
    volatile uint16_t irq_flags;
} machine_uart_obj_t;

MP_REGISTER_ROOT_POINTER(struct _machine_uart_obj_t *machine_uart_obj[H7_USART_MAX_ID]);

static void uart_irq_handler(void);

static machine_uart_obj_t *uart_by_irqn(uint32_t irqn) {
    for (int i = 0; i < H7_USART_MAX_ID; i++) {
        machine_uart_obj_t *u = MP_STATE_PORT(machine_uart_obj[i]);
        if (u && u->active && u->hw->irqn == irqn) {
            return u;
        }
    }
    return NULL;
}

/* the active interrupt line, from the core's IPSR */
static uint32_t current_irqn(void) {
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    return (ipsr & 0x1FF) - 16;
}

static void uart_service(machine_uart_obj_t *self) {
    uint32_t b = self->hw->base;
    uint16_t flags = 0;
    uint32_t isr = USART_ISR(b);

    while (isr & USART_ISR_RXNE) {
        if (self->rxbuf && !bytering_free(&self->rx)) {
            /* ring full: leave the rest in the FIFO until read() drains */
            USART_CR1(b) &= ~USART_CR1_RXNEIE;
            break;
        }
        if (!self->rxbuf) {
            /* no ring: the FIFO is the buffer; stop interrupts until read */
            USART_CR1(b) &= ~USART_CR1_RXNEIE;
            flags |= UART_IRQ_RX;
            break;
        }
        uint8_t c = USART_RDR(b);
        if ((isr & USART_ISR_FE) && c == 0) {
            flags |= UART_IRQ_BREAK; /* the break's 0 is not data */
        } else {
            bytering_put(&self->rx, c);
            flags |= UART_IRQ_RX;
        }
        USART_ICR(b) = USART_ICR_ERRORS;
        isr = USART_ISR(b);
    }
    if (isr & USART_ISR_IDLE) {
        USART_ICR(b) = USART_ICR_IDLECF;
        flags |= UART_IRQ_RXIDLE;
    }
    USART_ICR(b) = USART_ICR_ERRORS; /* overrun: the characters are lost */
    flags &= self->irq_trigger;
    if (flags && self->mp_irq_obj && self->mp_irq_obj->handler != mp_const_none) {
        self->irq_flags = flags;
        mp_irq_handler(self->mp_irq_obj);
    }
}

static void uart_irq_handler(void) {
    machine_uart_obj_t *self = uart_by_irqn(current_irqn());
    if (self) {
        uart_service(self);
    }
}

static void mp_machine_uart_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->active) {
        mp_printf(print, "UART(%u)", self->id);
        return;
    }
    mp_printf(print, "UART(%u, baudrate=%u, bits=%u, parity=", self->id, (unsigned)self->baudrate,
              self->bits);
    if (self->parity == H7_USART_PARITY_NONE) {
        mp_print_str(print, "None");
    } else {
        mp_printf(print, "%u", self->parity == H7_USART_PARITY_ODD); /* 0 even, 1 odd */
    }
    mp_printf(print, ", stop=%u, flow=%u, timeout=%u, timeout_char=%u, rxbuf=%u)", self->stop,
              self->flow, self->timeout, self->timeout_char, (unsigned)self->rxbuf);
}

static void uart_stop(machine_uart_obj_t *self) {
    if (self->active) {
        h7_nvic_disable(self->hw->irqn);
        h7_usart_deinit(self->id);
        h7_usart_release(self->id);
        self->active = false;
    }
}

static void mp_machine_uart_init_helper(machine_uart_obj_t *self, size_t n_args,
                                        const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_baudrate,
        ARG_bits,
        ARG_parity,
        ARG_stop,
        ARG_flow,
        ARG_timeout,
        ARG_timeout_char,
        ARG_rxbuf,
        ARG_read_buf_len
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_baudrate, MP_ARG_REQUIRED | MP_ARG_INT, { .u_int = 9600 } },
        { MP_QSTR_bits, MP_ARG_INT, { .u_int = 8 } },
        { MP_QSTR_parity, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_stop, MP_ARG_INT, { .u_int = 1 } },
        { MP_QSTR_flow, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_timeout_char, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_rxbuf, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } },
        { MP_QSTR_read_buf_len, MP_ARG_KW_ONLY | MP_ARG_INT, { .u_int = -1 } }, /* legacy */
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);

    h7_usart_config_t cfg = { 0 };
    mp_int_t baud = args[ARG_baudrate].u_int;
    if (baud <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("baudrate must be positive"));
    }
    cfg.baudrate = baud;
    mp_int_t bits = args[ARG_bits].u_int;
    if (bits < 7 || bits > 9) {
        mp_raise_ValueError(MP_ERROR_TEXT("bits must be 7, 8 or 9"));
    }
    cfg.bits = bits;
    if (args[ARG_parity].u_obj == mp_const_none) {
        cfg.parity = H7_USART_PARITY_NONE;
    } else {
        mp_int_t p = mp_obj_get_int(args[ARG_parity].u_obj);
        if (p != 0 && p != 1) {
            mp_raise_ValueError(MP_ERROR_TEXT("parity must be None, 0 (even) or 1 (odd)"));
        }
        cfg.parity = p == 0 ? H7_USART_PARITY_EVEN : H7_USART_PARITY_ODD;
    }
    if (cfg.bits + (cfg.parity != H7_USART_PARITY_NONE) > 9) {
        mp_raise_ValueError(MP_ERROR_TEXT("bits: 9 data bits leave no room for parity"));
    }
    mp_int_t stop = args[ARG_stop].u_int;
    if (stop != 1 && stop != 2) {
        mp_raise_ValueError(MP_ERROR_TEXT("stop must be 1 or 2"));
    }
    cfg.stop = stop;
    mp_int_t flow = args[ARG_flow].u_int;
    if (flow & ~3) {
        mp_raise_ValueError(MP_ERROR_TEXT("flow must be 0, RTS, CTS or RTS|CTS"));
    }
    cfg.rts = flow & 1;
    cfg.cts = flow & 2;
    mp_int_t timeout = args[ARG_timeout].u_int, timeout_char = args[ARG_timeout_char].u_int;
    if (timeout < 0 || timeout > 0xFFFF || timeout_char < 0 || timeout_char > 0xFFFF) {
        mp_raise_ValueError(MP_ERROR_TEXT("timeout and timeout_char: 0 to 65535 ms"));
    }
    mp_int_t rxbuf =
        args[ARG_rxbuf].u_int >= 0 ? args[ARG_rxbuf].u_int : args[ARG_read_buf_len].u_int;
    if (rxbuf < 0) {
        rxbuf = RXBUF_DEFAULT;
    }
    if (rxbuf > RXBUF_MAX) {
        mp_raise_ValueError(MP_ERROR_TEXT("rxbuf: at most 65536"));
    }
    uint32_t ring = 0;
    if (rxbuf > 0) {
        for (ring = 2; ring < (uint32_t)rxbuf; ring <<= 1) {
        }
    }

    uart_stop(self);
    if (!h7_usart_claim(self->id)) {
        mp_raise_OSError(MP_EBUSY);
    }
    uint32_t actual;
    int rc = h7_usart_init(self->id, &cfg, &actual);
    if (rc != H7_USART_OK) {
        h7_usart_release(self->id);
        if (rc == H7_USART_EFLOW) {
            mp_raise_msg_varg(&mp_type_ValueError,
                              MP_ERROR_TEXT("flow: UART(%u) has no free RTS/CTS pins on this board "
                                            "(UART(2) has, on PD4/PD3)"),
                              self->id);
        }
        mp_raise_ValueError(MP_ERROR_TEXT("baudrate out of range for the kernel clock"));
    }
    self->baudrate = actual;
    self->bits = cfg.bits;
    self->parity = cfg.parity;
    self->stop = cfg.stop;
    self->flow = flow;
    self->timeout = timeout;
    /* at least the time of a whole character, with margin, as stm32 does */
    uint32_t min_char = 13000 / actual + 2;
    self->timeout_char = timeout_char < (mp_int_t)min_char ? min_char : timeout_char;
    if (ring != self->rxbuf || (ring && !self->rx_mem)) {
        self->rx_mem = ring ? m_new(uint8_t, ring) : NULL;
    }
    self->rxbuf = ring;
    if (ring) {
        bytering_init(&self->rx, self->rx_mem, ring);
    }
    self->active = true;
    uint32_t b = self->hw->base;
    USART_CR1(b) |= (ring ? USART_CR1_RXNEIE : 0) |
                    ((self->irq_trigger & UART_IRQ_RXIDLE) ? USART_CR1_IDLEIE : 0);
    h7_irq_set(self->hw->irqn, uart_irq_handler);
    h7_nvic_enable(self->hw->irqn, 2);
}

static mp_obj_t mp_machine_uart_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                                         const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    mp_int_t id = mp_obj_get_int(args[0]);
    if (id == CONSOLE_UART) {
        mp_raise_ValueError(MP_ERROR_TEXT("UART(1) is the REPL console"));
    }
    const h7_usart_hw_t *hw = h7_usart_hw(id);
    if (!hw) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("UART(%d) doesn't exist"), (int)id);
    }
    machine_uart_obj_t *self = MP_STATE_PORT(machine_uart_obj[id - 1]);
    if (!self) {
        self = mp_obj_malloc(machine_uart_obj_t, type);
        memset((uint8_t *)self + sizeof(mp_obj_base_t), 0, sizeof(*self) - sizeof(mp_obj_base_t));
        self->id = id;
        self->hw = hw;
        MP_STATE_PORT(machine_uart_obj[id - 1]) = self;
    }
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        mp_machine_uart_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static void mp_machine_uart_deinit(machine_uart_obj_t *self) {
    uart_stop(self);
}

/* soft reset: every U(S)ART this module started stops */
void machine_uart_deinit_all(void) {
    for (int i = 0; i < H7_USART_MAX_ID; i++) {
        machine_uart_obj_t *u = MP_STATE_PORT(machine_uart_obj[i]);
        if (u) {
            uart_stop(u);
        }
        MP_STATE_PORT(machine_uart_obj[i]) = NULL;
    }
}

static void check_active(machine_uart_obj_t *self) {
    if (!self->active) {
        mp_raise_OSError(MP_EPERM); /* not initialised, or deinit() */
    }
}

static mp_int_t rx_any(machine_uart_obj_t *self) {
    mp_int_t n = self->rxbuf ? bytering_used(&self->rx) : 0;
    return n + ((USART_ISR(self->hw->base) & USART_ISR_RXNE) ? 1 : 0);
}

static mp_int_t mp_machine_uart_any(machine_uart_obj_t *self) {
    check_active(self);
    return rx_any(self);
}

static bool mp_machine_uart_txdone(machine_uart_obj_t *self) {
    check_active(self);
    return (USART_ISR(self->hw->base) & USART_ISR_TC) != 0;
}

static void mp_machine_uart_sendbreak(machine_uart_obj_t *self) {
    check_active(self);
    USART_RQR(self->hw->base) = USART_RQR_SBKRQ;
}

/* one received byte, or -1: from the ring, else straight from the FIFO */
static int rx_get(machine_uart_obj_t *self) {
    uint32_t b = self->hw->base;
    int c = self->rxbuf ? bytering_get(&self->rx) : -1;
    if (c < 0 && (USART_ISR(b) & USART_ISR_RXNE)) {
        /* the interrupt has not run yet, or there is no ring */
        uint32_t state = h747_disable_irq();
        if (USART_ISR(b) & USART_ISR_RXNE) {
            c = USART_RDR(b) & 0xFF;
        }
        h747_enable_irq(state);
    }
    if (self->rxbuf || (self->irq_trigger & UART_IRQ_RX)) {
        USART_CR1(b) |= USART_CR1_RXNEIE; /* room again, or the next IRQ_RX */
    }
    return c;
}

/* wait up to ms for a received byte; false on timeout */
static bool rx_wait(machine_uart_obj_t *self, uint32_t ms) {
    uint32_t start = mp_hal_ticks_ms();
    while (!rx_any(self)) {
        if (mp_hal_ticks_ms() - start >= ms) {
            return false;
        }
        MICROPY_EVENT_POLL_HOOK
    }
    return true;
}

static mp_int_t mp_machine_uart_readchar(machine_uart_obj_t *self) {
    check_active(self);
    if (!rx_wait(self, self->timeout)) {
        return -1;
    }
    return rx_get(self);
}

static bool tx_wait(machine_uart_obj_t *self, uint32_t flag, uint32_t ms) {
    uint32_t start = mp_hal_ticks_ms();
    while (!(USART_ISR(self->hw->base) & flag)) {
        if (mp_hal_ticks_ms() - start >= ms) {
            return false;
        }
        MICROPY_EVENT_POLL_HOOK_FAST
    }
    return true;
}

static void mp_machine_uart_writechar(machine_uart_obj_t *self, uint16_t data) {
    check_active(self);
    if (!tx_wait(self, USART_ISR_TXE, self->timeout + 2 * self->timeout_char)) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    USART_TDR(self->hw->base) = data;
}

static mp_irq_obj_t *mp_machine_uart_irq(machine_uart_obj_t *self, bool any_args,
                                         mp_arg_val_t *args);

static mp_uint_t mp_machine_uart_read(mp_obj_t self_in, void *buf_in, mp_uint_t size,
                                      int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t *buf = buf_in;
    if (!self->active) {
        *errcode = MP_EPERM;
        return MP_STREAM_ERROR;
    }
    if (size == 0) {
        return 0;
    }
    if (!rx_wait(self, self->timeout)) {
        *errcode = MP_EAGAIN;
        return MP_STREAM_ERROR;
    }
    mp_uint_t n = 0;
    while (n < size) {
        int c = rx_get(self);
        if (c < 0) {
            if (!rx_wait(self, self->timeout_char)) {
                break;
            }
            continue;
        }
        buf[n++] = c;
    }
    return n;
}

static mp_uint_t mp_machine_uart_write(mp_obj_t self_in, const void *buf_in, mp_uint_t size,
                                       int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    const uint8_t *buf = buf_in;
    if (!self->active) {
        *errcode = MP_EPERM;
        return MP_STREAM_ERROR;
    }
    /* each character may wait for room as stm32 does: twice timeout_char */
    for (mp_uint_t i = 0; i < size; i++) {
        if (!tx_wait(self, USART_ISR_TXE, 2 * self->timeout_char + (i ? 0 : self->timeout))) {
            if (i == 0) {
                *errcode = MP_EAGAIN;
                return MP_STREAM_ERROR;
            }
            return i;
        }
        USART_TDR(self->hw->base) = buf[i];
    }
    return size;
}

static mp_uint_t mp_machine_uart_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg,
                                       int *errcode) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->active) {
        *errcode = MP_EPERM;
        return MP_STREAM_ERROR;
    }
    if (request == MP_STREAM_POLL) {
        mp_uint_t ret = 0;
        if ((arg & MP_STREAM_POLL_RD) && rx_any(self)) {
            ret |= MP_STREAM_POLL_RD;
        }
        if ((arg & MP_STREAM_POLL_WR) && (USART_ISR(self->hw->base) & USART_ISR_TXE)) {
            ret |= MP_STREAM_POLL_WR;
        }
        return ret;
    }
    if (request == MP_STREAM_FLUSH) {
        /* the FIFO's 16 characters and the shift register, with margin */
        uint32_t ms = 20 * self->timeout_char + self->timeout;
        if (!tx_wait(self, USART_ISR_TC, ms)) {
            *errcode = MP_ETIMEDOUT;
            return MP_STREAM_ERROR;
        }
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

/* ---- irq() ---- */

static mp_uint_t uart_irq_trigger(mp_obj_t self_in, mp_uint_t trigger) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    self->irq_trigger = trigger;
    if (self->active) {
        uint32_t b = self->hw->base;
        if (trigger & UART_IRQ_RXIDLE) {
            USART_ICR(b) = USART_ICR_IDLECF; /* only idles from now on */
            USART_CR1(b) |= USART_CR1_IDLEIE;
        } else {
            USART_CR1(b) &= ~USART_CR1_IDLEIE;
        }
    }
    return 0;
}

static mp_uint_t uart_irq_info(mp_obj_t self_in, mp_uint_t info_type) {
    machine_uart_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (info_type == MP_IRQ_INFO_FLAGS) {
        return self->irq_flags;
    } else if (info_type == MP_IRQ_INFO_TRIGGERS) {
        return self->irq_trigger;
    }
    return 0;
}

static const mp_irq_methods_t uart_irq_methods = {
    .trigger = uart_irq_trigger,
    .info = uart_irq_info,
};

static mp_irq_obj_t *mp_machine_uart_irq(machine_uart_obj_t *self, bool any_args,
                                         mp_arg_val_t *args) {
    if (!self->mp_irq_obj) {
        self->mp_irq_obj = mp_irq_new(&uart_irq_methods, MP_OBJ_FROM_PTR(self));
    }
    if (any_args) {
        mp_uint_t trigger = args[MP_IRQ_ARG_INIT_trigger].u_int;
        if (trigger & ~UART_IRQ_ALLOWED) {
            mp_raise_ValueError(MP_ERROR_TEXT("trigger: IRQ_RX, IRQ_RXIDLE or IRQ_BREAK"));
        }
        mp_obj_t handler = args[MP_IRQ_ARG_INIT_handler].u_obj;
        if (handler != mp_const_none && !mp_obj_is_callable(handler)) {
            mp_raise_TypeError(MP_ERROR_TEXT("handler must be callable or None"));
        }
        self->mp_irq_obj->handler = handler;
        self->mp_irq_obj->ishard = args[MP_IRQ_ARG_INIT_hard].u_bool;
        uart_irq_trigger(MP_OBJ_FROM_PTR(self), trigger);
    }
    return self->mp_irq_obj;
}
