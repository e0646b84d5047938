/*
 * FocalTech FT5336 capacitive touch panel controller on I2C.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_FT5336_H
#define H7STACK_FT5336_H

#include "qom/object.h"
#include "hw/i2c/i2c.h"
#include "ui/input.h"
#include "hw/irq.h"

#define TYPE_FT5336 "ft5336"
OBJECT_DECLARE_SIMPLE_TYPE(Ft5336State, FT5336)

#define FT5336_NPOINTS 2

typedef struct {
    int32_t x, y;
    bool down;
    bool reported; /* the press-down event was seen in a report */
} Ft5336Point;

struct Ft5336State {
    I2CSlave parent_obj;
    qemu_irq irq;
    QemuInputHandlerState *input;
    uint32_t width, height;

    uint8_t ptr;
    bool ptr_set; /* the first byte written is the register address */
    uint8_t g_mode;
    Ft5336Point pt[FT5336_NPOINTS], pending[FT5336_NPOINTS];
    uint32_t touches; /* press events seen, for tests */
};

#endif
