/*
 * STM32H747 register definitions used by h7stack firmware.
 * Names, offsets and bit positions follow RM0399 (STM32H745/755/747/757).
 */
#ifndef H7STACK_STM32H747_H
#define H7STACK_STM32H747_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- memory map ---- */
#define FLASH_BANK1_BASE  0x08000000u
#define FLASH_BANK2_BASE  0x08100000u
#define FLASH_SECTOR_SIZE 0x20000u
#define DTCM_BASE         0x20000000u
#define AXI_SRAM_BASE     0x24000000u
#define D2_SRAM_BASE      0x30000000u /* SRAM1-3 as every bus master sees them */
#define D2_SRAM_CM4_ALIAS 0x10000000u /* ... and as the CM4 also does */
#define D2_SRAM_SIZE      0x48000u
#define SRAM4_BASE        0x38000000u
#define UID_BASE          0x1FF1E800u
#define FLASH_SIZE_DATA   0x1FF1E880u

/* ---- RCC (0x58024400) ---- */
#define RCC_BASE                 0x58024400u
#define RCC_CR                   REG32(RCC_BASE + 0x000)
#define RCC_CR_HSION             (1u << 0)
#define RCC_CR_HSIRDY            (1u << 2)
#define RCC_CR_HSIDIV_Pos        3
#define RCC_CR_CSION             (1u << 7)
#define RCC_CR_HSI48ON           (1u << 12)
#define RCC_CR_HSI48RDY          (1u << 13)
#define RCC_CR_HSEON             (1u << 16)
#define RCC_CR_HSERDY            (1u << 17)
#define RCC_CR_PLL1ON            (1u << 24)
#define RCC_CR_PLL1RDY           (1u << 25)
#define RCC_CR_PLL3ON            (1u << 28)
#define RCC_CR_PLL3RDY           (1u << 29)
#define RCC_CFGR                 REG32(RCC_BASE + 0x010)
#define RCC_CFGR_SW_Msk          (7u << 0)
#define RCC_CFGR_SW_PLL1         (3u << 0)
#define RCC_CFGR_SWS_Pos         3
#define RCC_CFGR_SWS_Msk         (7u << 3)
#define RCC_D1CFGR               REG32(RCC_BASE + 0x018)
#define RCC_D1CFGR_HPRE_Pos      0
#define RCC_D1CFGR_D1PPRE_Pos    4
#define RCC_D1CFGR_D1CPRE_Pos    8
#define RCC_D2CFGR               REG32(RCC_BASE + 0x01C)
#define RCC_D2CFGR_D2PPRE1_Pos   4
#define RCC_D2CFGR_D2PPRE2_Pos   8
#define RCC_D3CFGR               REG32(RCC_BASE + 0x020)
#define RCC_D3CFGR_D3PPRE_Pos    4
#define RCC_PLLCKSELR            REG32(RCC_BASE + 0x028)
#define RCC_PLLCKSELR_PLLSRC_HSE (2u << 0)
#define RCC_PLLCKSELR_DIVM1_Pos  4
#define RCC_PLLCFGR              REG32(RCC_BASE + 0x02C)
#define RCC_PLLCFGR_PLL1FRACEN   (1u << 0)
#define RCC_PLLCFGR_PLL1VCOSEL   (1u << 1)
#define RCC_PLLCFGR_PLL1RGE_Pos  2
#define RCC_PLLCFGR_DIVP1EN      (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN      (1u << 17)
#define RCC_PLLCFGR_DIVR1EN      (1u << 18)
#define RCC_PLL1DIVR             REG32(RCC_BASE + 0x030)
#define RCC_PLL1DIVR_N1_Pos      0
#define RCC_PLL1DIVR_P1_Pos      9
#define RCC_PLL1DIVR_Q1_Pos      16
#define RCC_PLL1DIVR_R1_Pos      24
#define RCC_PLL1FRACR            REG32(RCC_BASE + 0x034)
#define RCC_D2CCIP2R             REG32(RCC_BASE + 0x054)
#define RCC_RSR                  REG32(RCC_BASE + 0x0D0)
#define RCC_RSR_RMVF             (1u << 16)
#define RCC_RSR_PORRSTF          (1u << 23)
#define RCC_RSR_SFT1RSTF         (1u << 24)
#define RCC_AHB4ENR              REG32(RCC_BASE + 0x0E0)
#define RCC_AHB4ENR_GPIOAEN      (1u << 0)
#define RCC_AHB4ENR_GPIOJEN      (1u << 9)
#define RCC_AHB4ENR_HSEMEN       (1u << 25)
#define RCC_GCR                  REG32(RCC_BASE + 0x0A0)
#define RCC_GCR_BOOT_C2          (1u << 3) /* releases a CM4 held by BCM4=0 */
#define RCC_AHB2ENR              REG32(RCC_BASE + 0x0DC)
#define RCC_AHB2ENR_RNGEN        (1u << 6)
#define RCC_APB2ENR              REG32(RCC_BASE + 0x0F0)
#define RCC_APB2ENR_USART1EN     (1u << 4)
#define RCC_APB4ENR              REG32(RCC_BASE + 0x0F4)
#define RCC_APB4ENR_SYSCFGEN     (1u << 1)
#define RCC_APB4ENR_I2C4EN       (1u << 7)
#define RCC_AHB3ENR              REG32(RCC_BASE + 0x0D4)
#define RCC_AHB3ENR_DMA2DEN      (1u << 4)
#define RCC_AHB3ENR_FMCEN        (1u << 12)
#define RCC_AHB3ENR_QSPIEN       (1u << 14)
#define RCC_APB3ENR              REG32(RCC_BASE + 0x0E4)
#define RCC_APB3ENR_LTDCEN       (1u << 3)
#define RCC_APB3ENR_DSIEN        (1u << 4)

