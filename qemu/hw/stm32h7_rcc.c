/*
 * STM32H7 reset and clock control (RCC), register layout of RM0399.
 *
 * Modelled: the HSI/CSI/HSE/HSI48/LSI/LSE oscillators with ready flags, the
 * three PLLs (source, DIVM, DIVN with FRACN, DIVP/Q/R, ready flags), the
 * system clock switch, the D1/D2/D3 prescalers and the kernel clock selection
 * of the USARTs and the RNG.  The resulting frequencies drive QEMU Clocks
 * (cores, SysTick references, APB buses, USART and RNG kernels).  Peripheral
 * enable and reset registers are stored per core (C1_ and C2_ banks; the
 * plain addresses alias the bank of the core that accesses them) but do not
 * gate the models.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/visitor.h"
#include "hw/core/cpu.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-clock.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "stm32h7_rcc.h"
#include "stm32h7_clk.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x000)
    FIELD(CR, HSION, 0, 1)
    FIELD(CR, HSIKERON, 1, 1)
    FIELD(CR, HSIRDY, 2, 1)
    FIELD(CR, HSIDIV, 3, 2)
    FIELD(CR, HSIDIVF, 5, 1)
    FIELD(CR, CSION, 7, 1)
    FIELD(CR, CSIRDY, 8, 1)
    FIELD(CR, CSIKERON, 9, 1)
    FIELD(CR, HSI48ON, 12, 1)
    FIELD(CR, HSI48RDY, 13, 1)
    FIELD(CR, D1CKRDY, 14, 1)
    FIELD(CR, D2CKRDY, 15, 1)
    FIELD(CR, HSEON, 16, 1)
    FIELD(CR, HSERDY, 17, 1)
    FIELD(CR, HSEBYP, 18, 1)
    FIELD(CR, HSECSSON, 19, 1)
    FIELD(CR, HSEEXT, 20, 1)
    FIELD(CR, PLL1ON, 24, 1)
    FIELD(CR, PLL1RDY, 25, 1)
    FIELD(CR, PLL2ON, 26, 1)
    FIELD(CR, PLL3ON, 28, 1)
REG32(HSICFGR, 0x004)
REG32(CRRCR, 0x008)
REG32(CSICFGR, 0x00C)
REG32(CFGR, 0x010)
    FIELD(CFGR, SW, 0, 3)
    FIELD(CFGR, SWS, 3, 3)
REG32(D1CFGR, 0x018)
    FIELD(D1CFGR, HPRE, 0, 4)
    FIELD(D1CFGR, D1PPRE, 4, 3)
    FIELD(D1CFGR, D1CPRE, 8, 4)
REG32(D2CFGR, 0x01C)
    FIELD(D2CFGR, D2PPRE1, 4, 3)
    FIELD(D2CFGR, D2PPRE2, 8, 3)
REG32(D3CFGR, 0x020)
    FIELD(D3CFGR, D3PPRE, 4, 3)
REG32(PLLCKSELR, 0x028)
    FIELD(PLLCKSELR, PLLSRC, 0, 2)
    FIELD(PLLCKSELR, DIVM1, 4, 6)
    FIELD(PLLCKSELR, DIVM2, 12, 6)
    FIELD(PLLCKSELR, DIVM3, 20, 6)
REG32(PLLCFGR, 0x02C)
    FIELD(PLLCFGR, PLLxCFG, 0, 12)      /* FRACEN, VCOSEL, RGE of PLL1..3 */
    FIELD(PLLCFGR, DIVxEN, 16, 9)       /* DIVP1EN .. DIVR3EN */
REG32(PLL1DIVR, 0x030)
    FIELD(PLLxDIVR, DIVN, 0, 9)
    FIELD(PLLxDIVR, DIVP, 9, 7)
    FIELD(PLLxDIVR, DIVQ, 16, 7)
    FIELD(PLLxDIVR, DIVR, 24, 7)
REG32(PLL1FRACR, 0x034)
    FIELD(PLLxFRACR, FRACN, 3, 13)
