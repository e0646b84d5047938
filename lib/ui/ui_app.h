/*
 * The application side of the display stack (the CM7, or the Python thread
 * on the desktop): keeps which z are taken, so that stack_add/replace/remove
 * fail at once with a clear error; sends commands over an ipc channel
 * (waiting while the ring is full, counted by the ring); present() waits for
 * the render side's frame event; input events are handed to a callback.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_APP_H
#define H7STACK_UI_APP_H

#include "ipc_chan.h"
#include "ui_wire.h"

typedef struct ui_app ui_app_t;
typedef void (*ui_event_fn)(void *ctx, const ui_event_t *ev);

struct ui_app {
    ipc_chan_t *ch;
    /* a deadline object for ch->sleep, ms from now (transport-specific) */
    void *(*deadline)(ui_app_t *app, uint32_t ms);
    uint32_t send_timeout_ms, present_timeout_ms;
    ui_event_fn on_event;
    void *ev_ctx;

    uint8_t used[65536 / 8];        /* z taken, by z + 32768 */
    uint32_t nodes, ops, frame_next, frame_done, render_us_last, events;
    char err[160];
};

void ui_app_init(ui_app_t *app, ipc_chan_t *ch, void *(*deadline)(ui_app_t *, uint32_t));
int ui_app_add(ui_app_t *app, int16_t z, const ui_node_t *n);
int ui_app_replace(ui_app_t *app, int16_t z, const ui_node_t *n);
int ui_app_remove(ui_app_t *app, int16_t z);
int ui_app_clear(ui_app_t *app);
/* on UI_OK *frame is the number of the frame now on screen */
int ui_app_present(ui_app_t *app, uint32_t *frame);
int ui_app_input(ui_app_t *app, const ui_event_t *ev);
/* hand every event waiting to on_event; never blocks */
int ui_app_pump(ui_app_t *app);
/* ask to be woken for events while idle (the CM7 schedules a pump from its
 * doorbell interrupt); true if events are waiting already */
bool ui_app_arm(ui_app_t *app);
/* tell the render side an application is there (it then sends input) */
int ui_app_hello(ui_app_t *app);
/* ask the render side to stop (desktop) */
int ui_app_quit(ui_app_t *app);

#endif
