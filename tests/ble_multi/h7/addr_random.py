# Random static addresses (config(addr_mode=1)) on both sides: the address
# has its two top bits set, the peer sees address type 1, a connection is
# made to it and pairing works over it.

from micropython import const
import time, machine, bluetooth

TIMEOUT_MS = 5000

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_ENCRYPTION_UPDATE = const(28)

events = {}


def irq(event, data):
    if event in (_IRQ_CENTRAL_CONNECT, _IRQ_PERIPHERAL_CONNECT):
        data = (data[0], data[1], bytes(data[2]))
    elif event == _IRQ_ENCRYPTION_UPDATE:
        data = data[1]
    events[event] = data


def wait_for(event):
    t0 = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), t0) < TIMEOUT_MS:
        if event in events:
            return events.pop(event)
        machine.idle()
    raise ValueError("timeout waiting for {}".format(event))


def own_address():
    addr_type, addr = ble.config("mac")
    print("own address type", addr_type, "static", addr[0] & 0xC0 == 0xC0)
    return addr_type, addr


# Acting in peripheral role.
def instance0():
    multitest.globals(BDADDR=own_address())
    ble.gap_advertise(20_000, b"\x02\x01\x06\x04\xffMPY")
    multitest.next()
    _, peer_type, peer = wait_for(_IRQ_CENTRAL_CONNECT)
    print("central's address type", peer_type)
    multitest.broadcast(peer.hex())
    print("encrypted", wait_for(_IRQ_ENCRYPTION_UPDATE))
    wait_for(_IRQ_CENTRAL_DISCONNECT)
    ble.active(0)


# Acting in central role.
def instance1():
    multitest.next()
    _, addr = own_address()
    ble.gap_connect(*BDADDR)
    conn, peer_type, peer = wait_for(_IRQ_PERIPHERAL_CONNECT)
    print("peripheral's address type", peer_type, "as advertised", peer == BDADDR[1])
    multitest.wait(addr.hex())          # the peripheral saw this address
    print("seen by the peripheral")
    ble.gap_pair(conn)
    print("encrypted", wait_for(_IRQ_ENCRYPTION_UPDATE))
    ble.gap_disconnect(conn)
    wait_for(_IRQ_PERIPHERAL_DISCONNECT)
    ble.active(0)


ble = bluetooth.BLE()
ble.active(1)
ble.config(addr_mode=1, le_secure=True)
ble.irq(irq)
