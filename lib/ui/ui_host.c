/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui_host.h"
#include "ui_png.h"

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

static void *render_thread(void *arg)
{
    ui_host_t *h = arg;
    while (ui_server_step(&h->srv, NULL) != UI_SERVER_QUIT) {
    }
    return NULL;
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
