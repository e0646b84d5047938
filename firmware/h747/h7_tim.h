/*
 * The STM32H747's timers TIM1-8 and TIM12-17 (RM0399): where each is, its
 * width, channels and vectors, and the pins its channels reach on the
 * DISCO; the time base, the channel modes and one interrupt handler per
 * timer.  Users above (pyb.Timer, machine.PWM, Servo) name timers by
 * number.
 */
#ifndef H7STACK_H7_TIM_H
#define H7STACK_H7_TIM_H

#include <stdbool.h>
#include <stdint.h>

#define H7_TIM_MAX_ID 17

typedef struct {
    uint32_t base;
    uint8_t id;
    uint8_t width;    /* 16 or 32 */
    uint8_t channels; /* 0, 1, 2 or 4 */
    bool advanced;    /* break unit (MOE) and repetition counter */
    bool apb2;        /* counts on the APB2 timer clock */
    uint8_t irq_up;   /* the update (or only) vector */
    uint8_t irq_cc;   /* the capture/compare vector (= irq_up on most) */
} h7_tim_t;

/* channel output modes (CCMR OCxM) */
enum {
    H7_TIM_OC_FROZEN = 0,
    H7_TIM_OC_ACTIVE = 1,
    H7_TIM_OC_INACTIVE = 2,
    H7_TIM_OC_TOGGLE = 3,
    H7_TIM_OC_FORCED_INACTIVE = 4,
    H7_TIM_OC_FORCED_ACTIVE = 5,
    H7_TIM_OC_PWM1 = 6,
    H7_TIM_OC_PWM2 = 7,
};

/* TIMn, or NULL when the chip has no such timer */
const h7_tim_t *h7_tim_get(unsigned id);
/* its clock on (RCC enable bit); the counter stopped, its interrupts,
 * channel outputs and flags off */
void h7_tim_init(const h7_tim_t *t);
/* its clock off; its interrupt off */
void h7_tim_deinit(const h7_tim_t *t);
/* the frequency its counter's prescaler runs on */
uint32_t h7_tim_clock_hz(const h7_tim_t *t);
/* prescaler and period loaded (an update event, flag left clear), the
 * counter started */
void h7_tim_start(const h7_tim_t *t, uint32_t prescaler, uint32_t period);
/* a channel (1-4) as an output in mode OCxM with compare value ccr;
 * inverted: active low.  The output (and MOE) on. */
void h7_tim_oc(const h7_tim_t *t, unsigned ch, unsigned mode, uint32_t ccr, bool inverted);
/* the channel's output off */
void h7_tim_oc_off(const h7_tim_t *t, unsigned ch);
/* input capture edges: CCxP/CCxNP (rising, falling, both) */
enum {
    H7_TIM_IC_RISING = 0,
    H7_TIM_IC_FALLING = 1,
    H7_TIM_IC_BOTH = 2
};
/* a channel (1-4) capturing CNT into its CCR at each selected edge of its
 * own pin (TIx, no filter, no prescaler); the flag is CCxIF */
void h7_tim_ic(const h7_tim_t *t, unsigned ch, unsigned edges);

/* the alternate function that puts channel ch of timer id on pin (an
 * H7_PIN), or -1; h7_tim_find_pin: the first timer channel on pin */
int h7_tim_pin_af(unsigned id, unsigned ch, uint8_t pin);
bool h7_tim_find_pin(uint8_t pin, unsigned *id, unsigned *ch);

/* TRGO pulsing on each update event (CR2.MMS), for the DAC's trigger */
void h7_tim_trgo_on_update(const h7_tim_t *t);

/* fn runs in the timer's interrupts (update and capture/compare); NULL: the
 * vectors off.  The handler reads and clears SR itself. */
typedef void (*h7_tim_irq_fn)(const h7_tim_t *t);
void h7_tim_set_irq(const h7_tim_t *t, h7_tim_irq_fn fn);

#endif
