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
#include "ble_os.h"
#include "ble_host.h"

/* the host's results (0, negative errno, positive HCI status) as the
 * positive errno modbluetooth wants */
static inline int h7ble_errno(int rc) {
    return rc < 0 ? -rc : rc ? MP_EIO : 0;
}

/*
 * The port part (port_unix.c, port_h747.c): the HCI transport, time and
 * waiting for lib/ble/os, random numbers, and what drives the polls.
 */
extern const h7bt_os_port_t h7ble_os_port;
extern const h7bt_hci_transport_t h7ble_transport;
extern h7bt_os_input_t h7ble_hci_input;
int h7ble_port_open(void);   /* reach the controller: 0 or an MP errno */
void h7ble_port_start(void); /* the host is up: begin scheduling polls */
void h7ble_port_stop(void);  /* no more polls (the host has stopped) */
void h7ble_port_close(void);
/* the port's HCI log (every packet, for btsnoop), or NULL: none */
typedef void (*h7ble_hci_log_fn)(uint8_t type, bool rx, const uint8_t *pkt, size_t len);
h7ble_hci_log_fn h7ble_port_hci_log(void);
void h7ble_random(uint8_t *out, size_t len);

/* modbluetooth_h7.c: queue a poll of the host as a scheduled task unless
 * one is queued already (then true); from any thread or interrupt */
bool h7ble_schedule_poll(void);

/* l2cap.c: the host's credit-based channel callbacks into modbluetooth */
int h7ble_coc_accept(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                     uint16_t peer_mtu);
void h7ble_coc_connected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                         uint16_t peer_mtu);
void h7ble_coc_disconnected(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t status);
void h7ble_coc_recv(uint16_t conn, uint16_t cid);
void h7ble_coc_send_ready(uint16_t conn, uint16_t cid, uint8_t status);

/* security.c: pairing and bonding callbacks */
void h7ble_encryption_changed(uint16_t conn, bool encrypted, bool authenticated, bool bonded,
                              uint8_t key_size);
bool h7ble_get_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **value,
                      size_t *value_len);
bool h7ble_set_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *value,
                      size_t value_len);
void h7ble_passkey_action(uint16_t conn, uint8_t action, uint32_t number);

#endif
