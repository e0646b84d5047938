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

/* the link's ATT state (const with a const connection) */
#define att_link(c) (&(c)->att)

/* the GATT database reset to the GAP service, the channel registered */
void h7bt_att_init(void);
/* the database's memory returned (the links are gone) */
void h7bt_att_stop(void);
int h7bt_gatts_set_device_name(const uint8_t *name, size_t len);
size_t h7bt_gatts_device_name(const uint8_t **name);
/* one ATT PDU to the peer */
int h7bt_att_send(h7bt_conn_t *c, const uint8_t *pdu, size_t len);

/* att_client.c */
bool h7bt_att_client_on_pdu(h7bt_conn_t *c, const uint8_t *pdu, size_t len);  /* true: taken */
void h7bt_att_client_conn_gone(h7bt_conn_t *c);     /* ends running and queued requests */

#endif
