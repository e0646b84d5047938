/*
 * NIST P-256 (p256.h): field arithmetic in Montgomery form on eight 32-bit
 * limbs (least significant first), points in Jacobian coordinates, scalar
 * multiplication by a Montgomery ladder (the same sequence of point
 * operations whatever the key's bits).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "p256.h"

typedef uint32_t fe[8];

/* the curve y^2 = x^3 - 3x + b over GF(p), its base point G and order n */
static const fe P = { 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000,
                      0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF };
static const fe N = { 0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD,
                      0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF };
static const fe B = { 0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0,
                      0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8 };
static const fe GX = { 0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81,
                       0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2 };
static const fe GY = { 0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357,
                       0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2 };

/* ---- 256-bit integers ---- */

static uint32_t add(fe r, const fe a, const fe b)
{
    uint64_t c = 0;
    for (int i = 0; i < 8; i++) {
        c += (uint64_t)a[i] + b[i];
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    return (uint32_t)c;
}

static uint32_t sub(fe r, const fe a, const fe b)
{
    int64_t c = 0;
    for (int i = 0; i < 8; i++) {
        c += (int64_t)a[i] - b[i];
        r[i] = (uint32_t)c;
        c >>= 32;                       /* arithmetic: 0 or -1 */
    }
    return (uint32_t)-c;                /* 1: a < b */
}

static int cmp(const fe a, const fe b)
{
    for (int i = 7; i >= 0; i--) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

static bool is_zero(const fe a)
{
    uint32_t z = 0;
    for (int i = 0; i < 8; i++) {
        z |= a[i];
    }
    return z == 0;
}

static void from_bytes(fe r, const uint8_t b[32])
{
    for (int i = 0; i < 8; i++) {
        const uint8_t *q = b + 28 - 4 * i;
        r[i] = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
    }
}

static void to_bytes(uint8_t b[32], const fe a)
{
    for (int i = 0; i < 8; i++) {
        uint8_t *q = b + 28 - 4 * i;
        q[0] = (uint8_t)(a[i] >> 24);
        q[1] = (uint8_t)(a[i] >> 16);
        q[2] = (uint8_t)(a[i] >> 8);
        q[3] = (uint8_t)a[i];
    }
}

/* ---- GF(p) ---- */

static void fadd(fe r, const fe a, const fe b)
{
    uint32_t carry = add(r, a, b);
    fe t;
    if (carry | (sub(t, r, P) == 0)) {
        sub(r, r, P);
    }
}

static void fsub(fe r, const fe a, const fe b)
{
    if (sub(r, a, b)) {
        add(r, r, P);
    }
}

/* Montgomery multiplication: a * b / 2^256 mod p.  -p^-1 mod 2^32 is 1
 * because p's lowest limb is 2^32 - 1. */
static void fmul(fe r, const fe a, const fe b)
{
    uint32_t t[10] = { 0 };
    for (int i = 0; i < 8; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 8; j++) {
            c += (uint64_t)a[j] * b[i] + t[j];
            t[j] = (uint32_t)c;
            c >>= 32;
        }
        c += t[8];
        t[8] = (uint32_t)c;
        t[9] = (uint32_t)(c >> 32);
        uint32_t m = t[0];              /* t[0] * (-p^-1) mod 2^32 */
        c = ((uint64_t)m * P[0] + t[0]) >> 32;
        for (int j = 1; j < 8; j++) {
            c += (uint64_t)m * P[j] + t[j];
            t[j - 1] = (uint32_t)c;
            c >>= 32;
        }
        c += t[8];
        t[7] = (uint32_t)c;
        t[8] = t[9] + (uint32_t)(c >> 32);
    }
    memcpy(r, t, sizeof(fe));
    fe s;
    if (t[8] || sub(s, r, P) == 0) {
        sub(r, r, P);
    }
}

static void fsqr(fe r, const fe a)
{
    fmul(r, a, a);
}

/* 2^512 mod p: multiplying by it (fmul) puts a number into Montgomery form */
static const fe R2 = { 0x00000003, 0x00000000, 0xFFFFFFFF, 0xFFFFFFFB,
                       0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0x00000004 };
static const fe ONE = { 1, 0, 0, 0, 0, 0, 0, 0 };

static void to_mont(fe r, const fe a) { fmul(r, a, R2); }
static void from_mont(fe r, const fe a) { fmul(r, a, ONE); }

/* a^(p-2): the inverse (Fermat), a in Montgomery form */
static void finv(fe r, const fe a)
{
    fe e, acc;
    sub(e, P, (const fe){ 2, 0, 0, 0, 0, 0, 0, 0 });
    to_mont(acc, ONE);
    for (int i = 255; i >= 0; i--) {
        fsqr(acc, acc);
        if (e[i / 32] >> (i % 32) & 1) {
            fmul(acc, acc, a);
        }
    }
    memcpy(r, acc, sizeof(fe));
}

/* ---- points (Jacobian, Montgomery form; Z = 0 is the point at infinity) ---- */

typedef struct {
    fe x, y, z;
} pt;

static void pt_double(pt *r, const pt *a)
{
    fe delta, gamma, beta, alpha, t1, t2;
    if (is_zero(a->z)) {
        *r = *a;
        return;
    }
    fsqr(delta, a->z);
    fsqr(gamma, a->y);
    fmul(beta, a->x, gamma);
    fsub(t1, a->x, delta);
    fadd(t2, a->x, delta);
    fmul(alpha, t1, t2);
    fadd(t1, alpha, alpha);
    fadd(alpha, alpha, t1);                 /* 3 (x - delta)(x + delta) */
    fadd(t1, a->y, a->z);
    fsqr(t1, t1);
    fsub(t1, t1, gamma);
    fsub(r->z, t1, delta);                  /* (y + z)^2 - gamma - delta */
    fadd(t2, beta, beta);
    fadd(t2, t2, t2);                       /* 4 beta */
    fsqr(t1, alpha);
    fsub(t1, t1, t2);
    fsub(r->x, t1, t2);                     /* alpha^2 - 8 beta */
    fsub(t2, t2, r->x);
    fmul(t2, alpha, t2);
    fsqr(gamma, gamma);
    fadd(gamma, gamma, gamma);
    fadd(gamma, gamma, gamma);
    fadd(gamma, gamma, gamma);              /* 8 gamma^2 */
    fsub(r->y, t2, gamma);
}

static void pt_add(pt *r, const pt *a, const pt *b)
{
    if (is_zero(a->z)) {
        *r = *b;
        return;
    }
    if (is_zero(b->z)) {
        *r = *a;
        return;
    }
    fe z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    fsqr(z1z1, a->z);
    fsqr(z2z2, b->z);
    fmul(u1, a->x, z2z2);
    fmul(u2, b->x, z1z1);
    fmul(s1, a->y, b->z);
    fmul(s1, s1, z2z2);
    fmul(s2, b->y, a->z);
    fmul(s2, s2, z1z1);
    fsub(h, u2, u1);
    fsub(rr, s2, s1);
    if (is_zero(h)) {
        if (is_zero(rr)) {
            pt_double(r, a);                /* the same point */
        } else {
            memset(r, 0, sizeof(*r));       /* a = -b */
        }
        return;
    }
    fadd(rr, rr, rr);
    fadd(i, h, h);
    fsqr(i, i);
    fmul(j, h, i);
    fmul(v, u1, i);
    fsqr(t, rr);
    fsub(t, t, j);
    fsub(t, t, v);
    fsub(t, t, v);                          /* x3 = r^2 - J - 2V */
    fadd(z1z1, z1z1, z2z2);
    fadd(u2, a->z, b->z);
    fsqr(u2, u2);
    fsub(u2, u2, z1z1);
    fmul(r->z, u2, h);                      /* ((z1 + z2)^2 - z1z1 - z2z2) H */
    fsub(v, v, t);
    fmul(v, rr, v);
    fmul(s1, s1, j);
    fadd(s1, s1, s1);
    fsub(r->y, v, s1);                      /* r (V - x3) - 2 s1 J */
    memcpy(r->x, t, sizeof(fe));
}

static void pt_swap(pt *a, pt *b, uint32_t bit)
{
    uint32_t mask = 0u - bit;
    uint32_t *pa = (uint32_t *)a, *pb = (uint32_t *)b;
    for (size_t i = 0; i < sizeof(pt) / 4; i++) {
        uint32_t t = (pa[i] ^ pb[i]) & mask;
        pa[i] ^= t;
        pb[i] ^= t;
    }
}

/* k * (x, y) in affine, Montgomery form in and out; false for infinity */
static bool scalar_mul(fe rx, fe ry, const fe k, const fe x, const fe y)
{
    pt r0, r1;
    memset(&r0, 0, sizeof(r0));
    memcpy(r1.x, x, sizeof(fe));
    memcpy(r1.y, y, sizeof(fe));
    to_mont(r1.z, ONE);
    for (int i = 255; i >= 0; i--) {
        uint32_t bit = k[i / 32] >> (i % 32) & 1;
        pt_swap(&r0, &r1, bit);
        pt_add(&r1, &r0, &r1);
        pt_double(&r0, &r0);
        pt_swap(&r0, &r1, bit);
    }
    if (is_zero(r0.z)) {
        return false;
    }
    fe zi, zi2;
    finv(zi, r0.z);
    fsqr(zi2, zi);
    fmul(rx, r0.x, zi2);
    fmul(zi2, zi2, zi);
    fmul(ry, r0.y, zi2);
    return true;
}

static bool scalar_ok(const fe k)
{
    return !is_zero(k) && cmp(k, N) < 0;
}

/* y^2 = x^3 - 3x + b, both below p */
static bool on_curve(const fe x, const fe y)
{
    if (cmp(x, P) >= 0 || cmp(y, P) >= 0) {
        return false;
    }
    fe mx, my, l, r, t, mb;
    to_mont(mx, x);
    to_mont(my, y);
    fsqr(l, my);
    fsqr(r, mx);
    fmul(r, r, mx);
    fadd(t, mx, mx);
    fadd(t, t, mx);
    fsub(r, r, t);
    to_mont(mb, B);
    fadd(r, r, mb);
    return cmp(l, r) == 0;
}

static bool mul_affine(const uint8_t k_be[32], const fe x, const fe y, uint8_t ox[32],
                       uint8_t oy[32])
{
    fe k, mx, my, rx, ry;
    from_bytes(k, k_be);
    if (!scalar_ok(k)) {
        return false;
    }
    to_mont(mx, x);
    to_mont(my, y);
    if (!scalar_mul(rx, ry, k, mx, my)) {
        return false;
    }
    from_mont(rx, rx);
    to_bytes(ox, rx);
    if (oy) {
        from_mont(ry, ry);
        to_bytes(oy, ry);
    }
    return true;
}

bool h7bt_p256_public_key(const uint8_t priv[32], uint8_t pub_x[32], uint8_t pub_y[32])
{
    return mul_affine(priv, GX, GY, pub_x, pub_y);
}

bool h7bt_p256_dh(const uint8_t priv[32], const uint8_t peer_x[32], const uint8_t peer_y[32],
             uint8_t dh[32])
{
    fe x, y;
    from_bytes(x, peer_x);
    from_bytes(y, peer_y);
    if (!on_curve(x, y)) {
        return false;
    }
    return mul_affine(priv, x, y, dh, NULL);
}
