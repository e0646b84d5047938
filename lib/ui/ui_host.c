/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui_host.h"
#include "ui_png.h"
#include "ui_sdl.h"

#define RING_SIZE 16384

static void *app_deadline(ui_app_t *app, uint32_t ms)
{
    ui_host_t *h = (ui_host_t *)((char *)app - offsetof(ui_host_t, app));
    return ipc_host_deadline(&h->app_deadline, ms);
}

static uint32_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint32_t)(t.tv_sec * 1000000u + t.tv_nsec / 1000);
}

/* the window lives in this thread: opened, polled and closed here */
static void window_work(ui_host_t *h)
{
    pthread_mutex_lock(&h->win_lock);
    int want = h->win_want, state = h->win_state;
    pthread_mutex_unlock(&h->win_lock);
    if (want && state == 0) {
        char err[128] = "";
        h->win = ui_sdl_open(err, sizeof(err));
        pthread_mutex_lock(&h->win_lock);
        h->win_state = h->win ? 1 : -1;
        snprintf(h->win_err, sizeof(h->win_err), "%s", err);
        pthread_mutex_unlock(&h->win_lock);
        if (h->win) {
            h->srv.show = ui_sdl_show;
            h->srv.show_ctx = h->win;
            ui_sdl_show(h->win, &h->srv.screen);
        }
    } else if ((!want && state == 1) || (state == 1 && !ui_sdl_poll(h->win, &h->srv))) {
        h->srv.show = NULL;
        ui_sdl_close(h->win);
        h->win = NULL;
        pthread_mutex_lock(&h->win_lock);
        h->win_state = 0;
        h->win_want = 0;
        pthread_mutex_unlock(&h->win_lock);
    }
}

static void *render_thread(void *arg)
{
    ui_host_t *h = arg;
    struct timespec dl;
    for (;;) {
        /* with a window (or one asked for), wake every 10 ms to serve it */
        pthread_mutex_lock(&h->win_lock);
        bool win = h->win_want || h->win_state == 1;
        pthread_mutex_unlock(&h->win_lock);
        int rc = ui_server_step(&h->srv, win ? ipc_host_deadline(&dl, 10) : NULL);
        if (rc == UI_SERVER_QUIT) {
            break;
        }
        window_work(h);
    }
    if (h->win) {
        ui_sdl_close(h->win);
        h->win = NULL;
    }
    return NULL;
}

int ui_host_window(ui_host_t *h, bool open)
{
    pthread_mutex_lock(&h->win_lock);
    h->win_want = open;
    if (!open && h->win_state == -1) {
        h->win_state = 0;
    }
    pthread_mutex_unlock(&h->win_lock);
    /* wake the render thread (it may sleep without a deadline) */
    if (ipc_chan_send(&h->link.side[0], NULL, 0, UI_CMD_NOP, NULL) != IPC_OK) {
        snprintf(h->win_err, sizeof(h->win_err), "command ring error");
        return UI_EIO;
    }
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&h->win_lock);
        int st = h->win_state;
        pthread_mutex_unlock(&h->win_lock);
        if ((open && st != 0) || (!open && st == 0)) {
            return st == -1 ? UI_EIO : UI_OK;
        }
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    snprintf(h->win_err, sizeof(h->win_err), "the render thread did not answer");
    return UI_EIO;
}

int ui_host_start(ui_host_t *h)
{
    memset(h, 0, sizeof(*h));
    h->storage = calloc(UI_MAX_NODES, sizeof(ui_entry_t));
    h->fb = calloc((size_t)UI_W * UI_H, sizeof(uint32_t));
    if (!h->storage || !h->fb || ipc_host_link_init(&h->link, RING_SIZE) != IPC_OK) {
        free(h->storage);
        free(h->fb);
        return UI_EIO;
    }
    pthread_mutex_init(&h->win_lock, NULL);
    ui_app_init(&h->app, &h->link.side[0], app_deadline);
    ui_screen_init(&h->srv.screen, h->storage, UI_MAX_NODES, h->fb);
    h->srv.ch = &h->link.side[1];
    h->srv.now_us = now_us;
    if (pthread_create(&h->thread, NULL, render_thread, h)) {
        ipc_host_link_free(&h->link);
        free(h->storage);
        free(h->fb);
        return UI_EIO;
    }
    h->running = true;
    return UI_OK;
}

void ui_host_stop(ui_host_t *h)
{
    if (!h->running) {
        return;
    }
    ui_app_quit(&h->app);
    pthread_join(h->thread, NULL);
    ipc_host_link_free(&h->link);
    free(h->storage);
    free(h->fb);
    h->running = false;
}

static int file_write(void *ctx, const void *p, size_t n)
{
    return fwrite(p, 1, n, ctx) != n;
}

int ui_host_save_png(ui_host_t *h, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        return UI_EIO;
    }
    int rc = ui_png_write(h->fb, UI_W, UI_H, file_write, f);
    if (fclose(f) && rc == UI_OK) {
        rc = UI_EIO;
    }
    return rc;
}
