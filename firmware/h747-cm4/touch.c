/*
 * FT5336 over I2C4 (RM0399 I2C, master, polled): write the register
 * address, then read with a repeated start.  INT (low while touched) on
 * PK7 through EXTI line 7, both edges, to this core's EXTI9_5 interrupt.
 */
#include "stm32h747.h"
#include "touch.h"

#define I2C4_BASE   0x58001C00u
#define I2C_CR1     REG32(I2C4_BASE + 0x00)
#define I2C_CR2     REG32(I2C4_BASE + 0x04)
#define I2C_TIMINGR REG32(I2C4_BASE + 0x10)
#define I2C_ISR     REG32(I2C4_BASE + 0x18)
#define I2C_ICR     REG32(I2C4_BASE + 0x1C)
#define I2C_RXDR    REG32(I2C4_BASE + 0x24)
#define I2C_TXDR    REG32(I2C4_BASE + 0x28)
#define ISR_TXIS    (1u << 1)
#define ISR_RXNE    (1u << 2)
#define ISR_NACKF   (1u << 4)
#define ISR_STOPF   (1u << 5)
#define ISR_TC      (1u << 6)
#define FT_ADDR     0x38u

#define EXTI_BASE      0x58000000u
#define EXTI_RTSR1     REG32(EXTI_BASE + 0x00)
#define EXTI_FTSR1     REG32(EXTI_BASE + 0x04)
#define EXTI_C2IMR1    REG32(EXTI_BASE + 0xC0)
#define EXTI_C2PR1     REG32(EXTI_BASE + 0xC8)
#define SYSCFG_EXTICR2 REG32(0x58000400u + 0x0C)

static volatile bool changed;

static int wait(uint32_t mask) {
    for (uint32_t i = 0; i < 100000u; i++) {
        uint32_t isr = I2C_ISR;
        if (isr & ISR_NACKF) {
            I2C_ICR = ISR_NACKF | ISR_STOPF;
            return -2;
        }
        if (isr & mask) {
            return 0;
        }
    }
    return -1;
}

static int read_regs(uint8_t reg, uint8_t *buf, unsigned n) {
    I2C_CR2 = (FT_ADDR << 1) | (1u << 16) | (1u << 13); /* write 1 byte, START */
    int rc = wait(ISR_TXIS);
    if (rc) {
        return rc;
    }
    I2C_TXDR = reg;
    if ((rc = wait(ISR_TC))) {
        return rc;
    }
    /* read n bytes with a repeated start, then STOP by itself */
    I2C_CR2 = (FT_ADDR << 1) | (1u << 10) | (n << 16) | (1u << 25) | (1u << 13);
    for (unsigned i = 0; i < n; i++) {
        if ((rc = wait(ISR_RXNE))) {
            return rc;
        }
        buf[i] = (uint8_t)I2C_RXDR;
    }
    rc = wait(ISR_STOPF);
    I2C_ICR = ISR_STOPF;
    return rc;
}

int touch_init(void) {
    uint8_t id;
    RCC_APB4ENR |= RCC_APB4ENR_I2C4EN | RCC_APB4ENR_SYSCFGEN;
    RCC_AHB4ENR |= 1u << 10;  /* GPIOK */
    I2C_TIMINGR = 0x00901954; /* 400 kHz from 100 MHz */
    I2C_CR1 = 1;              /* PE */
    int rc = read_regs(0xA8, &id, 1);
    if (rc || id != 0x51) {
        return rc ? rc : -3;
    }
    SYSCFG_EXTICR2 = (SYSCFG_EXTICR2 & ~(0xFu << 12)) | (10u << 12); /* line 7: port K */
    EXTI_RTSR1 |= 1u << 7;
    EXTI_FTSR1 |= 1u << 7;
    EXTI_C2IMR1 |= 1u << 7;
    return 0;
}

void touch_irq(void) {
    if (EXTI_C2PR1 & (1u << 7)) {
        EXTI_C2PR1 = 1u << 7;
        changed = true;
    }
}

bool touch_changed(void) {
    __asm volatile("cpsid i" ::: "memory");
    bool c = changed;
    changed = false;
    __asm volatile("cpsie i" ::: "memory");
    return c;
}

int touch_read(touch_state_t *t) {
    uint8_t r[5];
    int rc = read_regs(0x02, r, 5);
    if (rc) {
        return rc;
    }
    t->count = r[0] & 0x0F;
    t->x = (uint16_t)((r[1] & 0x0F) << 8 | r[2]);
    t->y = (uint16_t)((r[3] & 0x0F) << 8 | r[4]);
    return 0;
}
