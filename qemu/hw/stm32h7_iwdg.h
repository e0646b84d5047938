/*
 * STM32H7 independent watchdog (RM0399 "IWDG"): a 12-bit down-counter on
 * the 32 kHz LSI; reaching 0, or a refresh outside the window, pulses the
 * "reset" line (the RCC records IWDG1RSTF and resets the system).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_IWDG_H
#define H7STACK_STM32H7_IWDG_H

#include "hw/sysbus.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32H7_IWDG "stm32h7-iwdg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7IwdgState, STM32H7_IWDG)

struct Stm32h7IwdgState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq reset; /* pulsed when the watchdog fires */

    uint32_t pr, rlr, winr;
    bool running;
    bool unlocked;     /* KR 0x5555: PR, RLR and WINR writable */
    int64_t reload_ns; /* when the counter last started from RLR */
    QEMUTimer *timer;  /* the counter's end */
};

#endif
