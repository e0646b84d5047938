/*
 * STM32H7 I2C controller (RM0399), master mode, on a QEMU I2C bus.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_I2C_H
#define H7STACK_STM32H7_I2C_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/i2c/i2c.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "qemu/timer.h"

#define TYPE_STM32H7_I2C "stm32h7-i2c"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7I2cState, STM32H7_I2C)

struct Stm32h7I2cState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq_ev, irq_er;
    I2CBus *bus;
    char *bus_name;
    uint32_t cr1, cr2, oar1, oar2, timingr, timeoutr, isr, rxdr;
    uint32_t left; /* bytes left in this block */
    bool active, reading;

    Clock *clk;         /* kernel clock: SCL periods from TIMINGR */
    unsigned step_bits; /* bus bits the current register access started */
    uint32_t held;      /* ISR flags of a step whose time is not up */
    int64_t step_end;   /* when it is (virtual ns) */
    QEMUTimer *step_timer;
};

#endif
