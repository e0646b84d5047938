/* DMA2D fills and text for lib/ui on the render core. */
#ifndef H7STACK_CM4_DMA2D_H
#define H7STACK_CM4_DMA2D_H

#include <stdbool.h>
#include "ui_render.h"

/* a ui_screen_t hw_fill: register-to-memory for opaque fills, blending with
 * a fixed foreground colour otherwise; false if the DMA2D reports an error */
bool dma2d_fill(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha);

/* a ui_screen_t hw_text for opaque text: the glyphs expanded to an A8 mask,
 * blended in FGCOLR over the cell background (BGCOLR) or over the frame;
 * false if the DMA2D reports an error or the text is not opaque */
bool dma2d_text(void *ctx, uint32_t *fb, ui_rect_t r, const ui_node_t *n);

#endif
