/*
 * FT5336 over I2C4 (firmware/h747/h7_i2c.c): write the register address,
 * then read with a repeated start.  INT (low while touched) on
 * PK7 through EXTI line 7, both edges, to this core's EXTI9_5 interrupt.
 */
#include "stm32h747.h"
#include "h7_i2c.h"
#include "h7_ipc.h"
#include "h7_shm.h"
#include "touch.h"

#define TOUCH_I2C  4
#define FT_ADDR    0x38u
#define I2C_HZ     400000u
#define TIMEOUT_US 10000u

#define EXTI_BASE      0x58000000u
#define EXTI_RTSR1     REG32(EXTI_BASE + 0x00)
#define EXTI_FTSR1     REG32(EXTI_BASE + 0x04)
#define EXTI_C2IMR1    REG32(EXTI_BASE + 0xC0)
#define EXTI_C2PR1     REG32(EXTI_BASE + 0xC8)
#define SYSCFG_EXTICR2 REG32(0x58000400u + 0x0C)

static volatile bool changed;

/* write the register address, then read with a repeated start; I2C4 is
 * shared with the CM7's machine.I2C(4): HSEM H7_SEM_I2C4 held meanwhile */
static int read_regs(uint8_t reg, uint8_t *buf, unsigned n) {
    if (!h7_hsem_lock(H7_SEM_I2C4)) {
        return H7_I2C_EBUSY;
    }
    int rc = h7_i2c_transfer(TOUCH_I2C, FT_ADDR, &reg, 1, 0, TIMEOUT_US);
    if (rc == H7_I2C_OK) {
        rc = h7_i2c_transfer(TOUCH_I2C, FT_ADDR, buf, n, H7_I2C_READ | H7_I2C_STOP, TIMEOUT_US);
    }
    h7_hsem_unlock(H7_SEM_I2C4);
    return rc;
}

int touch_init(void) {
    uint8_t id;
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
    RCC_AHB4ENR |= 1u << 10; /* GPIOK */
    int rc = h7_i2c_init(TOUCH_I2C, I2C_HZ);
    if (rc == H7_I2C_OK) {
        rc = read_regs(0xA8, &id, 1);
    }
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
    if (rc == H7_I2C_EBUSY) {
        changed = true; /* the CM7 has the bus: read again next time round */
    }
    if (rc) {
        return rc;
    }
    t->count = r[0] & 0x0F;
    t->x = (uint16_t)((r[1] & 0x0F) << 8 | r[2]);
    t->y = (uint16_t)((r[3] & 0x0F) << 8 | r[4]);
    return 0;
}
