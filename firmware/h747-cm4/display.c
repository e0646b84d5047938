/*
 * Display bring-up on the render core, register by register (RM0399):
 * SDRAM on FMC bank 2 (the board's IS42S32800J: 9 column / 12 row bits,
 * 32-bit, 4 banks, CAS 3), PLL3 for the pixel clock, the LTDC layer 1 in
 * ARGB8888 over the framebuffer (constant alpha 255 and BF1 = CA, so the
 * unused top byte of lib/ui's XRGB pixels does not matter), the DSI
 * regulator and PLL, the panel out of sleep and on, video mode.
 */
#include "stm32h747.h"
#include "display.h"
#include "ui.h"

#define FMC_BASE  0x52004000u
#define LTDC_BASE 0x50001000u
#define DSI_BASE  0x50000000u
#define R32(a)    REG32(a)

#define HSYNC 2
#define HBP   34
#define HFP   34
#define VSYNC 1
#define VBP   15
#define VFP   16

static int wait_set(uint32_t addr, uint32_t mask) {
    for (uint32_t i = 0; i < 1000000u; i++) {
        if (R32(addr) & mask) {
            return 0;
        }
    }
    return -1;
}

static int sdram_init(void) {
    R32(FMC_BASE + 0x000) |= 1u << 31;               /* FMCEN */
    R32(FMC_BASE + 0x140) = (2u << 10) | (1u << 12); /* SDCLK hclk/2, RBURST */
    R32(FMC_BASE + 0x144) = 1 | (1u << 2) | (2u << 4) | (1u << 6) | (3u << 7);
    R32(FMC_BASE + 0x14C) = 0x01115351;        /* SDTR2 */
    R32(FMC_BASE + 0x150) = 1 | 8;             /* clock enable */
    for (volatile int i = 0; i < 10000; i++) { /* >= 100 us */
    }
    R32(FMC_BASE + 0x150) = 2 | 8;                 /* precharge all */
    R32(FMC_BASE + 0x150) = 3 | 8 | (7u << 5);     /* 8 auto-refresh */
    R32(FMC_BASE + 0x150) = 4 | 8 | (0x230u << 9); /* mode: CAS 3, burst 1 */
    R32(FMC_BASE + 0x154) = 0x603u << 1;           /* refresh rate */
    return 0;
}

static void dcs_short(uint8_t cmd) {
    (void)wait_set(DSI_BASE + 0x074, 1); /* GPSR.CMDFE */
    R32(DSI_BASE + 0x06C) = 0x05 | ((uint32_t)cmd << 8);
}

static int dsi_init(void) {
    R32(DSI_BASE + 0x430) = 1u << 24;           /* REGEN */
    if (wait_set(DSI_BASE + 0x40C, 1u << 12)) { /* RRS */
        return -1;
    }
    R32(DSI_BASE + 0x430) = (1u << 24) | (100u << 2) | (5u << 11) | 1; /* PLL */
    if (wait_set(DSI_BASE + 0x40C, 1u << 8)) {                         /* PLLLS */
        return -1;
    }
    R32(DSI_BASE + 0x404) = 1u << 3; /* DSIEN, video mode */
    dcs_short(0x11);                 /* SLPOUT */
    dcs_short(0x29);                 /* DISPON */
    return 0;
}

static void ltdc_init(void) {
    uint32_t ahbp = HSYNC + HBP - 1, avbp = VSYNC + VBP - 1;
    uint32_t aaw = ahbp + UI_W, aah = avbp + UI_H;
    uint32_t L1 = LTDC_BASE + 0x84;

    R32(LTDC_BASE + 0x08) = ((HSYNC - 1u) << 16) | (VSYNC - 1u);
    R32(LTDC_BASE + 0x0C) = (ahbp << 16) | avbp;
    R32(LTDC_BASE + 0x10) = (aaw << 16) | aah;
    R32(LTDC_BASE + 0x14) = ((aaw + HFP) << 16) | (aah + VFP);
    R32(LTDC_BASE + 0x2C) = UI_BACKGROUND;
    R32(L1 + 0x04) = ((ahbp + UI_W) << 16) | (ahbp + 1); /* WHPCR */
    R32(L1 + 0x08) = ((avbp + UI_H) << 16) | (avbp + 1); /* WVPCR */
    R32(L1 + 0x10) = 0;                                  /* ARGB8888 */
    R32(L1 + 0x14) = 255;                                /* CACR */
    R32(L1 + 0x1C) = (4u << 8) | 5;                      /* BF1 = CA, BF2 = 1 - CA */
    R32(L1 + 0x28) = SDRAM_BASE;
    R32(L1 + 0x2C) = ((UI_W * 4u) << 16) | (UI_W * 4u + 7);
    R32(L1 + 0x30) = UI_H;
    R32(L1 + 0x00) = 1;         /* LEN */
    R32(LTDC_BASE + 0x24) = 1;  /* immediate reload */
    R32(LTDC_BASE + 0x18) |= 1; /* LTDCEN */
}

int display_init(void) {
    RCC_AHB3ENR |= RCC_AHB3ENR_FMCEN | RCC_AHB3ENR_DMA2DEN;
    RCC_APB3ENR |= RCC_APB3ENR_LTDCEN | RCC_APB3ENR_DSIEN;
    RCC_CR |= RCC_CR_PLL3ON; /* pixel clock */
    if (wait_set((uint32_t)&RCC_CR, RCC_CR_PLL3RDY)) {
        return -1;
    }
    sdram_init();
    for (uint32_t i = 0; i < UI_W * UI_H; i++) {
        DISPLAY_FB[i] = UI_BACKGROUND;
    }
    if (dsi_init()) {
        return -2;
    }
    ltdc_init();
    return 0;
}
