/*
 * The connection table of the h7stack BLE host (conn.c): who is at the
 * other end of each LE link, and a part of the slot for each layer's own
 * state of the link (its type in the layer's *_link.h; only that layer
 * touches it).  The layers learn of links opening and ending from the
 * listeners they register, so the code that opens and closes links names
 * none of them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_CONN_H
#define H7STACK_BLE_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include "ble_host.h"
#include "l2cap_link.h"
#include "att_link.h"
#include "smp_link.h"

typedef struct {
    bool used, closing;                     /* closing: disconnected, being torn down */
    uint16_t handle;
    uint8_t role;                           /* BLE_ROLE_* */
    uint8_t peer_type, peer[6];             /* HCI order */
    h7bt_l2cap_link_t l2cap;                /* l2cap.c's */
    h7bt_att_link_t att;                    /* att_server.c's and att_client.c's */
    h7bt_smp_link_t smp;                    /* smp.c's and smp_sc.c's */
} h7bt_conn_t;

/* A new link's slot starts zeroed, every layer's part included: a layer
 * listens only for what else a link's start or end means to it */
typedef struct h7bt_conn_listener {
    void (*opened)(h7bt_conn_t *c);          /* a new link; may be NULL */
    /* the link ended: what ran on it ends now; requests on c->handle are
     * refused already (h7bt_conn_find gives NULL); may be NULL */
    void (*gone)(h7bt_conn_t *c);
    struct h7bt_conn_listener *next;
} h7bt_conn_listener_t;

extern h7bt_conn_t h7bt_conns[BLE_MAX_CONN];

/* empty the table (the listeners stay) */
void h7bt_conn_reset(void);
/* listeners are told in the order they registered; registering one twice
 * does nothing */
void h7bt_conn_listen(h7bt_conn_listener_t *l);

/* the open link with this handle, or NULL */
h7bt_conn_t *h7bt_conn_find(uint16_t handle);
static inline unsigned h7bt_conn_index(const h7bt_conn_t *c)
{
    return (unsigned)(c - h7bt_conns);
}
/* a free slot taken for a new link and the listeners told; NULL when full */
h7bt_conn_t *h7bt_conn_open(uint16_t handle, uint8_t role, uint8_t peer_type,
                           const uint8_t peer[6]);
/* the link ended: the HCI core's buffers freed, the listeners told, the
 * slot freed; who it was comes back in role, peer_type and peer */
void h7bt_conn_close(h7bt_conn_t *c, uint8_t *role, uint8_t *peer_type, uint8_t peer[6]);
bool h7bt_conn_any(void);

#endif
