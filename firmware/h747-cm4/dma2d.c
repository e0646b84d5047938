/*
 * DMA2D (RM0399 "Chrom-Art Accelerator") fills over the XRGB8888 frame.
 * Opaque: register-to-memory with OCOLR = the colour.  With alpha: memory-
 * to-memory blending with a fixed foreground colour (FGPFCCR alpha mode
 * "replace" with ALPHA = alpha) over the frame itself as background (alpha
 * replaced by 255).  Then aM = aF, aOUT = 255 and each channel is
 * (CF * aF + CB * (255 - aF)) / 255 rounded, which is ui_blend() exactly;
 * the output's top byte becomes 0xFF, which nothing reads (the LTDC uses
 * constant alpha, lib/ui blends channels only).
 */
#include "stm32h747.h"
#include "dma2d.h"

#define DMA2D_BASE          0x52001000u
#define D_CR                REG32(DMA2D_BASE + 0x00)
#define D_ISR               REG32(DMA2D_BASE + 0x04)
#define D_IFCR              REG32(DMA2D_BASE + 0x08)
#define D_BGMAR             REG32(DMA2D_BASE + 0x14)
#define D_BGOR              REG32(DMA2D_BASE + 0x18)
#define D_FGPFCCR           REG32(DMA2D_BASE + 0x1C)
#define D_FGCOLR            REG32(DMA2D_BASE + 0x20)
#define D_BGPFCCR           REG32(DMA2D_BASE + 0x24)
#define D_OPFCCR            REG32(DMA2D_BASE + 0x34)
#define D_OCOLR             REG32(DMA2D_BASE + 0x38)
#define D_OMAR              REG32(DMA2D_BASE + 0x3C)
#define D_OOR               REG32(DMA2D_BASE + 0x40)
#define D_NLR               REG32(DMA2D_BASE + 0x44)
#define MODE_R2M            (3u << 16)
#define MODE_BLEND_FIXED_FG (4u << 16)
#define ISR_ERRORS          ((1u << 0) | (1u << 5)) /* TEIF, CEIF */
#define ISR_TCIF            (1u << 1)

bool dma2d_fill(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha) {
    (void)ctx;
    uint32_t w = (uint32_t)(r.x1 - r.x0), h = (uint32_t)(r.y1 - r.y0);
    uint32_t addr = (uint32_t)(uintptr_t)&fb[r.y0 * UI_W + r.x0];

    D_IFCR = 0x3F;
    D_OPFCCR = 0; /* ARGB8888 out */
    D_OMAR = addr;
    D_OOR = UI_W - w;
    D_NLR = w << 16 | h;
    if (alpha == 255) {
        D_OCOLR = color;
        D_CR = MODE_R2M | 1;
    } else {
        D_FGCOLR = color;
        D_FGPFCCR = alpha << 24 | 1u << 16; /* replace alpha with ALPHA */
        D_BGMAR = addr;
        D_BGOR = UI_W - w;
        D_BGPFCCR = 255u << 24 | 1u << 16; /* the frame: opaque */
        D_CR = MODE_BLEND_FIXED_FG | 1;
    }
    for (uint32_t i = 0; i < 10000000u; i++) {
        uint32_t isr = D_ISR;
        if (isr & ISR_ERRORS) {
            return false;
        }
        if (isr & ISR_TCIF) {
            return true;
        }
    }
    return false;
}
