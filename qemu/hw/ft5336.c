/*
 * FocalTech FT5336 capacitive touch panel controller on I2C (address 0x38
 * on the STM32H747I-DISCO's I2C4), up to two touch points.  Registers are
 * read with auto-increment from the address written first: 0x02 TD_STATUS
 * (touch count), per point (at 0x03 + 6 * n) XH (event flag in bits 7:6,
 * X[11:8]), XL, YH (touch ID in bits 7:4, Y[11:8]), YL, weight, area;
 * 0xA8 chip ID 0x51, 0xA4 G_MODE, 0xA6 firmware version.
 *
 * Touches come from QEMU's input layer on the display console: absolute
 * pointer + left button (a mouse on the window, or QMP input-send-event),
 * and multi-touch events (slots 0 and 1), scaled to the panel's width x
 * height.  The INT output is high while a finger is down (the board wires
 * it, inverted, to PK7 on EXTI7).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i2c/i2c.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "ui/input.h"
#include "ft5336.h"
#include "trace.h"

#define FT_TD_STATUS 0x02
#define FT_P1_XH     0x03
#define FT_G_MODE    0xA4
#define FT_FIRMID    0xA6
#define FT_CHIP_ID   0xA8
#define FT5336_ID    0x51

enum { EV_DOWN = 0, EV_UP = 1, EV_CONTACT = 2 };

static uint8_t ft_reg(Ft5336State *s, uint8_t r)
{
    unsigned n = s->pt[0].down + s->pt[1].down;

    if (r == FT_TD_STATUS) {
        return n;
    }
    if (r >= FT_P1_XH && r < FT_P1_XH + 6 * FT5336_NPOINTS) {
        /* the nth point reported is the nth finger down */
        unsigned k = (r - FT_P1_XH) / 6, i, seen = 0;
        for (i = 0; i < FT5336_NPOINTS; i++) {
            if (s->pt[i].down && seen++ == k) {
                break;
            }
        }
        if (i == FT5336_NPOINTS) {
            return 0xFF;
        }
        Ft5336Point *p = &s->pt[i];
        unsigned ev = p->reported ? EV_CONTACT : EV_DOWN;
        switch ((r - FT_P1_XH) % 6) {
        case 0: return ev << 6 | (p->x >> 8 & 0xF);
        case 1: return p->x & 0xFF;
        case 2: return i << 4 | (p->y >> 8 & 0xF);
        case 3: return p->y & 0xFF;
        case 4: return 0x20;  /* weight */
        default: return 0x10; /* area */
        }
    }
    switch (r) {
    case 0x00: return 0; /* DEVICE_MODE: working */
    case 0x01: return 0; /* GEST_ID: none */
    case FT_G_MODE: return s->g_mode;
    case FT_FIRMID: return 0x10;
    case FT_CHIP_ID: return FT5336_ID;
    default: return 0;
    }
}

static uint8_t ft_recv(I2CSlave *i2c)
{
    Ft5336State *s = FT5336(i2c);
    uint8_t v = ft_reg(s, s->ptr);

    /* reading a point's YL completes its report: later reads say contact */
    if (s->ptr >= FT_P1_XH && s->ptr < FT_P1_XH + 6 * FT5336_NPOINTS &&
        (s->ptr - FT_P1_XH) % 6 == 3) {
        unsigned k = (s->ptr - FT_P1_XH) / 6, seen = 0;
        for (unsigned i = 0; i < FT5336_NPOINTS; i++) {
            if (s->pt[i].down && seen++ == k) {
                s->pt[i].reported = true;
            }
        }
    }
    s->ptr++;
    return v;
}

static int ft_send(I2CSlave *i2c, uint8_t data)
{
    Ft5336State *s = FT5336(i2c);

    if (!s->ptr_set) {
        s->ptr = data;
        s->ptr_set = true;
        return 0;
    }
    if (s->ptr == FT_G_MODE) {
        s->g_mode = data;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "ft5336: write of 0x%02x to register 0x%02x "
                      "ignored\n",
                      data, s->ptr);
    }
    s->ptr++;
    return 0;
}

static int ft_event(I2CSlave *i2c, enum i2c_event event)
{
    Ft5336State *s = FT5336(i2c);

    if (event == I2C_START_SEND) {
        s->ptr_set = false;
    }
    return 0;
}

