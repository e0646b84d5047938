/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "ui_wire.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static uint16_t get16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t get32(const uint8_t *p) { return get16(p) | (uint32_t)get16(p + 2) << 16; }

size_t ui_wire_z(uint8_t *buf, int16_t z)
{
    put16(buf, (uint16_t)z);
    return 2;
}

size_t ui_wire_u32(uint8_t *buf, uint32_t v)
{
    put32(buf, v);
    return 4;
}

size_t ui_wire_node_cmd(uint8_t *b, int16_t z, const ui_node_t *n)
{
    put16(b, (uint16_t)z);
    b[2] = n->kind;
    b[3] = n->alpha;
    put16(b + 4, (uint16_t)n->x);
    put16(b + 6, (uint16_t)n->y);
    put16(b + 8, n->w);
    put16(b + 10, n->h);
    put32(b + 12, n->color);
    put32(b + 16, (uint32_t)n->bg);
    put16(b + 20, n->len);
    memcpy(b + 22, n->text, n->len);
    return 2 + UI_NODE_WIRE_FIXED + n->len;
}

size_t ui_wire_event(uint8_t *b, const ui_event_t *ev)
{
    memset(b, 0, UI_EVENT_WIRE);
    b[0] = ev->kind;
    b[1] = ev->pressed;
    put16(b + 2, (uint16_t)ev->x);
    put16(b + 4, (uint16_t)ev->y);
    put32(b + 6, (uint32_t)ev->key);
    put16(b + 10, (uint16_t)ev->dx);
    put16(b + 12, (uint16_t)ev->dy);
    return UI_EVENT_WIRE;
}

size_t ui_wire_frame(uint8_t *b, const ui_frame_t *f)
{
    put32(b, f->frame);
    put32(b + 4, f->render_us);
    put32(b + 8, f->nodes);
    put32(b + 12, f->ops);
    return 16;
}

static int decode_node(const uint8_t *b, size_t len, ui_node_t *n)
{
    if (len < UI_NODE_WIRE_FIXED) {
        return UI_ECORRUPT;
    }
    memset(n, 0, sizeof(*n));
    n->kind = b[0];
    n->alpha = b[1];
    n->x = (int16_t)get16(b + 2);
    n->y = (int16_t)get16(b + 4);
    n->w = get16(b + 6);
    n->h = get16(b + 8);
    n->color = get32(b + 10);
    n->bg = (int32_t)get32(b + 14);
    n->len = get16(b + 18);
    if ((n->kind != UI_KIND_RECT && n->kind != UI_KIND_TEXT) || n->color > 0xFFFFFF ||
        n->len > UI_TEXT_MAX || len != (size_t)UI_NODE_WIRE_FIXED + n->len ||
        (n->bg != -1 && (n->bg < 0 || n->bg > 0xFFFFFF)) ||
        (n->kind == UI_KIND_RECT && (n->len || n->bg != -1)) ||
        (n->kind == UI_KIND_TEXT && (n->w || n->h))) {
        return UI_ECORRUPT;
    }
    memcpy(n->text, b + UI_NODE_WIRE_FIXED, n->len);
    return UI_OK;
}

int ui_wire_decode_event(const uint8_t *b, size_t len, ui_event_t *ev)
{
    if (len != UI_EVENT_WIRE || b[0] < UI_EV_PRESS || b[0] > UI_EV_SCROLL || b[1] > 1 ||
        b[14] || b[15]) {
        return UI_ECORRUPT;
    }
    ev->kind = b[0];
    ev->pressed = b[1];
    ev->x = (int16_t)get16(b + 2);
    ev->y = (int16_t)get16(b + 4);
    ev->key = (int32_t)get32(b + 6);
    ev->dx = (int16_t)get16(b + 10);
    ev->dy = (int16_t)get16(b + 12);
    return UI_OK;
}

int ui_wire_decode_frame(const uint8_t *b, size_t len, ui_frame_t *f)
{
    if (len != 16) {
        return UI_ECORRUPT;
    }
    f->frame = get32(b);
    f->render_us = get32(b + 4);
    f->nodes = get32(b + 8);
    f->ops = get32(b + 12);
    return UI_OK;
}

int ui_wire_decode_cmd(uint16_t type, const uint8_t *p, size_t len, ui_cmd_t *c)
{
    memset(c, 0, sizeof(*c));
    c->type = type;
    switch (type) {
    case UI_CMD_ADD: case UI_CMD_REPLACE:
        if (len < 2) {
            return UI_ECORRUPT;
        }
        c->z = (int16_t)get16(p);
        return decode_node(p + 2, len - 2, &c->node);
    case UI_CMD_REMOVE:
        if (len != 2) {
            return UI_ECORRUPT;
        }
        c->z = (int16_t)get16(p);
        return UI_OK;
    case UI_CMD_CLEAR: case UI_CMD_QUIT: case UI_CMD_NOP:
        return len == 0 ? UI_OK : UI_ECORRUPT;
    case UI_CMD_PRESENT:
        if (len != 4) {
            return UI_ECORRUPT;
        }
        c->frame = get32(p);
        return UI_OK;
    case UI_CMD_INPUT:
        return ui_wire_decode_event(p, len, &c->ev);
    default:
        return UI_ECORRUPT;
    }
}
