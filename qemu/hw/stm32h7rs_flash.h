/*
 * STM32H7R/S embedded flash interface (FLASH, RM0477): 64 KiB user flash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7RS_FLASH_H
#define H7STACK_STM32H7RS_FLASH_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "system/block-backend.h"
#include "exec/memory.h"

#define TYPE_STM32H7RS_FLASH "stm32h7rs-flash"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7rsFlashState, STM32H7RS_FLASH)

struct Stm32h7rsFlashState {
    SysBusDevice parent_obj;
    MemoryRegion mem, regs;
    BlockBackend *blk;
    uint32_t acr;
};

#endif
