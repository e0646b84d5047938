/*
 * The top of the h7stack BLE host (host.c): start and stop, the events the
 * HCI core passes up, dispatched by table to GAP and SMP, and ACL data to
 * L2CAP.  Every layer's calls up to the application go through h7bt_cb.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_HOST_INT_H
#define H7STACK_BLE_HOST_INT_H

#include <stdbool.h>
#include "ble_host.h"

extern const h7bt_host_cb_t *h7bt_cb;

/* the controller can encrypt links (LE Read Local Supported Features) */
bool h7bt_host_le_encryption(void);

#endif
