/* Clock set-up for the STM32H747I-DISCO (RM0399 "RCC", "PWR"), as the board's
 * own firmware does it: direct SMPS supply, scale 1, PLL1 from the 25 MHz HSE. */
#include "stm32h747.h"
#include "h7_clock.h"

#define HSE_HZ   25000000u
#define HSI_HZ   64000000u
#define CSI_HZ   4000000u
#define SPIN_MAX 1000000u

static int wait_set(volatile uint32_t *reg, uint32_t mask) {
    for (uint32_t i = 0; i < SPIN_MAX; i++) {
        if ((*reg & mask) == mask) {
            return H7_OK;
        }
    }
    return H7_ETIMEOUT;
}

int h7_clock_init_400mhz(void) {
    /* supply: SMPS supplies the core directly (the DISCO board's wiring);
     * this register may be written once after power-on */
    PWR_CR3 = (PWR_CR3 & ~PWR_CR3_SUPPLY_Msk) | PWR_CR3_SDEN;
    if (wait_set(&PWR_CSR1, PWR_CSR1_ACTVOSRDY)) {
        return H7_ETIMEOUT;
    }
    PWR_D3CR = PWR_D3CR_VOS_SCALE1;
    if (wait_set(&PWR_D3CR, PWR_D3CR_VOSRDY)) {
        return H7_ETIMEOUT;
    }

    RCC_CR |= RCC_CR_HSEON;
    if (wait_set(&RCC_CR, RCC_CR_HSERDY)) {
        return H7_ETIMEOUT;
    }
    /* PLL1: 25 MHz / M5 = 5 MHz (input range 4-8 MHz), x N160 = 800 MHz,
     * P /2 = 400 MHz, Q /4 = 200 MHz, R /2 = 400 MHz */
    RCC_CR &= ~RCC_CR_PLL1ON;
    RCC_PLLCKSELR =
        (RCC_PLLCKSELR & ~0x3F3u) | RCC_PLLCKSELR_PLLSRC_HSE | (5u << RCC_PLLCKSELR_DIVM1_Pos);
    RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu) | (2u << RCC_PLLCFGR_PLL1RGE_Pos) | RCC_PLLCFGR_DIVP1EN |
                  RCC_PLLCFGR_DIVQ1EN | RCC_PLLCFGR_DIVR1EN;
    RCC_PLL1DIVR = ((160u - 1) << RCC_PLL1DIVR_N1_Pos) | ((2u - 1) << RCC_PLL1DIVR_P1_Pos) |
                   ((4u - 1) << RCC_PLL1DIVR_Q1_Pos) | ((2u - 1) << RCC_PLL1DIVR_R1_Pos);
    RCC_PLL1FRACR = 0;
    RCC_CR |= RCC_CR_PLL1ON;
    if (wait_set(&RCC_CR, RCC_CR_PLL1RDY)) {
        return H7_ETIMEOUT;
    }

    /* flash: 2 wait states and WRHIGHFREQ=2 for a 200 MHz AXI clock at VOS1 */
    FLASH_ACR = 2u | (2u << FLASH_ACR_WRHIGHFREQ_Pos);
    if ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != 2u) {
        return H7_ETIMEOUT;
    }
    /* D1CPRE /1, HPRE /2, D1PPRE /2, D2PPRE1 /2, D2PPRE2 /2, D3PPRE /2 */
    RCC_D1CFGR =
        (0u << RCC_D1CFGR_D1CPRE_Pos) | (8u << RCC_D1CFGR_HPRE_Pos) | (4u << RCC_D1CFGR_D1PPRE_Pos);
    RCC_D2CFGR = (4u << RCC_D2CFGR_D2PPRE1_Pos) | (4u << RCC_D2CFGR_D2PPRE2_Pos);
    RCC_D3CFGR = (4u << RCC_D3CFGR_D3PPRE_Pos);

    RCC_CFGR = (RCC_CFGR & ~RCC_CFGR_SW_Msk) | RCC_CFGR_SW_PLL1;
    for (uint32_t i = 0; i < SPIN_MAX; i++) {
        if (((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) == 3u) {
            return H7_OK;
        }
    }
    return H7_ESWITCH;
}

