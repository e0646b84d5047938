/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <SDL.h>
#include "ui_sdl.h"

struct ui_sdl {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    bool down;
    int x, y;
};

ui_sdl_t *ui_sdl_open(char *err, size_t errlen)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS)) {
        snprintf(err, errlen, "no window: %s", SDL_GetError());
        return NULL;
    }
    ui_sdl_t *w = calloc(1, sizeof(*w));
    w->win = SDL_CreateWindow("mp_rlvgl (STM32H747I-DISCO screen)", SDL_WINDOWPOS_UNDEFINED,
                              SDL_WINDOWPOS_UNDEFINED, UI_W, UI_H, 0);
    w->ren = w->win ? SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    w->tex = w->ren ? SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGB888,
                                        SDL_TEXTUREACCESS_STREAMING, UI_W, UI_H) : NULL;
    if (!w->tex) {
        snprintf(err, errlen, "no window: %s", SDL_GetError());
        ui_sdl_close(w);
        return NULL;
    }
    return w;
}

void ui_sdl_close(ui_sdl_t *w)
{
    if (w->tex) SDL_DestroyTexture(w->tex);
    if (w->ren) SDL_DestroyRenderer(w->ren);
    if (w->win) SDL_DestroyWindow(w->win);
    free(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

void ui_sdl_show(void *p, ui_screen_t *s)
{
    ui_sdl_t *w = p;
    /* RGB888 is 0x00RRGGBB in a 32-bit word: lib/ui's frame as it is */
    SDL_UpdateTexture(w->tex, NULL, s->fb, UI_W * 4);
    SDL_RenderCopy(w->ren, w->tex, NULL, NULL);
    SDL_RenderPresent(w->ren);
}

static int key_code(SDL_Keycode k)
{
    switch (k) {
    case SDLK_RETURN: return 1;
    case SDLK_DOWN: return 2;
    case SDLK_LEFT: return 3;
    case SDLK_RIGHT: return 4;
    case SDLK_UP: return 5;
    case SDLK_SPACE: return 6;
    default: return 0;
    }
}

bool ui_sdl_poll(ui_sdl_t *w, ui_server_t *srv)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        ui_event_t ev = { 0 };
        switch (e.type) {
        case SDL_QUIT:
            return false;
        case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP:
            if (e.button.button != SDL_BUTTON_LEFT) {
                continue;
            }
            w->down = e.type == SDL_MOUSEBUTTONDOWN;
            ev.kind = w->down ? UI_EV_PRESS : UI_EV_RELEASE;
            ev.x = (int16_t)e.button.x;
            ev.y = (int16_t)e.button.y;
            break;
        case SDL_MOUSEMOTION:
            if (!w->down) {
                continue;
            }
            ev.kind = UI_EV_MOVE;
            ev.x = (int16_t)e.motion.x;
            ev.y = (int16_t)e.motion.y;
            break;
        case SDL_MOUSEWHEEL:
            ev.kind = UI_EV_SCROLL;
            ev.dx = (int16_t)e.wheel.x;
            ev.dy = (int16_t)e.wheel.y;
            break;
        case SDL_KEYDOWN: case SDL_KEYUP:
            if (e.key.repeat || !(ev.key = key_code(e.key.keysym.sym))) {
                continue;
            }
            ev.kind = UI_EV_KEY;
            ev.pressed = e.type == SDL_KEYDOWN;
            break;
        default:
            continue;
        }
        ui_server_input(srv, &ev, NULL);
    }
    return true;
}

void ui_sdl_inject(int kind, int x, int y)
{
    SDL_Event e = { 0 };
    if (kind == UI_EV_MOVE) {
        e.type = SDL_MOUSEMOTION;
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.type = kind == UI_EV_PRESS ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = x;
        e.button.y = y;
    }
    SDL_PushEvent(&e);
}
