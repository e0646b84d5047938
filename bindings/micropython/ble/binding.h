/*
 * Between the parts of the MicroPython bluetooth backend on the h7stack
 * BLE host (modbluetooth_h7.c, l2cap.c, security.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_BINDING_H
#define H7STACK_BLE_BINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "py/mperrno.h"

/* the host's results (0, negative errno, positive HCI status) as the
 * positive errno modbluetooth wants */
static inline int h7ble_errno(int rc)
{
    return rc < 0 ? -rc : rc ? MP_EIO : 0;
}

/* l2cap.c: the host's credit-based channel callbacks into modbluetooth */
int h7ble_coc_accept(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                     uint16_t peer_mtu);
void h7ble_coc_connected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                         uint16_t peer_mtu);
void h7ble_coc_disconnected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t status);
void h7ble_coc_recv(uint16_t conn, uint16_t cid);
void h7ble_coc_send_ready(uint16_t conn, uint16_t cid, uint8_t status);

/* security.c: pairing and bonding callbacks */
void h7ble_random(uint8_t *out, size_t len);
void h7ble_encryption_changed(uint16_t conn, bool encrypted, bool authenticated, bool bonded,
                              uint8_t key_size);
bool h7ble_get_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **value,
                      size_t *value_len);
bool h7ble_set_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *value,
                      size_t value_len);

#endif
