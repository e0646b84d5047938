#include "stm32h747.h"
#include "h7_system.h"

#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_IPR(n)  (*(volatile uint8_t *)(0xE000E400u + (n)))
#define SCB_CCR      REG32(0xE000ED14u)
#define SCB_CCSIDR   REG32(0xE000ED80u)
#define SCB_CSSELR   REG32(0xE000ED84u)
#define SCB_ICIALLU  REG32(0xE000EF50u)
#define SCB_DCISW    REG32(0xE000EF60u)
#define CCR_DC       (1u << 16)
#define CCR_IC       (1u << 17)
#define MPU_CTRL     REG32(0xE000ED94u)
#define MPU_RNR      REG32(0xE000ED98u)
#define MPU_RBAR     REG32(0xE000ED9Cu)
#define MPU_RASR     REG32(0xE000EDA0u)

static h7_irq_fn irq_table[H7_NUM_IRQ];

/* the vector table sends every external interrupt here */
void IRQ_Handler(void) {
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    int irqn = (int)ipsr - 16;
    if (irqn >= 0 && irqn < H7_NUM_IRQ && irq_table[irqn]) {
        irq_table[irqn]();
    } else {
        h7_nvic_disable(irqn); /* nobody wants it: stop it firing */
    }
}

void h7_irq_set(int irqn, h7_irq_fn fn) {
    irq_table[irqn] = fn;
}

void h7_nvic_enable(int irqn, int priority) {
    NVIC_IPR(irqn) = (uint8_t)(priority << 4);
    NVIC_ISER(irqn / 32) = 1u << (irqn % 32);
}

void h7_nvic_disable(int irqn) {
    NVIC_ICER(irqn / 32) = 1u << (irqn % 32);
    __asm volatile("dsb\n isb");
}

void h7_cache_enable(void) {
    __asm volatile("dsb\n isb");
    SCB_ICIALLU = 0;
    __asm volatile("dsb\n isb");
    SCB_CCR |= CCR_IC;
    __asm volatile("dsb\n isb");

    SCB_CSSELR = 0; /* level 1 data cache */
    __asm volatile("dsb");
    uint32_t ccsidr = SCB_CCSIDR;
    uint32_t sets = ((ccsidr >> 13) & 0x7FFF) + 1, ways = ((ccsidr >> 3) & 0x3FF) + 1;
    for (uint32_t s = 0; s < sets; s++) {
        for (uint32_t w = 0; w < ways; w++) {
            SCB_DCISW = (s << 5) | (w << 30);
        }
    }
    __asm volatile("dsb");
    SCB_CCR |= CCR_DC;
    __asm volatile("dsb\n isb");
}

void h7_dcache_invalidate(uint32_t addr, uint32_t len) {
    __asm volatile("dsb");
    for (uint32_t a = addr & ~31u; a < addr + len; a += 32) {
        REG32(0xE000EF5Cu) = a; /* DCIMVAC */
    }
    __asm volatile("dsb\n isb");
}

void h7_dcache_clean(uint32_t addr, uint32_t len) {
    __asm volatile("dsb");
    for (uint32_t a = addr & ~31u; a < addr + len; a += 32) {
        REG32(0xE000EF68u) = a; /* DCCMVAC */
    }
    __asm volatile("dsb\n isb");
}

void h7_icache_invalidate(void) {
    __asm volatile("dsb\n isb");
    SCB_ICIALLU = 0;
    __asm volatile("dsb\n isb");
}

void h7_mpu_init(void) {
    MPU_CTRL = 0;
    MPU_RNR = 0;
    MPU_RBAR = SRAM4_BASE;
    /* XN, AP=full access, TEX=001 C=0 B=0 (normal, non-cacheable), S,
     * SIZE=15 (2^16 bytes), enabled */
    MPU_RASR = (1u << 28) | (3u << 24) | (1u << 19) | (1u << 18) | (15u << 1) | 1u;
    MPU_CTRL = (1u << 2) | 1u; /* PRIVDEFENA | ENABLE */
    __asm volatile("dsb\n isb");
}
