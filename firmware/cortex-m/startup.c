/* Start-up for a Cortex-M7 or Cortex-M4 (either core of the STM32H747, the
 * STM32H7S3): vector table, .data/.bss set-up, FPU enable, then main().
 * Interrupt handlers are weak aliases of Default_Handler; an application
 * overrides the ones it uses by name.  Nothing here is board-specific: the
 * external interrupts all go to IRQ_Handler, which the board dispatches. */
#include <stdint.h>

#define SCB_CPACR            (*(volatile uint32_t *)0xE000ED88u) /* coprocessor access control */
#define CPACR_CP10_CP11_FULL (0xFu << 20)

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void);
void Default_Handler(void);

#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_ALIAS;
void HardFault_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void SVC_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;
void PendSV_Handler(void) WEAK_ALIAS;
void SysTick_Handler(void) WEAK_ALIAS;
void IRQ_Handler(void) WEAK_ALIAS; /* every external interrupt (h7_system.c) */

/* the STM32H747's 150 lines; the H7S3 programs use no line beyond them */
#define NUM_IRQ 150

__attribute__((section(".isr_vector"), used)) void (*const vector_table[16 + NUM_IRQ])(void) = {
    [0] = (void (*)(void)) & _estack,
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
    [4] = MemManage_Handler,
    [5] = BusFault_Handler,
    [6] = UsageFault_Handler,
    [11] = SVC_Handler,
    [12] = DebugMon_Handler,
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16 ... 16 + NUM_IRQ - 1] = IRQ_Handler,
};

void Default_Handler(void) {
    for (;;) {
    }
}

void Reset_Handler(void) {
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    /* CP10/CP11 full access: the FPU (double precision on the M7, single on the M4) */
    SCB_CPACR |= CPACR_CP10_CP11_FULL;
    __asm volatile("dsb\n isb");
    main();
    for (;;) {
    }
}
