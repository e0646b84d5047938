/*
 * exp(x) in double precision, rounded correctly but for the rarest
 * ties: it replaces lib/libm_dbl/exp.c, whose error below 1 ulp made
 * exp(1.0) differ from math.e (MicroPython's float/math_constants test).
 *
 * x = k ln2 + r with |r| <= ln2/2, r carried in double-double (two doubles
 * whose sum holds about 106 bits); exp(r) from its Taylor series in
 * Horner form, 1 + r(1 + r/2(1 + r/3(...))), also in double-double; the
 * sum rounded once to a double and scaled by 2^k.  The products' exact
 * low parts come from the FPU's fused multiply-add.
 */
#include <math.h>
#include <stdint.h>

double exp(double x);

typedef struct {
    double hi, lo; /* the value is hi + lo, |lo| <= ulp(hi) / 2 */
} dd_t;

/* ln 2 in three parts: LN2_HI has its low 11 bits zero, so k * LN2_HI is
 * exact for every k exp meets (|k| <= 1075) */
#define LN2_HI          0x1.62e42fefa3800p-1
#define LN2_MID         0x1.ef35793c76730p-45
#define LN2_LO          0x1.f97b57a079a19p-103 /* the rest, rounded */
#define INV_LN2         0x1.71547652b82fep+0
#define OVERFLOW        0x1.62e42fefa39efp+9    /* above: exp(x) > DBL_MAX */
#define UNDERFLOW       (-0x1.74910d52d3052p+9) /* below: exp(x) < DBL_TRUE_MIN / 2 */
#define SUBNORMAL_K     (-1022)                 /* from here down the result may be subnormal */
#define SUBNORMAL_SHIFT 1074                    /* 2^-1074: the smallest subnormal */
#define TAYLOR_TERMS    23                      /* |r| <= 0.35: r^24 / 24! < 2^-110 */

static dd_t two_sum(double a, double b) {
    double s = a + b, bb = s - a;
    return (dd_t){ s, (a - (s - bb)) + (b - bb) };
}

static dd_t quick_two_sum(double a, double b) { /* |a| >= |b| */
    double s = a + b;
    return (dd_t){ s, b - (s - a) };
}

static dd_t dd_add(dd_t a, dd_t b) {
    dd_t s = two_sum(a.hi, b.hi);
    return quick_two_sum(s.hi, s.lo + a.lo + b.lo);
}

static dd_t dd_mul(dd_t a, dd_t b) {
    double p = a.hi * b.hi;
    double e = __builtin_fma(a.hi, b.hi, -p); /* the product's exact rest */
    return quick_two_sum(p, e + a.hi * b.lo + a.lo * b.hi);
}

static dd_t dd_div_small(dd_t a, double n) { /* n a small integer */
    double q = a.hi / n;
    double rest = __builtin_fma(-q, n, a.hi) + a.lo; /* a - q n, exact first part */
    return quick_two_sum(q, rest / n);
}

/* (hi + lo) 2^k below the normal range: rounded once, on the subnormals'
 * grid of 2^-1074 (rounding to a double first, then scaling, would round
 * twice) */
static double round_subnormal(dd_t v, int k) {
    int m = k + SUBNORMAL_SHIFT; /* v 2^m: the value in units of 2^-1074 */
    double a = scalbn(v.hi, m), b = scalbn(v.lo, m);
    double n = nearbyint(a);
    double d = (a - n) + b; /* a - n is exact */
    if (d > 0.5 || (d == 0.5 && fmod(n, 2.0) != 0.0)) {
        n += 1.0;
    } else if (d < -0.5 || (d == -0.5 && fmod(n, 2.0) != 0.0)) {
        n -= 1.0;
    }
    return scalbn(n, -SUBNORMAL_SHIFT);
}

double exp(double x) {
    if (isnan(x)) {
        return x + x;
    }
    if (x > OVERFLOW) {
        return HUGE_VAL;
    }
    if (x < UNDERFLOW) {
        return 0.0;
    }
    if (fabs(x) < 0x1p-54) {
        return 1.0 + x; /* exp(x) - 1 is below half an ulp of 1 */
    }
    double k = nearbyint(x * INV_LN2);
    /* r = x - k ln2: x - k LN2_HI is exact (Sterbenz), the rest added in */
    dd_t r = two_sum(x - k * LN2_HI, -k * LN2_MID);
    r = dd_add(r, (dd_t){ -k * LN2_LO, 0.0 });
    dd_t one = { 1.0, 0.0 };
    dd_t p = one;
    for (int n = TAYLOR_TERMS; n >= 1; n--) {
        p = dd_add(one, dd_div_small(dd_mul(r, p), n));
    }
    if (k > SUBNORMAL_K) {
        return scalbn(p.hi + p.lo, (int)k); /* exact scaling of the rounded sum */
    }
    return round_subnormal(p, (int)k);
}
