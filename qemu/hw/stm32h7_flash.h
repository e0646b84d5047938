/*
 * STM32H7 embedded flash: the two 1 MiB banks and their interface (RM0399).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_FLASH_H
#define H7STACK_STM32H7_FLASH_H

#include "hw/sysbus.h"
#include "h7_writeback.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32H7_FLASH "stm32h7-flash"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7FlashState, STM32H7_FLASH)

#define STM32H7_FLASH_BANKS       2
#define STM32H7_FLASH_BANK_SIZE   (1 * MiB)
#define STM32H7_FLASH_SECTOR_SIZE (128 * KiB)
#define STM32H7_FLASH_WORD        32 /* 256-bit flash word */

typedef struct Stm32h7FlashBank {
    uint32_t keyr_state; /* 0 locked, 1 first key seen */
    bool key_error;      /* wrong key: locked until reset */
    uint32_t cr, sr;
    /* write buffer of the flash word being programmed */
    uint32_t wbuf_addr; /* bank offset of the word, or UINT32_MAX */
    uint8_t wbuf[STM32H7_FLASH_WORD];
    uint32_t wbuf_valid; /* one bit per byte */
    /* BSY/QW: the program or erase running until busy_timer fires */
    QEMUTimer *busy_timer;
    uint32_t op_off, op_len; /* array offset and size of that operation */
    bool op_erase;
    uint8_t op_before[STM32H7_FLASH_WORD]; /* a program's word before it */
} Stm32h7FlashBank;

struct Stm32h7FlashState {
    SysBusDevice parent_obj;

    MemoryRegion regs; /* the interface registers */
    MemoryRegion mem;  /* both banks: read as ROM, writes program */
    BlockBackend *blk;
    H7Writeback wb; /* the array to the backing file */
    qemu_irq irq;

    uint32_t acr;
    uint32_t optkey_state;
    uint32_t optcr;
    uint32_t optsr;
    uint32_t boot7, boot4;
    Stm32h7FlashBank bank[STM32H7_FLASH_BANKS];

    /* option-byte properties */
    bool boot_cm4; /* OPTSR.BCM4: CM4 boots on its own */
    uint32_t boot_cm4_addr0;
    uint32_t t_prog_us, t_erase_us; /* flash word program, sector erase */
};

/* a power cut now: what a bank is programming or erasing stays half done */
void stm32h7_flash_power_cut(Stm32h7FlashState *s);

#endif
