/* GPIO pin set-up for the H7S3 programs (RM0477 GPIO: MODER, OSPEEDR, AFR).
 * Used by the board code and by the flash algorithm, so no state. */
#include "stm32h7s3.h"
#include "gpio.h"

void gpio_af(uint32_t port, unsigned pin, unsigned af) {
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << 2 * pin)) | 2u << 2 * pin;
    GPIO_OSPEEDR(port) |= 3u << 2 * pin;
    volatile uint32_t *afr = pin < 8 ? &GPIO_AFRL(port) : &GPIO_AFRH(port);
    *afr = (*afr & ~(0xFu << 4 * (pin % 8))) | af << 4 * (pin % 8);
}

void gpio_out(uint32_t port, unsigned pin) {
    GPIO_MODER(port) = (GPIO_MODER(port) & ~(3u << 2 * pin)) | 1u << 2 * pin;
}
