/* The FT5336 touch controller on I2C4 (address 0x38), its INT on PK7. */
#ifndef H7STACK_CM4_TOUCH_H
#define H7STACK_CM4_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint8_t count; /* fingers down */
    uint16_t x, y; /* the first finger */
} touch_state_t;

int touch_init(void);
/* true once after the INT line changed (EXTI7, both edges) */
bool touch_changed(void);
/* 0, or a negative I2C error */
int touch_read(touch_state_t *t);
/* the EXTI9_5 interrupt of this core */
void touch_irq(void);

#endif
