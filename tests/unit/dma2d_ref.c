/* Plain C reference of the DMA2D operations, written from the reference
 * manual's description independently of the QEMU model, for the randomised
 * comparison in tests/integration/test_display.py (loaded with ctypes).
 *
 * dma2d_ref(regs, mem, base, len): regs are the DMA2D registers 0x00..0x4C
 * (20 words), mem a copy of guest memory from address base, len bytes.  The
 * transfer is applied to mem.  Returns the ISR bits it would set.
 *
 * Spelled out: 5/6/4-bit components are widened by repeating their top bits
 * below them and narrowed by truncation; alpha products are rounded to
 * nearest; the blend is aM = aF*aB/255, aO = aF + aB - aM,
 * C = (CF*aF + CB*aB - CB*aM) / aO, rounded to nearest, 0 when aO is 0.
 * A8 and A4 inputs take their alpha from memory (A4: two pixels a byte, the
 * first in the low nibble, widened as the 4-bit components are) and their
 * colour from FGCOLR/BGCOLR; a 4-bit input needs an even pixel count and
 * line offset (else CEIF); the CLUT formats L8, AL44, AL88 and L4, which
 * the model does not implement, and the reserved codes give CEIF.
 * The line watermark (LWR.LW) counts lines done: TWIF once LW lines have
 * been written, none for LW = 0 (the manual does not say whether it counts
 * from 0 or 1; the model takes the same reading).  An address outside the
 * window ends the transfer with TEIF where it is first used. */
#include <stdint.h>
#include <string.h>

enum { CR, ISR, IFCR, FGMAR, FGOR, BGMAR, BGOR, FGPFCCR, FGCOLR, BGPFCCR, BGCOLR,
       FGCMAR, BGCMAR, OPFCCR, OCOLR, OMAR, OOR, NLR, LWR, AMTCR };

typedef struct { unsigned a, r, g, b; } px_t;

static const unsigned bytes_per_px[5] = { 4, 3, 2, 2, 2 };
enum { CM_A8 = 9, CM_A4 = 10 };
static const unsigned in_bits[11] = { 32, 24, 16, 16, 16, 8, 8, 16, 4, 8, 4 };

static unsigned widen(unsigned v, unsigned bits)
{
    unsigned out = 0;
    int have = 0;
    while (have < 8) {          /* repeat the pattern of `bits` bits down */
        out = (out << bits) | v;
        have += bits;
    }
    return out >> (have - 8);
}

static unsigned div255(unsigned x)       /* round(x / 255) */
{
    return (x + 127) / 255;
}

static px_t get(const uint8_t *p, unsigned cm)
{
    px_t c;
    unsigned w = p[0] | (p[1] << 8);
    switch (cm) {
    case 0: c.b = p[0]; c.g = p[1]; c.r = p[2]; c.a = p[3]; break;
    case 1: c.b = p[0]; c.g = p[1]; c.r = p[2]; c.a = 255; break;
    case 2: c.r = widen(w >> 11, 5); c.g = widen((w >> 5) & 63, 6);
            c.b = widen(w & 31, 5); c.a = 255; break;
    case 3: c.a = (w & 0x8000) ? 255 : 0; c.r = widen((w >> 10) & 31, 5);
            c.g = widen((w >> 5) & 31, 5); c.b = widen(w & 31, 5); break;
    default: c.a = widen(w >> 12, 4); c.r = widen((w >> 8) & 15, 4);
             c.g = widen((w >> 4) & 15, 4); c.b = widen(w & 15, 4); break;
    }
    return c;
}

static void put(uint8_t *p, unsigned cm, px_t c)
{
    unsigned w;
    switch (cm) {
    case 0: p[0] = c.b; p[1] = c.g; p[2] = c.r; p[3] = c.a; return;
    case 1: p[0] = c.b; p[1] = c.g; p[2] = c.r; return;
    case 2: w = ((c.r >> 3) << 11) | ((c.g >> 2) << 5) | (c.b >> 3); break;
    case 3: w = ((c.a >> 7) << 15) | ((c.r >> 3) << 10) | ((c.g >> 3) << 5) | (c.b >> 3); break;
    default: w = ((c.a >> 4) << 12) | ((c.r >> 4) << 8) | ((c.g >> 4) << 4) | (c.b >> 4); break;
    }
    p[0] = w & 0xFF;
    p[1] = w >> 8;
}

static px_t from_word(uint32_t v)
{
    px_t c = { 255, (v >> 16) & 255, (v >> 8) & 255, v & 255 };
    return c;
}

static px_t input_pfc(px_t c, uint32_t pfccr)
{
    unsigned alpha = pfccr >> 24, am = (pfccr >> 16) & 3;
    if (pfccr & (1u << 20)) {
        c.a = 255 - c.a;
    }
    if (am == 1) {
        c.a = alpha;
    } else if (am == 2) {
        c.a = div255(c.a * alpha);
    }
    if (pfccr & (1u << 21)) {
        unsigned t = c.r; c.r = c.b; c.b = t;
    }
    return c;
}

static px_t blend(px_t f, px_t b)
{
    unsigned am = div255(f.a * b.a), ao = f.a + b.a - am;
    px_t o = { ao, 0, 0, 0 };
    if (ao == 0) {
        o.a = 0;
        return o;
    }
    o.r = (2 * (f.r * f.a + b.r * b.a - b.r * am) + ao) / (2 * ao);
    o.g = (2 * (f.g * f.a + b.g * b.a - b.g * am) + ao) / (2 * ao);
    o.b = (2 * (f.b * f.a + b.b * b.a - b.b * am) + ao) / (2 * ao);
    return o;
}

