/*
 * The pin trace: every traced pin's level with virtual timestamps (1 ns),
 * as a VCD file.  GPIO levels are written when a port changes; a pin in a
 * timer channel's alternate function follows the channel's output, whose
 * edges are computed from the timer's waveform (stm32h7_tim_output) up to
 * each update, so a PWM costs no QEMU event per edge.  A virtual-time
 * timer writes the pending edges and flushes the file every 10 ms; the
 * rest is written when QEMU exits.
 *
 * The serial, SPI and I2C controllers do not drive pin levels in this
 * model, so their pins show the GPIO level (the bit-banged I2C wires do
 * show their traffic).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/notify.h"
#include "qemu/timer.h"
#include "system/system.h"
#include "stm32h747_jumpers.h"
#include "stm32h747_pintrace.h"
#include "trace.h"

#define PINTRACE_MAX_PINS (STM32H747_NUM_GPIO * STM32H7_GPIO_PINS)
#define PINTRACE_FLUSH_NS (10 * SCALE_MS)
#define VCD_ID_FIRST      '!' /* identifiers: printable ASCII, base 94 */
#define VCD_ID_BASE       94

typedef struct {
    uint8_t pin; /* port * 16 + number */
    char id[3];
    int8_t level; /* as last written, -1 before the first */
    int tim, ch;  /* the timer channel it follows, or tim -1 */
    Stm32h7TimOutput wave;
} PinTraceSignal;

typedef struct {
    int64_t t;
    unsigned sig;
    bool level;
} PinTraceEdge;

struct Stm32h747PinTrace {
    Stm32h747SocState *soc;
    FILE *f;
    unsigned n;
    PinTraceSignal sig[PINTRACE_MAX_PINS];
    int64_t done_ns;    /* edges up to here are written */
    int64_t written_ns; /* the last timestamp in the file */
    bool updating;
    QEMUTimer *flush;
    Notifier exit;
};

static bool wave_level(const Stm32h7TimOutput *w, int64_t t)
{
    if (!w->periodic) {
        return w->first_level;
    }
    double phase = fmod((double)t - w->origin_ns, w->period_ns);
    if (phase < 0) {
        phase += w->period_ns;
    }
    return phase < w->first_ns ? w->first_level : !w->first_level;
}

static void vcd_stamp(Stm32h747PinTrace *t, int64_t ns)
{
    if (ns > t->written_ns) {
        fprintf(t->f, "#%" PRId64 "\n", ns);
        t->written_ns = ns;
    }
}

static void vcd_level(Stm32h747PinTrace *t, unsigned i, bool level, int64_t ns)
{
    PinTraceSignal *sg = &t->sig[i];

    if (sg->level == level) {
        return;
    }
    vcd_stamp(t, ns);
    fprintf(t->f, "%d%s\n", level, sg->id);
    sg->level = level;
}

static void add_edge(GArray *edges, int64_t ns, unsigned i, bool level,
                     int64_t from, int64_t to)
{
    if (ns > from && ns <= to) {
        PinTraceEdge e = { ns, i, level };
        g_array_append_val(edges, e);
    }
}

static gint edge_cmp(gconstpointer a, gconstpointer b)
{
    const PinTraceEdge *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t;
}

/* the timer-driven pins' edges in (done_ns, now], in time order */
static void write_edges(Stm32h747PinTrace *t, int64_t now)
{
    g_autoptr(GArray) edges = g_array_new(false, false, sizeof(PinTraceEdge));

    for (unsigned i = 0; i < t->n; i++) {
        const Stm32h7TimOutput *w = &t->sig[i].wave;
        if (t->sig[i].tim < 0 || !w->periodic) {
            continue;
        }
        int64_t first = floor((t->done_ns - w->origin_ns) / w->period_ns);
        int64_t last = floor((now - w->origin_ns) / w->period_ns);
        for (int64_t k = first; k <= last; k++) {
            double start = w->origin_ns + k * w->period_ns;
            add_edge(edges, llround(start), i, w->first_level, t->done_ns, now);
            add_edge(edges, llround(start + w->first_ns), i, !w->first_level,
                     t->done_ns, now);
        }
    }
    g_array_sort(edges, edge_cmp);
    for (guint k = 0; k < edges->len; k++) {
        PinTraceEdge *e = &g_array_index(edges, PinTraceEdge, k);
        vcd_level(t, e->sig, e->level, e->t);
    }
    t->done_ns = now;
}

/* what drives the pin now: its timer channel in alternate function, or -1 */
static int pin_timer(Stm32h747PinTrace *t, uint8_t pin, int *ch)
{
    Stm32h7GpioState *port = &t->soc->gpio[pin / STM32H7_GPIO_PINS];
    unsigned n = pin % STM32H7_GPIO_PINS;
    uint32_t afr = n < 8 ? port->afrl : port->afrh;

    if (extract32(port->moder, 2 * n, 2) != STM32H7_GPIO_MODER_AF) {
        return -1;
    }
    return stm32h747_pin_timer_channel(pin, extract32(afr, 4 * (n % 8), 4), ch);
}

