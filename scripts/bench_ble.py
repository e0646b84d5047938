#!/usr/bin/env python3
"""BLE figures for `make bench`: our host (lib/ble) over Debian's btvirt.

Throughput of GATT notifications and of an L2CAP credit-based channel,
connection set-up and pairing (LE legacy and Secure Connections), each run
by MicroPython's run-multitests.py from scripts/bench_ble/ twice side by side: two unix-port instances, then the
virtual board (HCI on UART8) in the role measured against a unix instance.
Sender figures are in the sender's time: on the board its virtual clock
(QEMU runs it in step with the host's); receiver figures in the receiving
unix instance's time.  btvirt forwards packets at once (no radio, no
connection interval), so these measure the hosts and their transports.

Then the host's flash and RAM on the CM7, from the firmware's link map,
beside NimBLE's published figures for peripheral + central (69 KB flash,
4.5 KB RAM): its static RAM, and the most it held at once on the heap in
each board run above (lib/ble/os's heap_peak, read by the board's copy of
the bench script through machine.mem32 at the address the map gives).
"""
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
import _h7path  # noqa: F401
from h7tools import btvirt as btvirt_server  # noqa: E402

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
BENCH = os.path.join(TOP, "scripts/bench_ble")
MAP = os.path.join(TOP, "build/micropython/firmware.map")
NIMBLE_FLASH, NIMBLE_RAM = 69 * 1024, 4608
RAM_TARGET = 8 * 1024                   # issue 19: static and heap, the multitests' configuration
heap_peaks = {}                         # test: bytes the host held at most on the board's heap


def map_symbol(section, obj):
    """the address of an input section (".bss.heap_peak") of an object in the map"""
    lines = open(MAP).read().split("\n")
    for i, line in enumerate(lines):
        f = line.split()
        if f and f[0] == section:
            f = f[1:] if len(f) > 1 else lines[i + 1].split()
            if len(f) >= 3 and f[2].endswith(obj) and int(f[0], 16):
                return int(f[0], 16)
    raise SystemExit(f"bench_ble: {section} of {obj} is not in {MAP}")


def board_copy(test, tmp):
    """the bench script with the address of the host's heap_peak filled in"""
    src = os.path.join(BENCH, test + ".py")
    text = open(src).read()
    addr = map_symbol(".bss.heap_peak", "lib/ble/os/ble_os.o")
    if "\nHOST_HEAP_PEAK = None\n" not in text:
        raise SystemExit(f"bench_ble: {src} has no HOST_HEAP_PEAK line")
    dst = os.path.join(tmp, test + ".py")
    with open(dst, "w") as f:
        f.write(text.replace("\nHOST_HEAP_PEAK = None\n", f"\nHOST_HEAP_PEAK = {addr:#x}\n"))
    with open(src + ".exp") as a, open(dst + ".exp", "w") as b:
        b.write(a.read())
    return dst


def run(test, where, tmp):
    instances = []
    for w in where.split("|"):
        if w == "unix":
            instances += ["-i", "micropython"]
        else:
            instances += ["-i", f"pyb:execpty:{TOP}/scripts/run_qemu.sh --serial pty "
                                f"--flash {tmp}/flash.bin --ble {btvirt_server.LE_SOCKET}"]
    script = board_copy(test, tmp) if "board" in where else os.path.join(BENCH, test + ".py")
    r = subprocess.run([sys.executable, "run-multitests.py", *instances,
                        script], cwd=MPY_TESTS, capture_output=True,
                       text=True, timeout=300,
                       env=dict(os.environ, MICROPY_MICROPYTHON=f"{TOP}/build/mpy-unix/micropython"))
    if "1 tests passed" not in r.stdout:
        raise SystemExit(f"bench_ble: {test} on {where} failed:\n{r.stdout[-3000:]}")
    if "board" in where:
        m = re.search(r"host heap peak (\d+) bytes", r.stdout)
        if not m:
            raise SystemExit(f"bench_ble: {test} on {where} printed no heap figure")
        heap_peaks[test] = int(m.group(1))
    return r.stdout


def rate(out, who):
    m = re.search(who + r" (\d+) bytes (\d+) us", out)
    return int(m.group(1)) / (int(m.group(2)) / 1e6)


