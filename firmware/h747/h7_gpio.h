/* GPIO pin set-up for the peripherals' alternate functions (RM0399 "GPIO"). */
#ifndef H7STACK_H7_GPIO_H
#define H7STACK_H7_GPIO_H

#include <stdint.h>

/* a pin: port index (0 = A ... 10 = K) and number, in one byte */
#define H7_PIN(port, n) ((uint8_t)((((port) - 'A') << 4) | (n)))
#define H7_PIN_PORT(p)  ((p) >> 4)
#define H7_PIN_NUM(p)   ((p)&0xF)
#define H7_PIN_NONE     0xFF

enum {
    H7_GPIO_PULL_NONE,
    H7_GPIO_PULL_UP,
    H7_GPIO_PULL_DOWN
};

/* the port's clock on, then the pin in alternate function af */
void h7_gpio_af(uint8_t pin, unsigned af, unsigned pull);
/* the same with an open-drain output stage (I2C) */
void h7_gpio_af_od(uint8_t pin, unsigned af, unsigned pull);
/* the port's clock on, then the pin analog (an ADC input, a DAC output) */
void h7_gpio_analog(uint8_t pin);
/* back to an input with no pull (the reset state of most pins) */
void h7_gpio_release(uint8_t pin);

#endif
