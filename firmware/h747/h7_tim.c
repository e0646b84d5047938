#include <stddef.h>
#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h7_system.h"
#include "h7_tim.h"

/* RM0399 memory map, vector table and RCC enable bits */
static const struct {
    h7_tim_t t;
    uint8_t en_bit; /* in APB1LENR, or APB2ENR for the APB2 timers */
} tims[] = {
    { { 0x40010000u, 1, 16, 4, true, true, 25, 27 }, 0 },
    { { 0x40000000u, 2, 32, 4, false, false, 28, 28 }, 0 },
    { { 0x40000400u, 3, 16, 4, false, false, 29, 29 }, 1 },
    { { 0x40000800u, 4, 16, 4, false, false, 30, 30 }, 2 },
    { { 0x40000C00u, 5, 32, 4, false, false, 50, 50 }, 3 },
    { { 0x40001000u, 6, 16, 0, false, false, 54, 54 }, 4 },
    { { 0x40001400u, 7, 16, 0, false, false, 55, 55 }, 5 },
    { { 0x40010400u, 8, 16, 4, true, true, 44, 46 }, 1 },
    /* TIM12-14 share vectors 43-45 with TIM8's break, update and trigger */
    { { 0x40001800u, 12, 16, 2, false, false, 43, 43 }, 6 },
    { { 0x40001C00u, 13, 16, 1, false, false, 44, 44 }, 7 },
    { { 0x40002000u, 14, 16, 1, false, false, 45, 45 }, 8 },
    { { 0x40014000u, 15, 16, 2, true, true, 116, 116 }, 16 },
    { { 0x40014400u, 16, 16, 1, true, true, 117, 117 }, 17 },
    { { 0x40014800u, 17, 16, 1, true, true, 118, 118 }, 18 },
};
#define NUM_TIMS (sizeof(tims) / sizeof(tims[0]))

/* the DISCO's pins each channel reaches (the datasheet's alternate
 * function table): AF1 TIM1/2/16/17, AF2 TIM3/4/5/12, AF3 TIM8, AF4 TIM15,
 * AF9 TIM13/14 */
static const struct {
    uint8_t id, ch, pin, af;
} tim_pins[] = {
    { 1, 1, H7_PIN('A', 8), 1 },   { 1, 1, H7_PIN('E', 9), 1 },   { 1, 2, H7_PIN('E', 11), 1 },
    { 1, 3, H7_PIN('E', 13), 1 },  { 1, 4, H7_PIN('A', 11), 1 },  { 1, 4, H7_PIN('E', 14), 1 },
    { 2, 1, H7_PIN('A', 0), 1 },   { 2, 1, H7_PIN('A', 5), 1 },   { 2, 1, H7_PIN('A', 15), 1 },
    { 2, 2, H7_PIN('A', 1), 1 },   { 2, 2, H7_PIN('B', 3), 1 },   { 2, 3, H7_PIN('A', 2), 1 },
    { 2, 3, H7_PIN('B', 10), 1 },  { 2, 4, H7_PIN('A', 3), 1 },   { 2, 4, H7_PIN('B', 11), 1 },
    { 3, 1, H7_PIN('A', 6), 2 },   { 3, 1, H7_PIN('B', 4), 2 },   { 3, 1, H7_PIN('C', 6), 2 },
    { 3, 2, H7_PIN('A', 7), 2 },   { 3, 2, H7_PIN('B', 5), 2 },   { 3, 2, H7_PIN('C', 7), 2 },
    { 3, 3, H7_PIN('B', 0), 2 },   { 3, 3, H7_PIN('C', 8), 2 },   { 3, 4, H7_PIN('B', 1), 2 },
    { 3, 4, H7_PIN('C', 9), 2 },   { 4, 1, H7_PIN('D', 12), 2 },  { 4, 1, H7_PIN('B', 6), 2 },
    { 4, 2, H7_PIN('D', 13), 2 },  { 4, 2, H7_PIN('B', 7), 2 },   { 4, 3, H7_PIN('D', 14), 2 },
    { 4, 3, H7_PIN('B', 8), 2 },   { 4, 4, H7_PIN('D', 15), 2 },  { 4, 4, H7_PIN('B', 9), 2 },
    { 5, 1, H7_PIN('A', 0), 2 },   { 5, 1, H7_PIN('H', 10), 2 },  { 5, 2, H7_PIN('A', 1), 2 },
    { 5, 2, H7_PIN('H', 11), 2 },  { 5, 3, H7_PIN('A', 2), 2 },   { 5, 3, H7_PIN('H', 12), 2 },
    { 5, 4, H7_PIN('A', 3), 2 },   { 5, 4, H7_PIN('I', 0), 2 },   { 8, 1, H7_PIN('C', 6), 3 },
    { 8, 1, H7_PIN('I', 5), 3 },   { 8, 2, H7_PIN('C', 7), 3 },   { 8, 2, H7_PIN('I', 6), 3 },
    { 8, 3, H7_PIN('C', 8), 3 },   { 8, 3, H7_PIN('I', 7), 3 },   { 8, 4, H7_PIN('C', 9), 3 },
    { 8, 4, H7_PIN('I', 2), 3 },   { 12, 1, H7_PIN('B', 14), 2 }, { 12, 1, H7_PIN('H', 6), 2 },
    { 12, 2, H7_PIN('B', 15), 2 }, { 12, 2, H7_PIN('H', 9), 2 },  { 13, 1, H7_PIN('A', 6), 9 },
    { 13, 1, H7_PIN('F', 8), 9 },  { 14, 1, H7_PIN('A', 7), 9 },  { 14, 1, H7_PIN('F', 9), 9 },
    { 15, 1, H7_PIN('E', 5), 4 },  { 15, 1, H7_PIN('A', 2), 4 },  { 15, 2, H7_PIN('E', 6), 4 },
    { 15, 2, H7_PIN('A', 3), 4 },  { 16, 1, H7_PIN('F', 6), 1 },  { 16, 1, H7_PIN('B', 8), 1 },
    { 17, 1, H7_PIN('F', 7), 1 },  { 17, 1, H7_PIN('B', 9), 1 },
};

