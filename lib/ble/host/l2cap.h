/*
 * L2CAP of the h7stack BLE host: the LE fixed channels, each registered by
 * the layer above that owns it (ATT, SMP) with h7bt_l2cap_register_fixed,
 * the LE signalling channel (l2cap.c), PDU reassembly from ACL fragments,
 * and credit-based channels (l2cap_coc.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_L2CAP_H
#define H7STACK_BLE_L2CAP_H

#include <stddef.h>
#include <stdint.h>
#include "conn.h"

#define H7BT_L2CAP_FIXED_MAX 3     /* ATT, LE signalling, SMP */

typedef void (*h7bt_l2cap_rx_fn)(h7bt_conn_t *c, const uint8_t *pdu, size_t len);

/* every table and link emptied; the signalling channel registered */
void h7bt_l2cap_init(void);
/* a fixed channel's receiver (registering a CID again replaces it);
 * BLE_ENOMEM when the table is full */
int h7bt_l2cap_register_fixed(uint16_t cid, h7bt_l2cap_rx_fn rx);
/* ACL data from the HCI core */
void h7bt_l2cap_rx_acl(uint16_t handle, uint8_t pb, const uint8_t *data, size_t len);
/* one PDU on a channel of an open link: BLE_ENOTCONN, BLE_ENOMEM */
int h7bt_l2cap_send_pdu(uint16_t conn, uint16_t cid, const uint8_t *pdu, size_t len);
/* ACL packets waiting for controller buffers: a sender's back-pressure */
unsigned h7bt_l2cap_tx_backlog(void);
/* one LE signalling command (data up to 16 bytes) */
void h7bt_l2cap_sig_send(uint16_t conn, uint8_t code, uint8_t id, const uint8_t *data,
                         uint16_t len);

/* l2cap_coc.c: credit-based channels */
void h7bt_l2cap_coc_init(void);
bool h7bt_l2cap_coc_on_signal(h7bt_conn_t *c, uint8_t code, uint8_t id, const uint8_t *data,
                              uint16_t len);                  /* true: taken */
void h7bt_l2cap_coc_on_pdu(h7bt_conn_t *c, uint16_t cid, const uint8_t *pdu, size_t len);
void h7bt_l2cap_coc_pump(void);         /* controller buffers freed: send what waits */

#endif