REG32(PLL2DIVR, 0x038)
REG32(PLL2FRACR, 0x03C)
REG32(PLL3DIVR, 0x040)
REG32(PLL3FRACR, 0x044)
REG32(D1CCIPR, 0x04C)
    FIELD(D1CCIPR, SDMMCSEL, 16, 1)
    FIELD(D1CCIPR, CKPERSEL, 28, 2)
REG32(D2CCIP1R, 0x050)
    FIELD(D2CCIP1R, SPI123SEL, 12, 3)
    FIELD(D2CCIP1R, SPI45SEL, 16, 3)
REG32(D2CCIP2R, 0x054)
    FIELD(D2CCIP2R, USART234578SEL, 0, 3)
    FIELD(D2CCIP2R, USART16SEL, 3, 3)
    FIELD(D2CCIP2R, RNGSEL, 8, 2)
REG32(D3CCIPR, 0x058)
    FIELD(D3CCIPR, ADCSEL, 16, 2)
    FIELD(D3CCIPR, SPI6SEL, 28, 3)
REG32(CIER, 0x060)
REG32(CIFR, 0x064)
REG32(CICR, 0x068)
REG32(BDCR, 0x070)
    FIELD(BDCR, LSEON, 0, 1)
    FIELD(BDCR, LSERDY, 1, 1)
    FIELD(BDCR, BDRST, 16, 1)
REG32(CSR, 0x074)
    FIELD(CSR, LSION, 0, 1)
    FIELD(CSR, LSIRDY, 1, 1)
REG32(AHB3RSTR, 0x07C)
REG32(APB4RSTR, 0x09C)
REG32(GCR, 0x0A0)
    FIELD(GCR, BOOT_C1, 2, 1)
    FIELD(GCR, BOOT_C2, 3, 1)
REG32(D3AMR, 0x0A8)
REG32(RSR, 0x0D0)
    FIELD(RSR, RMVF, 16, 1)
REG32(APB4LPENR, 0x11C)
REG32(C1_RSR, 0x130)
REG32(C2_RSR, 0x190)
REG32(C2_APB4LPENR, 0x1DC)
/* clang-format on */

/* the bits software can write */
#define CR_WRITABLE \
    (R_CR_HSION_MASK | R_CR_HSIKERON_MASK | R_CR_HSIDIV_MASK | \
     R_CR_CSION_MASK | R_CR_CSIKERON_MASK | R_CR_HSI48ON_MASK | \
     R_CR_HSEON_MASK | R_CR_HSEBYP_MASK | R_CR_HSEEXT_MASK | \
     R_CR_PLL1ON_MASK | R_CR_PLL2ON_MASK | R_CR_PLL3ON_MASK)
#define PLLCKSELR_WRITABLE \
    (R_PLLCKSELR_PLLSRC_MASK | R_PLLCKSELR_DIVM1_MASK | \
     R_PLLCKSELR_DIVM2_MASK | R_PLLCKSELR_DIVM3_MASK)
#define PLLCFGR_WRITABLE (R_PLLCFGR_PLLxCFG_MASK | R_PLLCFGR_DIVxEN_MASK)
#define PLLxDIVR_WRITABLE \
    (R_PLLxDIVR_DIVN_MASK | R_PLLxDIVR_DIVP_MASK | R_PLLxDIVR_DIVQ_MASK | \
     R_PLLxDIVR_DIVR_MASK)
#define D1CFGR_WRITABLE \
    (R_D1CFGR_HPRE_MASK | R_D1CFGR_D1PPRE_MASK | R_D1CFGR_D1CPRE_MASK)
#define D2CFGR_WRITABLE (R_D2CFGR_D2PPRE1_MASK | R_D2CFGR_D2PPRE2_MASK)

/* RSR flags */
#define RSR_CPURSTF   (1u << 17)
#define RSR_D1RSTF    (1u << 19)
#define RSR_D2RSTF    (1u << 20)
#define RSR_BORRSTF   (1u << 21)
#define RSR_PINRSTF   (1u << 22)
#define RSR_PORRSTF   (1u << 23)
#define RSR_SFT1RSTF  (1u << 24)
#define RSR_IWDG1RSTF (1u << 26)
#define RSR_WWDG1RSTF (1u << 28)
#define RSR_POWER_ON \
    (RSR_CPURSTF | RSR_D1RSTF | RSR_D2RSTF | RSR_BORRSTF | RSR_PINRSTF | \
     RSR_PORRSTF)

