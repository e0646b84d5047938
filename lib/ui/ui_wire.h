/*
 * Command and event records of the display stack, as carried by lib/ipc:
 * the ipc record type is the command or event code, the payload a packed
 * little-endian structure.  Decoding checks everything (lengths, kinds,
 * ranges): a record that does not decode is UI_ECORRUPT, never trusted.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_WIRE_H
#define H7STACK_UI_WIRE_H

#include "ui.h"

enum {                      /* application -> render side */
    UI_CMD_ADD = 0x100, UI_CMD_REPLACE, UI_CMD_REMOVE, UI_CMD_CLEAR, UI_CMD_PRESENT,
    UI_CMD_INPUT, UI_CMD_QUIT, UI_CMD_NOP,      /* NOP: just wakes the render side */
};
enum {                      /* render side -> application */
    UI_EVT_FRAME = 0x200, UI_EVT_INPUT, UI_EVT_ERROR,
};

#define UI_NODE_WIRE_FIXED  20
#define UI_CMD_MAX          (2 + UI_NODE_WIRE_FIXED + UI_TEXT_MAX)
#define UI_EVENT_WIRE       16

typedef struct {
    uint16_t type;
    int16_t z;
    uint32_t frame;
    ui_node_t node;
    ui_event_t ev;
} ui_cmd_t;

typedef struct {
    uint32_t frame, render_us, nodes, ops;
} ui_frame_t;

/* encode into buf (at least UI_CMD_MAX bytes); returns the length */
size_t ui_wire_node_cmd(uint8_t *buf, int16_t z, const ui_node_t *n);
size_t ui_wire_z(uint8_t *buf, int16_t z);
size_t ui_wire_u32(uint8_t *buf, uint32_t v);
size_t ui_wire_event(uint8_t *buf, const ui_event_t *ev);
size_t ui_wire_frame(uint8_t *buf, const ui_frame_t *f);

int ui_wire_decode_cmd(uint16_t type, const uint8_t *p, size_t len, ui_cmd_t *out);
int ui_wire_decode_event(const uint8_t *p, size_t len, ui_event_t *out);
int ui_wire_decode_frame(const uint8_t *p, size_t len, ui_frame_t *out);

#endif
