/*
 * ATT of the h7stack BLE host: the server and GATT database (att_server.c)
 * and the GATT client (att_client.c) on the ATT fixed channel, which
 * h7bt_att_init registers with L2CAP (a PDU goes to the client first: its
 * responses and notifications, then to the server).  Their per-link state
 * lives here, indexed by the connection's slot.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_ATT_H
#define H7STACK_BLE_ATT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "conn.h"

#define H7BT_ATT_MTU_DEFAULT 23
#define H7BT_GATTS_MAX_CCCD  16
#define H7BT_ATT_PREPARED_MAX 512

typedef struct {
    uint16_t mtu;                           /* ATT MTU in use */
    /* server */
    uint16_t cccd[H7BT_GATTS_MAX_CCCD];     /* by CCCD slot */
    uint16_t ind_handle;                    /* indication waiting for its confirmation */
    uint16_t pw_handle, pw_len;             /* prepared writes (one attribute) */
    uint8_t pw_buf[H7BT_ATT_PREPARED_MAX];
    /* client: one request at a time */
    uint8_t cl_proc;                        /* CL_* (att_client.c) */
    uint16_t cl_handle, cl_start, cl_end;
    h7bt_uuid_t cl_uuid;
    bool cl_filter;
    struct { bool valid; uint16_t value; uint8_t props; h7bt_uuid_t uuid; } cl_chr;  /* pending */
} h7bt_att_link_t;

extern h7bt_att_link_t h7bt_att_links[BLE_MAX_CONN];

static inline h7bt_att_link_t *att_link(const h7bt_conn_t *c)
{
    return &h7bt_att_links[h7bt_conn_index(c)];
}

/* the GATT database reset to the GAP service, the channel registered */
void h7bt_att_init(void);
int h7bt_gatts_set_device_name(const uint8_t *name, size_t len);
size_t h7bt_gatts_device_name(const uint8_t **name);
/* one ATT PDU to the peer */
int h7bt_att_send(h7bt_conn_t *c, const uint8_t *pdu, size_t len);

/* att_client.c */
bool h7bt_att_client_on_pdu(h7bt_conn_t *c, const uint8_t *pdu, size_t len);  /* true: taken */
void h7bt_att_client_conn_gone(h7bt_conn_t *c);     /* ends running and queued requests */

#endif
