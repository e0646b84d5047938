# Scenes for mp_rlvgl, run unchanged by CPython, MicroPython-unix and the
# board; each ends with present() and leaves its frame for a screenshot.
# run(ui, n) plays scene n; NAMES lists them.
RED, GREEN, BLUE, WHITE, YELLOW = 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0xFFFF00


def rect(x, y, w, h, color, **kw):
    d = {"kind": "rect", "x": x, "y": y, "w": w, "h": h, "color": color}
    d.update(kw)
    return d


def text(x, y, s, fg, **kw):
    d = {"kind": "text", "x": x, "y": y, "text": s, "fg": fg}
    d.update(kw)
    return d


def s_overlap(ui):
    ui.stack_add(0, rect(100, 100, 300, 200, RED))
    ui.stack_add(1, rect(250, 150, 300, 200, GREEN))
    ui.stack_add(2, rect(200, 50, 100, 350, BLUE))


def s_alpha(ui):
    ui.stack_add(0, rect(0, 0, 800, 480, WHITE))
    for i in range(8):
        ui.stack_add(1 + i, rect(40 + 90 * i, 100, 80, 280, RED, alpha=32 * i + 3))


def s_alpha_stack(ui):
    ui.stack_add(0, rect(100, 100, 400, 200, BLUE))
    ui.stack_add(1, rect(200, 150, 400, 200, RED, alpha=128))
    ui.stack_add(2, rect(300, 50, 200, 400, GREEN, alpha=64))


def s_clip_left_top(ui):
    ui.stack_add(0, rect(-50, -30, 200, 100, YELLOW))
    ui.stack_add(1, text(-12, -4, "clipped at the top left", WHITE, bg=BLUE))


def s_clip_right_bottom(ui):
    ui.stack_add(0, rect(700, 400, 300, 300, GREEN))
    ui.stack_add(1, text(740, 470, "bottom right edge", RED, bg=WHITE))


def s_clip_huge(ui):
    ui.stack_add(0, rect(-32768, -32768, 65535, 65535, 0x123456))
    ui.stack_add(1, rect(32000, 32000, 65535, 65535, RED))
    ui.stack_add(2, rect(799, 479, 1, 1, WHITE))


def s_text_ascii(ui):
    for i in range(6):
        ui.stack_add(i, text(10, 10 + 20 * i, "The quick brown fox jumps over the lazy dog %d!" % i,
                             0x00FF00 + 0x2000 * i))


def s_text_latin1(ui):
    ui.stack_add(0, text(10, 10, "Grüße aus Zürich: àéîõü ÀÉÎÕÜ ß ç ñ ¿¡ £¥ © ® ° ± µ ¶ ½ ¾ ÿ",
                         WHITE))
    ui.stack_add(1, text(10, 40, "".join(chr(c) for c in range(0xA0, 0x100)), YELLOW))


def s_text_replacement(ui):
    ui.stack_add(0, text(10, 10, "emoji: \U0001F600, CJK: 漢字, ctrl: \x01\x7f\x9f, tab:\t.", WHITE))
    ui.stack_add(1, text(10, 40, "€ uses the replacement glyph too", RED, bg=0x202020))


def s_text_bg_alpha(ui):
    ui.stack_add(0, rect(0, 200, 800, 80, 0x336699))
    ui.stack_add(1, text(20, 210, "opaque background", WHITE, bg=0x000000))
    ui.stack_add(2, text(20, 240, "half transparent text and background", WHITE, bg=RED,
                         alpha=128))


def s_z_negative(ui):
    ui.stack_add(5, rect(100, 100, 200, 200, RED))
    ui.stack_add(-5, rect(150, 150, 200, 200, GREEN))
    ui.stack_add(-32768, rect(0, 0, 800, 480, 0x404040))
    ui.stack_add(32767, rect(180, 180, 50, 50, WHITE))


def s_replace(ui):
    ui.stack_add(0, rect(100, 100, 200, 100, RED))
    ui.stack_add(1, text(110, 110, "before", WHITE))
    ui.present()
    ui.stack_replace(0, rect(400, 300, 200, 100, BLUE))
    ui.stack_replace(1, text(410, 310, "after", YELLOW))


def s_replace_kind(ui):
    ui.stack_add(3, rect(10, 10, 100, 100, RED))
    ui.present()
    ui.stack_replace(3, text(10, 10, "now a text node", GREEN))


def s_remove(ui):
    for i in range(10):
        ui.stack_add(i, rect(20 + 70 * i, 100, 60, 60, 0x171717 * (i + 1)))
    ui.present()
    for i in range(0, 10, 2):
        ui.stack_remove(i)


def s_clear(ui):
    ui.stack_add(0, rect(0, 0, 800, 480, RED))
    ui.present()
    ui.stack_clear()
    ui.stack_add(0, rect(350, 200, 100, 80, GREEN))


def s_many(ui):
    for i in range(300):
        ui.stack_add(i - 150, rect((i * 37) % 760, (i * 53) % 440, 40, 40, (i * 0x010203) & 0xFFFFFF,
                                   alpha=(i * 7) % 256))


def s_small_change(ui):
    s_many(ui)
    ui.present()
    ui.stack_replace(0, rect(400, 240, 10, 10, WHITE))


def s_empty_sizes(ui):
    ui.stack_add(0, rect(100, 100, 0, 50, RED))
    ui.stack_add(1, rect(100, 100, 50, 0, RED))
    ui.stack_add(2, text(100, 100, "", RED, bg=WHITE))
    ui.stack_add(3, rect(10, 10, 5, 5, GREEN))


def s_alpha_zero(ui):
    ui.stack_add(0, rect(0, 0, 400, 480, BLUE))
    ui.stack_add(1, rect(200, 100, 400, 200, RED, alpha=0))
    ui.stack_add(2, text(200, 350, "invisible", WHITE, bg=RED, alpha=0))


def s_text_overlap(ui):
    ui.stack_add(0, text(100, 100, "first line of text", RED, bg=WHITE))
    ui.stack_add(1, text(104, 106, "overlapping second line", BLUE))
    ui.stack_add(-1, rect(90, 90, 300, 40, GREEN))


def s_move_back_and_forth(ui):
    ui.stack_add(0, rect(0, 0, 100, 100, RED))
    for x in range(0, 700, 50):
        ui.present()
        ui.stack_replace(0, rect(x, x // 2, 100, 100, RED))


def s_example(ui):
    # the example of the API page as it stands
    ui.stack_add(0, {"kind": "rect", "x": 20, "y": 20, "w": 100, "h": 40, "color": 0xFF00FF})
    ui.stack_add(1, {"kind": "text", "x": 24, "y": 30, "text": "hello", "fg": 0xFFFFFF})


SCENES = [s_overlap, s_alpha, s_alpha_stack, s_clip_left_top, s_clip_right_bottom,
          s_clip_huge, s_text_ascii, s_text_latin1, s_text_replacement, s_text_bg_alpha,
          s_z_negative, s_replace, s_replace_kind, s_remove, s_clear, s_many, s_small_change,
          s_empty_sizes, s_alpha_zero, s_text_overlap, s_move_back_and_forth, s_example]
NAMES = [f.__name__[2:] for f in SCENES]


def run(ui, n):
    ui.stack_clear()
    SCENES[n](ui)
    return ui.present()
