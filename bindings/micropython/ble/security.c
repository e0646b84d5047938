/*
 * Pairing and bonding for MicroPython's bluetooth module (BLE.gap_pair,
 * config(bond=, mitm=, io=, le_secure=), _IRQ_ENCRYPTION_UPDATE and the
 * _IRQ_GET_SECRET/_IRQ_SET_SECRET key store, _IRQ_PASSKEY_ACTION and
 * BLE.gap_passkey) on the h7stack host's Security Manager
 * (lib/ble/host/smp.c, smp_sc.c: LE legacy and Secure Connections).
 *
 * SPDX-License-Identifier: MIT
 */
#include "py/runtime.h"
#include "py/mperrno.h"
#include "extmod/modbluetooth.h"
#include "ble_host.h"
#include "binding.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING

static uint8_t io_cap = MP_BLUETOOTH_IO_CAPABILITY_NO_INPUT_OUTPUT;
static bool bond, mitm, le_secure;

static void apply(void) {
    h7bt_smp_config(io_cap, bond, mitm, le_secure);
}

void h7ble_encryption_changed(uint16_t conn, bool encrypted, bool authenticated, bool bonded,
                              uint8_t key_size) {
    mp_bluetooth_gatts_on_encryption_update(conn, encrypted, authenticated, bonded, key_size);
}

bool h7ble_get_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **value,
                      size_t *value_len) {
    return mp_bluetooth_gap_on_get_secret(type, 0, key, (uint16_t)key_len, value, value_len);
}

bool h7ble_set_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *value,
                      size_t value_len) {
    return mp_bluetooth_gap_on_set_secret(type, key, key_len, value, value_len);
}

void mp_bluetooth_set_bonding(bool enabled) {
    bond = enabled;
    apply();
}

void mp_bluetooth_set_mitm_protection(bool enabled) {
    mitm = enabled;
    apply();
}

void mp_bluetooth_set_le_secure(bool enabled) {
    le_secure = enabled;
    apply();
}

void mp_bluetooth_set_io_capability(uint8_t capability) {
    io_cap = capability;
    apply();
}

int mp_bluetooth_gap_pair(uint16_t conn_handle) {
    return h7ble_errno(h7bt_smp_pair(conn_handle));
}

void h7ble_passkey_action(uint16_t conn, uint8_t action, uint32_t number) {
    mp_bluetooth_gap_on_passkey_action(conn, action, (mp_int_t)number);
}

/* the host numbers the actions as MicroPython does and checks the passkey's
 * range; numeric comparison takes any non-zero value as yes */
int mp_bluetooth_gap_passkey(uint16_t conn_handle, uint8_t action, mp_int_t passkey) {
    if (action == MP_BLUETOOTH_PASSKEY_ACTION_NUMERIC_COMPARISON) {
        passkey = passkey != 0;
    } else if (passkey < 0 || passkey > 999999) {
        return MP_EINVAL; /* before it is cut to 32 bits */
    }
    return h7ble_errno(h7bt_smp_passkey(conn_handle, action, (uint32_t)passkey));
}

#endif
