/*
 * The desktop mirror's engine, shared by the CPython extension and the
 * MicroPython unix port: the application side in the caller's thread, the
 * render side in a second thread, lib/ipc between them (16 KiB rings).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_UI_HOST_H
#define H7STACK_UI_HOST_H

#include "ipc_host.h"
#include "ui_app.h"
#include "ui_server.h"

typedef struct {
    ipc_host_link_t link;
    ui_app_t app;
    ui_server_t srv;
    ui_entry_t *storage;
    uint32_t *fb;
    pthread_t thread;
    struct timespec app_deadline;
    bool running;
    /* the window: asked for by the app side, opened by the render thread */
    pthread_mutex_t win_lock;
    int win_want, win_state;        /* 0 closed, 1 open, -1 failed */
    char win_err[128];
    void *win;
} ui_host_t;

int ui_host_start(ui_host_t *h);
void ui_host_stop(ui_host_t *h);
/* the frame shown by the last present(); call between API calls */
int ui_host_save_png(ui_host_t *h, const char *path);
/* open or close the SDL window (waits for the render thread); UI_OK, or
 * UI_EIO with the reason in h->win_err */
int ui_host_window(ui_host_t *h, bool open);

#endif
