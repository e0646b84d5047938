/*
 * Between the parts of the MicroPython bluetooth backend on the h7stack
 * BLE host (modbluetooth_h7.c, l2cap.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_BINDING_H
#define H7STACK_BLE_BINDING_H

#include <stdbool.h>
#include <stdint.h>

/* l2cap.c: the host's credit-based channel callbacks into modbluetooth */
int h7ble_coc_accept(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                     uint16_t peer_mtu);
void h7ble_coc_connected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                         uint16_t peer_mtu);
void h7ble_coc_disconnected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t status);
void h7ble_coc_recv(uint16_t conn, uint16_t cid);
void h7ble_coc_send_ready(uint16_t conn, uint16_t cid, uint8_t status);

#endif
