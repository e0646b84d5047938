# GATT notification throughput: instance0 (peripheral) notifies COUNT values
# of MTU-3 bytes as fast as its host takes them; instance1 (central) counts.
import time, bluetooth

COUNT = 200
MTU = 247
SVC = bluetooth.UUID(0xFFF0)
CHR = (bluetooth.UUID(0xFFF1), bluetooth.FLAG_NOTIFY)
ev = {}
rx = [0, 0, 0]


def irq(event, data):
    if event in (1, 7):
        ev["conn"] = data[0]
    elif event == 18:
        if not rx[0]:
            rx[1] = time.ticks_us()
        rx[0] += len(data[-1])
        rx[2] = time.ticks_us()
    elif event == 21:
        ev["mtu"] = data[1]


def wait(key, ms=5000):
    t = time.ticks_ms()
    while key not in ev:
        if time.ticks_diff(time.ticks_ms(), t) > ms:
            raise OSError("timeout waiting for " + key)
        time.sleep_ms(1)
    return ev[key]


# bench_ble.py sets this, in the copy for a run with the board, to the
# address of lib/ble's heap_peak there (the most the host held on the heap
# at once); None elsewhere
HOST_HEAP_PEAK = None


def heap_metric():
    import sys

    if HOST_HEAP_PEAK and sys.platform == "pyboard":
        import machine

        multitest.output_metric("host heap peak {} bytes".format(machine.mem32[HOST_HEAP_PEAK]))


def instance0():
    ((h,),) = ble.gatts_register_services(((SVC, (CHR,)),))
    ble.gap_advertise(20_000, b"\x02\x01\x06")
    multitest.globals(BDADDR=ble.config("mac"))
    multitest.next()
    c = wait("conn")
    multitest.wait("mtu")
    data = bytes(wait("mtu") - 3)
    t0 = time.ticks_us()
    sent = 0
    while sent < COUNT:
        try:
            ble.gatts_notify(c, h, data)
            sent += 1
        except OSError:
            time.sleep_ms(1)                    # the host's queue is full
    t = time.ticks_diff(time.ticks_us(), t0)
    multitest.output_metric("sender {} bytes {} us".format(COUNT * len(data), t))
    multitest.wait("done")
    heap_metric()
    print("sent", sent)


def instance1():
    ble.config(mtu=MTU)
    multitest.next()
    ble.gap_connect(BDADDR[0], BDADDR[1], 5000)
    c = wait("conn")
    ble.gattc_exchange_mtu(c)
    size = wait("mtu") - 3
    multitest.broadcast("mtu")
    t = time.ticks_ms()
    while rx[0] < COUNT * size and time.ticks_diff(time.ticks_ms(), t) < 20000:
        time.sleep_ms(1)
    multitest.output_metric("receiver {} bytes {} us".format(rx[0], time.ticks_diff(rx[2], rx[1])))
    multitest.broadcast("done")
    ble.gap_disconnect(c)
    heap_metric()
    print("received", rx[0] == COUNT * size)


ble = bluetooth.BLE()
ble.active(1)
ble.irq(irq)
