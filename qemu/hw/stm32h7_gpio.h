/*
 * STM32H7 general-purpose I/O port (RM0399 "GPIO").
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_GPIO_H
#define H7STACK_STM32H7_GPIO_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_STM32H7_GPIO "stm32h7-gpio"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7GpioState, STM32H7_GPIO)

#define STM32H7_GPIO_PINS     16
#define STM32H7_GPIO_MODER_AF 2 /* MODER: alternate function */

struct Stm32h7GpioState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;

    uint32_t moder, otyper, ospeedr, pupdr, odr, lckr, afrl, afrh;
    uint8_t lck_step;    /* progress through the LCKR key sequence */
    uint16_t ext_driven; /* pins driven from outside the chip */
    uint16_t ext_level;  /* their levels */
    uint16_t level;      /* resolved pin levels (= IDR) */
    uint16_t drive;      /* what the port drives: 0 pulled low, 1 otherwise */
    uint16_t af_driven;  /* pins an alternate function drives (gpio in "af") */
    uint16_t af_level;   /* their levels, used while the pin is in AF mode */

    /* pin levels, to board devices (unnamed) and to SYSCFG ("exti") */
    qemu_irq pin_out[STM32H7_GPIO_PINS];
    qemu_irq exti_out[STM32H7_GPIO_PINS];
    /* "drive": the port's own output stage, for wires that need the
     * driver rather than the level (a bit-banged I2C bus) */
    qemu_irq drive_out[STM32H7_GPIO_PINS];

    /* board: told after every update of the pins (a register write, an
     * outside driver, a reset), with the pins whose level changed; set
     * with stm32h7_gpio_set_notify */
    void (*notify)(void *opaque, Stm32h7GpioState *port, uint16_t changed);
    void *notify_opaque;

    char *name;
    uint32_t moder_reset, ospeedr_reset, pupdr_reset;
    uint32_t float_high; /* board: pins pulled high outside the chip */
};

void stm32h7_gpio_set_notify(Stm32h7GpioState *s,
                             void (*notify)(void *opaque,
                                            Stm32h7GpioState *port,
                                            uint16_t changed),
                             void *opaque);
/* what the port itself drives on a pin: 0 or 1, or -1 when it drives
 * nothing (an input, an analog pin, an open-drain output at 1, an
 * alternate-function pin no peripheral drives through gpio in "af") */
int stm32h7_gpio_pin_drive(Stm32h7GpioState *s, unsigned pin);

#endif