#define HSI_HZ   64000000ULL
#define CSI_HZ   4000000ULL
#define HSI48_HZ 48000000ULL
#define LSI_HZ   32000ULL
#define LSE_HZ   32768ULL

#define R(s, a) ((s)->regs[(a) / 4])

static const char *const clk_out_names[RCC_NUM_CLK_OUT] = {
    [RCC_CLK_CPU1] = "cpu1-clk",
    [RCC_CLK_CPU1_REF] = "cpu1-refclk",
    [RCC_CLK_HCLK] = "hclk",
    [RCC_CLK_CPU2_REF] = "cpu2-refclk",
    [RCC_CLK_PCLK1] = "pclk1",
    [RCC_CLK_PCLK2] = "pclk2",
    [RCC_CLK_PCLK3] = "pclk3",
    [RCC_CLK_PCLK4] = "pclk4",
    [RCC_CLK_USART16] = "usart16-ker",
    [RCC_CLK_USART234578] = "usart234578-ker",
    [RCC_CLK_RNG] = "rng-ker",
    [RCC_CLK_TIMX] = "timx-ker",
    [RCC_CLK_TIMY] = "timy-ker",
    [RCC_CLK_LTDC] = "ltdc-ker",
    [RCC_CLK_SPI123] = "spi123-ker",
    [RCC_CLK_SPI45] = "spi45-ker",
    [RCC_CLK_SPI6] = "spi6-ker",
    [RCC_CLK_ADC] = "adc-ker",
    [RCC_CLK_SDMMC] = "sdmmc-ker",
};

static uint64_t hsi_hz(Stm32h7RccState *s)
{
    return HSI_HZ >> FIELD_EX32(R(s, A_CR), CR, HSIDIV);
}

/* Is the clock source `src` (0 HSI, 1 CSI, 2 HSE: the encoding of CFGR.SW
 * and PLLCKSELR.PLLSRC) ready in CR value `cr`? */
static bool osc_ready(uint32_t cr, unsigned src)
{
    switch (src) {
    case 0: return FIELD_EX32(cr, CR, HSIRDY);
    case 1: return FIELD_EX32(cr, CR, CSIRDY);
    case 2: return FIELD_EX32(cr, CR, HSERDY);
    default: return false;
    }
}

/* PLL n (0..2) output: which = 0 for P, 1 for Q, 2 for R.  0 when off. */
static uint64_t pll_out_hz(Stm32h7RccState *s, unsigned n, unsigned which)
{
    uint32_t cr = R(s, A_CR), cksel = R(s, A_PLLCKSELR), cfgr = R(s, A_PLLCFGR);
    uint32_t divr = R(s, A_PLL1DIVR + 8 * n), fracr = R(s, A_PLL1FRACR + 8 * n);
    unsigned divm = extract32(cksel, 4 + 8 * n, 6);
    uint64_t ref;

    if (!extract32(cr, 25 + 2 * n, 1) || divm == 0 ||
        !extract32(cfgr, 16 + 3 * n + which, 1)) {
        return 0;
    }
    switch (FIELD_EX32(cksel, PLLCKSELR, PLLSRC)) {
    case 0: ref = hsi_hz(s); break;
    case 1: ref = CSI_HZ; break;
    case 2: ref = s->hse_freq; break;
    default: return 0;
    }
    unsigned fracn = extract32(cfgr, 4 * n, 1)
                         ? FIELD_EX32(fracr, PLLxFRACR, FRACN)
                         : 0;
    unsigned div = (which == 0   ? FIELD_EX32(divr, PLLxDIVR, DIVP)
                    : which == 1 ? FIELD_EX32(divr, PLLxDIVR, DIVQ)
                                 : FIELD_EX32(divr, PLLxDIVR, DIVR)) +
                   1;
    return stm32h7_pll_hz(ref, divm, FIELD_EX32(divr, PLLxDIVR, DIVN), fracn,
                          div);
}

