/*
 * L2CAP's state of one link (l2cap.c): the PDU being reassembled from ACL
 * fragments, kept in the connection table's slot for the link (conn.h); its
 * bytes are on the heap while it is in pieces.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_L2CAP_LINK_H
#define H7STACK_BLE_L2CAP_LINK_H

#include <stdint.h>
#include "ble_host.h"

/* the longest PDU reassembled: an ATT PDU of the largest MTU, or a K-frame */
#define H7BT_L2CAP_RX_MAX (4 + BLE_ATT_MTU_MAX + 32)

typedef struct {
    uint8_t *rx;                            /* rx_need bytes, k_malloc'd */
    uint16_t rx_len, rx_need;
} h7bt_l2cap_link_t;

#endif
