/* A PNG of the framebuffer: 8-bit RGB, no filter, deflate "stored" blocks
 * (no compression, so no zlib), CRC-32 and Adler-32 computed here.
 * SPDX-License-Identifier: MIT */
#include <string.h>
#include "ui_png.h"

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[n] = c;
    }
}

static uint32_t crc(uint32_t c, const uint8_t *p, size_t n)
{
    while (n--) {
        c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    }
    return c;
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

typedef struct {
    ui_png_write_fn write;
    void *ctx;
    uint32_t crc;
    int err;
} out_t;

static void emit(out_t *o, const void *p, size_t n)
{
    if (!o->err && o->write(o->ctx, p, n)) {
        o->err = UI_EIO;
    }
    o->crc = crc(o->crc, p, n);
}

static void chunk_begin(out_t *o, const char *type, uint32_t len)
{
    uint8_t h[8];
    be32(h, len);
    memcpy(h + 4, type, 4);
    if (!o->err && o->write(o->ctx, h, 4)) {
        o->err = UI_EIO;
    }
    o->crc = 0xFFFFFFFFu;
    emit(o, h + 4, 4);
}

static void chunk_end(out_t *o)
{
    uint8_t c[4];
    be32(c, o->crc ^ 0xFFFFFFFFu);
    if (!o->err && o->write(o->ctx, c, 4)) {
        o->err = UI_EIO;
    }
}

int ui_png_write(const uint32_t *fb, uint32_t w, uint32_t h, ui_png_write_fn write, void *ctx)
{
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    out_t o = { write, ctx, 0, 0 };
    uint8_t hdr[13], row[1 + 3 * 4096];
    uint32_t raw = h * (1 + 3 * w);                 /* filter byte + RGB per row */
    uint32_t blocks = (raw + 65534) / 65535;
    uint32_t a = 1, b = 0;                          /* Adler-32 */

    if (w == 0 || w > 4096 || h == 0) {
        return UI_EVALUE;
    }
    crc_init();
    if (write(ctx, sig, 8)) {
        return UI_EIO;
    }
    be32(hdr, w);
    be32(hdr + 4, h);
    memcpy(hdr + 8, "\x08\x02\x00\x00\x00", 5);     /* 8 bit, RGB, deflate, no filter, no interlace */
    chunk_begin(&o, "IHDR", 13);
    emit(&o, hdr, 13);
    chunk_end(&o);

    chunk_begin(&o, "IDAT", 2 + raw + 5 * blocks + 4);
    emit(&o, "\x78\x01", 2);                        /* zlib header: deflate, 32K window */
    uint32_t left = raw, in_block = 0;
    for (uint32_t y = 0; y < h; y++) {
        row[0] = 0;
        for (uint32_t x = 0; x < w; x++) {
            uint32_t p = fb[y * w + x];
            row[1 + 3 * x] = p >> 16;
            row[2 + 3 * x] = p >> 8;
            row[3 + 3 * x] = p;
        }
        for (uint32_t i = 0; i < 1 + 3 * w;) {
            if (in_block == 0) {                    /* a new stored block */
                uint32_t n = left < 65535 ? left : 65535;
                uint8_t bh[5] = { left == n, n & 0xFF, n >> 8, ~n & 0xFF, (~n >> 8) & 0xFF };
                emit(&o, bh, 5);
                in_block = n;
            }
            uint32_t n = 1 + 3 * w - i < in_block ? 1 + 3 * w - i : in_block;
            emit(&o, row + i, n);
            for (uint32_t k = 0; k < n; k++) {
                a = (a + row[i + k]) % 65521;
                b = (b + a) % 65521;
            }
            i += n;
            in_block -= n;
            left -= n;
        }
    }
    uint8_t ad[4];
    be32(ad, b << 16 | a);
    emit(&o, ad, 4);
    chunk_end(&o);
    chunk_begin(&o, "IEND", 0);
    chunk_end(&o);
    return o.err;
}
