/*
 * STM32H7S3 (RM0477) register definitions used by h7stack's NUCLEO-H7S3L8
 * firmware: RCC enables, GPIO, USART3, XSPI2 and the XSPI I/O manager.
 */
#ifndef H7STACK_STM32H7S3_H
#define H7STACK_STM32H7S3_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#define RCC_BASE              0x58024400u
#define RCC_CR                REG32(RCC_BASE + 0x000)
#define RCC_CR_PLL1ON         (1u << 24)
#define RCC_CR_PLL1RDY        (1u << 25)
#define RCC_CFGR              REG32(RCC_BASE + 0x010)
#define RCC_CFGR_SW_PLL1      3u
#define RCC_CFGR_SWS_Pos      3
#define RCC_CDCFGR            REG32(RCC_BASE + 0x018) /* CPRE: sys_ck -> CPU */
#define RCC_BMCFGR            REG32(RCC_BASE + 0x01C) /* BMPRE: CPU -> AHB/AXI */
#define RCC_APBCFGR           REG32(RCC_BASE + 0x020) /* PPRE1,2,4,5 */
#define RCC_PLLCKSELR         REG32(RCC_BASE + 0x028) /* PLLSRC 1:0, DIVM1 9:4 */
#define RCC_PLLCFGR           REG32(RCC_BASE + 0x02C)
#define RCC_PLL1DIVR1         REG32(RCC_BASE + 0x030) /* DIVN 8:0, DIVP 15:9 */
#define RCC_AHB5ENR           REG32(RCC_BASE + 0x134)
#define RCC_AHB5ENR_XSPI2EN   (1u << 12)
#define RCC_AHB5ENR_XSPIMEN   (1u << 14)
#define RCC_AHB4ENR           REG32(RCC_BASE + 0x140)
#define RCC_AHB4ENR_GPIOBEN   (1u << 1)
#define RCC_AHB4ENR_GPIODEN   (1u << 3)
#define RCC_AHB4ENR_GPIONEN   (1u << 13)
#define RCC_APB1ENR1          REG32(RCC_BASE + 0x148)
#define RCC_APB1ENR1_USART3EN (1u << 18)

#define PWR_BASE           0x58024800u
#define PWR_CSR2           REG32(PWR_BASE + 0x0C)
#define PWR_CSR2_EN_XSPIM2 (1u << 15)
#define PWR_CSR4           REG32(PWR_BASE + 0x14)
#define PWR_CSR4_VOS       (1u << 0)
#define PWR_CSR4_VOSRDY    (1u << 1)

#define FLASH_ACR REG32(0x52002000u) /* LATENCY 3:0, WRHIGHFREQ 5:4 */

#define GPIOB_BASE      0x58020400u
#define GPIOD_BASE      0x58020C00u
#define GPION_BASE      0x58023400u
#define GPIO_MODER(p)   REG32((p) + 0x00)
#define GPIO_OSPEEDR(p) REG32((p) + 0x08)
#define GPIO_BSRR(p)    REG32((p) + 0x18)
#define GPIO_AFRL(p)    REG32((p) + 0x20)
#define GPIO_AFRH(p)    REG32((p) + 0x24)

#define USART3_BASE   0x40004800u
#define USART_CR1     REG32(USART3_BASE + 0x00)
#define USART_BRR     REG32(USART3_BASE + 0x0C)
#define USART_ISR     REG32(USART3_BASE + 0x1C)
#define USART_TDR     REG32(USART3_BASE + 0x28)
#define USART_CR1_UE  (1u << 0)
#define USART_CR1_TE  (1u << 3)
#define USART_ISR_TXE (1u << 7)

#define XSPI2_BASE            0x5200A000u
#define XSPI_CR               REG32(XSPI2_BASE + 0x000)
#define XSPI_CR_EN            (1u << 0)
#define XSPI_CR_ABORT         (1u << 1)
#define XSPI_CR_FMODE_Pos     28
#define XSPI_DCR1             REG32(XSPI2_BASE + 0x008)
#define XSPI_DCR1_DEVSIZE_Pos 16
#define XSPI_DCR1_MTYP_Pos    24
#define XSPI_DCR2             REG32(XSPI2_BASE + 0x00C)
#define XSPI_SR               REG32(XSPI2_BASE + 0x020)
#define XSPI_SR_TEF           (1u << 0)
#define XSPI_SR_TCF           (1u << 1)
#define XSPI_SR_BUSY          (1u << 5)
#define XSPI_FCR              REG32(XSPI2_BASE + 0x024)
#define XSPI_DLR              REG32(XSPI2_BASE + 0x040)
#define XSPI_AR               REG32(XSPI2_BASE + 0x048)
#define XSPI_DR8              (*(volatile uint8_t *)(uintptr_t)(XSPI2_BASE + 0x050))
#define XSPI_CCR              REG32(XSPI2_BASE + 0x100)
#define XSPI_TCR              REG32(XSPI2_BASE + 0x108)
#define XSPI_IR               REG32(XSPI2_BASE + 0x110)
#define XSPI2_MMAP_BASE       0x70000000u

#define XSPIM_CR REG32(0x5200B400u)

#define SYST_CSR  REG32(0xE000E010u)
#define SYST_RVR  REG32(0xE000E014u)
#define SYST_CVR  REG32(0xE000E018u)
#define SCB_VTOR  REG32(0xE000ED08u)
#define SCB_CPACR REG32(0xE000ED88u)

#endif
