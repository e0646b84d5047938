/*
 * DMA2D (RM0399 "Chrom-Art Accelerator") drawing into the XRGB8888 frame.
 *
 * Fills.  Opaque: register-to-memory with OCOLR = the colour.  With alpha:
 * memory-to-memory blending with a fixed foreground colour (FGPFCCR alpha
 * mode "replace" with ALPHA = alpha) over the frame itself as background
 * (alpha replaced by 255).  Then aM = aF, aOUT = 255 and each channel is
 * (CF * aF + CB * (255 - aF)) / 255, which is ui_blend() where the division
 * rounds to nearest (as the QEMU model does; RM0090 says the F4's block
 * rounds down, so on a chip a translucent fill may be one step darker).
 *
 * Text, opaque only: each glyph row (8 bits, MSB left) becomes 8 bytes of an
 * A8 mask, 0 or 0xFF, and one transfer blends FGCOLR through the mask over
 * the cell background (fixed BGCOLR) or over the frame.  With alpha 0 or
 * 255 every blend is exact, however the chip rounds.
 *
 * The output's alpha comes out 255 and is inverted to 0 (OPFCCR.AI), so the
 * frame's top byte stays 0 as the CPU renderer leaves it.
 */
#include "stm32h747.h"
#include "dma2d.h"

#define DMA2D_BASE          0x52001000u
#define D_CR                REG32(DMA2D_BASE + 0x00)
#define D_ISR               REG32(DMA2D_BASE + 0x04)
#define D_IFCR              REG32(DMA2D_BASE + 0x08)
#define D_FGMAR             REG32(DMA2D_BASE + 0x0C)
#define D_FGOR              REG32(DMA2D_BASE + 0x10)
#define D_BGMAR             REG32(DMA2D_BASE + 0x14)
#define D_BGOR              REG32(DMA2D_BASE + 0x18)
#define D_FGPFCCR           REG32(DMA2D_BASE + 0x1C)
#define D_FGCOLR            REG32(DMA2D_BASE + 0x20)
#define D_BGPFCCR           REG32(DMA2D_BASE + 0x24)
#define D_BGCOLR            REG32(DMA2D_BASE + 0x28)
#define D_OPFCCR            REG32(DMA2D_BASE + 0x34)
#define D_OCOLR             REG32(DMA2D_BASE + 0x38)
#define D_OMAR              REG32(DMA2D_BASE + 0x3C)
#define D_OOR               REG32(DMA2D_BASE + 0x40)
#define D_NLR               REG32(DMA2D_BASE + 0x44)
#define CR_START            (1u << 0)
#define MODE_M2M_BLEND      (2u << 16)
#define MODE_R2M            (3u << 16)
#define MODE_BLEND_FIXED_FG (4u << 16)
#define MODE_BLEND_FIXED_BG (5u << 16)
#define PFCCR_CM_ARGB8888   0u
#define PFCCR_CM_A8         9u
#define PFCCR_AM_REPLACE    (1u << 16)
#define PFCCR_ALPHA(a)      ((uint32_t)(a) << 24)
#define OPFCCR_AI           (1u << 20)
#define IFCR_ALL            0x3Fu
#define ISR_ERRORS          ((1u << 0) | (1u << 5)) /* TEIF, CEIF */
#define ISR_TCIF            (1u << 1)
#define POLLS_MAX           10000000u

/* the DMA2D's address of p: the CM4's own alias of SRAM1-3 is not its */
static uint32_t bus_addr(const void *p) {
    uint32_t a = (uint32_t)(uintptr_t)p;
    if (a - D2_SRAM_CM4_ALIAS < D2_SRAM_SIZE) {
        a = a - D2_SRAM_CM4_ALIAS + D2_SRAM_BASE;
    }
    return a;
}

/* a transfer started and not yet waited for; a failure not yet reported */
static bool busy, failed;

/* the running transfer's end: its registers are read-only until then */
static void settle(void) {
    if (!busy) {
        return;
    }
    busy = false;
    for (uint32_t i = 0; i < POLLS_MAX; i++) {
        uint32_t isr = D_ISR;
        if (isr & ISR_TCIF) {
            return;
        }
        if (isr & ISR_ERRORS) {
            break;
        }
    }
    failed = true;
}

bool dma2d_wait(void *ctx) {
    (void)ctx;
    settle();
    bool ok = !failed;
    failed = false;
    return ok;
}

