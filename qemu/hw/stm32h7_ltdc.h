/*
 * STM32H7 LCD-TFT display controller (LTDC, RM0399), scanned out to a QEMU console.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_LTDC_H
#define H7STACK_STM32H7_LTDC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "qemu/timer.h"
#include "ui/console.h"
#include "hw/clock.h"
#include "exec/memory.h"
#include "hw/irq.h"

#define TYPE_STM32H7_LTDC "stm32h7-ltdc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7LtdcState, STM32H7_LTDC)

#define STM32H7_LTDC_MAX_W 2048

#define STM32H7_LTDC_NREGS (0x50 / 4)

#define STM32H7_LTDC_LAYER_NREGS (0x48 / 4) /* LxCR .. LxCLUTWR */

struct Stm32h7LtdcState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    Clock *clk;
    qemu_irq irq, irq_err;
    QEMUTimer *frame_timer, *line_timer;
    QemuConsole *con;

    uint32_t regs[STM32H7_LTDC_NREGS];
    uint32_t layer[2][STM32H7_LTDC_LAYER_NREGS]; /* active */
    uint32_t
        shadow[2][STM32H7_LTDC_LAYER_NREGS]; /* as written; what reads return */
    int64_t frame_start;                     /* ns, virtual clock */
    bool unimpl_logged[2];

    uint32_t width, height;                /* the panel */
    uint32_t line_rgb[STM32H7_LTDC_MAX_W]; /* composition of one line */
    uint8_t fetch[STM32H7_LTDC_MAX_W * 4];
};

#endif
