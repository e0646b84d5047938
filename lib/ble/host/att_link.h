/*
 * ATT's state of one link (att_server.c, att_client.c), kept in the
 * connection table's slot for the link (conn.h); no other layer touches it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_ATT_LINK_H
#define H7STACK_BLE_ATT_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include "ble_host.h"

#define H7BT_ATT_MTU_DEFAULT 23
#define H7BT_GATTS_MAX_CCCD  16
#define H7BT_ATT_PREPARED_MAX 512

typedef struct {
    uint16_t mtu;                           /* ATT MTU in use */
    /* server */
    uint16_t cccd[H7BT_GATTS_MAX_CCCD];     /* by CCCD slot */
    uint16_t ind_handle;                    /* indication waiting for its confirmation */
    uint16_t pw_handle, pw_len;             /* prepared writes (one attribute) */
    uint8_t *pw_buf;                        /* H7BT_ATT_PREPARED_MAX bytes, k_malloc'd */
    /* client: one request at a time */
    uint8_t cl_proc;                        /* CL_* (att_client.c) */
    uint16_t cl_handle, cl_start, cl_end;
    h7bt_uuid_t cl_uuid;
    bool cl_filter;
    uint8_t *cl_buf;                        /* a long read's value so far (k_malloc'd) */
    uint16_t cl_have;                       /* its bytes */
    struct { bool valid; uint16_t value; uint8_t props; h7bt_uuid_t uuid; } cl_chr;  /* pending */
} h7bt_att_link_t;

#endif
