#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h7_i2c.h"
#include "h7_wait.h"

#define I2C_CR1(b)          REG32((b) + 0x00)
#define I2C_CR1_PE          (1u << 0)
#define I2C_CR2(b)          REG32((b) + 0x04)
#define I2C_CR2_RD_WRN      (1u << 10)
#define I2C_CR2_START       (1u << 13)
#define I2C_CR2_STOP        (1u << 14)
#define I2C_CR2_NBYTES_Pos  16
#define I2C_CR2_RELOAD      (1u << 24)
#define I2C_CR2_AUTOEND     (1u << 25)
#define I2C_TIMINGR(b)      REG32((b) + 0x10)
#define I2C_ISR(b)          REG32((b) + 0x18)
#define I2C_ISR_TXIS        (1u << 1)
#define I2C_ISR_RXNE        (1u << 2)
#define I2C_ISR_NACKF       (1u << 4)
#define I2C_ISR_STOPF       (1u << 5)
#define I2C_ISR_TC          (1u << 6)
#define I2C_ISR_TCR         (1u << 7)
#define I2C_ISR_BUSY        (1u << 15)
#define I2C_ICR(b)          REG32((b) + 0x1C)
#define I2C_ICR_ALL         0x3F38u
#define I2C_ICR_STOPF_CLEAR (1u << 5)
#define I2C_RXDR(b)         REG32((b) + 0x24)
#define I2C_TXDR(b)         REG32((b) + 0x28)
#define NBYTES_MAX          255u

#define APB1L_I2C1EN (1u << 21) /* I2C1-3 at 21-23 */
#define APB4_I2C4EN  (1u << 7)

/* the DISCO's free pins: I2C1 on PB6/PB7; I2C4 on PD12/PD13 (the Arduino
 * connector's D15/D14, and the touch controller); I2C2's and I2C3's pins
 * all carry the USB ULPI, the SD card or the SDRAM there */
static const h7_i2c_hw_t i2cs[H7_I2C_MAX_ID] = {
    { 0x40005400u, 31, H7_PIN('B', 6), H7_PIN('B', 7), 4 },
    { 0x40005800u, 33, H7_PIN_NONE, H7_PIN_NONE, 4 },
    { 0x40005C00u, 72, H7_PIN_NONE, H7_PIN_NONE, 4 },
    { 0x58001C00u, 95, H7_PIN('D', 12), H7_PIN('D', 13), 4 },
};

const h7_i2c_hw_t *h7_i2c_hw(unsigned id) {
    if (id < 1 || id > H7_I2C_MAX_ID || i2cs[id - 1].scl == H7_PIN_NONE) {
        return NULL;
    }
    return &i2cs[id - 1];
}

static uint32_t kernel_hz(unsigned id) {
    h7_clocks_t c;
    h7_clock_read(&c);
    return id == 4 ? c.pclk4 : c.pclk1; /* I2C123SEL/I2C4SEL reset values */
}

/*
 * TIMINGR: a prescaler that brings the SCL period under 2 x 256 kernel
 * ticks, then the low and high times (fast mode: low about twice high, as
 * its 1.3 us / 0.6 us minimums), SDADEL 2 and SCLDEL 4 ticks.
 */
uint32_t h7_i2c_timing(uint32_t kernel_hz, uint32_t freq_hz) {
    uint32_t presc = kernel_hz / (freq_hz * 2 * 256);
    if (presc > 15) {
        return 0;
    }
    uint32_t period = kernel_hz / (presc + 1) / freq_hz;
    uint32_t low = freq_hz > 100000 ? period * 2 / 3 : period / 2;
    uint32_t high = period - low;
    low = low > 1 ? low - 1 : 0;
    high = high > 1 ? high - 1 : 0;
    return presc << 28 | 4u << 20 | 2u << 16 | (high > 255 ? 255 : high) << 8 |
           (low > 255 ? 255 : low);
}

