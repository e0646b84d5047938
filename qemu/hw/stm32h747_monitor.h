/*
 * The resource monitor's counters (scripts/h7top): each core's load, the
 * interrupts on every NVIC line and each core's SysTick, read over QOM.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H747_MONITOR_H
#define H7STACK_STM32H747_MONITOR_H

#include "stm32h747_soc.h"

/* an input that counts the rising edges of NVIC line n, then passes the
 * level on to target */
qemu_irq stm32h747_monitor_irq(Stm32h747SocState *s, int n, qemu_irq target);
/* the SysTick counters and the QOM properties; call once the cores are
 * realized */
void stm32h747_monitor_init(Stm32h747SocState *s);

#endif
