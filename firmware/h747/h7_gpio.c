#include "stm32h747.h"
#include "h7_gpio.h"

/* register offsets (RM0399 "GPIO registers") */
#define MODER   0x00u
#define OTYPER  0x04u
#define OSPEEDR 0x08u
#define PUPDR   0x0Cu
#define AFRL    0x20u
#define AFRH    0x24u

#define MODE_INPUT  0u
#define MODE_AF     2u
#define MODE_ANALOG 3u
#define SPEED_HIGH  2u

static uint32_t port_base(uint8_t pin) {
    return GPIO_BASE('A') + 0x400u * H7_PIN_PORT(pin);
}

static void set_field(uint32_t reg, unsigned shift, uint32_t width_mask, uint32_t v) {
    REG32(reg) = (REG32(reg) & ~(width_mask << shift)) | (v << shift);
}

void h7_gpio_af(uint8_t pin, unsigned af, unsigned pull) {
    uint32_t b = port_base(pin);
    unsigned n = H7_PIN_NUM(pin);

    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOAEN << H7_PIN_PORT(pin);
    (void)RCC_AHB4ENR;
    set_field(b + (n < 8 ? AFRL : AFRH), 4 * (n % 8), 0xFu, af);
    set_field(b + OSPEEDR, 2 * n, 3u, SPEED_HIGH);
    set_field(b + PUPDR, 2 * n, 3u, pull);
    set_field(b + MODER, 2 * n, 3u, MODE_AF);
}

void h7_gpio_af_od(uint8_t pin, unsigned af, unsigned pull) {
    set_field(port_base(pin) + OTYPER, H7_PIN_NUM(pin), 1u, 1u);
    h7_gpio_af(pin, af, pull);
}

void h7_gpio_release(uint8_t pin) {
    uint32_t b = port_base(pin);
    unsigned n = H7_PIN_NUM(pin);

    set_field(b + MODER, 2 * n, 3u, MODE_INPUT);
    set_field(b + PUPDR, 2 * n, 3u, H7_GPIO_PULL_NONE);
    set_field(b + OTYPER, n, 1u, 0u);
}

void h7_gpio_analog(uint8_t pin) {
    uint32_t b = port_base(pin);
    unsigned n = H7_PIN_NUM(pin);

    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOAEN << H7_PIN_PORT(pin);
    (void)RCC_AHB4ENR;
    set_field(b + PUPDR, 2 * n, 3u, H7_GPIO_PULL_NONE);
    set_field(b + MODER, 2 * n, 3u, MODE_ANALOG);
}
