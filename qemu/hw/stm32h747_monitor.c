/*
 * The resource monitor's counters, read over QOM by scripts/h7top:
 *
 * - "irq-counts": per NVIC line, how often it was raised (rising edges)
 *   since QEMU started; "systick-counts": the CM7's and the CM4's SysTick
 *   exceptions likewise.  Always counted: an increment per edge.
 * - each core's load: while "monitor" is on, about every millisecond of
 *   virtual time (0.5 to 1.5 ms at random, so that no periodic interrupt is
 *   always or never caught) each core is sampled as running or halted (in
 *   WFI, or not started); sampling faster would itself slow an idle board,
 *   whose virtual time follows the host's only between QEMU's wake-ups;
 *   "load-samples" counts the samples, "cm7-busy" and "cm4-busy" those that
 *   found the core running.  The share of one over the other, between two
 *   reads, is the core's load over that stretch of virtual time.
 *
 * - "virtual-ns": QEMU's virtual clock, for rates per virtual second.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-builtin-visit.h"
#include "hw/irq.h"
#include "hw/core/cpu.h"
#include "hw/sysbus.h"
#include "target/arm/cpu.h"
#include "stm32h747_monitor.h"

#define MONITOR_SAMPLE_MIN_NS  (500 * SCALE_US)
#define MONITOR_SAMPLE_SPAN_NS (1000 * SCALE_US)

/* the next sample, 0.5 to 1.5 ms on (a 32-bit LCG, Numerical Recipes') */
static int64_t monitor_next(Stm32h747SocState *s)
{
    s->monitor_lcg = s->monitor_lcg * 1664525u + 1013904223u;
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + MONITOR_SAMPLE_MIN_NS +
           (int64_t)(s->monitor_lcg >> 8) * MONITOR_SAMPLE_SPAN_NS / (1 << 24);
}

typedef struct {
    Stm32h747SocState *soc;
    uint32_t *count;
    qemu_irq target;
    bool level;
} MonitorLine;

static void monitor_line_set(void *opaque, int n, int level)
{
    MonitorLine *l = opaque;

    if (level && !l->level) {
        (*l->count)++;
    }
    l->level = level;
    qemu_set_irq(l->target, level);
}

static qemu_irq monitor_counter(Stm32h747SocState *s, uint32_t *count,
                                qemu_irq target)
{
    MonitorLine *l = g_new0(MonitorLine, 1);

    l->soc = s;
    l->count = count;
    l->target = target;
    return qemu_allocate_irq(monitor_line_set, l, 0);
}

qemu_irq stm32h747_monitor_irq(Stm32h747SocState *s, int n, qemu_irq target)
{
    return monitor_counter(s, &s->irq_counts[n], target);
}

static void monitor_sample(void *opaque)
{
    Stm32h747SocState *s = opaque;
    CPUState *cm7 = CPU(s->cm7.cpu), *cm4 = CPU(s->cm4.cpu);

    s->load_samples++;
    s->cm7_busy += !cm7->halted;
    s->cm4_busy += !cm4->halted;
    timer_mod(s->monitor_timer, monitor_next(s));
}

static bool monitor_get_on(Object *obj, Error **errp)
{
    return STM32H747_SOC(obj)->monitor_on;
}

static void monitor_set_on(Object *obj, bool on, Error **errp)
{
    Stm32h747SocState *s = STM32H747_SOC(obj);

    s->monitor_on = on;
    if (on) {
        timer_mod(s->monitor_timer, monitor_next(s));
    } else {
        timer_del(s->monitor_timer);
    }
}

static void monitor_get_counts(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    Stm32h747SocState *s = STM32H747_SOC(obj);
    bool systick = opaque != NULL;
    const uint32_t *c = systick ? s->systick_counts : s->irq_counts;
    unsigned n = systick ? 2 : STM32H747_NUM_IRQ;
    uint32List *list = NULL, **tail = &list;

    for (unsigned i = 0; i < n; i++) {
        QAPI_LIST_APPEND(tail, c[i]);
    }
    visit_type_uint32List(v, name, &list, errp);
    qapi_free_uint32List(list);
}

static void monitor_get_virtual_ns(Object *obj, Visitor *v, const char *name,
                                   void *opaque, Error **errp)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    visit_type_int64(v, name, &ns, errp);
}

void stm32h747_monitor_init(Stm32h747SocState *s)
{
    Object *obj = OBJECT(s);
    ARMv7MState *cores[2] = { &s->cm7, &s->cm4 };

    /* each core's SysTick reaches its NVIC through a counter */
    for (int i = 0; i < 2; i++) {
        qemu_irq nvic = qdev_get_gpio_in_named(DEVICE(&cores[i]->nvic),
                                               "systick-trigger", M_REG_NS);
        sysbus_connect_irq(SYS_BUS_DEVICE(&cores[i]->systick[M_REG_NS]), 0,
                           monitor_counter(s, &s->systick_counts[i], nvic));
    }
    s->monitor_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, monitor_sample, s);
    object_property_add_bool(obj, "monitor", monitor_get_on, monitor_set_on);
    object_property_set_description(
        obj, "monitor",
        "sample the cores' load, about every ms of virtual time");
    object_property_add_uint64_ptr(obj, "load-samples", &s->load_samples,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "cm7-busy", &s->cm7_busy,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "cm4-busy", &s->cm4_busy,
                                   OBJ_PROP_FLAG_READ);
    object_property_add(obj, "virtual-ns", "int64", monitor_get_virtual_ns,
                        NULL, NULL, NULL);
    object_property_add(obj, "irq-counts", "uint32List", monitor_get_counts,
                        NULL, NULL, NULL);
    object_property_add(obj, "systick-counts", "uint32List", monitor_get_counts,
                        NULL, NULL, (void *)1);
}
