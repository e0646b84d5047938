#ifndef H7STACK_H7S3_GPIO_H
#define H7STACK_H7S3_GPIO_H

#include <stdint.h>

void gpio_af(uint32_t port, unsigned pin, unsigned af); /* alternate function, very high speed */
void gpio_out(uint32_t port, unsigned pin);             /* push-pull output */

#endif