static uint64_t sys_hz(Stm32h7RccState *s)
{
    switch (FIELD_EX32(R(s, A_CFGR), CFGR, SWS)) {
    case 0: return hsi_hz(s);
    case 1: return CSI_HZ;
    case 2: return s->hse_freq;
    case 3: return pll_out_hz(s, 0, 0);
    default: return 0;
    }
}

static uint64_t usart_ker_hz(Stm32h7RccState *s, unsigned sel, uint64_t pclk)
{
    switch (sel) {
    case 0: return pclk;
    case 1: return pll_out_hz(s, 1, 1); /* pll2_q_ck */
    case 2: return pll_out_hz(s, 2, 1); /* pll3_q_ck */
    case 3: return hsi_hz(s);           /* hsi_ker_ck */
    case 4: return CSI_HZ;              /* csi_ker_ck */
    case 5: return FIELD_EX32(R(s, A_BDCR), BDCR, LSERDY) ? LSE_HZ : 0;
    default: return 0;
    }
}

/* per_ck (D1CCIPR.CKPERSEL): hsi_ker_ck, csi_ker_ck or hse_ck */
static uint64_t per_hz(Stm32h7RccState *s)
{
    switch (FIELD_EX32(R(s, A_D1CCIPR), D1CCIPR, CKPERSEL)) {
    case 0: return hsi_hz(s);
    case 1: return CSI_HZ;
    case 2: return s->hse_freq;
    default: return 0;
    }
}

/* spi1/2/3 kernel clock (D2CCIP1R.SPI123SEL) */
static uint64_t spi123_ker_hz(Stm32h7RccState *s)
{
    switch (FIELD_EX32(R(s, A_D2CCIP1R), D2CCIP1R, SPI123SEL)) {
    case 0: return pll_out_hz(s, 0, 1); /* pll1_q_ck */
    case 1: return pll_out_hz(s, 1, 0); /* pll2_p_ck */
    case 2: return pll_out_hz(s, 2, 0); /* pll3_p_ck */
    case 4: return per_hz(s);
    default: return 0; /* I2S_CKIN: no external clock on this board */
    }
}

/* spi4/5 and spi6 kernel clocks: the APB clock, pll2_q, pll3_q, hsi, csi
 * or hse (D2CCIP1R.SPI45SEL, D3CCIPR.SPI6SEL share the encoding) */
static uint64_t spi456_ker_hz(Stm32h7RccState *s, unsigned sel, uint64_t pclk)
{
    switch (sel) {
    case 0: return pclk;
    case 1: return pll_out_hz(s, 1, 1);
    case 2: return pll_out_hz(s, 2, 1);
    case 3: return hsi_hz(s);
    case 4: return CSI_HZ;
    case 5: return s->hse_freq;
    default: return 0;
    }
}

static void set_hz(Stm32h7RccState *s, unsigned i, uint64_t hz)
{
    if (hz) {
        clock_update_hz(s->clk_out[i], hz);
    } else {
        clock_update(s->clk_out[i], 0);
    }
}

