/* Cortex-M7 system set-up: interrupt dispatch, NVIC, caches and MPU. */
#ifndef H7STACK_H7_SYSTEM_H
#define H7STACK_H7_SYSTEM_H

#include <stdint.h>

#define H7_NUM_IRQ 150

/* NVIC lines used by h7stack (RM0399 vector table, Cortex-M7 side) */
#define H7_IRQ_FLASH     4
#define H7_IRQ_EXTI0     6
#define H7_IRQ_EXTI9_5   23
#define H7_IRQ_USART1    37
#define H7_IRQ_EXTI15_10 40
#define H7_IRQ_RNG       80
#define H7_IRQ_UART8     83

typedef void (*h7_irq_fn)(void);

/* every external interrupt goes through one table, set at run time */
void h7_irq_set(int irqn, h7_irq_fn fn);
void h7_nvic_enable(int irqn, int priority);
void h7_nvic_disable(int irqn);

/* I- and D-cache on (invalidated first), as the board's firmware runs */
void h7_cache_enable(void);
/* drop D-cache lines of [addr, addr+len) so that the next read comes from
 * memory (after the flash controller changed it behind the cache) */
void h7_dcache_invalidate(uint32_t addr, uint32_t len);
/* write D-cache lines of [addr, addr+len) back to memory */
void h7_dcache_clean(uint32_t addr, uint32_t len);
/* drop the whole I-cache (after new code was written) */
void h7_icache_invalidate(void);
/* MPU: SRAM4 (0x38000000, 64 KiB, shared between the cores) is normal
 * non-cacheable memory, so the CM7's D-cache never holds stale lines of it;
 * everything else keeps the default memory map. */
void h7_mpu_init(void);

#endif
