/* SPDX-License-Identifier: MIT */
#ifndef H7STACK_UI_PNG_H
#define H7STACK_UI_PNG_H

#include "ui.h"

/* returns non-zero on a write error */
typedef int (*ui_png_write_fn)(void *ctx, const void *data, size_t len);
/* fb: w x h pixels 0x00RRGGBB, rows of w.  UI_OK, UI_EIO or UI_EVALUE. */
int ui_png_write(const uint32_t *fb, uint32_t w, uint32_t h, ui_png_write_fn write, void *ctx);

#endif
