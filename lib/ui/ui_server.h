/*
 * The render side's loop body, the same on the CM4 and in the desktop's
 * render thread: take one command, apply it to the screen; at PRESENT draw
 * what changed, let the target show it (hook), answer with a frame event;
 * INPUT (injected on the desktop) comes back as an input event, as a touch
 * from the hardware does through ui_server_input().
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_SERVER_H
#define H7STACK_UI_SERVER_H

#include "ipc_chan.h"
#include "ui_render.h"

typedef struct {
    ui_screen_t screen;
    ipc_chan_t *ch;
    uint32_t (*now_us)(void);
    void (*show)(void *ctx, ui_screen_t *s);    /* after a frame is drawn; may be NULL */
    void *show_ctx;
    bool full_redraw;                           /* for the benchmark: no dirty rects */
    bool attached;                              /* an application has sent a command */
    uint32_t errors;
} ui_server_t;

#define UI_SERVER_QUIT 1

/* UI_OK, UI_SERVER_QUIT, UI_ETIMEOUT (nothing came by deadline), UI_EIO */
int ui_server_step(ui_server_t *srv, void *deadline);
/* the same without waiting: UI_ETIMEOUT at once when no command is there */
int ui_server_poll(ui_server_t *srv);
int ui_server_input(ui_server_t *srv, const ui_event_t *ev, void *deadline);

#endif