def throughput(test, tmp):
    host = run(test, "unix|unix", tmp)
    board = run(test, "board|unix", tmp)
    print(f"  {test:7} sent, sender's time:   unix {rate(host, 'sender') / 1e3:8.1f} kB/s   "
          f"board {rate(board, 'sender') / 1e3:8.1f} kB/s per virtual s   "
          f"board/unix {rate(board, 'sender') / rate(host, 'sender'):.2f}")
    print(f"  {test:7} received, unix time:   unix {rate(host, 'receiver') / 1e3:8.1f} kB/s   "
          f"board {rate(board, 'receiver') / 1e3:8.1f} kB/s               "
          f"board/unix {rate(board, 'receiver') / rate(host, 'receiver'):.2f}")


def connect(tmp):
    def figures(out):
        c = re.search(r"connect median (\d+) us", out)
        p = re.search(r"pair legacy median (\d+) us sc median (\d+) us", out)
        return int(c.group(1)), int(p.group(1)), int(p.group(2))
    (hc, hl, hs), (bc, bl, bs) = figures(run("connect", "unix|unix", tmp)), \
        figures(run("connect", "unix|board", tmp))
    print(f"  connect (gap_connect to _IRQ_PERIPHERAL_CONNECT, median of 10, central's time): "
          f"unix {hc} us   board {bc} us   board/unix {bc / hc:.1f}")
    print(f"  pairing, Just Works (gap_pair to _IRQ_ENCRYPTION_UPDATE, median of 5, central's "
          f"time): legacy unix {hl} us, board {bl} us, board/unix {bl / hl:.1f};  "
          f"Secure Connections unix {hs} us, board {bs} us, board/unix {bs / hs:.1f};  "
          f"SC/legacy unix {hs / hl:.1f}, board {bs / bl:.1f}")


def footprint():
    """text+rodata and data+bss of the host's objects in the CM7 link map"""
    sizes = {"host": [0, 0], "binding": [0, 0]}
    lines = open(MAP).read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^ (\.(text|rodata|data|bss)\S*)\s*(0x[0-9a-f]+)?\s*(0x[0-9a-f]+)?\s*(\S+)?$",
                     line)
        if not m:
            continue
        if m.group(3) and m.group(4):
            addr, size, obj = m.group(3), m.group(4), m.group(5) or ""
        else:
            nxt = lines[i + 1].split() if i + 1 < len(lines) else []
            if len(nxt) < 3:
                continue
            addr, size, obj = nxt[0], nxt[1], nxt[2]
        if int(addr, 16) == 0:
            continue                                    # discarded by --gc-sections
        part = "host" if "/lib/ble/" in obj else "binding" if "/micropython/ble/" in obj else None
        if part:
            sizes[part][m.group(2) in ("data", "bss")] += int(size, 16)
    (hf, hr), (bf, br) = sizes["host"], sizes["binding"]
    print(f"  CM7 footprint: host (lib/ble) {hf / 1024:.1f} KB flash, {hr / 1024:.1f} KB RAM; "
          f"MicroPython binding {bf / 1024:.1f} KB flash, {br / 1024:.1f} KB RAM")
    print(f"  beside NimBLE (peripheral+central, published): {NIMBLE_FLASH // 1024} KB flash, "
          f"{NIMBLE_RAM / 1024:.1f} KB RAM: flash x{hf / NIMBLE_FLASH:.2f}, RAM x{hr / NIMBLE_RAM:.2f}")
    peaks = ", ".join(f"{t} {b} B" for t, b in heap_peaks.items())
    most = max(heap_peaks.values())
    print(f"  host heap on the board, most held at once: {peaks}; static + the most "
          f"{(hr + most) / 1024:.1f} KB (target <= {RAM_TARGET // 1024} KB: "
          f"{'met' if hr + most <= RAM_TARGET else 'not met'})")


def main():
    print("BLE over btvirt: our host on unix beside the same host on the virtual board")
    with tempfile.TemporaryDirectory() as tmp, btvirt_server.running():
        throughput("notify", tmp)
        throughput("l2cap", tmp)
        connect(tmp)
    footprint()


if __name__ == "__main__":
    main()
