/*
 * Joystick and user button on EXTI lines 2-6 (port K) and 13 (port C), both
 * edges, unmasked for this core only (EXTI_C2IMR1).  The handler notes a
 * change; the main loop reads the pins and sends what changed.
 */
#include "stm32h747.h"
#include "keys.h"

#define EXTI_BASE        0x58000000u
#define EXTI_RTSR1       REG32(EXTI_BASE + 0x00)
#define EXTI_FTSR1       REG32(EXTI_BASE + 0x04)
#define EXTI_C2IMR1      REG32(EXTI_BASE + 0xC0)
#define EXTI_C2PR1       REG32(EXTI_BASE + 0xC8)
#define SYSCFG_EXTICR(n) REG32(0x58000400u + 0x08 + 4u * (n))
#define GPIOC_IDR        REG32(0x58020800u + 0x10)
#define GPIOK_IDR        REG32(0x58022800u + 0x10)
#define PORT_C           2u
#define PORT_K           10u
#define LINES            ((0x1Fu << 2) | (1u << 13))

static volatile bool changed;

static void route(unsigned line, uint32_t port) {
    uint32_t shift = 4 * (line % 4);
    SYSCFG_EXTICR(line / 4) = (SYSCFG_EXTICR(line / 4) & ~(0xFu << shift)) | port << shift;
}

void keys_init(void) {
    RCC_AHB4ENR |= (1u << 2) | (1u << 10); /* GPIOC, GPIOK */
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
    for (unsigned line = 2; line <= 6; line++) {
        route(line, PORT_K);
    }
    route(13, PORT_C);
    EXTI_RTSR1 |= LINES;
    EXTI_FTSR1 |= LINES;
    EXTI_C2IMR1 |= LINES;
}

void keys_irq(void) {
    uint32_t p = EXTI_C2PR1 & LINES;
    if (p) {
        EXTI_C2PR1 = p;
        changed = true;
    }
}

bool keys_changed(void) {
    __asm volatile("cpsid i" ::: "memory");
    bool c = changed;
    changed = false;
    __asm volatile("cpsie i" ::: "memory");
    return c;
}

uint32_t keys_read(void) {
    uint32_t k = ~GPIOK_IDR >> 2 & 0x1F; /* SEL, DOWN, LEFT, RIGHT, UP */
    if (GPIOC_IDR & (1u << 13)) {
        k |= 1u << (KEY_USER - 1);
    }
    return k;
}
