/*
 * Pairing and bonding for MicroPython's bluetooth module (BLE.gap_pair,
 * config(bond=, mitm=, io=, le_secure=), _IRQ_ENCRYPTION_UPDATE and the
 * _IRQ_GET_SECRET/_IRQ_SET_SECRET key store) on the h7stack host's
 * Security Manager (lib/ble/host/smp.c: legacy Just Works pairing).
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
static bool bond, mitm;

static void apply(void)
{
    ble_smp_config(io_cap, bond, mitm);
}

void h7ble_encryption_changed(uint16_t conn, bool encrypted, bool authenticated, bool bonded,
                              uint8_t key_size)
{
    mp_bluetooth_gatts_on_encryption_update(conn, encrypted, authenticated, bonded, key_size);
}

bool h7ble_get_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **value,
                      size_t *value_len)
{
    return mp_bluetooth_gap_on_get_secret(type, 0, key, (uint16_t)key_len, value, value_len);
}

bool h7ble_set_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *value,
                      size_t value_len)
{
    return mp_bluetooth_gap_on_set_secret(type, key, key_len, value, value_len);
}

void mp_bluetooth_set_bonding(bool enabled)
{
    bond = enabled;
    apply();
}

void mp_bluetooth_set_mitm_protection(bool enabled)
{
    mitm = enabled;
    apply();
}

/* LE Secure Connections are not there yet: pairing stays legacy */
void mp_bluetooth_set_le_secure(bool enabled)
{
    (void)enabled;
}

void mp_bluetooth_set_io_capability(uint8_t capability)
{
    io_cap = capability;
    apply();
}

int mp_bluetooth_gap_pair(uint16_t conn_handle)
{
    return h7ble_errno(ble_smp_pair(conn_handle));
}

/* Just Works only: there is never a passkey to answer */
int mp_bluetooth_gap_passkey(uint16_t conn_handle, uint8_t action, mp_int_t passkey)
{
    (void)conn_handle;
    (void)action;
    (void)passkey;
    return MP_EOPNOTSUPP;
}

#endif
