/*
 * lib/ui: the display stack behind the mp_rlvgl API (../shared/API.md), one
 * code path for the board (CM7 application side, CM4 render side) and the
 * desktop (CPython, MicroPython-unix; render side in a thread).
 *
 *   ui_node.c    node schema, validation with errors that name the field
 *   ui_wire.c    command and event records carried by lib/ipc (and decoding
 *                them back, checked: the render side trusts nothing)
 *   ui_render.c  the stack keyed by z and the renderer (dirty rectangles)
 *   ui_app.c     the application side: z bookkeeping, sending, present()
 *   ui_png.c     a PNG of the frame (stored deflate: no zlib needed)
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_H
#define H7STACK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_W            800
#define UI_H            480
#define UI_TEXT_MAX     128         /* characters in one text node */
#define UI_MAX_NODES    512
#define UI_GLYPH_W      8
#define UI_GLYPH_H      16
#define UI_BACKGROUND   0x000000u   /* where no node draws */

/* results; UI_ETYPE maps to TypeError, UI_EVALUE to ValueError */
#define UI_OK           0
#define UI_ETYPE        -1
#define UI_EVALUE       -2
#define UI_EFULL        -3          /* no room for another node */
#define UI_ECORRUPT     -4          /* a record that does not decode */
#define UI_ETIMEOUT     -5
#define UI_EIO          -6

enum { UI_KIND_RECT = 1, UI_KIND_TEXT = 2 };

typedef struct {
    uint8_t kind;
    uint8_t alpha;
    int16_t x, y;
    uint16_t w, h;              /* rect */
    uint32_t color;             /* rect colour, text fg: 0xRRGGBB */
    int32_t bg;                 /* text background 0xRRGGBB, or -1: none */
    uint16_t len;               /* text: characters */
    uint8_t text[UI_TEXT_MAX];  /* Latin-1; 0 stands for the replacement glyph */
} ui_node_t;

/* ---- building a node from a dict (ui_node.c) ---- */
typedef enum { UI_VAL_INT, UI_VAL_STR, UI_VAL_OTHER } ui_val_type_t;

typedef struct {
    ui_node_t node;
    uint32_t seen;              /* fields given, one bit each */
    char err[160];
} ui_builder_t;

/* kind: the value of "kind" (NULL when missing or not a str) */
int ui_build_begin(ui_builder_t *b, const char *kind);
/* one field other than "kind"; s/len for str values (UTF-8) */
int ui_build_field(ui_builder_t *b, const char *name, ui_val_type_t t, int64_t i,
                   const char *s, size_t len);
/* all fields given: check the required ones */
int ui_build_end(ui_builder_t *b);
/* validate a z value */
int ui_check_z(int64_t z, char *err, size_t errlen);

/* ---- input events ---- */
enum { UI_EV_PRESS = 1, UI_EV_RELEASE, UI_EV_MOVE, UI_EV_KEY, UI_EV_SCROLL };
typedef struct {
    uint8_t kind;
    uint8_t pressed;            /* key */
    int16_t x, y;               /* press, release, move */
    int32_t key;                /* key code */
    int16_t dx, dy;             /* scroll */
} ui_event_t;

typedef struct {
    ui_event_t ev;
    uint32_t seen;
    char err[160];
} ui_evbuild_t;

int ui_ev_begin(ui_evbuild_t *b, const char *kind);
int ui_ev_field(ui_evbuild_t *b, const char *name, ui_val_type_t t, int64_t i, bool is_bool);
int ui_ev_end(ui_evbuild_t *b);
const char *ui_ev_kind_name(uint8_t kind);

#endif
