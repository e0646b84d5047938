/*
 * Wires between two pins of the STM32H747 (jumpers on the board's headers):
 * what one pin's peripheral drives reaches the peripheral on the other pin,
 * as set by each pin's GPIO mode and alternate function at that moment.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H747_JUMPERS_H
#define H7STACK_STM32H747_JUMPERS_H

#include "qapi/error.h"

#include "stm32h747_soc.h"

/* a pin name ("PB9"): its index (port * 16 + number) in *pin and the
 * character after it in *end; false if p does not start with one */
bool stm32h747_parse_pin(const char *p, const char **end, uint8_t *pin);
/* "PB9-PB8:PA2-PA3": pairs of pins, ports A to K, joined by colons (a comma
 * would end the -M option) */
bool stm32h747_jumpers_parse(Stm32h747SocState *s, const char *spec,
                             Error **errp);
/* install the U(S)ARTs' line sinks; call once the USARTs are realized */
void stm32h747_jumpers_wire_uarts(Stm32h747SocState *s);
/* the digital side: a pin its GPIO port drives (an output) drives the pin
 * at the jumper's other end (its input, EXTI, a timer's input); when
 * neither end drives, each has its own pull.  Call after any pin update.
 * A chain of jumpers is not followed: each joins two pins only. */
void stm32h747_jumpers_resolve(Stm32h747SocState *s);
/* hardware flow control: each U(S)ART's nRTS onto its RTS pins, its nCTS
 * from its CTS pins, by the pins' alternate functions.  Call after any pin
 * update (after stm32h747_jumpers_resolve) */
void stm32h747_jumpers_flow(Stm32h747SocState *s);
/* the SoC's gpio in "uart-rts" (one line per U(S)ART): nRTS changed */
void stm32h747_jumpers_uart_rts(void *opaque, int n, int level);
/* the pin a jumper joins to pin, or -1 */
int stm32h747_jumper_peer(Stm32h747SocState *s, uint8_t pin);

#endif
