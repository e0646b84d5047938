/*
 * The render side: the display stack (nodes sorted by z) and the renderer
 * that composes it into an XRGB8888 framebuffer of UI_W x UI_H, redrawing
 * only the rectangle that changed since the last frame.
 *
 * Pixel rules (the same on every target):
 *   blend(c, d, a) = (c * a + d * (255 - a) + 127) / 255 per channel;
 *   a rect covers [x, x+w) x [y, y+h), blended with alpha;
 *   a text node is len cells of 8x16 from (x, y): the background colour
 *   (if any) fills each cell, then the glyph's set pixels in fg, both with
 *   alpha; anything outside the screen is clipped.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_RENDER_H
#define H7STACK_UI_RENDER_H

#include "ui_wire.h"

typedef struct {
    int16_t z;
    ui_node_t node;
} ui_entry_t;

typedef struct {
    int x0, y0, x1, y1;         /* [x0, x1) x [y0, y1); empty when x0 >= x1 */
} ui_rect_t;

typedef struct {
    ui_entry_t *nodes;          /* sorted by z */
    uint32_t count, cap;
    uint32_t *fb;               /* UI_W * UI_H pixels, 0x00RRGGBB */
    ui_rect_t dirty;
    uint32_t frames, ops, pixels_drawn;
    /* optional accelerator for rectangle fills of at least hw_min_pixels:
     * must give exactly ui_blend()'s pixels; false to let the CPU do it */
    bool (*hw_fill)(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha);
    /* optional accelerator for text: node n's cells within r (inside its
     * bounds), exactly as the CPU draws them; false to let the CPU do it */
    bool (*hw_text)(void *ctx, uint32_t *fb, ui_rect_t r, const ui_node_t *n);
    /* optional: when set, hw_fill and hw_text may return with their work
     * still running; the renderer calls hw_wait before it draws with the
     * CPU and before a render returns.  false (the accelerator failed)
     * makes it draw the render's area again with the CPU alone */
    bool (*hw_wait)(void *ctx);
    void *hw_ctx;
    uint32_t hw_min_pixels, hw_fills, hw_texts, hw_failures;
    bool hw_busy, hw_failed, hw_off;
} ui_screen_t;

void ui_screen_init(ui_screen_t *s, ui_entry_t *storage, uint32_t cap, uint32_t *fb);
/* apply one decoded command (not PRESENT/INPUT/QUIT): UI_OK, or UI_EVALUE
 * when z is taken (add) or empty (replace, remove), UI_EFULL */
int ui_screen_apply(ui_screen_t *s, const ui_cmd_t *c);
/* draw what changed (or everything) into the framebuffer */
void ui_screen_render(ui_screen_t *s, bool full);
ui_rect_t ui_node_bounds(const ui_node_t *n);
/* the 8x16 glyph of Latin-1 character c: 16 rows, bit 7 the left pixel */
const uint8_t *ui_glyph(uint8_t c);

/* blend one pixel; exposed for the tests and the DMA2D path */
static inline uint32_t ui_blend(uint32_t c, uint32_t d, uint32_t a)
{
    uint32_t out = 0;
    for (int sh = 0; sh < 24; sh += 8) {
        uint32_t v = ((c >> sh & 0xFF) * a + (d >> sh & 0xFF) * (255 - a) + 127) / 255;
        out |= v << sh;
    }
    return out;
}

#endif