/* ---- PWR (0x58024800) ---- */
#define PWR_BASE            0x58024800u
#define PWR_CSR1            REG32(PWR_BASE + 0x04)
#define PWR_CSR1_ACTVOSRDY  (1u << 13)
#define PWR_CR3             REG32(PWR_BASE + 0x0C)
#define PWR_CPUCR           REG32(PWR_BASE + 0x10)
#define PWR_CPUCR_PDDS_D1   (1u << 0) /* D1 may enter Standby when the CPU deep-sleeps */
#define PWR_CPUCR_PDDS_D2   (1u << 1)
#define PWR_CPUCR_PDDS_D3   (1u << 2)
#define PWR_CPUCR_STOPF     (1u << 5)
#define PWR_CPUCR_SBF       (1u << 6) /* the system was in Standby */
#define PWR_CPUCR_CSSF      (1u << 9) /* write 1: clear STOPF and the SBF flags */
#define PWR_CR3_BYPASS      (1u << 0)
#define PWR_CR3_LDOEN       (1u << 1)
#define PWR_CR3_SDEN        (1u << 2)
#define PWR_CR3_SUPPLY_Msk  (0x3Fu)
#define PWR_D3CR            REG32(PWR_BASE + 0x18)
#define PWR_D3CR_VOSRDY     (1u << 13)
#define PWR_D3CR_VOS_Pos    14
#define PWR_D3CR_VOS_SCALE1 (3u << 14)

/* ---- FLASH interface (0x52002000) ---- */
#define FLASH_R_BASE             0x52002000u
#define FLASH_ACR                REG32(FLASH_R_BASE + 0x000)
#define FLASH_ACR_LATENCY_Msk    (0xFu)
#define FLASH_ACR_WRHIGHFREQ_Pos 4
#define FLASH_KEYR(b)            REG32(FLASH_R_BASE + 0x004 + 0x100 * (b))
#define FLASH_CR(b)              REG32(FLASH_R_BASE + 0x00C + 0x100 * (b))
#define FLASH_CR_LOCK            (1u << 0)
#define FLASH_CR_PG              (1u << 1)
#define FLASH_CR_SER             (1u << 2)
#define FLASH_CR_PSIZE_X64       (3u << 4)
#define FLASH_CR_FW              (1u << 6)
#define FLASH_CR_START           (1u << 7)
#define FLASH_CR_SNB_Pos         8
#define FLASH_SR(b)              REG32(FLASH_R_BASE + 0x010 + 0x100 * (b))
#define FLASH_SR_BSY             (1u << 0)
#define FLASH_SR_QW              (1u << 2)
#define FLASH_SR_EOP             (1u << 16)
#define FLASH_SR_ERR_Msk         (0x0FEE0000u)
#define FLASH_CCR(b)             REG32(FLASH_R_BASE + 0x014 + 0x100 * (b))
/* option bytes in use: the CM4's boot address, its top half in ADD0 */
#define FLASH_BOOT4_CUR      REG32(FLASH_R_BASE + 0x048)
#define FLASH_BOOT4_ADD0_Msk (0xFFFFu)
#define FLASH_KEY1           0x45670123u
#define FLASH_KEY2           0xCDEF89ABu

