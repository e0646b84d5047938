#!/usr/bin/env python3
"""make bench: the inter-core channel on the virtual board.  MicroPython on
the CM7 sends to the CM4 echo firmware; time.ticks_us is TIM2, which runs on
QEMU's virtual clock, so the figures are per second of virtual time (wall
time beside them).
1. round trips: send 16 bytes, wait for the echo, N times;
2. streaming: records of 256 bytes with up to 8 KB in flight."""
import os
import tempfile
import time

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402

FIRMWARE = os.path.join(h7qemu.TOP, "build/micropython/firmware.bin")
N_RTT, N_STREAM = 5000, 20000

CODE = f"""
import ipc, time
b16 = bytes(16)
t0 = time.ticks_us()
for i in range({N_RTT}):
    ipc.send(b16)
    ipc.recv()
t1 = time.ticks_us()
b256 = bytes(256)
sent = got = 0
while got < {N_STREAM}:
    while sent < {N_STREAM} and sent - got < 30:
        ipc.send(b256)
        sent += 1
    ipc.recv()
    got += 1
t2 = time.ticks_us()
s = ipc.stats()
print(time.ticks_diff(t1, t0), time.ticks_diff(t2, t1), s['sleeps'], s['bells'])
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        flash = h7qemu.make_flash(os.path.join(tmp, "flash.bin"), FIRMWARE, h7qemu.CM4_IMAGE)
        with h7qemu.Qemu(flash=flash, timeout=120) as q:
            q.enter_raw_repl()
            w0 = time.perf_counter()
            out, err = q.raw_exec(CODE)
            wall = time.perf_counter() - w0
            if err:
                raise SystemExit("bench_ipc: " + err)
    rtt_us, stream_us, sleeps, bells = map(int, out.split())
    print(f"ipc board: {N_RTT} round trips of 16 bytes CM7->CM4->CM7: "
          f"{N_RTT / (rtt_us / 1e6):,.0f} per virtual second "
          f"({rtt_us / N_RTT:.1f} us each, from MicroPython)")
    print(f"ipc board: {N_STREAM} records of 256 bytes streamed and echoed: "
          f"{N_STREAM / (stream_us / 1e6):,.0f} records per virtual second, "
          f"{N_STREAM * 256 / (stream_us / 1e6) / 1e6:.2f} MB/s each way")
    print(f"ipc board: CM7 slept {sleeps} times, rang the CM4 {bells} times; "
          f"wall time for both runs {wall:.2f} s")


if __name__ == "__main__":
    main()
