/*
 * A logic-analyser trace of the STM32H747's pins: levels over virtual time
 * written as a VCD file (IEEE 1364), for PulseView, GTKWave or sigrok-cli.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H747_PINTRACE_H
#define H7STACK_STM32H747_PINTRACE_H

#include "qapi/error.h"

#include "stm32h747_soc.h"

typedef struct Stm32h747PinTrace Stm32h747PinTrace;

/*
 * Start tracing the pins in spec ("PA8:PI12", ports A to K; empty: every
 * pin) to the file at path.  Each pin shows its GPIO level, or, while it is
 * in a timer channel's alternate function, that channel's output.  Call
 * once the GPIO ports and timers are realized.
 */
Stm32h747PinTrace *stm32h747_pintrace_open(Stm32h747SocState *soc,
                                           const char *path, const char *spec,
                                           Error **errp);
/* the pins may have changed (a GPIO port or a timer output was updated) */
void stm32h747_pintrace_update(Stm32h747PinTrace *t);

#endif