static void rcc_update_clocks(Stm32h7RccState *s)
{
    uint32_t d1 = R(s, A_D1CFGR), d2 = R(s, A_D2CFGR), d3 = R(s, A_D3CFGR);
    uint32_t ccip2 = R(s, A_D2CCIP2R);
    uint64_t sys = sys_hz(s);
    uint64_t cpu = sys / stm32h7_ahb_div(FIELD_EX32(d1, D1CFGR, D1CPRE));
    uint64_t hclk = cpu / stm32h7_ahb_div(FIELD_EX32(d1, D1CFGR, HPRE));
    uint64_t pclk1 = hclk / stm32h7_apb_div(FIELD_EX32(d2, D2CFGR, D2PPRE1));
    uint64_t pclk2 = hclk / stm32h7_apb_div(FIELD_EX32(d2, D2CFGR, D2PPRE2));
    uint64_t pclk3 = hclk / stm32h7_apb_div(FIELD_EX32(d1, D1CFGR, D1PPRE));
    uint64_t pclk4 = hclk / stm32h7_apb_div(FIELD_EX32(d3, D3CFGR, D3PPRE));
    uint64_t rng;

    switch (FIELD_EX32(ccip2, D2CCIP2R, RNGSEL)) {
    case 0: rng = FIELD_EX32(R(s, A_CR), CR, HSI48RDY) ? HSI48_HZ : 0; break;
    case 1: rng = pll_out_hz(s, 0, 1); break;
    case 2: rng = FIELD_EX32(R(s, A_BDCR), BDCR, LSERDY) ? LSE_HZ : 0; break;
    default: rng = FIELD_EX32(R(s, A_CSR), CSR, LSIRDY) ? LSI_HZ : 0; break;
    }

    s->sys_hz = sys;
    set_hz(s, RCC_CLK_CPU1, cpu);
    set_hz(s, RCC_CLK_CPU1_REF, cpu / 8);
    set_hz(s, RCC_CLK_HCLK, hclk);
    set_hz(s, RCC_CLK_CPU2_REF, hclk / 8);
    set_hz(s, RCC_CLK_PCLK1, pclk1);
    set_hz(s, RCC_CLK_PCLK2, pclk2);
    set_hz(s, RCC_CLK_PCLK3, pclk3);
    set_hz(s, RCC_CLK_PCLK4, pclk4);
    set_hz(s, RCC_CLK_USART16,
           usart_ker_hz(s, FIELD_EX32(ccip2, D2CCIP2R, USART16SEL), pclk2));
    set_hz(s, RCC_CLK_USART234578,
           usart_ker_hz(s, FIELD_EX32(ccip2, D2CCIP2R, USART234578SEL), pclk1));
    set_hz(s, RCC_CLK_RNG, rng);
    /* timer clocks (CFGR.TIMPRE = 0): the APB clock, doubled when the APB
     * prescaler divides */
    set_hz(s, RCC_CLK_TIMX,
           FIELD_EX32(d2, D2CFGR, D2PPRE1) >= 4 ? 2 * pclk1 : pclk1);
    set_hz(s, RCC_CLK_TIMY,
           FIELD_EX32(d2, D2CFGR, D2PPRE2) >= 4 ? 2 * pclk2 : pclk2);
    set_hz(s, RCC_CLK_LTDC, pll_out_hz(s, 2, 2));
    set_hz(s, RCC_CLK_SPI123, spi123_ker_hz(s));
    /* SDMMCSEL: pll1_q_ck or pll2_r_ck */
    set_hz(s, RCC_CLK_SDMMC,
           FIELD_EX32(R(s, A_D1CCIPR), D1CCIPR, SDMMCSEL)
               ? pll_out_hz(s, 1, 2)
               : pll_out_hz(s, 0, 1));
    switch (FIELD_EX32(R(s, A_D3CCIPR), D3CCIPR, ADCSEL)) {
    case 0: set_hz(s, RCC_CLK_ADC, pll_out_hz(s, 1, 0)); break; /* pll2_p */
    case 1: set_hz(s, RCC_CLK_ADC, pll_out_hz(s, 2, 2)); break; /* pll3_r */
    case 2: set_hz(s, RCC_CLK_ADC, per_hz(s)); break;
    default: set_hz(s, RCC_CLK_ADC, 0); break;
    }
    set_hz(s, RCC_CLK_SPI45,
           spi456_ker_hz(s, FIELD_EX32(R(s, A_D2CCIP1R), D2CCIP1R, SPI45SEL),
                         pclk2));
    set_hz(
        s, RCC_CLK_SPI6,
        spi456_ker_hz(s, FIELD_EX32(R(s, A_D3CCIPR), D3CCIPR, SPI6SEL), pclk4));
    trace_stm32h7_rcc_clocks(s->sys_hz, cpu, hclk, pclk1, pclk2, pclk3, pclk4);
}