int h7_i2c_init(unsigned id, uint32_t freq_hz) {
    const h7_i2c_hw_t *hw = h7_i2c_hw(id);
    if (!hw || freq_hz == 0) {
        return H7_I2C_EINVAL;
    }
    uint32_t timing = h7_i2c_timing(kernel_hz(id), freq_hz);
    if (!timing) {
        return H7_I2C_EINVAL;
    }
    if (id == 4) {
        RCC_APB4ENR |= APB4_I2C4EN;
    } else {
        RCC_APB1LENR |= APB1L_I2C1EN << (id - 1);
    }
    h7_gpio_af_od(hw->scl, hw->af, H7_GPIO_PULL_UP);
    h7_gpio_af_od(hw->sda, hw->af, H7_GPIO_PULL_UP);
    I2C_CR1(hw->base) = 0;
    I2C_TIMINGR(hw->base) = timing;
    I2C_CR1(hw->base) = I2C_CR1_PE;
    return H7_I2C_OK;
}

void h7_i2c_deinit(unsigned id) {
    const h7_i2c_hw_t *hw = h7_i2c_hw(id);
    if (hw) {
        I2C_CR1(hw->base) = 0;
    }
}

/* wait for one of mask; NACKF and the timeout end the wait with an error */
static int wait(uint32_t b, uint32_t mask, uint32_t timeout_us, bool data) {
    h7_wait_t w;
    h7_wait_start(&w, (timeout_us + 999) / 1000);
    do {
        uint32_t isr = I2C_ISR(b);
        if (isr & I2C_ISR_NACKF) {
            /* the controller sends STOP by itself after a NACK */
            for (uint32_t j = 0; j < 1000u && !(I2C_ISR(b) & I2C_ISR_STOPF); j++) {
            }
            I2C_ICR(b) = I2C_ICR_ALL;
            return data ? H7_I2C_EIO : H7_I2C_ENODEV;
        }
        if (isr & mask) {
            return H7_I2C_OK;
        }
    } while (!h7_wait_expired(&w));
    I2C_CR2(b) |= I2C_CR2_STOP;
    I2C_ICR(b) = I2C_ICR_ALL;
    return H7_I2C_ETIMEOUT;
}

int h7_i2c_transfer(unsigned id, uint8_t addr, uint8_t *buf, size_t len, unsigned flags,
                    uint32_t timeout_us) {
    const h7_i2c_hw_t *hw = h7_i2c_hw(id);
    if (!hw || addr > 0x7F) {
        return H7_I2C_EINVAL;
    }
    uint32_t b = hw->base;
    bool read = flags & H7_I2C_READ, stop = flags & H7_I2C_STOP;
    size_t left = len;
    uint32_t block = left > NBYTES_MAX ? NBYTES_MAX : left;
    uint32_t cr2 = (uint32_t)addr << 1 | (read ? I2C_CR2_RD_WRN : 0) | block << I2C_CR2_NBYTES_Pos;

    I2C_ICR(b) = I2C_ICR_ALL;
    cr2 |= left > NBYTES_MAX ? I2C_CR2_RELOAD : (stop ? I2C_CR2_AUTOEND : 0);
    I2C_CR2(b) = cr2 | I2C_CR2_START;
    if (len == 0) {
        /* the address alone: its ACK or NACK ends the transfer */
        int rc = wait(b, stop ? I2C_ISR_STOPF : I2C_ISR_TC, timeout_us, false);
        I2C_ICR(b) = I2C_ICR_ALL;
        return rc;
    }
    bool first = true;
    while (left) {
        for (uint32_t i = 0; i < block; i++) {
            int rc = wait(b, read ? I2C_ISR_RXNE : I2C_ISR_TXIS, timeout_us, !first);
            if (rc) {
                return rc;
            }
            first = false;
            if (read) {
                *buf++ = (uint8_t)I2C_RXDR(b);
            } else {
                I2C_TXDR(b) = *buf++;
            }
        }
        left -= block;
        if (left) {
            /* TCR: the next block of the same transfer */
            int rc = wait(b, I2C_ISR_TCR, timeout_us, true);
            if (rc) {
                return rc;
            }
            block = left > NBYTES_MAX ? NBYTES_MAX : left;
            cr2 = (cr2 & ~(0xFFu << I2C_CR2_NBYTES_Pos | I2C_CR2_RELOAD | I2C_CR2_AUTOEND)) |
                  block << I2C_CR2_NBYTES_Pos |
                  (left > NBYTES_MAX ? I2C_CR2_RELOAD : (stop ? I2C_CR2_AUTOEND : 0));
            I2C_CR2(b) = cr2;
        }
    }
    int rc = wait(b, stop ? I2C_ISR_STOPF : I2C_ISR_TC, timeout_us, true);
    I2C_ICR(b) = I2C_ICR_STOPF_CLEAR;
    return rc;
}
