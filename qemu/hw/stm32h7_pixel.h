/*
 * Pixel formats shared by the LTDC (LxPFCR.PF) and DMA2D (xxPFCCR.CM): the
 * codes 0-4 are the same in both.  Pixels are carried as 0xAARRGGBB; 5- and
 * 6-bit components widen by copying their top bits into the new low bits
 * (so 0x1F becomes 0xFF and 0 stays 0), 4-bit ones by repeating the nibble,
 * and narrow again by dropping low bits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_PIXEL_H
#define H7STACK_STM32H7_PIXEL_H

#include <stdint.h>

enum {
    PF_ARGB8888,
    PF_RGB888,
    PF_RGB565,
    PF_ARGB1555,
    PF_ARGB4444,
    PF_NUM_DIRECT
};

static const unsigned pf_bytes[PF_NUM_DIRECT] = { 4, 3, 2, 2, 2 };
static const char *const pf_names[PF_NUM_DIRECT] = { "ARGB8888", "RGB888",
                                                     "RGB565", "ARGB1555",
                                                     "ARGB4444" };

static inline uint32_t pf_argb(uint32_t a, uint32_t r, uint32_t g, uint32_t b)
{
    return a << 24 | r << 16 | g << 8 | b;
}

static inline uint32_t pf_w5(uint32_t v)
{
    return v << 3 | v >> 2;
}
static inline uint32_t pf_w6(uint32_t v)
{
    return v << 2 | v >> 4;
}
static inline uint32_t pf_w4(uint32_t v)
{
    return v << 4 | v;
}

/* one pixel of format pf at p (little-endian) to 0xAARRGGBB */
static inline uint32_t pf_load(unsigned pf, const uint8_t *p)
{
    uint32_t v;

    switch (pf) {
    case PF_ARGB8888:
        return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
    case PF_RGB888: return pf_argb(0xFF, p[2], p[1], p[0]);
    case PF_RGB565:
        v = p[0] | p[1] << 8;
        return pf_argb(0xFF, pf_w5(v >> 11), pf_w6(v >> 5 & 0x3F),
                       pf_w5(v & 0x1F));
    case PF_ARGB1555:
        v = p[0] | p[1] << 8;
        return pf_argb(v & 0x8000 ? 0xFF : 0, pf_w5(v >> 10 & 0x1F),
                       pf_w5(v >> 5 & 0x1F), pf_w5(v & 0x1F));
    default: /* PF_ARGB4444 */
        v = p[0] | p[1] << 8;
        return pf_argb(pf_w4(v >> 12), pf_w4(v >> 8 & 0xF), pf_w4(v >> 4 & 0xF),
                       pf_w4(v & 0xF));
    }
}

/* 0xAARRGGBB to format pf at p */
static inline void pf_store(unsigned pf, uint8_t *p, uint32_t c)
{
    uint32_t a = c >> 24, r = c >> 16 & 0xFF, g = c >> 8 & 0xFF, b = c & 0xFF,
             v;

    switch (pf) {
    case PF_ARGB8888:
        p[0] = b;
        p[1] = g;
        p[2] = r;
        p[3] = a;
        return;
    case PF_RGB888:
        p[0] = b;
        p[1] = g;
        p[2] = r;
        return;
    case PF_RGB565: v = (r >> 3) << 11 | (g >> 2) << 5 | b >> 3; break;
    case PF_ARGB1555:
        v = (a >> 7) << 15 | (r >> 3) << 10 | (g >> 3) << 5 | b >> 3;
        break;
    default: /* PF_ARGB4444 */
        v = (a >> 4) << 12 | (r >> 4) << 8 | (g >> 4) << 4 | b >> 4;
        break;
    }
    p[0] = v;
    p[1] = v >> 8;
}

/* x * y / 255, rounded to nearest, for 8-bit x and y */
static inline uint32_t pf_mul255(uint32_t x, uint32_t y)
{
    uint32_t t = x * y + 128;
    return (t + (t >> 8)) >> 8;
}

#endif
