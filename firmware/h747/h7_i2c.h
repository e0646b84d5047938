/*
 * I2C1-4 of the STM32H747 as controller, polled (RM0399 "I2C"): 7-bit
 * addresses, transfers of any length (RELOAD past 255 bytes), repeated
 * START, NACK and timeouts as status codes.  Both cores use it: the CM4
 * reads the touch controller on I2C4, the CM7's machine.I2C drives all
 * four; I2C4's users hold HSEM H7_SEM_I2C4 around each transfer.
 */
#ifndef H7STACK_H7_I2C_H
#define H7STACK_H7_I2C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H7_I2C_MAX_ID 4

typedef struct {
    uint32_t base;
    uint8_t irq_ev;
    uint8_t scl, sda; /* H7_PIN(); H7_PIN_NONE: not on free pins here */
    uint8_t af;
} h7_i2c_hw_t;

/* the I2C, or NULL when id is not 1-4 or the board leaves it no pins */
const h7_i2c_hw_t *h7_i2c_hw(unsigned id);

/* status codes */
#define H7_I2C_OK       0
#define H7_I2C_ENODEV   -1 /* the address was not acknowledged */
#define H7_I2C_EIO      -2 /* a data byte was not acknowledged */
#define H7_I2C_ETIMEOUT -3 /* the bus never answered */
#define H7_I2C_EINVAL   -4 /* no such I2C, or a rate the clock cannot make */
#define H7_I2C_EBUSY    -5 /* the other core holds the bus */

/* flags of a transfer */
#define H7_I2C_READ (1u << 0)
#define H7_I2C_STOP (1u << 1) /* end with STOP; else the next one restarts */

/* clock on, pins open-drain in their alternate function, TIMINGR for
 * freq_hz from the kernel clock, PE on */
int h7_i2c_init(unsigned id, uint32_t freq_hz);
void h7_i2c_deinit(unsigned id);
/* one START (or repeated START), len bytes to or from buf, then STOP if
 * asked; timeout_us bounds each wait for the bus */
int h7_i2c_transfer(unsigned id, uint8_t addr, uint8_t *buf, size_t len, unsigned flags,
                    uint32_t timeout_us);
/* the TIMINGR value h7_i2c_init() writes for freq_hz from kernel_hz */
uint32_t h7_i2c_timing(uint32_t kernel_hz, uint32_t freq_hz);

#endif
