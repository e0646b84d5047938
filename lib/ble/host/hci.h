/*
 * The HCI core of the h7stack BLE host (hci.c): the transport's byte
 * stream in and out (H4), command flow control, synchronous commands, ACL
 * fragmentation and the controller's buffer credits.  It names no layer
 * above it: what it does not handle itself (every event but Command
 * Complete/Status and Number Of Completed Packets, received ACL data) goes
 * to the handlers the layer above registers with h7bt_hci_init.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_HCI_H
#define H7STACK_BLE_HCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ble_host.h"

typedef struct {
    /* an event: code, parameter length, parameters */
    void (*event)(const uint8_t *evt, size_t len);
    /* an ACL packet: handle, packet boundary flag, data */
    void (*acl)(uint16_t handle, uint8_t pb, const uint8_t *data, size_t len);
    /* the controller freed ACL buffers (after what waited in the HCI core went) */
    void (*buffers_freed)(void);
    /* every packet, both ways, before it is handled or sent (NULL: none) */
    void (*tap)(uint8_t type, bool in, const uint8_t *pkt, size_t len);
} h7bt_hci_upper_t;

typedef void (*h7bt_hci_done_fn)(void *arg, uint8_t status, const uint8_t *ret, size_t len);

/* forget every command, packet and credit; send through t from now on */
void h7bt_hci_init(const h7bt_hci_transport_t *t, const h7bt_hci_upper_t *up);
/* bytes from the controller, any split */
void h7bt_hci_feed(const uint8_t *data, size_t len);

/* queue a command (parameters up to H7BT_HCI_CMD_PARAMS_MAX bytes); done
 * runs with its Command Complete or Status.  BLE_EINVAL, BLE_ENOMEM. */
#define H7BT_HCI_CMD_PARAMS_MAX 32
int h7bt_hci_cmd(uint16_t opcode, const void *params, uint8_t len, h7bt_hci_done_fn done,
                 void *arg);
/* a command, waited for by running the poll loop (from anywhere, also from
 * inside an event handler): its HCI status, or BLE_ETIMEDOUT/BLE_ENOMEM */
int h7bt_hci_cmd_sync(uint16_t opcode, const void *params, uint8_t len, uint8_t *ret,
                      size_t ret_size);

/* the controller's ACL buffer size and count (LE Read Buffer Size) */
void h7bt_hci_set_buffers(uint16_t mtu, uint16_t count);
/* head then body as one ACL payload on conn, fragmented to the buffer
 * size; BLE_ENOMEM when the queue cannot take it whole */
int h7bt_hci_acl_send(uint16_t conn, const uint8_t *head, size_t head_len, const uint8_t *body,
                      size_t body_len);
/* ACL packets queued for want of controller buffers */
unsigned h7bt_hci_acl_queued(void);
/* a link ended: the controller frees the buffers its packets held */
void h7bt_hci_conn_gone(uint16_t conn);

#endif
