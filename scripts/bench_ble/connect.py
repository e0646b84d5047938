# Connection set-up and pairing: instance1 (central) connects to instance0
# ROUNDS times and times gap_connect to _IRQ_PERIPHERAL_CONNECT on its own
# clock; on each link it pairs, Just Works, LE legacy in the first half of
# the rounds and LE Secure Connections in the second, and times gap_pair to
# _IRQ_ENCRYPTION_UPDATE.  Each host makes its P-256 key pair once, in its
# first Secure Connections pairing after power-on; the median leaves that
# one out.
import time, bluetooth

ROUNDS = 10
ev = {}


def irq(event, data):
    if event in (1, 7):
        ev["conn"] = (data[0], time.ticks_us())
    elif event == 28:
        ev["enc"] = (data[1], time.ticks_us())
    elif event in (2, 8):
        ev["gone"] = True
        if event == 2:
            ble.gap_advertise(20_000, b"\x02\x01\x06")


def wait(key, ms=5000):
    t = time.ticks_ms()
    while key not in ev:
        if time.ticks_diff(time.ticks_ms(), t) > ms:
            raise OSError("timeout waiting for " + key)
        time.sleep_ms(1)
    return ev.pop(key)


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
    ble.gap_advertise(20_000, b"\x02\x01\x06")
    multitest.globals(BDADDR=ble.config("mac"))
    multitest.next()
    multitest.wait("done")
    heap_metric()
    print("peripheral done")


def instance1():
    multitest.next()
    times, pair = [], ([], [])
    for i in range(ROUNDS):
        sc = i >= ROUNDS // 2
        ble.config(le_secure=sc)
        t0 = time.ticks_us()
        ble.gap_connect(BDADDR[0], BDADDR[1], 5000)
        c, t1 = wait("conn")
        times.append(time.ticks_diff(t1, t0))
        t1 = time.ticks_us()
        ble.gap_pair(c)
        enc, t2 = wait("enc")
        if enc:
            pair[sc].append(time.ticks_diff(t2, t1))
        ble.gap_disconnect(c)
        wait("gone")
        # btvirt's shim (tests/ble/h4_frame_shim.c) holds each Disconnection
        # Complete one connection interval (50 ms), one client after the
        # other: the peripheral hears of the link's end 50 ms after us and
        # only then advertises again; connecting before that would time
        # the central's retries instead of the connection set-up
        time.sleep_ms(100)
    times.sort()
    legacy, secure = sorted(pair[0]), sorted(pair[1])
    multitest.output_metric("connect median {} us min {} us".format(times[ROUNDS // 2], times[0]))
    multitest.output_metric(
        "pair legacy median {} us sc median {} us".format(legacy[len(legacy) // 2], secure[len(secure) // 2])
    )
    multitest.broadcast("done")
    heap_metric()
    print("connected", len(times), "paired", len(legacy), len(secure))


ble = bluetooth.BLE()
ble.config(le_secure=True)      # the peripheral: Secure Connections when asked
ble.active(1)
ble.irq(irq)
