/* make bench: lib/ui renderer costs, run under callgrind by scripts/bench_ui.py
 * (instruction counts are repeatable on a shared machine).
 *   bench_ui_render MODE N
 *   MODE: none (start-up only), fill (full-screen opaque rect, N frames),
 *   memset (the same bytes with memset, N times), glyphs (a screen of text,
 *   N frames), dirty (300 nodes, then N frames each after one small change),
 *   full (the same, redrawing everything) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui_render.h"

static uint32_t fb[UI_W * UI_H];
static ui_entry_t nodes[UI_MAX_NODES];
static ui_screen_t s;

static void add(int16_t z, const ui_node_t *n)
{
    ui_cmd_t c = { .type = UI_CMD_ADD, .z = z, .node = *n };
    ui_screen_apply(&s, &c);
}

static ui_node_t rect(int x, int y, int w, int h, uint32_t color, int alpha)
{
    ui_node_t n = { .kind = UI_KIND_RECT, .alpha = (uint8_t)alpha, .x = (int16_t)x,
                    .y = (int16_t)y, .w = (uint16_t)w, .h = (uint16_t)h, .color = color,
                    .bg = -1 };
    return n;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "none";
    int n = argc > 2 ? atoi(argv[2]) : 1;
    ui_screen_init(&s, nodes, UI_MAX_NODES, fb);

    if (!strcmp(mode, "fill")) {
        ui_node_t r = rect(0, 0, UI_W, UI_H, 0x336699, 255);
        add(0, &r);
        for (int i = 0; i < n; i++) {
            ui_screen_render(&s, true);
        }
    } else if (!strcmp(mode, "memset")) {
        for (int i = 0; i < n; i++) {
            memset(fb, 0x33 + i, sizeof(fb));
            __asm__ volatile ("" : : "r"(fb) : "memory");
        }
    } else if (!strcmp(mode, "glyphs")) {
        ui_node_t t = { .kind = UI_KIND_TEXT, .alpha = 255, .color = 0xFFFFFF, .bg = -1,
                        .len = UI_W / UI_GLYPH_W };
        for (int row = 0; row < UI_H / UI_GLYPH_H; row++) {
            t.y = (int16_t)(row * UI_GLYPH_H);
            for (int k = 0; k < t.len; k++) {
                t.text[k] = (uint8_t)(0x21 + (row * 7 + k) % 94);
            }
            add((int16_t)row, &t);
        }
        for (int i = 0; i < n; i++) {
            ui_screen_render(&s, true);
        }
        printf("%d glyphs per frame\n", (UI_W / UI_GLYPH_W) * (UI_H / UI_GLYPH_H));
    } else if (!strcmp(mode, "dirty") || !strcmp(mode, "full")) {
        for (int i = 0; i < 300; i++) {
            ui_node_t r = rect((i * 37) % 760, (i * 53) % 440, 40, 40, (i * 0x010203) & 0xFFFFFF,
                               (i * 7) % 256);
            add((int16_t)(i - 150), &r);
        }
        ui_screen_render(&s, true);
        for (int i = 0; i < n; i++) {
            ui_cmd_t c = { .type = UI_CMD_REPLACE, .z = 0,
                           .node = rect(400 + i % 8, 240, 10, 10, 0xFFFFFF, 255) };
            ui_screen_apply(&s, &c);
            ui_screen_render(&s, !strcmp(mode, "full"));
        }
    }
    return fb[12345] == 0x12345678;     /* keep the frame alive */
}
