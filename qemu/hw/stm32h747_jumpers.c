/*
 * Jumpers between pins of the STM32H747 (see stm32h747_jumpers.h).
 *
 * A U(S)ART's finished frames reach another U(S)ART's receiver when a
 * jumper joins a pin in the first one's TX alternate function to a pin in
 * the second one's RX alternate function.  The pin table is the datasheet's
 * (DS12930, "Alternate function"): every TX and RX pin of USART1-3, UART4,
 * UART5, USART6, UART7 and UART8.
 *
 * A pin driven as a GPIO output drives the pin at the other end (its
 * level, EXTI, a timer capture input); the analog side (stm32h747_soc.c)
 * reads a DAC output or a GPIO level across a jumper.
 *
 * Hardware flow control: a U(S)ART's nRTS drives its RTS pin while the pin
 * is in that alternate function (and so, across a jumper, another pin), and
 * a U(S)ART's nCTS is the level of its CTS pin in its alternate function
 * (low, asserted, when no pin is).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "stm32h747_soc.h"
#include "stm32h747_jumpers.h"
#include "trace.h"

#define PIN(port, n) (((port) - 'A') * STM32H7_GPIO_PINS + (n))
#define GPIO_MODE_AF 2
#define JUMPER_UNSET (-2) /* nothing applied yet to the jumper's end */

/* the SoC's U(S)ART slots (stm32h747_soc.h) */
enum { U1, U8, U2, U3, U4, U5, U6, U7 };

static const struct {
    uint8_t pin, af, uart;
    bool tx;
} uart_pins[] = {
    { PIN('A', 9), 7, U1, true },    { PIN('A', 10), 7, U1, false },
    { PIN('B', 6), 7, U1, true },    { PIN('B', 7), 7, U1, false },
    { PIN('B', 14), 4, U1, true },   { PIN('B', 15), 4, U1, false },
    { PIN('A', 2), 7, U2, true },    { PIN('A', 3), 7, U2, false },
    { PIN('D', 5), 7, U2, true },    { PIN('D', 6), 7, U2, false },
    { PIN('B', 10), 7, U3, true },   { PIN('B', 11), 7, U3, false },
    { PIN('C', 10), 7, U3, true },   { PIN('C', 11), 7, U3, false },
    { PIN('D', 8), 7, U3, true },    { PIN('D', 9), 7, U3, false },
    { PIN('A', 0), 8, U4, true },    { PIN('A', 1), 8, U4, false },
    { PIN('A', 12), 6, U4, true },   { PIN('A', 11), 6, U4, false },
    { PIN('B', 9), 8, U4, true },    { PIN('B', 8), 8, U4, false },
    { PIN('C', 10), 8, U4, true },   { PIN('C', 11), 8, U4, false },
    { PIN('D', 1), 8, U4, true },    { PIN('D', 0), 8, U4, false },
    { PIN('H', 13), 8, U4, true },   { PIN('H', 14), 8, U4, false },
    { PIN('I', 9), 8, U4, false },   { PIN('B', 6), 14, U5, true },
    { PIN('B', 5), 14, U5, false },  { PIN('B', 13), 14, U5, true },
    { PIN('B', 12), 14, U5, false }, { PIN('C', 12), 8, U5, true },
    { PIN('D', 2), 8, U5, false },   { PIN('C', 6), 7, U6, true },
    { PIN('C', 7), 7, U6, false },   { PIN('G', 14), 7, U6, true },
    { PIN('G', 9), 7, U6, false },   { PIN('A', 15), 11, U7, true },
    { PIN('A', 8), 11, U7, false },  { PIN('B', 4), 11, U7, true },
    { PIN('B', 3), 11, U7, false },  { PIN('E', 8), 7, U7, true },
    { PIN('E', 7), 7, U7, false },   { PIN('F', 7), 7, U7, true },
    { PIN('F', 6), 7, U7, false },   { PIN('E', 1), 8, U8, true },
    { PIN('E', 0), 8, U8, false },   { PIN('J', 8), 8, U8, true },
    { PIN('J', 9), 8, U8, false },
};