static h7_tim_irq_fn handlers[NUM_TIMS];

static int index_of(const h7_tim_t *t) {
    return (int)(((const char *)t - (const char *)&tims[0].t) / sizeof(tims[0]));
}

const h7_tim_t *h7_tim_get(unsigned id) {
    for (unsigned i = 0; i < NUM_TIMS; i++) {
        if (tims[i].t.id == id) {
            return &tims[i].t;
        }
    }
    return NULL;
}

static volatile uint32_t *enable_reg(const h7_tim_t *t) {
    return t->apb2 ? &RCC_APB2ENR : &RCC_APB1LENR;
}

void h7_tim_init(const h7_tim_t *t) {
    *enable_reg(t) |= 1u << tims[index_of(t)].en_bit;
    TIM_CR1(t->base) = 0;
    TIM_DIER(t->base) = 0;
    for (unsigned ch = 1; ch <= t->channels; ch++) {
        h7_tim_oc_off(t, ch);
    }
    TIM_SR(t->base) = 0;
}

void h7_tim_deinit(const h7_tim_t *t) {
    h7_tim_set_irq(t, NULL);
    TIM_CR1(t->base) = 0;
    TIM_DIER(t->base) = 0;
    *enable_reg(t) &= ~(1u << tims[index_of(t)].en_bit);
}

uint32_t h7_tim_clock_hz(const h7_tim_t *t) {
    h7_clocks_t c;
    h7_clock_read(&c);
    return t->apb2 ? c.timy : c.timx;
}

void h7_tim_start(const h7_tim_t *t, uint32_t prescaler, uint32_t period) {
    TIM_CR1(t->base) = TIM_CR1_ARPE;
    TIM_PSC(t->base) = prescaler;
    TIM_ARR(t->base) = period;
    if (t->advanced) {
        TIM_RCR(t->base) = 0;
    }
    /* load PSC and ARR now; URS keeps UG from raising UIF */
    TIM_CR1(t->base) = TIM_CR1_ARPE | TIM_CR1_URS;
    TIM_EGR(t->base) = TIM_EGR_UG;
    TIM_CR1(t->base) = TIM_CR1_ARPE | TIM_CR1_CEN;
}

void h7_tim_trgo_on_update(const h7_tim_t *t) {
    TIM_CR2(t->base) = (TIM_CR2(t->base) & ~TIM_CR2_MMS_MASK) | TIM_CR2_MMS_UPDATE;
}

void h7_tim_oc(const h7_tim_t *t, unsigned ch, unsigned mode, uint32_t ccr, bool inverted) {
    if (ch < 1 || ch > t->channels) {
        return;
    }
    unsigned sh = TIM_CCMR_SHIFT(ch);
    uint32_t field = (TIM_CCMR_OCM_MASK | TIM_CCMR_OCPE | 3u) << sh;
    uint32_t want = ((mode & 7u) << TIM_CCMR_OCM_SHIFT | TIM_CCMR_OCPE) << sh;
    if ((TIM_CCMR(t->base, ch) & field) == want && (TIM_CCER(t->base) & TIM_CCER_CCE(ch))) {
        /* running in this mode: the new CCR waits in the preload register
         * for the next update, so no period is cut short */
        TIM_CCR(t->base, ch) = ccr;
    } else {
        /* a new set-up: CCR written with preload off takes effect at once,
         * then OCxPE for the changes that follow */
        uint32_t ccmr = TIM_CCMR(t->base, ch) & ~field;
        TIM_CCMR(t->base, ch) = ccmr | ((mode & 7u) << TIM_CCMR_OCM_SHIFT) << sh;
        TIM_CCR(t->base, ch) = ccr;
        TIM_CCMR(t->base, ch) = ccmr | want;
    }
    uint32_t ccer = TIM_CCER(t->base) & ~TIM_CCER_CCP(ch);
    TIM_CCER(t->base) = ccer | TIM_CCER_CCE(ch) | (inverted ? TIM_CCER_CCP(ch) : 0);
    if (t->advanced) {
        TIM_BDTR(t->base) |= TIM_BDTR_MOE; /* outputs gated by the break unit */
    }
}

