/* DMA2D fills and text for lib/ui on the render core. */
#ifndef H7STACK_CM4_DMA2D_H
#define H7STACK_CM4_DMA2D_H

#include <stdbool.h>
#include "ui_render.h"

/* The three hooks of a ui_screen_t: each transfer runs on while the CPU
 * prepares the next (text masks are double-buffered); dma2d_wait ends the
 * last one, false if any since the last wait failed. */

/* hw_fill: register-to-memory for opaque fills, blending with a fixed
 * foreground colour otherwise; false if the DMA2D refuses it */
bool dma2d_fill(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha);

/* hw_text for opaque text: the glyphs expanded to an A8 mask, blended in
 * FGCOLR over the cell background (BGCOLR) or over the frame; false if the
 * DMA2D refuses it or the text is not opaque */
bool dma2d_text(void *ctx, uint32_t *fb, ui_rect_t r, const ui_node_t *n);

/* hw_wait */
bool dma2d_wait(void *ctx);

#endif