static void ft_input_event(DeviceState *dev, QemuConsole *src, InputEvent *evt)
{
    Ft5336State *s = FT5336(dev);
    Ft5336Point *p0 = &s->pending[0];

    switch (evt->type) {
    case INPUT_EVENT_KIND_ABS: {
        InputMoveEvent *m = evt->u.abs.data;
        if (m->axis == INPUT_AXIS_X) {
            p0->x = qemu_input_scale_axis(m->value, INPUT_EVENT_ABS_MIN,
                                          INPUT_EVENT_ABS_MAX, 0, s->width - 1);
        } else if (m->axis == INPUT_AXIS_Y) {
            p0->y = qemu_input_scale_axis(m->value, INPUT_EVENT_ABS_MIN,
                                          INPUT_EVENT_ABS_MAX, 0,
                                          s->height - 1);
        }
        break;
    }
    case INPUT_EVENT_KIND_BTN:
        if (evt->u.btn.data->button == INPUT_BUTTON_LEFT) {
            p0->down = evt->u.btn.data->down;
        }
        break;
    case INPUT_EVENT_KIND_MTT: {
        InputMultiTouchEvent *t = evt->u.mtt.data;
        if (t->slot < 0 || t->slot >= FT5336_NPOINTS) {
            break;
        }
        Ft5336Point *p = &s->pending[t->slot];
        if (t->type == INPUT_MULTI_TOUCH_TYPE_END ||
            t->type == INPUT_MULTI_TOUCH_TYPE_CANCEL) {
            p->down = false;
            break;
        }
        p->down = true;
        if (t->axis == INPUT_AXIS_X) {
            p->x = qemu_input_scale_axis(t->value, INPUT_EVENT_ABS_MIN,
                                         INPUT_EVENT_ABS_MAX, 0, s->width - 1);
        } else if (t->axis == INPUT_AXIS_Y) {
            p->y = qemu_input_scale_axis(t->value, INPUT_EVENT_ABS_MIN,
                                         INPUT_EVENT_ABS_MAX, 0, s->height - 1);
        }
        break;
    }
    default: break;
    }
}

static void ft_input_sync(DeviceState *dev)
{
    Ft5336State *s = FT5336(dev);

    for (int i = 0; i < FT5336_NPOINTS; i++) {
        Ft5336Point *p = &s->pt[i], *n = &s->pending[i];
        if (n->down && !p->down) {
            s->touches++;
            p->reported = false;
        }
        p->x = n->x;
        p->y = n->y;
        p->down = n->down;
        if (p->down) {
            trace_ft5336_touch(i, p->x, p->y);
        }
    }
    qemu_set_irq(s->irq, s->pt[0].down || s->pt[1].down);
}

static const QemuInputHandler ft_input_handler = {
    .name = "FT5336 touch panel",
    .mask = INPUT_EVENT_MASK_BTN | INPUT_EVENT_MASK_ABS | INPUT_EVENT_MASK_MTT,
    .event = ft_input_event,
    .sync = ft_input_sync,
};

static void ft_realize(DeviceState *dev, Error **errp)
{
    Ft5336State *s = FT5336(dev);

    qdev_init_gpio_out(dev, &s->irq, 1);
    s->input = qemu_input_handler_register(dev, &ft_input_handler);
    qemu_input_handler_activate(s->input);
}

static void ft_reset_hold(Object *obj, ResetType type)
{
    Ft5336State *s = FT5336(obj);

    s->ptr = 0;
    s->ptr_set = false;
    s->g_mode = 1;
    memset(s->pt, 0, sizeof(s->pt));
    memset(s->pending, 0, sizeof(s->pending));
}

static const Property ft_props[] = {
    DEFINE_PROP_UINT32("width", Ft5336State, width, 800),
    DEFINE_PROP_UINT32("height", Ft5336State, height, 480),
};

static const VMStateDescription vmstate_ft_point = {
    .name = "ft5336-point",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_INT32(x, Ft5336Point),
                                      VMSTATE_INT32(y, Ft5336Point),
                                      VMSTATE_BOOL(down, Ft5336Point),
                                      VMSTATE_BOOL(reported, Ft5336Point),
                                      VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_ft = {
    .name = TYPE_FT5336,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_I2C_SLAVE(parent_obj, Ft5336State),
            VMSTATE_UINT8(ptr, Ft5336State), VMSTATE_BOOL(ptr_set, Ft5336State),
            VMSTATE_UINT8(g_mode, Ft5336State),
            VMSTATE_STRUCT_ARRAY(pt, Ft5336State, FT5336_NPOINTS, 1,
                                 vmstate_ft_point, Ft5336Point),
            VMSTATE_END_OF_LIST() }
};

static void ft_init(Object *obj)
{
    object_property_add_uint32_ptr(obj, "touches", &FT5336(obj)->touches,
                                   OBJ_PROP_FLAG_READ);
}

static void ft_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    I2CSlaveClass *k = I2C_SLAVE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = ft_realize;
    dc->vmsd = &vmstate_ft;
    device_class_set_props(dc, ft_props);
    rc->phases.hold = ft_reset_hold;
    k->recv = ft_recv;
    k->send = ft_send;
    k->event = ft_event;
}

static const TypeInfo ft_types[] = {
    {
        .name = TYPE_FT5336,
        .parent = TYPE_I2C_SLAVE,
        .instance_size = sizeof(Ft5336State),
        .instance_init = ft_init,
        .class_init = ft_class_init,
    },
};
DEFINE_TYPES(ft_types)
