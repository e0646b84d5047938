#!/usr/bin/env python3
"""make bench, storage part: /flash (littlefs on the Quad-SPI NOR pair)
file write and read throughput per virtual second of the board, beside the
raw NOR's through h747.Flash's block interface (erase + program, read) in
the same run, and the ratio.  Virtual time is the guest's (TIM2 ticks):
the models charge the chips' typical busy times (4 KiB erase 50 ms, page
program 0.12 ms), so the figures follow the chip's, not the host's."""
import os
import re
import tempfile

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402

FIRMWARE = os.path.join(h7qemu.TOP, "build/micropython/firmware.bin")
KIB = 1024                              # bytes moved each way

PROGRAM = f"""
import h747, os, time
dev = h747.Flash()
bs = dev.ioctl(5, 0)
n = {KIB} * 1024 // bs
first = dev.ioctl(4, 0) - n             # the last blocks: littlefs has not used them
buf = bytearray(bs)
for i in range(bs):
    buf[i] = i * 7 & 0xFF
t = time.ticks_us()
for b in range(first, first + n):
    dev.writeblocks(b, buf)             # the simple protocol: erase, then program
raw_w = time.ticks_diff(time.ticks_us(), t)
t = time.ticks_us()
for b in range(first, first + n):
    dev.readblocks(b, buf)
raw_r = time.ticks_diff(time.ticks_us(), t)
t = time.ticks_us()
with open("/flash/bench.bin", "wb") as f:
    for _ in range(n):
        f.write(buf)
fs_w = time.ticks_diff(time.ticks_us(), t)
t = time.ticks_us()
with open("/flash/bench.bin", "rb") as f:
    while f.readinto(buf):
        pass
fs_r = time.ticks_diff(time.ticks_us(), t)
os.remove("/flash/bench.bin")
print("BENCH", raw_w, raw_r, fs_w, fs_r)
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        flash = h7qemu.make_flash(os.path.join(tmp, "flash.bin"), FIRMWARE)
        with h7qemu.Qemu(flash=flash, timeout=600) as q:
            q.enter_raw_repl(timeout=30)
            out, err = q.raw_exec(PROGRAM, timeout=600)
    if err:
        raise SystemExit(f"bench_storage: {err}")
    raw_w, raw_r, fs_w, fs_r = (int(x) for x in re.search(r"BENCH (\d+) (\d+) (\d+) (\d+)",
                                                          out).groups())
    rate = [KIB / (us / 1e6) for us in (raw_w, raw_r, fs_w, fs_r)]
    print(f"/flash on the Quad-SPI NOR, {KIB} KiB each way, KiB per virtual second:")
    print(f"  raw NOR (h747.Flash blocks): write {rate[0]:.0f} (erase + program), read {rate[1]:.0f}")
    print(f"  littlefs file:               write {rate[2]:.0f}, read {rate[3]:.0f}")
    print(f"  file/raw: write {rate[2] / rate[0]:.2f}, read {rate[3] / rate[1]:.2f}")


if __name__ == "__main__":
    main()