void h7_tim_oc_off(const h7_tim_t *t, unsigned ch) {
    if (ch >= 1 && ch <= t->channels) {
        TIM_CCER(t->base) &= ~(TIM_CCER_CCE(ch) | TIM_CCER_CCP(ch));
        TIM_DIER(t->base) &= ~TIM_DIER_CCIE(ch);
    }
}

void h7_tim_ic(const h7_tim_t *t, unsigned ch, unsigned edges) {
    if (ch < 1 || ch > t->channels) {
        return;
    }
    unsigned sh = TIM_CCMR_SHIFT(ch);
    TIM_CCER(t->base) &= ~(TIM_CCER_CCE(ch) | TIM_CCER_CCP(ch) | TIM_CCER_CCNP(ch));
    /* the whole channel byte: CCxS = TIx, ICxPSC and ICxF 0 */
    uint32_t ccmr = TIM_CCMR(t->base, ch) & ~((0xFFu << sh) | (TIM_CCMR_OCM_MASK & ~0xFFu) << sh);
    TIM_CCMR(t->base, ch) = ccmr | TIM_CCMR_CCS_TI << sh;
    uint32_t pol = edges == H7_TIM_IC_FALLING ? TIM_CCER_CCP(ch)
                   : edges == H7_TIM_IC_BOTH  ? TIM_CCER_CCP(ch) | TIM_CCER_CCNP(ch)
                                              : 0;
    TIM_CCER(t->base) |= TIM_CCER_CCE(ch) | pol;
}

int h7_tim_pin_af(unsigned id, unsigned ch, uint8_t pin) {
    for (unsigned i = 0; i < sizeof(tim_pins) / sizeof(tim_pins[0]); i++) {
        if (tim_pins[i].id == id && tim_pins[i].ch == ch && tim_pins[i].pin == pin) {
            return tim_pins[i].af;
        }
    }
    return -1;
}

bool h7_tim_find_pin(uint8_t pin, unsigned *id, unsigned *ch) {
    for (unsigned i = 0; i < sizeof(tim_pins) / sizeof(tim_pins[0]); i++) {
        if (tim_pins[i].pin == pin) {
            *id = tim_pins[i].id;
            *ch = tim_pins[i].ch;
            return true;
        }
    }
    return false;
}

/* one vector can serve two timers (TIM8 and TIM12-14): each set handler
 * whose timer has an enabled flag up is called */
static void tim_vector(unsigned irq) {
    for (unsigned i = 0; i < NUM_TIMS; i++) {
        const h7_tim_t *t = &tims[i].t;
        if (handlers[i] && (t->irq_up == irq || t->irq_cc == irq) &&
            (TIM_SR(t->base) & TIM_DIER(t->base))) {
            handlers[i](t);
        }
    }
}

#define TIM_VECTOR(n) \
    static void tim_vector_##n(void) { \
        tim_vector(n); \
    }
TIM_VECTOR(25)
TIM_VECTOR(27)
TIM_VECTOR(28)
TIM_VECTOR(29)
TIM_VECTOR(30)
TIM_VECTOR(43)
TIM_VECTOR(44)
TIM_VECTOR(45)
TIM_VECTOR(46)
TIM_VECTOR(50)
TIM_VECTOR(54)
TIM_VECTOR(55)
TIM_VECTOR(116)
TIM_VECTOR(117)
TIM_VECTOR(118)

static h7_irq_fn vector_fn(unsigned irq) {
    switch (irq) {
        case 25:
            return tim_vector_25;
        case 27:
            return tim_vector_27;
        case 28:
            return tim_vector_28;
        case 29:
            return tim_vector_29;
        case 30:
            return tim_vector_30;
        case 43:
            return tim_vector_43;
        case 44:
            return tim_vector_44;
        case 45:
            return tim_vector_45;
        case 46:
            return tim_vector_46;
        case 50:
            return tim_vector_50;
        case 54:
            return tim_vector_54;
        case 55:
            return tim_vector_55;
        case 116:
            return tim_vector_116;
        case 117:
            return tim_vector_117;
        default:
            return tim_vector_118;
    }
}

/* is another timer with a handler on this vector? */
static bool vector_in_use(unsigned irq, int except) {
    for (unsigned i = 0; i < NUM_TIMS; i++) {
        if ((int)i != except && handlers[i] &&
            (tims[i].t.irq_up == irq || tims[i].t.irq_cc == irq)) {
            return true;
        }
    }
    return false;
}

void h7_tim_set_irq(const h7_tim_t *t, h7_tim_irq_fn fn) {
    int i = index_of(t);
    handlers[i] = fn;
    uint8_t irqs[2] = { t->irq_up, t->irq_cc };
    for (unsigned k = 0; k < 2; k++) {
        if (fn) {
            h7_irq_set(irqs[k], vector_fn(irqs[k]));
            h7_nvic_enable(irqs[k], 6);
        } else if (!vector_in_use(irqs[k], i)) {
            h7_nvic_disable(irqs[k]);
        }
    }
}