/* ---- QUADSPI (0x52005000; memory-mapped at 0x90000000) ---- */
#define QUADSPI_BASE             0x52005000u
#define QUADSPI_MMAP_BASE        0x90000000u
#define QUADSPI_CR               REG32(QUADSPI_BASE + 0x00)
#define QUADSPI_CR_EN            (1u << 0)
#define QUADSPI_CR_ABORT         (1u << 1)
#define QUADSPI_CR_DFM           (1u << 6)
#define QUADSPI_CR_FTHRES_Pos    8
#define QUADSPI_CR_PRESCALER_Pos 24
#define QUADSPI_DCR              REG32(QUADSPI_BASE + 0x04)
#define QUADSPI_DCR_CSHT_Pos     8
#define QUADSPI_DCR_FSIZE_Pos    16
#define QUADSPI_SR               REG32(QUADSPI_BASE + 0x08)
#define QUADSPI_SR_TEF           (1u << 0)
#define QUADSPI_SR_TCF           (1u << 1)
#define QUADSPI_SR_BUSY          (1u << 5)
#define QUADSPI_SR_FLEVEL_Pos    8
#define QUADSPI_SR_FLEVEL_Msk    (0x3Fu << 8)
#define QUADSPI_FCR              REG32(QUADSPI_BASE + 0x0C)
#define QUADSPI_FCR_ALL          (0x1Bu) /* CTEF, CTCF, CSMF, CTOF */
#define QUADSPI_DLR              REG32(QUADSPI_BASE + 0x10)
#define QUADSPI_CCR              REG32(QUADSPI_BASE + 0x14)
#define QUADSPI_CCR_IMODE_Pos    8
#define QUADSPI_CCR_ADMODE_Pos   10
#define QUADSPI_CCR_ADSIZE_Pos   12
#define QUADSPI_CCR_DCYC_Pos     18
#define QUADSPI_CCR_DMODE_Pos    24
#define QUADSPI_CCR_FMODE_Pos    26
#define QUADSPI_CCR_DDRM         (1u << 31)
#define QUADSPI_FMODE_WRITE      0u
#define QUADSPI_FMODE_READ       1u
#define QUADSPI_FMODE_MMAP       3u
#define QUADSPI_AR               REG32(QUADSPI_BASE + 0x18)
#define QUADSPI_DR               REG32(QUADSPI_BASE + 0x20)
#define QUADSPI_DR8              (*(volatile uint8_t *)(QUADSPI_BASE + 0x20))

/* ---- GPIO (A at 0x58020000, one port every 0x400) ---- */
#define GPIO_BASE(port) (0x58020000u + 0x400u * (uint32_t)((port) - 'A'))
#define GPIO_MODER(p)   REG32(GPIO_BASE(p) + 0x00)
#define GPIO_OTYPER(p)  REG32(GPIO_BASE(p) + 0x04)
#define GPIO_OSPEEDR(p) REG32(GPIO_BASE(p) + 0x08)
#define GPIO_PUPDR(p)   REG32(GPIO_BASE(p) + 0x0C)
#define GPIO_IDR(p)     REG32(GPIO_BASE(p) + 0x10)
#define GPIO_ODR(p)     REG32(GPIO_BASE(p) + 0x14)
#define GPIO_BSRR(p)    REG32(GPIO_BASE(p) + 0x18)
#define GPIO_AFRL(p)    REG32(GPIO_BASE(p) + 0x20)
#define GPIO_AFRH(p)    REG32(GPIO_BASE(p) + 0x24)