static void rcc_write_cr(Stm32h7RccState *s, uint32_t val)
{
    uint32_t old = R(s, A_CR);
    uint32_t sws = FIELD_EX32(R(s, A_CFGR), CFGR, SWS);
    uint32_t cr;

    /* the oscillator feeding the system clock cannot be stopped */
    if (sws == 0) {
        val |= R_CR_HSION_MASK;
    } else if (sws == 1) {
        val |= R_CR_CSION_MASK;
    } else if (sws == 2) {
        val |= R_CR_HSEON_MASK;
    } else if (sws == 3) {
        val |= R_CR_PLL1ON_MASK;
    }
    /* HSECSSON can only be set */
    cr = val & CR_WRITABLE;
    cr |= (old | val) & R_CR_HSECSSON_MASK;
    /* ready flags follow their enables at once */
    cr = FIELD_DP32(cr, CR, HSIRDY, FIELD_EX32(cr, CR, HSION));
    cr = FIELD_DP32(cr, CR, HSIDIVF, 1);
    cr = FIELD_DP32(cr, CR, CSIRDY, FIELD_EX32(cr, CR, CSION));
    cr = FIELD_DP32(cr, CR, HSI48RDY, FIELD_EX32(cr, CR, HSI48ON));
    cr = FIELD_DP32(cr, CR, HSERDY, FIELD_EX32(cr, CR, HSEON));
    cr |= R_CR_D1CKRDY_MASK | R_CR_D2CKRDY_MASK;
    for (unsigned n = 0; n < 3; n++) {
        bool on = extract32(cr, 24 + 2 * n, 1);
        bool src_ok = osc_ready(
            cr, FIELD_EX32(R(s, A_PLLCKSELR), PLLCKSELR, PLLSRC));
        if (on && !src_ok && !extract32(old, 24 + 2 * n, 1)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-rcc: PLL%u enabled with "
                          "its source oscillator off: it will not lock\n",
                          n + 1);
        }
        cr = deposit32(cr, 25 + 2 * n, 1, on && src_ok);
    }
    R(s, A_CR) = cr;
}

static void rcc_write_cfgr(Stm32h7RccState *s, uint32_t val)
{
    unsigned sw = FIELD_EX32(val, CFGR, SW);
    unsigned sws = FIELD_EX32(R(s, A_CFGR), CFGR, SWS);
    bool ready = sw < 3 ? osc_ready(R(s, A_CR), sw)
                        : (sw == 3 && FIELD_EX32(R(s, A_CR), CR, PLL1RDY));

    if (ready) {
        sws = sw;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-rcc: CFGR.SW=%u selects a "
                      "clock that is not ready: switch ignored\n",
                      sw);
    }
    R(s, A_CFGR) = (val & ~R_CFGR_SWS_MASK) | (sws << R_CFGR_SWS_SHIFT);
}

/* Map the plain per-core registers (0x0D0..0x11C) onto the accessing core's
 * C1_ or C2_ bank, as the dual-core parts do. */
static hwaddr rcc_core_alias(hwaddr addr)
{
    if (addr >= A_RSR && addr <= A_APB4LPENR) {
        int core = current_cpu ? current_cpu->cpu_index : 0;
        return addr - A_RSR + (core ? A_C2_RSR : A_C1_RSR);
    }
    return addr;
}

static uint64_t rcc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7RccState *s = opaque;
    hwaddr a = rcc_core_alias(addr);
    uint32_t v;

    if (a == A_C1_RSR || a == A_C2_RSR) {
        v = s->reset_flags;
    } else {
        v = R(s, a);
    }
    trace_stm32h7_rcc_read(addr, v);
    return v;
}

