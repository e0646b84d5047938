/*
 * STM32H7R/S embedded flash (RM0477): the 64 KiB user flash at 0x08000000,
 * read-only to the guest, loaded from the block backend "drive" (a raw
 * image of at most 64 KiB, the rest erased), and the interface's ACR
 * (LATENCY, WRHIGHFREQ) which keeps what is written.  Programming the user
 * flash from the guest is not modelled: its other registers are logged as
 * unimplemented.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/block-backend.h"
#include "stm32h7rs_flash.h"
#include "trace.h"

#define USER_FLASH_SIZE (64 * KiB)
/* register fields stay indented under their register */
/* clang-format off */
REG32(ACR, 0x000)
/* clang-format on */

static uint64_t flash_reg_read(void *opaque, hwaddr addr, unsigned size)
{
    if (addr == A_ACR) {
        return STM32H7RS_FLASH(opaque)->acr;
    }
    qemu_log_mask(LOG_UNIMP, "stm32h7rs-flash: read of 0x%03" HWADDR_PRIx "\n",
                  addr);
    return 0;
}

static void flash_reg_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    trace_stm32h7rs_flash_write(addr, val);
    if (addr == A_ACR) {
        STM32H7RS_FLASH(opaque)->acr = val & 0x3F;
        return;
    }
    qemu_log_mask(LOG_UNIMP, "stm32h7rs-flash: write of 0x%03" HWADDR_PRIx "\n",
                  addr);
}

static const MemoryRegionOps flash_reg_ops = {
    .read = flash_reg_read,
    .write = flash_reg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void flash_realize(DeviceState *dev, Error **errp)
{
    Stm32h7rsFlashState *s = STM32H7RS_FLASH(dev);
    uint8_t *p;

    if (!memory_region_init_rom(&s->mem, OBJECT(dev), "h7rs.user-flash",
                                USER_FLASH_SIZE, errp)) {
        return;
    }
    p = memory_region_get_ram_ptr(&s->mem);
    memset(p, 0xFF, USER_FLASH_SIZE);
    if (s->blk) {
        int64_t len = blk_getlength(s->blk);
        if (len < 0 || len > USER_FLASH_SIZE) {
            error_setg(errp,
                       "stm32h7rs-flash: the drive must be at most 64 KiB");
            return;
        }
        if (len && blk_pread(s->blk, 0, len, p, 0) < 0) {
            error_setg(errp, "stm32h7rs-flash: cannot read the drive");
            return;
        }
    }
    memory_region_init_io(&s->regs, OBJECT(dev), &flash_reg_ops, s,
                          "h7rs.flash-regs", 0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mem);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->regs);
}

static void flash_reset_hold(Object *obj, ResetType type)
{
    /* 3 wait states, WRHIGHFREQ 1: a plausible reset value for 64 MHz, not
     * checked against RM0477 */
    STM32H7RS_FLASH(obj)->acr = 0x13;
}

static const Property flash_props[] = {
    DEFINE_PROP_DRIVE("drive", Stm32h7rsFlashState, blk),
};

static const VMStateDescription vmstate_flash = {
    .name = TYPE_STM32H7RS_FLASH,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(acr, Stm32h7rsFlashState),
                                      VMSTATE_END_OF_LIST() }
};

static void flash_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = flash_realize;
    dc->vmsd = &vmstate_flash;
    device_class_set_props(dc, flash_props);
    RESETTABLE_CLASS(klass)->phases.hold = flash_reset_hold;
}

static const TypeInfo flash_types[] = {
    {
        .name = TYPE_STM32H7RS_FLASH,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7rsFlashState),
        .class_init = flash_class_init,
    },
};
DEFINE_TYPES(flash_types)
