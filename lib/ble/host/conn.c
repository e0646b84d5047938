/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "hci.h"
#include "conn.h"

h7bt_conn_t h7bt_conns[BLE_MAX_CONN];
static h7bt_conn_listener_t *listeners;

void h7bt_conn_reset(void)
{
    memset(h7bt_conns, 0, sizeof(h7bt_conns));
}

void h7bt_conn_listen(h7bt_conn_listener_t *l)
{
    h7bt_conn_listener_t **p = &listeners;
    while (*p && *p != l) {
        p = &(*p)->next;
    }
    if (!*p) {
        l->next = NULL;
        *p = l;
    }
}

h7bt_conn_t *h7bt_conn_find(uint16_t handle)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (h7bt_conns[i].used && !h7bt_conns[i].closing && h7bt_conns[i].handle == handle) {
            return &h7bt_conns[i];
        }
    }
    return NULL;
}

h7bt_conn_t *h7bt_conn_open(uint16_t handle, uint8_t role, uint8_t peer_type,
                           const uint8_t peer[6])
{
    h7bt_conn_t *c = NULL;
    for (int i = 0; i < BLE_MAX_CONN && !c; i++) {
        if (!h7bt_conns[i].used) {
            c = &h7bt_conns[i];
        }
    }
    if (!c) {
        return NULL;
    }
    memset(c, 0, sizeof(*c));
    c->used = true;
    c->handle = handle;
    c->role = role;
    c->peer_type = peer_type;
    memcpy(c->peer, peer, 6);
    for (h7bt_conn_listener_t *l = listeners; l; l = l->next) {
        if (l->opened) {
            l->opened(c);
        }
    }
    return c;
}

void h7bt_conn_close(h7bt_conn_t *c, uint8_t *role, uint8_t *peer_type, uint8_t peer[6])
{
    /* the slot stays taken while what ran on the link ends (callbacks into
     * the application), but requests on the handle are refused */
    c->closing = true;
    h7bt_hci_conn_gone(c->handle);
    for (h7bt_conn_listener_t *l = listeners; l; l = l->next) {
        if (l->gone) {
            l->gone(c);
        }
    }
    *role = c->role;
    *peer_type = c->peer_type;
    memcpy(peer, c->peer, 6);
    c->used = c->closing = false;
}

bool h7bt_conn_any(void)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (h7bt_conns[i].used) {
            return true;
        }
    }
    return false;
}