/* ---- USART1 (0x40011000), UART8 (0x40007C00) ---- */
#define USART1_BASE      0x40011000u
#define UART8_BASE       0x40007C00u
#define USART_CR1(u)     REG32((u) + 0x00)
#define USART_CR1_UE     (1u << 0)
#define USART_CR1_RE     (1u << 2)
#define USART_CR1_TE     (1u << 3)
#define USART_CR1_IDLEIE (1u << 4)
#define USART_CR1_RXNEIE (1u << 5)
#define USART_CR1_TCIE   (1u << 6)
#define USART_CR1_PS     (1u << 9)  /* odd parity */
#define USART_CR1_PCE    (1u << 10) /* parity on */
#define USART_CR1_M0     (1u << 12)
#define USART_CR1_M1     (1u << 28)
#define USART_CR1_FIFOEN (1u << 29)
#define USART_CR2(u)     REG32((u) + 0x04)
#define USART_CR2_STOP_2 (2u << 12)
#define USART_CR3(u)     REG32((u) + 0x08)
#define USART_CR3_EIE    (1u << 0)
#define USART_CR3_RTSE   (1u << 8)
#define USART_CR3_CTSE   (1u << 9)
#define USART_BRR(u)     REG32((u) + 0x0C)
#define USART_RQR(u)     REG32((u) + 0x18)
#define USART_RQR_SBKRQ  (1u << 1)
#define USART_ISR(u)     REG32((u) + 0x1C)
#define USART_ISR_FE     (1u << 1)
#define USART_ISR_ORE    (1u << 3)
#define USART_ISR_IDLE   (1u << 4)
#define USART_ISR_RXNE   (1u << 5)
#define USART_ISR_TC     (1u << 6)
#define USART_ISR_TXE    (1u << 7)
#define USART_ISR_SBKF   (1u << 18)
#define USART_ICR(u)     REG32((u) + 0x20)
#define USART_ICR_ERRORS 0x0Fu /* PECF FECF NECF ORECF */
#define USART_ICR_IDLECF (1u << 4)
#define USART_RDR(u)     REG32((u) + 0x24)
#define USART_TDR(u)     REG32((u) + 0x28)

/* ---- TIM1-8, TIM12-17 (h7_tim.c has where each is) ---- */
#define TIM2_BASE            0x40000000u
#define TIM_CR1(t)           REG32((t) + 0x00)
#define TIM_CR1_CEN          (1u << 0)
#define TIM_CR1_URS          (1u << 2)
#define TIM_CR1_ARPE         (1u << 7)
#define TIM_CR2(t)           REG32((t) + 0x04)
#define TIM_CR2_MMS_Pos      4
#define TIM_CR2_MMS_MASK     (7u << TIM_CR2_MMS_Pos)
#define TIM_CR2_MMS_UPDATE   (2u << TIM_CR2_MMS_Pos) /* TRGO on each update event */
#define TIM_DIER(t)          REG32((t) + 0x0C)
#define TIM_DIER_UIE         (1u << 0)
#define TIM_DIER_CCIE(ch)    (1u << (ch)) /* ch 1-4 */
#define TIM_SR(t)            REG32((t) + 0x10)
#define TIM_SR_UIF           (1u << 0)
#define TIM_SR_CCIF(ch)      (1u << (ch))
#define TIM_EGR(t)           REG32((t) + 0x14)
#define TIM_EGR_UG           (1u << 0)
#define TIM_CCMR(t, ch)      REG32((t) + ((ch) <= 2 ? 0x18 : 0x1C))
#define TIM_CCMR_SHIFT(ch)   (((ch)-1) % 2 * 8) /* ch's byte in its CCMR */
#define TIM_CCMR_OCM_SHIFT   4
#define TIM_CCMR_OCM_MASK    (7u << 4 | 1u << 16) /* OCxM[2:0] and OCxM[3] */
#define TIM_CCMR_OCPE        (1u << 3)
#define TIM_CCER(t)          REG32((t) + 0x20)
#define TIM_CCER_CCE(ch)     (1u << (4 * ((ch)-1)))
#define TIM_CCER_CCP(ch)     (2u << (4 * ((ch)-1)))
#define TIM_CCER_CCNP(ch)    (8u << (4 * ((ch)-1)))
#define TIM_CCMR_CCS_TI      1u /* CCxS: input capture of the channel's own TIx */
#define TIM_CNT(t)           REG32((t) + 0x24)
#define TIM_PSC(t)           REG32((t) + 0x28)
#define TIM_ARR(t)           REG32((t) + 0x2C)
#define TIM_RCR(t)           REG32((t) + 0x30)
#define TIM_CCR(t, ch)       REG32((t) + 0x34 + 4u * ((ch)-1))
#define TIM_BDTR(t)          REG32((t) + 0x44)
#define TIM_BDTR_MOE         (1u << 15)
#define RCC_APB1LENR         REG32(RCC_BASE + 0x0E8)
#define RCC_APB1LENR_TIM2EN  (1u << 0)
#define RCC_APB1LENR_UART8EN (1u << 31)

