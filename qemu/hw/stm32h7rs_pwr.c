/*
 * STM32H7R/S power control (PWR), RM0477, as much as the board's start-up
 * needs: the supply configuration and the XSPIM I/O supply enables in CSR2
 * keep what is written, EN_XSPIM1/2 also drive the GPIO outputs
 * "xspim-supply" 0/1 (to the XSPI I/O manager); the voltage scaling asked for in CSR4.VOS is ready
 * at once (CSR4.VOSRDY, and SR1.ACTVOS follows with ACTVOSRDY set).  The
 * bit positions of VOS/VOSRDY/ACTVOS/ACTVOSRDY (0 and 1) are from ST's
 * register names as used in public code, not read in RM0477 itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7rs_pwr.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
REG32(SR1, 0x04)
    FIELD(SR1, ACTVOS, 0, 1)
    FIELD(SR1, ACTVOSRDY, 1, 1)
REG32(CSR2, 0x0C)
    FIELD(CSR2, EN_XSPIM1, 14, 1)
    FIELD(CSR2, EN_XSPIM2, 15, 1)
REG32(CSR4, 0x14)
    FIELD(CSR4, VOS, 0, 1)
    FIELD(CSR4, VOSRDY, 1, 1)
/* clang-format on */

static void pwr_update_supplies(Stm32h7rsPwrState *s)
{
    uint32_t csr2 = s->regs[A_CSR2 / 4];
    qemu_set_irq(s->xspim_supply[0], FIELD_EX32(csr2, CSR2, EN_XSPIM1));
    qemu_set_irq(s->xspim_supply[1], FIELD_EX32(csr2, CSR2, EN_XSPIM2));
}

static uint64_t pwr_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7rsPwrState *s = STM32H7RS_PWR(opaque);

    if (addr >= STM32H7RS_PWR_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7rs-pwr: read of 0x%03" HWADDR_PRIx "\n", addr);
        return 0;
    }
    if (addr == A_SR1) {
        uint32_t vos = FIELD_EX32(s->regs[A_CSR4 / 4], CSR4, VOS);
        return FIELD_DP32(R_SR1_ACTVOSRDY_MASK, SR1, ACTVOS, vos);
    }
    if (addr == A_CSR4) {
        return s->regs[addr / 4] | R_CSR4_VOSRDY_MASK;
    }
    return s->regs[addr / 4];
}

static void pwr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    trace_stm32h7rs_pwr_write(addr, val);
    Stm32h7rsPwrState *s = STM32H7RS_PWR(opaque);

    if (addr >= STM32H7RS_PWR_NREGS * 4 || addr == A_SR1) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7rs-pwr: write of 0x%03" HWADDR_PRIx
                      " (read-only or no register)\n",
                      addr);
        return;
    }
    s->regs[addr / 4] = val;
    pwr_update_supplies(s);
}

static const MemoryRegionOps pwr_ops = {
    .read = pwr_read,
    .write = pwr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void pwr_reset_hold(Object *obj, ResetType type)
{
    Stm32h7rsPwrState *s = STM32H7RS_PWR(obj);

    memset(s->regs, 0, sizeof(s->regs));
}

static void pwr_reset_exit(Object *obj, ResetType type)
{
    pwr_update_supplies(STM32H7RS_PWR(obj));
}

static void pwr_init(Object *obj)
{
    Stm32h7rsPwrState *s = STM32H7RS_PWR(obj);

    memory_region_init_io(&s->mmio, obj, &pwr_ops, s, TYPE_STM32H7RS_PWR,
                          0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_out_named(DEVICE(obj), s->xspim_supply, "xspim-supply", 2);
}

static const VMStateDescription vmstate_pwr = {
    .name = TYPE_STM32H7RS_PWR,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32_ARRAY(regs,
                                                           Stm32h7rsPwrState,
                                                           STM32H7RS_PWR_NREGS),
                                      VMSTATE_END_OF_LIST() }
};

static void pwr_class_init(ObjectClass *klass, void *data)
{
    DEVICE_CLASS(klass)->vmsd = &vmstate_pwr;
    RESETTABLE_CLASS(klass)->phases.hold = pwr_reset_hold;
    RESETTABLE_CLASS(klass)->phases.exit = pwr_reset_exit;
}

static const TypeInfo pwr_types[] = {
    {
        .name = TYPE_STM32H7RS_PWR,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7rsPwrState),
        .instance_init = pwr_init,
        .class_init = pwr_class_init,
    },
};
DEFINE_TYPES(pwr_types)