static uint8_t *at(uint8_t *mem, uint32_t base, uint32_t len, uint64_t addr, unsigned n)
{
    if (addr < base || addr + n > (uint64_t)base + len) {
        return NULL;
    }
    return mem + (addr - base);
}

/* input pixel x of the line at row in format cm: 0 if it is out of reach */
static int fetch(uint8_t *mem, uint32_t base, uint32_t len, uint64_t row, unsigned x,
                 unsigned cm, uint32_t colr, px_t *out)
{
    uint8_t *src = at(mem, base, len, row + (uint64_t)x * in_bits[cm] / 8,
                      in_bits[cm] >= 8 ? in_bits[cm] / 8 : 1);
    if (!src) {
        return 0;
    }
    if (cm == CM_A8 || cm == CM_A4) {
        *out = from_word(colr);
        out->a = cm == CM_A8 ? *src : widen((*src >> (x & 1 ? 4 : 0)) & 15, 4);
    } else {
        *out = get(src, cm);
    }
    return 1;
}

static int input_ok(unsigned cm, unsigned pl, uint32_t offset)
{
    if (cm > CM_A4 || (cm > 4 && cm < CM_A8)) {
        return 0;
    }
    return in_bits[cm] != 4 || ((pl | (offset & 0xFFFF)) & 1) == 0;
}

uint32_t dma2d_ref(const uint32_t *r, uint8_t *mem, uint32_t base, uint32_t len)
{
    unsigned mode = (r[CR] >> 16) & 7;
    unsigned fcm = r[FGPFCCR] & 15, bcm = r[BGPFCCR] & 15, ocm = r[OPFCCR] & 7;
    unsigned pl = (r[NLR] >> 16) & 0x3FFF, nl = r[NLR] & 0xFFFF;
    int uses_fg = mode != 3 && mode != 4, uses_bg = mode == 2 || mode == 4;

    if (mode > 5 || ocm > 4 || (uses_fg && !input_ok(fcm, pl, r[FGOR])) ||
        (uses_bg && !input_ok(bcm, pl, r[BGOR])) || (mode == 0 && fcm != ocm)) {
        return 1u << 5;                                  /* CEIF */
    }
    unsigned ob = bytes_per_px[ocm];
    unsigned fbits = uses_fg ? in_bits[fcm] : 0, bbits = uses_bg ? in_bits[bcm] : 0;
    unsigned fb = fbits / 8;
    for (unsigned y = 0; y < nl; y++) {
        uint64_t orow = r[OMAR] + (uint64_t)y * (pl + (r[OOR] & 0xFFFF)) * ob;
        uint64_t frow = r[FGMAR] + (uint64_t)y * (pl + (r[FGOR] & 0xFFFF)) * fbits / 8;
        uint64_t brow = r[BGMAR] + (uint64_t)y * (pl + (r[BGOR] & 0xFFFF)) * bbits / 8;
        uint8_t line[16384 * 4];
        for (unsigned x = 0; x < pl; x++) {
            uint8_t *dst = &line[x * ob];
            if (mode == 3) {
                for (unsigned k = 0; k < ob; k++) {
                    dst[k] = (r[OCOLR] >> (8 * k)) & 0xFF;
                }
                continue;
            }
            if (mode == 0) {
                uint8_t *src = at(mem, base, len, frow + x * fb, fb);
                if (!src) {
                    return 1u << 0;                      /* TEIF */
                }
                memcpy(dst, src, fb);
                continue;
            }
            px_t f, b, o;
            if (mode == 4) {
                f = from_word(r[FGCOLR]);
            } else if (!fetch(mem, base, len, frow, x, fcm, r[FGCOLR], &f)) {
                return 1u << 0;
            }
            f = input_pfc(f, r[FGPFCCR]);
            if (mode == 1) {
                o = f;
            } else {
                if (mode == 5) {
                    b = from_word(r[BGCOLR]);
                } else if (!fetch(mem, base, len, brow, x, bcm, r[BGCOLR], &b)) {
                    return 1u << 0;
                }
                o = blend(f, input_pfc(b, r[BGPFCCR]));
            }
            if (r[OPFCCR] & (1u << 20)) {
                o.a = 255 - o.a;
            }
            if (r[OPFCCR] & (1u << 21)) {
                unsigned t = o.r; o.r = o.b; o.b = t;
            }
            put(dst, ocm, o);
        }
        if ((r[OPFCCR] & (1u << 8)) && ob == 2 && mode != 0) {   /* a copy is raw */
            for (unsigned x = 0; x + 1 < pl; x += 2) {
                uint8_t t0 = line[2 * x], t1 = line[2 * x + 1];
                line[2 * x] = line[2 * x + 2];
                line[2 * x + 1] = line[2 * x + 3];
                line[2 * x + 2] = t0;
                line[2 * x + 3] = t1;
            }
        }
        uint8_t *out = at(mem, base, len, orow, pl * ob);
        if (!out) {
            return 1u << 0;
        }
        memcpy(out, line, pl * ob);
    }
    uint32_t lw = r[LWR] & 0xFFFF;
    return 1u << 1 | (lw && lw <= nl ? 1u << 2 : 0);     /* TCIF, TWIF */
}
