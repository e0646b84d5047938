"""A second, independent renderer of the mp_rlvgl rules in plain Python
(CPython only): the same API as the module, drawing every frame in full
from the stack, with no dirty rectangles.  The tests compare the C
renderer's frames (which redraws only what changed) against it."""
import gzip
import os

from h7tools import TOP
from h7tools.psf import load_psf1

W, H = 800, 480
_glyphs, _table = load_psf1(
    gzip.open(os.path.join(TOP, ".deps/fonts/Lat15-Terminus16.psf.gz")).read())
REPLACEMENT = _glyphs[_table[0xFFFD]] if 0xFFFD in _table else \
    bytes([0x00, 0x7E] + [0x42] * 12 + [0x7E, 0x00])


def glyph(ch):
    c = ord(ch)
    if 0x20 <= c < 0x7F or 0xA0 <= c <= 0xFF:
        return _glyphs[_table[c]]
    return REPLACEMENT


def blend(c, d, a):
    out = 0
    for sh in (0, 8, 16):
        out |= (((c >> sh) & 255) * a + ((d >> sh) & 255) * (255 - a) + 127) // 255 << sh
    return out


class Reference:
    def __init__(self):
        self.stack = {}
        self.frame = [0] * (W * H)

    def stack_clear(self):
        self.stack = {}

    def stack_add(self, z, node):
        assert z not in self.stack
        self.stack[z] = dict(node)

    def stack_replace(self, z, node):
        assert z in self.stack
        self.stack[z] = dict(node)

    def stack_remove(self, z):
        del self.stack[z]

    def _fill(self, x0, y0, x1, y1, color, a):
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, W), min(y1, H)
        if x1 <= x0:
            return
        f = self.frame
        for y in range(y0, y1):
            row = y * W
            if a == 255:
                f[row + x0:row + x1] = [color] * (x1 - x0)
            elif a:
                for i in range(row + x0, row + x1):
                    f[i] = blend(color, f[i], a)

    def present(self):
        self.frame = [0] * (W * H)
        for z in sorted(self.stack):
            n = self.stack[z]
            a = n.get("alpha", 255)
            if n["kind"] == "rect":
                self._fill(n["x"], n["y"], n["x"] + n["w"], n["y"] + n["h"], n["color"], a)
                continue
            for i, ch in enumerate(n["text"]):
                cx, cy = n["x"] + 8 * i, n["y"]
                if "bg" in n:
                    self._fill(cx, cy, cx + 8, cy + 16, n["bg"], a)
                g = glyph(ch)
                for dy in range(16):
                    y = cy + dy
                    if not 0 <= y < H:
                        continue
                    for dx in range(8):
                        x = cx + dx
                        if 0 <= x < W and g[dy] & (0x80 >> dx):
                            i2 = y * W + x
                            self.frame[i2] = n["fg"] if a == 255 else blend(n["fg"], self.frame[i2], a)
        return 0

    def rgb(self):
        return [((p >> 16) & 255, (p >> 8) & 255, p & 255) for p in self.frame]
