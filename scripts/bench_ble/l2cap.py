# L2CAP credit-based channel throughput: instance0 (peripheral) listens and
# sends TOTAL bytes in SDUs of the channel's MTU; instance1 (central)
# connects the channel and reads them.
import time, bluetooth

PSM = 22
MTU = 512
TOTAL = 32768
ev = {}
rx = [0, 0, 0]
buf = bytearray(MTU)


def irq(event, data):
    if event in (1, 7):
        ev["conn"] = data[0]
    elif event == 23:                           # _IRQ_L2CAP_CONNECT
        ev["cid"] = data[1]
    elif event == 25:                           # _IRQ_L2CAP_RECV
        conn, cid = data
        while True:
            n = ble.l2cap_recvinto(conn, cid, buf)
            if not n:
                break
            if not rx[0]:
                rx[1] = time.ticks_us()
            rx[0] += n
            rx[2] = time.ticks_us()
    elif event == 26:                           # _IRQ_L2CAP_SEND_READY
        ev["ready"] = True


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
    ble.l2cap_listen(PSM, MTU)
    multitest.next()
    c = wait("conn")
    cid = wait("cid")
    data = bytes(MTU)
    t0 = time.ticks_us()
    sent = 0
    while sent < TOTAL:
        if not ble.l2cap_send(c, cid, data):
            wait("ready")                       # out of credits
        sent += len(data)
    t = time.ticks_diff(time.ticks_us(), t0)
    multitest.output_metric("sender {} bytes {} us".format(sent, t))
    multitest.wait("done")
    heap_metric()
    print("sent", sent)


def instance1():
    multitest.next()
    ble.gap_connect(BDADDR[0], BDADDR[1], 5000)
    c = wait("conn")
    ble.l2cap_connect(c, PSM, MTU)
    wait("cid")
    t = time.ticks_ms()
    while rx[0] < TOTAL and time.ticks_diff(time.ticks_ms(), t) < 20000:
        time.sleep_ms(1)
    multitest.output_metric("receiver {} bytes {} us".format(rx[0], time.ticks_diff(rx[2], rx[1])))
    multitest.broadcast("done")
    ble.gap_disconnect(c)
    heap_metric()
    print("received", rx[0])


ble = bluetooth.BLE()
ble.active(1)
ble.irq(irq)
