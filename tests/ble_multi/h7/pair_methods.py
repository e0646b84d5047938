# Pairing with the user in the loop, both roles, one connection per round:
# LE Secure Connections passkey entry (right and wrong passkey, one side
# or both typing), numeric comparison (accepted, rejected), legacy passkey
# entry; then bonding, the central re-encrypting from the kept key, and
# pairing again when the peripheral has forgotten it.  The peripheral
# answers _IRQ_PASSKEY_ACTION inside its IRQ handler, the central later
# from its main flow.

from micropython import const
import time, machine, bluetooth

TIMEOUT_MS = 8000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)
_IRQ_ENCRYPTION_UPDATE = const(28)
_IRQ_GET_SECRET = const(29)
_IRQ_SET_SECRET = const(30)
_IRQ_PASSKEY_ACTION = const(31)

_IO_DISPLAY_ONLY = const(0)
_IO_DISPLAY_YESNO = const(1)
_IO_KEYBOARD_ONLY = const(2)
_IO_NO_INPUT_OUTPUT = const(3)

_PASSKEY_ACTION_INPUT = const(2)
_PASSKEY_ACTION_DISPLAY = const(3)
_PASSKEY_ACTION_NUMERIC_COMPARISON = const(4)

_FLAG_READ = const(0x0002)
_FLAG_READ_ENCRYPTED = const(0x0200)

SERVICE_UUID = bluetooth.UUID("A5A5A5A5-FFFF-9999-1111-5A5A5A5A5A5A")
CHAR_UUID = bluetooth.UUID("00000000-1111-2222-3333-444444444444")
SERVICE = (SERVICE_UUID, ((CHAR_UUID, _FLAG_READ | _FLAG_READ_ENCRYPTED),))

PASSKEY = 123456
# name, LE Secure Connections, peripheral's IO, central's IO, the central's
# answer (its passkey, or 1/0 for numeric comparison), bonding
ROUNDS = (
    ("sc passkey", True, _IO_DISPLAY_ONLY, _IO_KEYBOARD_ONLY, PASSKEY, False),
    ("sc passkey mistyped", True, _IO_DISPLAY_ONLY, _IO_KEYBOARD_ONLY, 654321, False),
    ("sc passkey both type", True, _IO_KEYBOARD_ONLY, _IO_KEYBOARD_ONLY, PASSKEY, False),
    ("sc numeric comparison", True, _IO_DISPLAY_YESNO, _IO_DISPLAY_YESNO, 1, False),
    ("sc numeric comparison rejected", True, _IO_DISPLAY_YESNO, _IO_DISPLAY_YESNO, 0, False),
    ("legacy passkey", False, _IO_KEYBOARD_ONLY, _IO_DISPLAY_ONLY, PASSKEY, False),
    ("sc bond", True, _IO_NO_INPUT_OUTPUT, _IO_NO_INPUT_OUTPUT, 0, True),
    ("re-encrypt", True, _IO_NO_INPUT_OUTPUT, _IO_NO_INPUT_OUTPUT, 0, True),
    ("peripheral forgot", True, _IO_NO_INPUT_OUTPUT, _IO_NO_INPUT_OUTPUT, 0, True),
)

events = {}
secrets = {}
set_count = 0
char_handle = None


def irq(event, data):
    global set_count
    if event == _IRQ_GET_SECRET:
        sec_type, index, key = data
        return secrets.get((sec_type, bytes(key) if key else None), None)
    if event == _IRQ_SET_SECRET:
        sec_type, key, value = data
        secrets[(sec_type, bytes(key) if key else None)] = bytes(value) if value else None
        set_count += 1
        return True
    if event == _IRQ_PASSKEY_ACTION:
        conn, action, number = data
        if char_handle is not None:     # the peripheral answers at once
            if action == _PASSKEY_ACTION_NUMERIC_COMPARISON:
                ble.gatts_write(char_handle, str(number))
            ble.gap_passkey(conn, action, 1 if action == _PASSKEY_ACTION_NUMERIC_COMPARISON else PASSKEY)
        events[event] = (action, number)
        return
    if event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
        data = data[2] if data[-1] == CHAR_UUID else None
    elif event == _IRQ_GATTC_READ_RESULT:
        data = bytes(data[-1])
    elif event == _IRQ_ENCRYPTION_UPDATE:
        data = data[1:4]
    elif event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        data = data[0]
    if data is not None:
        events[event] = data


def wait_for(event):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < TIMEOUT_MS:
        if event in events:
            return events.pop(event)
        machine.idle()
    raise ValueError("timeout waiting for {}".format(event))


def setup(le_secure, io, bond):
    global set_count
    ble.config(le_secure=le_secure, io=io, bond=bond, mitm=True)
    set_count = 0


def encryption():
    enc, auth, bonded = wait_for(_IRQ_ENCRYPTION_UPDATE)
    print("encryption update", int(enc), int(auth), int(bonded))
    return enc


# Acting in peripheral role.
def instance0():
    global char_handle
    multitest.globals(BDADDR=ble.config("mac"))
    ((handle,),) = ble.gatts_register_services((SERVICE,))
    char_handle = handle
    multitest.next()
    for i, (name, le_secure, io, _, _, bond) in enumerate(ROUNDS):
        setup(le_secure, io, bond)
        if name == "peripheral forgot":
            secrets.clear()
        ble.gatts_write(handle, "encrypted")
        ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
        multitest.broadcast("adv {}".format(i))
        wait_for(_IRQ_CENTRAL_CONNECT)
        print(name)
        if io != _IO_NO_INPUT_OUTPUT:
            print("passkey action", wait_for(_IRQ_PASSKEY_ACTION)[0])
        encryption()
        print("secrets set", set_count)
        wait_for(_IRQ_CENTRAL_DISCONNECT)
    ble.active(0)


# Acting in central role.
def instance1():
    value_handle = None
    multitest.next()
    for i, (name, le_secure, _, io, answer, bond) in enumerate(ROUNDS):
        setup(le_secure, io, bond)
        multitest.wait("adv {}".format(i))
        ble.gap_connect(*BDADDR)
        conn = wait_for(_IRQ_PERIPHERAL_CONNECT)
        print(name)
        if value_handle is None:
            ble.gattc_discover_characteristics(conn, 1, 65535)
            value_handle = wait_for(_IRQ_GATTC_CHARACTERISTIC_RESULT)
            wait_for(_IRQ_GATTC_CHARACTERISTIC_DONE)
        ble.gap_pair(conn)
        number = None
        if io != _IO_NO_INPUT_OUTPUT:
            action, number = wait_for(_IRQ_PASSKEY_ACTION)
            print("passkey action", action)
            ble.gap_passkey(conn, action, answer)
        if encryption():
            ble.gattc_read(conn, value_handle)
            value = wait_for(_IRQ_GATTC_READ_RESULT)
            if number:
                print("the same number", value == str(number).encode())
            else:
                print("read", value)
        print("secrets set", set_count)
        ble.gap_disconnect(conn)
        wait_for(_IRQ_PERIPHERAL_DISCONNECT)
    ble.active(0)


ble = bluetooth.BLE()
ble.active(1)
ble.irq(irq)