/* ---- RNG (0x48021800) ---- */
#define RNG_BASE     0x48021800u
#define RNG_CR       REG32(RNG_BASE + 0x00)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR       REG32(RNG_BASE + 0x04)
#define RNG_SR_DRDY  (1u << 0)
#define RNG_DR       REG32(RNG_BASE + 0x08)

/* ---- HSEM (0x58026400): 32 hardware semaphores ---- */
#define HSEM_BASE         0x58026400u
#define HSEM_R(n)         REG32(HSEM_BASE + 0x000 + 4u * (n))
#define HSEM_RLR(n)       REG32(HSEM_BASE + 0x080 + 4u * (n))
#define HSEM_R_LOCK       (1u << 31)
#define HSEM_R_COREID_Pos 8
#define HSEM_COREID_CM7   3u
#define HSEM_COREID_CM4   1u
/* interrupt registers: core 1 (CM7) at 0x100, core 2 (CM4) at 0x110 */
#define HSEM_CIER(c)  REG32(HSEM_BASE + 0x100 + 0x10u * (c))
#define HSEM_CICR(c)  REG32(HSEM_BASE + 0x104 + 0x10u * (c))
#define HSEM_CISR(c)  REG32(HSEM_BASE + 0x108 + 0x10u * (c))
#define HSEM_CMISR(c) REG32(HSEM_BASE + 0x10C + 0x10u * (c))
#define H7_IRQ_HSEM1  125 /* the CM7's HSEM interrupt */
#define H7_IRQ_HSEM2  126 /* the CM4's HSEM interrupt */

/* ---- Cortex-M system control (both cores) ---- */
#define SCB_CPUID           REG32(0xE000ED00u)
#define SCB_CPUID_PARTNO(v) (((v) >> 4) & 0xFFFu) /* 0xC27 M7, 0xC24 M4 */
#define SCB_CPACR           REG32(0xE000ED88u)
#define SCB_AIRCR           REG32(0xE000ED0Cu)
#define SCB_ICSR            REG32(0xE000ED04u)
#define SCB_SCR             REG32(0xE000ED10u)
#define SCB_SCR_SLEEPDEEP   (1u << 2)
#define SCB_ICSR_PENDSTSET  (1u << 26) /* the SysTick exception is pending */
#define DCB_DEMCR           REG32(0xE000EDFCu)
#define DCB_DEMCR_TRCENA    (1u << 24) /* powers the DWT */
#define DWT_CTRL            REG32(0xE0001000u)
#define DWT_CTRL_CYCCNTENA  (1u << 0)
#define DWT_CYCCNT          REG32(0xE0001004u)
#define DWT_LAR             REG32(0xE0001FB0u)
#define DWT_LAR_KEY         0xC5ACCE55u /* the M7's DWT is locked after reset */
#define SYST_CSR            REG32(0xE000E010u)
#define SYST_RVR            REG32(0xE000E014u)
#define SYST_CVR            REG32(0xE000E018u)
#define SYST_CSR_ENABLE     (1u << 0)
#define SYST_CSR_TICKINT    (1u << 1)
#define SYST_CSR_CLKSOURCE  (1u << 2)  /* the core clock, not the external reference */
#define SYST_CSR_COUNTFLAG  (1u << 16) /* set at each wrap, cleared when CSR is read */

#endif
