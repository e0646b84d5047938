/* SPDX-License-Identifier: MIT */
#include "ui_server.h"

static int reply(ui_server_t *srv, uint16_t type, const uint8_t *p, size_t len, void *dl)
{
    return ipc_chan_send(srv->ch, p, (uint16_t)len, type, dl) == IPC_OK ? UI_OK : UI_EIO;
}

int ui_server_input(ui_server_t *srv, const ui_event_t *ev, void *deadline)
{
    uint8_t buf[UI_EVENT_WIRE];
    return reply(srv, UI_EVT_INPUT, buf, ui_wire_event(buf, ev), deadline);
}

static int handle(ui_server_t *srv, int rc, const uint8_t *buf, uint16_t len, uint16_t type,
                  void *deadline)
{
    uint8_t out[16];
    ui_cmd_t c;

    if (rc == IPC_ETIMEOUT || rc == IPC_EEMPTY) {
        return UI_ETIMEOUT;
    }
    if (rc != IPC_OK || ui_wire_decode_cmd(type, buf, len, &c) != UI_OK) {
        srv->errors++;
        reply(srv, UI_EVT_ERROR, NULL, 0, deadline);
        return UI_EIO;
    }
    srv->attached = true;
    switch (c.type) {
    case UI_CMD_QUIT:
        return UI_SERVER_QUIT;
    case UI_CMD_NOP:
        return UI_OK;
    case UI_CMD_INPUT:
        return ui_server_input(srv, &c.ev, deadline);
    case UI_CMD_PRESENT: {
        uint32_t t0 = srv->now_us ? srv->now_us() : 0;
        ui_screen_render(&srv->screen, srv->full_redraw);
        if (srv->show) {
            srv->show(srv->show_ctx, &srv->screen);
        }
        ui_frame_t f = { c.frame, (srv->now_us ? srv->now_us() : 0) - t0,
                         srv->screen.count, srv->screen.ops };
        return reply(srv, UI_EVT_FRAME, out, ui_wire_frame(out, &f), deadline);
    }
    default:
        if (ui_screen_apply(&srv->screen, &c) != UI_OK) {
            srv->errors++;
            return reply(srv, UI_EVT_ERROR, NULL, 0, deadline);
        }
        return UI_OK;
    }
}

int ui_server_step(ui_server_t *srv, void *deadline)
{
    uint8_t buf[UI_CMD_MAX];
    uint16_t len, type;
    uint32_t seq;
    int rc = ipc_chan_recv(srv->ch, buf, sizeof(buf), &len, &type, &seq, deadline);
    return handle(srv, rc, buf, len, type, deadline);
}

int ui_server_poll(ui_server_t *srv)
{
    uint8_t buf[UI_CMD_MAX];
    uint16_t len, type;
    uint32_t seq;
    int rc = ipc_chan_try_recv(srv->ch, buf, sizeof(buf), &len, &type, &seq);
    return handle(srv, rc, buf, len, type, NULL);
}