static void rcc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7RccState *s = opaque;
    uint32_t val = val64;
    hwaddr a = rcc_core_alias(addr);
    bool pll_on = R(s, A_CR) & (R_CR_PLL1ON_MASK | (1u << 26) | (1u << 28));

    trace_stm32h7_rcc_write(addr, val);
    switch (a) {
    case A_CR: rcc_write_cr(s, val); break;
    case A_CFGR: rcc_write_cfgr(s, val); break;
    case A_PLLCKSELR:
        if (pll_on) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-rcc: PLLCKSELR written "
                                           "while a PLL is on: ignored\n");
            break;
        }
        R(s, a) = val & PLLCKSELR_WRITABLE;
        break;
    case A_PLLCFGR: R(s, a) = val & PLLCFGR_WRITABLE; break;
    case A_PLL1DIVR:
    case A_PLL2DIVR:
    case A_PLL3DIVR:
    case A_PLL1FRACR:
    case A_PLL2FRACR:
    case A_PLL3FRACR: {
        unsigned n = (a - A_PLL1DIVR) / 8;
        if (extract32(R(s, A_CR), 24 + 2 * n, 1) && !(a & 4)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-rcc: PLL%uDIVR written "
                          "while PLL%u is on: ignored\n",
                          n + 1, n + 1);
            break;
        }
        R(s, a) = val & ((a & 4) ? R_PLLxFRACR_FRACN_MASK : PLLxDIVR_WRITABLE);
        break;
    }
    case A_D1CFGR: R(s, a) = val & D1CFGR_WRITABLE; break;
    case A_D2CFGR: R(s, a) = val & D2CFGR_WRITABLE; break;
    case A_D3CFGR: R(s, a) = val & R_D3CFGR_D3PPRE_MASK; break;
    case A_CIFR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-rcc: CIFR is read-only\n");
        break;
    case A_CICR: R(s, A_CIFR) &= ~val; break;
    case A_BDCR:
        if (val & R_BDCR_BDRST_MASK) {
            R(s, a) = R_BDCR_BDRST_MASK;
            break;
        }
        val = FIELD_DP32(val, BDCR, LSERDY, FIELD_EX32(val, BDCR, LSEON));
        R(s, a) = val;
        break;
    case A_CSR: R(s, a) = FIELD_DP32(val & 1, CSR, LSIRDY, val & 1); break;
    case A_GCR: {
        /* WW1RSC, WW2RSC, BOOT_C1, BOOT_C2: software sets them, only a
         * system reset clears them.  BOOT_Cn releases a core held at reset
         * by its option bit (FLASH_OPTSR.BCM7/BCM4). */
        uint32_t set = val & 0xF & ~R(s, a);
        R(s, a) |= val & 0xF;
        if (set & R_GCR_BOOT_C1_MASK) {
            qemu_irq_pulse(s->boot[0]);
        }
        if (set & R_GCR_BOOT_C2_MASK) {
            qemu_irq_pulse(s->boot[1]);
        }
        break;
    }
    case A_C1_RSR:
    case A_C2_RSR:
        if (val & R_RSR_RMVF_MASK) {
            s->reset_flags = 0;
        }
        break;
    case A_HSICFGR:
    case A_CSICFGR:
    case A_CRRCR:
        /* calibration: keep the trim bits, the factory value is read-only */
        R(s, a) = (R(s, a) & 0xFFF) | (val & ~0xFFFu);
        break;
    default:
        if (a > A_C2_APB4LPENR || a == 0x014 || a == 0x024 || a == 0x048 ||
            a == 0x05C || a == 0x06C || a == 0x078) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-rcc: write to reserved "
                          "offset 0x%03" HWADDR_PRIx "\n",
                          addr);
            return;
        }
        R(s, a) = val;
        break;
    }
    rcc_update_clocks(s);
}

static const MemoryRegionOps rcc_ops = {
    .read = rcc_read,
    .write = rcc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void rcc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7RccState *s = STM32H7_RCC(obj);
    uint32_t bdcr = R(s, A_BDCR);

    memset(s->regs, 0, sizeof(s->regs));
    R(s, A_CR) = R_CR_HSION_MASK | R_CR_HSIRDY_MASK | R_CR_HSIDIVF_MASK |
                 R_CR_D1CKRDY_MASK | R_CR_D2CKRDY_MASK;
    R(s, A_HSICFGR) = 0x40000000;
    R(s, A_CSICFGR) = 0x20000000;
    R(s, A_PLLCKSELR) = 0x02020200;
    R(s, A_PLLCFGR) = 0x01FF0000;
    R(s, A_PLL1DIVR) = 0x01010280;
    R(s, A_PLL2DIVR) = 0x01010280;
    R(s, A_PLL3DIVR) = 0x01010280;
    /* the backup domain (BDCR) is not reset by a system reset */
    if (s->powered) {
        R(s, A_BDCR) = bdcr;
        /* a watchdog's reset, else the software one (SYSRESETREQ) */
        s->reset_flags |= RSR_PINRSTF | (s->next_reset_flags ?: RSR_SFT1RSTF);
        s->next_reset_flags = 0;
    } else {
        s->reset_flags = RSR_POWER_ON;
        s->powered = true;
    }
}

