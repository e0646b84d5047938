/* The joystick (PK2-6, low when pressed) and the user button (PC13, high
 * when pressed) as key events: codes as mp_rlvgl's KEY_* constants. */
#ifndef H7STACK_CM4_KEYS_H
#define H7STACK_CM4_KEYS_H

#include <stdbool.h>
#include <stdint.h>

enum {
    KEY_SEL = 1,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_UP,
    KEY_USER,
    KEY_COUNT = 6
};

void keys_init(void);
/* true once after any key's line changed */
bool keys_changed(void);
/* bit (code - 1) set for each key down now */
uint32_t keys_read(void);
/* this core's EXTI2, EXTI3, EXTI4, EXTI9_5 and EXTI15_10 interrupts */
void keys_irq(void);

#endif