bool stm32h747_parse_pin(const char *p, const char **end, uint8_t *pin)
{
    char *e;
    unsigned long n;

    if (p[0] != 'P' || p[1] < 'A' || p[1] >= 'A' + STM32H747_NUM_GPIO ||
        !g_ascii_isdigit(p[2])) {
        return false;
    }
    n = strtoul(p + 2, &e, 10);
    if (n >= STM32H7_GPIO_PINS) {
        return false;
    }
    *pin = PIN(p[1], n);
    *end = e;
    return true;
}

bool stm32h747_jumpers_parse(Stm32h747SocState *s, const char *spec,
                             Error **errp)
{
    const char *p = spec;

    s->num_jumpers = 0;
    memset(s->jumper_applied, JUMPER_UNSET, sizeof(s->jumper_applied));
    while (p && *p) {
        uint8_t a, b;

        if (s->num_jumpers == STM32H747_MAX_JUMPERS) {
            error_setg(errp, "jumpers: at most %d", STM32H747_MAX_JUMPERS);
            return false;
        }
        if (!stm32h747_parse_pin(p, &p, &a) || *p++ != '-' ||
            !stm32h747_parse_pin(p, &p, &b) || (*p && *p != ':') || a == b) {
            error_setg(errp,
                       "jumpers: '%s' is not a list of pin pairs such as "
                       "PB9-PB8:PA2-PA3 (ports A-K, pins 0-15)",
                       spec);
            return false;
        }
        s->jumpers[s->num_jumpers][0] = a;
        s->jumpers[s->num_jumpers][1] = b;
        s->num_jumpers++;
        p += *p == ':';
    }
    return true;
}

/* is the pin in alternate function af now? */
static bool pin_in_af(Stm32h747SocState *s, uint8_t pin, uint8_t af)
{
    Stm32h7GpioState *g = &s->gpio[pin / STM32H7_GPIO_PINS];
    unsigned n = pin % STM32H7_GPIO_PINS;
    uint32_t afr = n < 8 ? g->afrl : g->afrh;

    return extract32(g->moder, 2 * n, 2) == GPIO_MODE_AF &&
           extract32(afr, 4 * (n % 8), 4) == af;
}

/* the U(S)ART receiving on this pin now, or -1 */
static int uart_rx_on(Stm32h747SocState *s, uint8_t pin)
{
    for (size_t i = 0; i < ARRAY_SIZE(uart_pins); i++) {
        if (uart_pins[i].pin == pin && !uart_pins[i].tx &&
            pin_in_af(s, pin, uart_pins[i].af)) {
            return uart_pins[i].uart;
        }
    }
    return -1;
}

static void uart_line_out(void *opaque, uint8_t ch, bool brk)
{
    Stm32h747UartLine *line = opaque;
    Stm32h747SocState *s = line->soc;
    int uart = line->uart;

    for (size_t i = 0; i < ARRAY_SIZE(uart_pins); i++) {
        if (uart_pins[i].uart != uart || !uart_pins[i].tx ||
            !pin_in_af(s, uart_pins[i].pin, uart_pins[i].af)) {
            continue;
        }
        for (unsigned j = 0; j < s->num_jumpers; j++) {
            uint8_t *w = s->jumpers[j];
            int other = w[0] == uart_pins[i].pin   ? w[1]
                        : w[1] == uart_pins[i].pin ? w[0]
                                                   : -1;
            int to = other < 0 ? -1 : uart_rx_on(s, other);

            if (to >= 0) {
                trace_stm32h747_jumper_uart(uart_pins[i].pin, other);
                stm32h7_usart_line_receive(&s->uart[to], ch, brk);
            }
        }
    }
}

/* the RTS and CTS pins (DS12930 "Alternate function"; AF7 all) of the
 * U(S)ARTs that have them on this package's free pins */
static const struct {
    uint8_t pin, af, uart;
    bool rts;
} flow_pins[] = {
    { PIN('A', 12), 7, U1, true }, { PIN('A', 11), 7, U1, false },
    { PIN('A', 1), 7, U2, true },  { PIN('A', 0), 7, U2, false },
    { PIN('D', 4), 7, U2, true },  { PIN('D', 3), 7, U2, false },
    { PIN('B', 14), 7, U3, true }, { PIN('B', 13), 7, U3, false },
    { PIN('D', 12), 7, U3, true }, { PIN('D', 11), 7, U3, false },
    { PIN('E', 9), 7, U7, true },  { PIN('E', 10), 7, U7, false },
    { PIN('F', 8), 7, U7, true },  { PIN('F', 9), 7, U7, false },
};