static void rcc_reset_exit(Object *obj, ResetType type)
{
    rcc_update_clocks(STM32H7_RCC(obj));
}

static void rcc_get_u64(Object *obj, Visitor *v, const char *name, void *opaque,
                        Error **errp)
{
    Stm32h7RccState *s = STM32H7_RCC(obj);
    uint64_t hz;

    if (!strcmp(name, "sysclk-hz")) {
        hz = s->sys_hz;
    } else {
        /* "<clock name>-hz" */
        g_autofree char *clk = g_strndup(name, strlen(name) - 3);
        hz = 0;
        for (unsigned i = 0; i < RCC_NUM_CLK_OUT; i++) {
            if (!strcmp(clk, clk_out_names[i])) {
                hz = clock_get_hz(s->clk_out[i]);
            }
        }
    }
    visit_type_uint64(v, name, &hz, errp);
}

/* "watchdog-reset" line 0: IWDG1 fired, line 1: WWDG1; the RCC resets the
 * system */
static void rcc_watchdog_reset(void *opaque, int n, int level)
{
    Stm32h7RccState *s = opaque;

    if (level) {
        s->next_reset_flags |= n ? RSR_WWDG1RSTF : RSR_IWDG1RSTF;
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static void rcc_init(Object *obj)
{
    Stm32h7RccState *s = STM32H7_RCC(obj);

    memory_region_init_io(&s->mmio, obj, &rcc_ops, s, TYPE_STM32H7_RCC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    object_property_add(obj, "sysclk-hz", "uint64", rcc_get_u64, NULL, NULL,
                        NULL);
    for (unsigned i = 0; i < RCC_NUM_CLK_OUT; i++) {
        g_autofree char *prop = g_strdup_printf("%s-hz", clk_out_names[i]);
        s->clk_out[i] = qdev_init_clock_out(DEVICE(obj), clk_out_names[i]);
        object_property_add(obj, prop, "uint64", rcc_get_u64, NULL, NULL, NULL);
    }
    qdev_init_gpio_out_named(DEVICE(obj), s->boot, "boot", 2);
    qdev_init_gpio_in_named(DEVICE(obj), rcc_watchdog_reset, "watchdog-reset",
                            2);
}

static int rcc_post_load(void *opaque, int version_id)
{
    rcc_update_clocks(opaque);
    return 0;
}

static const VMStateDescription vmstate_rcc = {
    .name = TYPE_STM32H7_RCC,
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load = rcc_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7RccState, STM32H7_RCC_NREGS),
            VMSTATE_BOOL(powered, Stm32h7RccState),
            VMSTATE_UINT32(reset_flags, Stm32h7RccState),
            VMSTATE_UINT32(next_reset_flags, Stm32h7RccState),
            VMSTATE_END_OF_LIST() }
};

static const Property rcc_props[] = {
    DEFINE_PROP_UINT32("hse-freq", Stm32h7RccState, hse_freq, 25000000),
};

static void rcc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_rcc;
    device_class_set_props(dc, rcc_props);
    rc->phases.hold = rcc_reset_hold;
    rc->phases.exit = rcc_reset_exit;
}

static const TypeInfo rcc_types[] = {
    {
        .name = TYPE_STM32H7_RCC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7RccState),
        .instance_init = rcc_init,
        .class_init = rcc_class_init,
    },
};
DEFINE_TYPES(rcc_types)
