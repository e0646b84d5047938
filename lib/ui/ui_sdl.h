/*
 * The desktop mirror's window (SDL2): the frame shown at each present(),
 * the mouse as the touch panel (button down: press, drag: move, up:
 * release), arrow keys, Enter and Space as the board's joystick and user
 * button.  Everything SDL runs in the render thread.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_SDL_H
#define H7STACK_UI_SDL_H

#include "ui_server.h"

typedef struct ui_sdl ui_sdl_t;

/* NULL (with SDL's reason in err) when no window can be opened */
ui_sdl_t *ui_sdl_open(char *err, size_t errlen);
void ui_sdl_close(ui_sdl_t *w);
/* the frame, after a present */
void ui_sdl_show(void *w, ui_screen_t *s);
/* turn the window's pending events into input events; false when the
 * window was closed */
bool ui_sdl_poll(ui_sdl_t *w, ui_server_t *srv);
/* push a synthetic mouse event into SDL's queue (tests) */
void ui_sdl_inject(int kind, int x, int y);

#endif