void stm32h747_jumpers_flow(Stm32h747SocState *s)
{
    int8_t cts[STM32H747_NUM_UART] = { 0 };

    /* a pass already running, or jumpers being resolved, ends with one */
    if (s->flow_updating || s->jumpers_resolving) {
        return;
    }
    s->flow_updating = true;
    QEMU_BUILD_BUG_ON(ARRAY_SIZE(flow_pins) > STM32H747_MAX_FLOW_PINS);
    for (size_t i = 0; i < ARRAY_SIZE(flow_pins); i++) {
        unsigned pin = flow_pins[i].pin;
        Stm32h7GpioState *port = &s->gpio[pin / STM32H7_GPIO_PINS];
        int drive = -1;

        if (!flow_pins[i].rts) {
            continue;
        }
        if (pin_in_af(s, pin, flow_pins[i].af)) {
            drive = s->uart[flow_pins[i].uart].rts_level;
        }
        if (drive != s->flow_applied[i]) {
            s->flow_applied[i] = drive;
            qemu_set_irq(qdev_get_gpio_in_named(DEVICE(port), "af",
                                                pin % STM32H7_GPIO_PINS),
                         drive);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(flow_pins); i++) {
        unsigned pin = flow_pins[i].pin;
        Stm32h7GpioState *port = &s->gpio[pin / STM32H7_GPIO_PINS];

        if (!flow_pins[i].rts && pin_in_af(s, pin, flow_pins[i].af)) {
            cts[flow_pins[i].uart] |= extract32(port->level,
                                                pin % STM32H7_GPIO_PINS, 1);
        }
    }
    for (int u = 0; u < STM32H747_NUM_UART; u++) {
        qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->uart[u]), "cts", 0),
                     cts[u]);
    }
    s->flow_updating = false;
}

/* a U(S)ART's nRTS changed (gpio in "uart-rts" of the SoC) */
void stm32h747_jumpers_uart_rts(void *opaque, int n, int level)
{
    stm32h747_jumpers_flow(opaque);
}

void stm32h747_jumpers_wire_uarts(Stm32h747SocState *s)
{
    memset(s->flow_applied, JUMPER_UNSET, sizeof(s->flow_applied));
    for (int i = 0; i < STM32H747_NUM_UART; i++) {
        s->uart_line[i] = (Stm32h747UartLine){ s, i };
        stm32h7_usart_set_line_sink(&s->uart[i], uart_line_out,
                                    &s->uart_line[i]);
        qdev_connect_gpio_out_named(
            DEVICE(&s->uart[i]), "rts", 0,
            qdev_get_gpio_in_named(DEVICE(s), "uart-rts", i));
    }
}

int stm32h747_jumper_peer(Stm32h747SocState *s, uint8_t pin)
{
    for (unsigned j = 0; j < s->num_jumpers; j++) {
        if (s->jumpers[j][0] == pin) {
            return s->jumpers[j][1];
        }
        if (s->jumpers[j][1] == pin) {
            return s->jumpers[j][0];
        }
    }
    return -1;
}

void stm32h747_jumpers_resolve(Stm32h747SocState *s)
{
    /* applying a level updates that port, which calls back here: only its
     * levels change then, never what a port drives, so one pass is all */
    if (s->jumpers_resolving) {
        return;
    }
    s->jumpers_resolving = true;
    for (unsigned j = 0; j < s->num_jumpers; j++) {
        for (unsigned end = 0; end < 2; end++) {
            uint8_t to = s->jumpers[j][end], from = s->jumpers[j][!end];
            int drive = stm32h7_gpio_pin_drive(
                &s->gpio[from / STM32H7_GPIO_PINS], from % STM32H7_GPIO_PINS);

            if (drive != s->jumper_applied[j][end]) {
                s->jumper_applied[j][end] = drive;
                trace_stm32h747_jumper_level(from, to, drive);
                /* -1 releases the pin to its own pull */
                qemu_set_irq(qdev_get_gpio_in(DEVICE(&s->gpio[to / 16]),
                                              to % STM32H7_GPIO_PINS),
                             drive);
            }
        }
    }
    s->jumpers_resolving = false;
}
