/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include "ui_app.h"

void ui_app_init(ui_app_t *app, ipc_chan_t *ch, void *(*deadline)(ui_app_t *, uint32_t))
{
    memset(app, 0, sizeof(*app));
    app->ch = ch;
    app->deadline = deadline;
    app->send_timeout_ms = 5000;
    app->present_timeout_ms = 5000;
}

static bool taken(const ui_app_t *app, int16_t z)
{
    unsigned i = (unsigned)(z + 32768);
    return app->used[i / 8] >> (i % 8) & 1;
}

static void mark(ui_app_t *app, int16_t z, bool on)
{
    unsigned i = (unsigned)(z + 32768);
    if (on) {
        app->used[i / 8] |= 1u << (i % 8);
    } else {
        app->used[i / 8] &= ~(1u << (i % 8));
    }
}

static int take(ui_app_t *app, const uint8_t *p, uint16_t len, uint16_t type);

static int send(ui_app_t *app, uint16_t type, const uint8_t *p, size_t len)
{
    /* events first: a render side blocked on a full event ring would
     * otherwise never take this command */
    int rc = ui_app_pump(app);
    if (rc != UI_OK) {
        return rc;
    }
    rc = ipc_chan_send(app->ch, p, (uint16_t)len, type,
                           app->deadline(app, app->send_timeout_ms));
    if (rc == IPC_ETIMEOUT) {
        snprintf(app->err, sizeof(app->err), "the render side took no command for %u ms",
                 (unsigned)app->send_timeout_ms);
        return UI_ETIMEOUT;
    }
    if (rc != IPC_OK) {
        snprintf(app->err, sizeof(app->err), "command ring error %d", rc);
        return UI_EIO;
    }
    app->ops++;
    return UI_OK;
}

int ui_app_add(ui_app_t *app, int16_t z, const ui_node_t *n)
{
    uint8_t buf[UI_CMD_MAX];
    if (taken(app, z)) {
        snprintf(app->err, sizeof(app->err), "layer z=%d is taken", z);
        return UI_EVALUE;
    }
    int rc = send(app, UI_CMD_ADD, buf, ui_wire_node_cmd(buf, z, n));
    if (rc == UI_OK) {
        mark(app, z, true);
        app->nodes++;
    }
    return rc;
}

int ui_app_replace(ui_app_t *app, int16_t z, const ui_node_t *n)
{
    uint8_t buf[UI_CMD_MAX];
    if (!taken(app, z)) {
        snprintf(app->err, sizeof(app->err), "layer z=%d is empty", z);
        return UI_EVALUE;
    }
    return send(app, UI_CMD_REPLACE, buf, ui_wire_node_cmd(buf, z, n));
}

int ui_app_remove(ui_app_t *app, int16_t z)
{
    uint8_t buf[2];
    if (!taken(app, z)) {
        snprintf(app->err, sizeof(app->err), "layer z=%d is empty", z);
        return UI_EVALUE;
    }
    int rc = send(app, UI_CMD_REMOVE, buf, ui_wire_z(buf, z));
    if (rc == UI_OK) {
        mark(app, z, false);
        app->nodes--;
    }
    return rc;
}

int ui_app_clear(ui_app_t *app)
{
    int rc = send(app, UI_CMD_CLEAR, NULL, 0);
    if (rc == UI_OK) {
        memset(app->used, 0, sizeof(app->used));
        app->nodes = 0;
    }
    return rc;
}

int ui_app_input(ui_app_t *app, const ui_event_t *ev)
{
    uint8_t buf[UI_EVENT_WIRE];
    return send(app, UI_CMD_INPUT, buf, ui_wire_event(buf, ev));
}

int ui_app_hello(ui_app_t *app)
{
    return send(app, UI_CMD_NOP, NULL, 0);
}

int ui_app_quit(ui_app_t *app)
{
    return send(app, UI_CMD_QUIT, NULL, 0);
}

/* one event record: frames update the counters, input goes to on_event */
static int take(ui_app_t *app, const uint8_t *p, uint16_t len, uint16_t type)
{
    ui_frame_t f;
    ui_event_t ev;

    switch (type) {
    case UI_EVT_FRAME:
        if (ui_wire_decode_frame(p, len, &f) != UI_OK) {
            return UI_ECORRUPT;
        }
        app->frame_done = f.frame;
        app->render_us_last = f.render_us;
        return UI_OK;
    case UI_EVT_INPUT:
        if (ui_wire_decode_event(p, len, &ev) != UI_OK) {
            return UI_ECORRUPT;
        }
        app->events++;
        if (app->on_event) {
            app->on_event(app->ev_ctx, &ev);
        }
        return UI_OK;
    case UI_EVT_ERROR:
        snprintf(app->err, sizeof(app->err), "the render side rejected a command");
        return UI_EIO;
    default:
        return UI_ECORRUPT;
    }
}

int ui_app_pump(ui_app_t *app)
{
    uint8_t buf[64];
    uint16_t len, type;
    uint32_t seq;
    int rc;
    while ((rc = ipc_chan_try_recv(app->ch, buf, sizeof(buf), &len, &type, &seq)) == IPC_OK) {
        if ((rc = take(app, buf, len, type)) != UI_OK) {
            return rc;
        }
    }
    return rc == IPC_EEMPTY ? UI_OK : UI_ECORRUPT;
}

bool ui_app_arm(ui_app_t *app)
{
    atomic_store_explicit(&app->ch->mine->want_data, 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);
    return ipc_ring_depth(app->ch->rx) != 0;
}

int ui_app_present(ui_app_t *app, uint32_t *frame)
{
    uint8_t buf[64];
    uint16_t len, type;
    uint32_t seq, want = ++app->frame_next;
    int rc = send(app, UI_CMD_PRESENT, buf, ui_wire_u32(buf, want));
    if (rc != UI_OK) {
        return rc;
    }
    void *dl = app->deadline(app, app->present_timeout_ms);
    /* a callback run from here may present too: a later frame done counts */
    while ((int32_t)(app->frame_done - want) < 0) {
        rc = ipc_chan_recv(app->ch, buf, sizeof(buf), &len, &type, &seq, dl);
        if (rc == IPC_ETIMEOUT) {
            snprintf(app->err, sizeof(app->err), "the render side did not show frame %u "
                     "within %u ms", (unsigned)want, (unsigned)app->present_timeout_ms);
            return UI_ETIMEOUT;
        }
        if (rc != IPC_OK || (rc = take(app, buf, len, type)) != UI_OK) {
            if (rc != UI_EIO) {
                snprintf(app->err, sizeof(app->err), "event ring error %d", rc);
            }
            return UI_EIO;
        }
    }
    *frame = want;
    return UI_OK;
}
