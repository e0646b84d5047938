/*
 * L2CAP credit-based channels for MicroPython's bluetooth module
 * (BLE.l2cap_listen/connect/send/recvinto/disconnect and the _IRQ_L2CAP_*
 * events) on the h7stack host (lib/ble/host/l2cap_coc.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/modbluetooth.h"
#include "ble_host.h"
#include "binding.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS

int h7ble_coc_accept(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                     uint16_t peer_mtu) {
    return mp_bluetooth_on_l2cap_accept(conn, cid, psm, our_mtu, peer_mtu) != 0;
}

void h7ble_coc_connected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                         uint16_t peer_mtu) {
    mp_bluetooth_on_l2cap_connect(conn, cid, psm, our_mtu, peer_mtu);
}

void h7ble_coc_disconnected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t status) {
    mp_bluetooth_on_l2cap_disconnect(conn, cid, psm, status);
}

void h7ble_coc_recv(uint16_t conn, uint16_t cid) {
    mp_bluetooth_on_l2cap_recv(conn, cid);
}

void h7ble_coc_send_ready(uint16_t conn, uint16_t cid, uint8_t status) {
    mp_bluetooth_on_l2cap_send_ready(conn, cid, status);
}

int mp_bluetooth_l2cap_listen(uint16_t psm, uint16_t mtu) {
    return h7ble_errno(h7bt_l2cap_listen(psm, mtu));
}

int mp_bluetooth_l2cap_connect(uint16_t conn_handle, uint16_t psm, uint16_t mtu) {
    return h7ble_errno(h7bt_l2cap_connect(conn_handle, psm, mtu));
}

int mp_bluetooth_l2cap_disconnect(uint16_t conn_handle, uint16_t cid) {
    return h7ble_errno(h7bt_l2cap_disconnect(conn_handle, cid));
}

int mp_bluetooth_l2cap_send(uint16_t conn_handle, uint16_t cid, const uint8_t *buf, size_t len,
                            bool *stalled) {
    return h7ble_errno(h7bt_l2cap_send(conn_handle, cid, buf, len, stalled));
}

int mp_bluetooth_l2cap_recvinto(uint16_t conn_handle, uint16_t cid, uint8_t *buf, size_t *len) {
    return h7ble_errno(h7bt_l2cap_recv(conn_handle, cid, buf, len));
}

#endif
