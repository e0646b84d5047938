/*
 * STM32H7 system configuration controller (SYSCFG, RM0399): the EXTICR1-4
 * multiplexers that pick which port's pin x drives EXTI line x, PMCR, PWRCR
 * (overdrive for VOS0), the compensation cell and the user option mirrors.
 *
 * Inputs: 16 lines per GPIO port A..K (port * 16 + pin).
 * Outputs: EXTI lines 0..15.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_syscfg.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(PMCR, 0x04)
REG32(EXTICR1, 0x08)
REG32(EXTICR4, 0x14)
REG32(CFGR, 0x18)
REG32(CCCSR, 0x20)
    FIELD(CCCSR, EN, 0, 1)
    FIELD(CCCSR, READY, 8, 1)
REG32(CCVR, 0x24)
REG32(CCCR, 0x28)
REG32(PWRCR, 0x2C)
REG32(PKGR, 0x124)
REG32(UR0, 0x300)
REG32(UR17, 0x344)
/* clang-format on */

static unsigned line_port(Stm32h7SyscfgState *s, unsigned line)
{
    return extract32(s->exticr[line / 4], 4 * (line % 4), 4);
}

static void syscfg_route(Stm32h7SyscfgState *s, unsigned line)
{
    unsigned port = line_port(s, line);
    bool level = port < STM32H7_SYSCFG_PORTS &&
                 extract32(s->pin_levels[port], line, 1);
    qemu_set_irq(s->exti[line], level);
}

static void syscfg_set_pin(void *opaque, int n, int level)
{
    Stm32h7SyscfgState *s = opaque;
    unsigned port = n / STM32H7_SYSCFG_LINES, pin = n % STM32H7_SYSCFG_LINES;

    s->pin_levels[port] = deposit32(s->pin_levels[port], pin, 1, !!level);
    if (line_port(s, pin) == port) {
        syscfg_route(s, pin);
    }
}

static uint64_t syscfg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7SyscfgState *s = opaque;
    uint32_t v = 0;

    switch (addr) {
    case A_PMCR: v = s->pmcr; break;
    case A_EXTICR1 ... A_EXTICR4: v = s->exticr[(addr - A_EXTICR1) / 4]; break;
    case A_CFGR: v = s->cfgr; break;
    case A_CCCSR:
        /* the compensation cell is ready as soon as it is enabled */
        v = FIELD_DP32(s->cccsr, CCCSR, READY, FIELD_EX32(s->cccsr, CCCSR, EN));
        break;
    case A_CCVR: v = 0x88; break; /* typical NMOS/PMOS values */
    case A_CCCR: v = s->cccr; break;
    case A_PWRCR: v = s->pwrcr; break;
    case A_PKGR: v = 0x8; break; /* TFBGA240+25, as on the DISCO board */
    case A_UR0 ... A_UR17: v = 0; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-syscfg: read of reserved "
                      "offset 0x%03" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    return v;
}

static void syscfg_write(void *opaque, hwaddr addr, uint64_t val64,
                         unsigned size)
{
    trace_stm32h7_syscfg_write(addr, val64);
    Stm32h7SyscfgState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_PMCR: s->pmcr = val; break;
    case A_EXTICR1 ... A_EXTICR4: {
        unsigned i = (addr - A_EXTICR1) / 4;
        s->exticr[i] = val & 0xFFFF;
        for (unsigned l = 4 * i; l < 4 * i + 4; l++) {
            if (line_port(s, l) >= STM32H7_SYSCFG_PORTS) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "stm32h7-syscfg: EXTICR%u "
                              "selects port %u for line %u: no such port\n",
                              i + 1, line_port(s, l), l);
            }
            syscfg_route(s, l);
        }
        break;
    }
    case A_CFGR: s->cfgr = val; break;
    case A_CCCSR: s->cccsr = val & 0x3; break;
    case A_CCCR: s->cccr = val & 0xFF; break;
    case A_PWRCR: s->pwrcr = val & 1; break; /* ODEN */
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-syscfg: write to reserved or "
                      "read-only offset 0x%03" HWADDR_PRIx "\n",
                      addr);
        break;
    }
}

static const MemoryRegionOps syscfg_ops = {
    .read = syscfg_read,
    .write = syscfg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void syscfg_reset_hold(Object *obj, ResetType type)
{
    Stm32h7SyscfgState *s = STM32H7_SYSCFG(obj);

    s->pmcr = 0;
    memset(s->exticr, 0, sizeof(s->exticr));
    s->cfgr = s->cccsr = s->cccr = s->pwrcr = 0;
}

static void syscfg_reset_exit(Object *obj, ResetType type)
{
    Stm32h7SyscfgState *s = STM32H7_SYSCFG(obj);

    for (unsigned l = 0; l < STM32H7_SYSCFG_LINES; l++) {
        syscfg_route(s, l);
    }
}

static void syscfg_init(Object *obj)
{
    Stm32h7SyscfgState *s = STM32H7_SYSCFG(obj);

    memory_region_init_io(&s->mmio, obj, &syscfg_ops, s, TYPE_STM32H7_SYSCFG,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(DEVICE(obj), syscfg_set_pin,
                      STM32H7_SYSCFG_PORTS * STM32H7_SYSCFG_LINES);
    qdev_init_gpio_out(DEVICE(obj), s->exti, STM32H7_SYSCFG_LINES);
}

static const VMStateDescription
    vmstate_syscfg = { .name = TYPE_STM32H7_SYSCFG,
                       .version_id = 1,
                       .minimum_version_id = 1,
                       .fields = (const VMStateField[]){
                           VMSTATE_UINT32(pmcr, Stm32h7SyscfgState),
                           VMSTATE_UINT32_ARRAY(exticr, Stm32h7SyscfgState, 4),
                           VMSTATE_UINT32(cfgr, Stm32h7SyscfgState),
                           VMSTATE_UINT32(cccsr, Stm32h7SyscfgState),
                           VMSTATE_UINT32(cccr, Stm32h7SyscfgState),
                           VMSTATE_UINT32(pwrcr, Stm32h7SyscfgState),
                           VMSTATE_UINT32_ARRAY(pin_levels, Stm32h7SyscfgState,
                                                STM32H7_SYSCFG_PORTS),
                           VMSTATE_END_OF_LIST() } };

static void syscfg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_syscfg;
    rc->phases.hold = syscfg_reset_hold;
    rc->phases.exit = syscfg_reset_exit;
}

static const TypeInfo syscfg_types[] = {
    {
        .name = TYPE_STM32H7_SYSCFG,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7SyscfgState),
        .instance_init = syscfg_init,
        .class_init = syscfg_class_init,
    },
};
DEFINE_TYPES(syscfg_types)
