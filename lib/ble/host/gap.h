/*
 * GAP of the h7stack BLE host (gap.c): advertising, scanning, connecting,
 * the links' coming and going as the application sees them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_GAP_H
#define H7STACK_BLE_GAP_H

#include <stddef.h>
#include <stdint.h>

void h7bt_gap_init(void);
/* HCI Disconnect, not waited for: the disconnection event comes later */
int h7bt_gap_terminate(uint16_t conn, uint8_t reason);

/* events, from host.c's table (parameters after the sub-event code) */
void h7bt_gap_on_conn_complete(const uint8_t *e, size_t n);
void h7bt_gap_on_enh_conn_complete(const uint8_t *e, size_t n);
void h7bt_gap_on_adv_reports(const uint8_t *e, size_t n);
void h7bt_gap_on_conn_update(const uint8_t *e, size_t n);
void h7bt_gap_on_disconnect(uint16_t handle, uint8_t reason);

#endif