void stm32h747_pintrace_update(Stm32h747PinTrace *t)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!t || !t->f || t->updating) {
        return;
    }
    t->updating = true;
    write_edges(t, now); /* with the waveforms as they were until now */
    for (unsigned i = 0; i < t->n; i++) {
        PinTraceSignal *sg = &t->sig[i];
        bool level;

        sg->tim = pin_timer(t, sg->pin, &sg->ch);
        if (sg->tim >= 0) {
            sg->wave = stm32h7_tim_output(&t->soc->tim[sg->tim], sg->ch);
            level = wave_level(&sg->wave, now);
        } else {
            Stm32h7GpioState *port = &t->soc->gpio[sg->pin / STM32H7_GPIO_PINS];
            level = extract32(port->level, sg->pin % STM32H7_GPIO_PINS, 1);
        }
        vcd_level(t, i, level, now);
    }
    t->updating = false;
}

static void pintrace_flush(void *opaque)
{
    Stm32h747PinTrace *t = opaque;

    stm32h747_pintrace_update(t);
    fflush(t->f);
    timer_mod(t->flush,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + PINTRACE_FLUSH_NS);
}

static void pintrace_exit(Notifier *n, void *data)
{
    Stm32h747PinTrace *t = container_of(n, Stm32h747PinTrace, exit);

    stm32h747_pintrace_update(t);
    fclose(t->f);
    t->f = NULL;
    timer_del(t->flush);
}

static void pintrace_timer_changed(void *opaque)
{
    stm32h747_pintrace_update(opaque);
}

static bool parse_pins(Stm32h747PinTrace *t, const char *spec, Error **errp)
{
    if (!spec || !*spec) {
        for (unsigned p = 0; p < PINTRACE_MAX_PINS; p++) {
            t->sig[t->n++].pin = p;
        }
        return true;
    }
    for (const char *p = spec; *p;) {
        uint8_t pin;
        if (!stm32h747_parse_pin(p, &p, &pin) || (*p && *p != ':')) {
            error_setg(errp,
                       "pin-trace-pins: '%s' is not a list of pins such as "
                       "PA8:PI12 (ports A to K)",
                       spec);
            return false;
        }
        for (unsigned i = 0; i < t->n; i++) {
            if (t->sig[i].pin == pin) {
                error_setg(errp, "pin-trace-pins: P%c%u is listed twice",
                           'A' + pin / STM32H7_GPIO_PINS,
                           pin % STM32H7_GPIO_PINS);
                return false;
            }
        }
        t->sig[t->n++].pin = pin;
        p += *p == ':';
    }
    return true;
}

Stm32h747PinTrace *stm32h747_pintrace_open(Stm32h747SocState *soc,
                                           const char *path, const char *spec,
                                           Error **errp)
{
    g_autofree Stm32h747PinTrace *t = g_new0(Stm32h747PinTrace, 1);

    t->soc = soc;
    if (!parse_pins(t, spec, errp)) {
        return NULL;
    }
    t->f = fopen(path, "w");
    if (!t->f) {
        error_setg_errno(errp, errno, "pin-trace: cannot write '%s'", path);
        return NULL;
    }
    fprintf(t->f, "$comment STM32H747 pins, in virtual time $end\n"
                  "$timescale 1 ns $end\n"
                  "$scope module stm32h747 $end\n");
    for (unsigned i = 0; i < t->n; i++) {
        PinTraceSignal *sg = &t->sig[i];
        sg->id[0] = VCD_ID_FIRST + i % VCD_ID_BASE;
        sg->id[1] = i < VCD_ID_BASE ? 0 : VCD_ID_FIRST + i / VCD_ID_BASE;
        sg->level = -1;
        sg->tim = -1;
        fprintf(t->f, "$var wire 1 %s P%c%u $end\n", sg->id,
                'A' + sg->pin / STM32H7_GPIO_PINS, sg->pin % STM32H7_GPIO_PINS);
    }
    fprintf(t->f, "$upscope $end\n$enddefinitions $end\n");
    t->done_ns = t->written_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    fprintf(t->f, "#%" PRId64 "\n", t->written_ns);

    for (unsigned i = 0; i < STM32H747_NUM_TIM; i++) {
        stm32h7_tim_set_output_notify(&soc->tim[i], pintrace_timer_changed, t);
    }
    t->exit.notify = pintrace_exit;
    qemu_add_exit_notifier(&t->exit);
    t->flush = timer_new_ns(QEMU_CLOCK_VIRTUAL, pintrace_flush, t);
    timer_mod(t->flush, t->done_ns + PINTRACE_FLUSH_NS);
    stm32h747_pintrace_update(t); /* the levels at the start */
    return g_steal_pointer(&t);
}
