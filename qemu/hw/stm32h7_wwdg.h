/*
 * STM32H7 system window watchdog, WWDG1 (RM0399 "WWDG").
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_WWDG_H
#define H7STACK_STM32H7_WWDG_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32H7_WWDG "stm32h7-wwdg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7WwdgState, STM32H7_WWDG)

struct Stm32h7WwdgState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    Clock *clk;     /* pclk3: the counter runs at clk / 4096 / 2^WDGTB */
    qemu_irq irq;   /* EWIF and EWI: the early wakeup interrupt */
    qemu_irq reset; /* "reset": pulsed when the watchdog fires */
    QEMUTimer *timer;

    uint32_t cfr, sr;
    bool active;       /* WDGA: set by software, cleared by reset alone */
    uint32_t t_loaded; /* T[6:0] as last written */
    int64_t load_ns;   /* when it was written (or rebased) */
};

#endif