/* the output rectangle r of the frame, then start mode (the caller has
 * settled the last transfer); false if the DMA2D refuses it at once */
static bool start(uint32_t *fb, ui_rect_t r, uint32_t mode) {
    uint32_t w = (uint32_t)(r.x1 - r.x0), h = (uint32_t)(r.y1 - r.y0);

    D_OPFCCR = PFCCR_CM_ARGB8888 | OPFCCR_AI;
    D_OMAR = bus_addr(&fb[r.y0 * UI_W + r.x0]);
    D_OOR = UI_W - w;
    D_NLR = w << 16 | h;
    D_IFCR = IFCR_ALL;
    D_CR = mode | CR_START;
    busy = !(D_ISR & ISR_ERRORS); /* a configuration error shows at once */
    return busy;
}

/* the frame under r as the background, opaque */
static void frame_background(uint32_t *fb, ui_rect_t r) {
    D_BGMAR = bus_addr(&fb[r.y0 * UI_W + r.x0]);
    D_BGOR = UI_W - (uint32_t)(r.x1 - r.x0);
    D_BGPFCCR = PFCCR_CM_ARGB8888 | PFCCR_AM_REPLACE | PFCCR_ALPHA(255);
}

bool dma2d_fill(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha) {
    (void)ctx;
    settle();
    if (alpha == 255) {
        D_OCOLR = color;
        return start(fb, r, MODE_R2M);
    }
    D_FGCOLR = color;
    D_FGPFCCR = PFCCR_AM_REPLACE | PFCCR_ALPHA(alpha);
    frame_background(fb, r);
    return start(fb, r, MODE_BLEND_FIXED_FG);
}

/* the A8 mask: a glyph cell may start up to 7 pixels left of the area and
 * end as far right of it, hence the slack on either side */
#define MASK_SLACK  UI_GLYPH_W
#define MASK_STRIDE (UI_W + 2 * MASK_SLACK)
static uint8_t masks[2][UI_GLYPH_H][MASK_STRIDE]; /* one filled, one in use */
static unsigned next_mask;
static uint32_t row_a8[256][2]; /* 8 glyph bits to 8 mask bytes */
/* a cell's place in the mask is byte-aligned: word stores at any address,
 * which the Cortex-M4 takes (CCR.UNALIGN_TRP is clear) */
typedef uint32_t __attribute__((aligned(1), may_alias)) mask_word_t;

bool dma2d_text(void *ctx, uint32_t *fb, ui_rect_t r, const ui_node_t *n) {
    (void)ctx;
    if (n->alpha != 255) {
        return false;
    }
    if (!row_a8[1][1]) {
        for (uint32_t bits = 0; bits < 256; bits++) {
            for (int x = 0; x < UI_GLYPH_W; x++) {
                if (bits & (0x80u >> x)) {
                    row_a8[bits][x / 4] |= 0xFFu << (8 * (x % 4));
                }
            }
        }
    }
    int first = (r.x0 - n->x) / UI_GLYPH_W, last = (r.x1 - 1 - n->x) / UI_GLYPH_W;
    int rows = r.y1 - r.y0, top = r.y0 - n->y;
    uint8_t(*mask)[MASK_STRIDE] = masks[next_mask];
    for (int i = first; i <= last; i++) {
        const uint8_t *g = ui_glyph(n->text[i]) + top;
        uint8_t *col = &mask[0][MASK_SLACK + n->x + i * UI_GLYPH_W - r.x0];
        for (int y = 0; y < rows; y++, col += MASK_STRIDE) {
            const uint32_t *w = row_a8[g[y]];
            ((mask_word_t *)col)[0] = w[0];
            ((mask_word_t *)col)[1] = w[1];
        }
    }
    settle(); /* the other mask's transfer, if it still runs */
    next_mask ^= 1;
    D_FGMAR = bus_addr(&mask[0][MASK_SLACK]);
    D_FGOR = MASK_STRIDE - (uint32_t)(r.x1 - r.x0);
    D_FGPFCCR = PFCCR_CM_A8;
    D_FGCOLR = n->color;
    if (n->bg >= 0) {
        D_BGCOLR = (uint32_t)n->bg;
        D_BGPFCCR = PFCCR_AM_REPLACE | PFCCR_ALPHA(255);
        return start(fb, r, MODE_BLEND_FIXED_BG);
    }
    frame_background(fb, r);
    return start(fb, r, MODE_M2M_BLEND);
}
