"""PSF1 console fonts (Debian's console-setup fonts): glyphs and the
Unicode table, for scripts/mkfont.py and the reference renderer."""
import struct


def load_psf1(data):
    if data[:2] != b"\x36\x04":
        raise SystemExit("psf: not a PSF1 font (PSF2 is not needed for Terminus 16)")
    mode, size = data[2], data[3]
    count = 512 if mode & 1 else 256
    if size != 16:
        raise SystemExit(f"psf: glyphs are 8x{size}, lib/ui wants 8x16")
    glyphs = [data[4 + i * size:4 + (i + 1) * size] for i in range(count)]
    if len(glyphs[-1]) != size:
        raise SystemExit("psf: truncated glyph table")
    table = {}
    if mode & 2:                                   # Unicode table follows
        pos, g = 4 + count * size, 0
        while g < count and pos + 2 <= len(data):
            (u,) = struct.unpack_from("<H", data, pos)
            pos += 2
            if u == 0xFFFF:
                g += 1
            elif u != 0xFFFE:
                table.setdefault(u, g)
    return glyphs, table