static uint32_t ahb_div(uint32_t v) {
    static const uint16_t d[8] = { 2, 4, 8, 16, 64, 128, 256, 512 };
    return v < 8 ? 1 : d[v - 8];
}

static uint32_t apb_div(uint32_t v) {
    return v < 4 ? 1 : 2u << (v - 4);
}

/* PLL1's VCO, 0 when its input is off */
static uint64_t pll1_vco_hz(void) {
    uint32_t cksel = RCC_PLLCKSELR, divr = RCC_PLL1DIVR;
    uint32_t m = (cksel >> RCC_PLLCKSELR_DIVM1_Pos) & 0x3F;
    uint32_t ref;

    switch (cksel & 3) {
        case 0:
            ref = HSI_HZ >> ((RCC_CR >> RCC_CR_HSIDIV_Pos) & 3);
            break;
        case 1:
            ref = CSI_HZ;
            break;
        case 2:
            ref = HSE_HZ;
            break;
        default:
            return 0;
    }
    if (m == 0) {
        return 0;
    }
    uint64_t vco = (uint64_t)ref * ((divr & 0x1FF) + 1) / m;
    if (RCC_PLLCFGR & RCC_PLLCFGR_PLL1FRACEN) {
        vco += (uint64_t)ref * ((RCC_PLL1FRACR >> 3) & 0x1FFF) / m / 8192;
    }
    return vco;
}

static uint32_t pll1_p_hz(void) {
    return (uint32_t)(pll1_vco_hz() / (((RCC_PLL1DIVR >> RCC_PLL1DIVR_P1_Pos) & 0x7F) + 1));
}

static uint32_t pll1_q_hz(void) {
    if (!(RCC_PLLCFGR & RCC_PLLCFGR_DIVQ1EN)) {
        return 0;
    }
    return (uint32_t)(pll1_vco_hz() / (((RCC_PLL1DIVR >> RCC_PLL1DIVR_Q1_Pos) & 0x7F) + 1));
}

void h7_clock_read(h7_clocks_t *c) {
    uint32_t d1 = RCC_D1CFGR, d2 = RCC_D2CFGR, d3 = RCC_D3CFGR;

    switch ((RCC_CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) {
        case 0:
            c->sysclk = HSI_HZ >> ((RCC_CR >> RCC_CR_HSIDIV_Pos) & 3);
            break;
        case 1:
            c->sysclk = CSI_HZ;
            break;
        case 2:
            c->sysclk = HSE_HZ;
            break;
        case 3:
            c->sysclk = pll1_p_hz();
            break;
        default:
            c->sysclk = 0;
            break;
    }
    c->cpu = c->sysclk / ahb_div((d1 >> RCC_D1CFGR_D1CPRE_Pos) & 0xF);
    c->hclk = c->cpu / ahb_div((d1 >> RCC_D1CFGR_HPRE_Pos) & 0xF);
    c->pclk3 = c->hclk / apb_div((d1 >> RCC_D1CFGR_D1PPRE_Pos) & 7);
    c->pclk1 = c->hclk / apb_div((d2 >> RCC_D2CFGR_D2PPRE1_Pos) & 7);
    /* CFGR.TIMPRE = 0: timers run at twice a divided APB clock */
    c->timx = apb_div((d2 >> RCC_D2CFGR_D2PPRE1_Pos) & 7) > 1 ? 2 * c->pclk1 : c->pclk1;
    c->pclk2 = c->hclk / apb_div((d2 >> RCC_D2CFGR_D2PPRE2_Pos) & 7);
    c->timy = apb_div((d2 >> RCC_D2CFGR_D2PPRE2_Pos) & 7) > 1 ? 2 * c->pclk2 : c->pclk2;
    c->pclk4 = c->hclk / apb_div((d3 >> RCC_D3CFGR_D3PPRE_Pos) & 7);
    c->pll1_q = pll1_q_hz();
}
