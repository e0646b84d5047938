/* cmocka tests of lib/ui's accelerator hooks: a scene drawn with hw_fill,
 * hw_text and hw_wait equals the same scene drawn by the CPU alone, when
 * the hooks work synchronously, when their work runs on until hw_wait (a
 * fake accelerator that draws nothing before it is waited for, so a CPU
 * draw the renderer did not order after it shows), and when hw_wait fails
 * (the renderer draws the area again by itself). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ui_render.h"

static uint32_t fb_cpu[UI_W * UI_H], fb_hw[UI_W * UI_H];
static ui_entry_t nodes_cpu[64], nodes_hw[64];

/* ---- the fake accelerator: a queue of work done at hw_wait ---- */
typedef struct {
    bool text;
    ui_rect_t r;
    uint32_t color, alpha;
    ui_node_t node;
} job_t;

static struct {
    job_t q[256];
    int n, took, waits;
    bool deferred, fail_wait, fail_next_wait_only;
} acc;

/* the hooks' contract, written out pixel by pixel */
static void do_job(uint32_t *fb, const job_t *j)
{
    for (int y = j->r.y0; y < j->r.y1; y++) {
        for (int x = j->r.x0; x < j->r.x1; x++) {
            uint32_t *p = &fb[y * UI_W + x];
            if (!j->text) {
                *p = ui_blend(j->color, *p, j->alpha);
                continue;
            }
            int cell = (x - j->node.x) / UI_GLYPH_W;
            uint8_t bits = ui_glyph(j->node.text[cell])[y - j->node.y];
            if (bits & (0x80 >> ((x - j->node.x) % UI_GLYPH_W))) {
                *p = j->node.color;
            } else if (j->node.bg >= 0) {
                *p = (uint32_t)j->node.bg;
            }
        }
    }
}

static bool take(uint32_t *fb, job_t j)
{
    acc.took++;
    if (!acc.deferred) {
        do_job(fb, &j);
        return true;
    }
    assert_true(acc.n < 256);
    acc.q[acc.n++] = j;
    return true;
}

static bool fake_fill(void *ctx, uint32_t *fb, ui_rect_t r, uint32_t color, uint32_t alpha)
{
    (void)ctx;
    return take(fb, (job_t){ .r = r, .color = color, .alpha = alpha });
}

static bool fake_text(void *ctx, uint32_t *fb, ui_rect_t r, const ui_node_t *n)
{
    (void)ctx;
    if (n->alpha != 255) {
        return false;
    }
    return take(fb, (job_t){ .text = true, .r = r, .node = *n });
}

static bool fake_wait(void *ctx)
{
    (void)ctx;
    acc.waits++;
    if (acc.fail_wait) {
        acc.n = 0; /* the work is lost: its pixels never come */
        acc.fail_wait = !acc.fail_next_wait_only;
        return false;
    }
    for (int i = 0; i < acc.n; i++) {
        do_job(fb_hw, &acc.q[i]);
    }
    acc.n = 0;
    return true;
}

/* ---- the scene: fills big and small, opaque and not, text of each kind ---- */
static void add(ui_screen_t *s, int16_t z, ui_node_t n)
{
    ui_cmd_t c = { .type = UI_CMD_ADD, .z = z, .node = n };
    assert_int_equal(ui_screen_apply(s, &c), UI_OK);
}

static ui_node_t rect(int x, int y, int w, int h, uint32_t color, uint8_t alpha)
{
    return (ui_node_t){ .kind = UI_KIND_RECT, .x = (int16_t)x, .y = (int16_t)y,
                        .w = (uint16_t)w, .h = (uint16_t)h, .color = color, .alpha = alpha };
}

static ui_node_t text(int x, int y, const char *t, uint32_t fg, int32_t bg, uint8_t alpha)
{
    ui_node_t n = { .kind = UI_KIND_TEXT, .x = (int16_t)x, .y = (int16_t)y, .color = fg,
                    .bg = bg, .alpha = alpha, .len = (uint16_t)strlen(t) };
    memcpy(n.text, t, n.len);
    return n;
}

static void scene(ui_screen_t *s)
{
    add(s, 0, rect(0, 0, 400, 300, 0x204060, 255));              /* a big opaque fill */
    add(s, 1, text(10, 10, "over the fill", 0xFFFF00, -1, 255));
    add(s, 2, rect(50, 50, 300, 100, 0xFF0000, 128));             /* a big translucent one */
    add(s, 3, text(-5, 60, "clipped left, with a background", 0xFFFFFF, 0x000080, 255));
    add(s, 4, text(40, 64, "translucent text on top", 0x00FF00, 0x400000, 100));
    add(s, 5, rect(60, 62, 20, 20, 0x00FFFF, 255));               /* small: the CPU's */
    add(s, 6, text(70, 66, "opaque over CPU work", 0x000000, -1, 255));
    add(s, 7, text(760, 470, "bottom right corner", 0xFF00FF, 0x008000, 255));
}

static void render_both(bool deferred, bool fail)
{
    ui_screen_t cpu, hw;

    memset(&acc, 0, sizeof(acc));
    acc.deferred = deferred;
    acc.fail_wait = fail;
    acc.fail_next_wait_only = true;
    ui_screen_init(&cpu, nodes_cpu, 64, fb_cpu);
    ui_screen_init(&hw, nodes_hw, 64, fb_hw);
    hw.hw_fill = fake_fill;
    hw.hw_text = fake_text;
    hw.hw_wait = deferred ? fake_wait : NULL;
    hw.hw_min_pixels = 4096;
    scene(&cpu);
    scene(&hw);
    memset(fb_cpu, 0x5A, sizeof(fb_cpu));
    memset(fb_hw, 0x5A, sizeof(fb_hw));
    ui_screen_render(&cpu, true);
    ui_screen_render(&hw, true);
    assert_true(acc.took >= 6);             /* two fills and four texts at least */
    assert_int_equal(acc.n, 0);             /* nothing left running */
    assert_memory_equal(fb_cpu, fb_hw, sizeof(fb_cpu));
    assert_int_equal(hw.hw_failures, fail ? 1 : 0);
    if (deferred) {
        assert_true(acc.waits >= 2);        /* before the CPU draws over its work, and at the end */
    }
}

static void test_synchronous_hooks(void **state)
{
    (void)state;
    render_both(false, false);
}

static void test_deferred_hooks_are_waited_for(void **state)
{
    (void)state;
    render_both(true, false);
}

static void test_a_failed_wait_redraws_by_the_cpu(void **state)
{
    (void)state;
    render_both(true, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synchronous_hooks),
        cmocka_unit_test(test_deferred_hooks_are_waited_for),
        cmocka_unit_test(test_a_failed_wait_redraws_by_the_cpu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
