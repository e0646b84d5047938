#!/usr/bin/env python3
"""make bench, NUCLEO-H7S3L8 part: programming throughput through the flash
algorithm (scripts/flash.sh h7s3's path) with single and double buffering
and two page sizes, wall and virtual; execute in place: word reads from the
memory-mapped NOR and a counted loop running in place from it, each beside
AXI SRAM (h7s3-flash-test's SysTick), all measured in this run."""
import os
import re
import tempfile

import _h7path  # noqa: F401
from h7tools import flm as flmlib  # noqa: E402
from h7tools import qemu as h7qemu  # noqa: E402
from h7tools import h7s3_flash  # noqa: E402

IMAGE_KIB = 256


def programming(tmp):
    flm = flmlib.Flm(h7s3_flash.FLM)
    image = os.urandom(IMAGE_KIB * 1024)
    rows = []
    for transport, double in (("gdb", False), ("shm", False), ("shm", True)):
        for page in (256, 4096):
            nor = h7qemu.erased_nor(os.path.join(tmp, "nor.bin"))
            s = h7s3_flash.Session(nor, shm=transport == "shm")
            try:
                st = h7s3_flash.program(h7s3_flash.Algo(s.rsp, flm, s.ram), image,
                                        0x70000000, page, double, s.vclock_ns)
            finally:
                s.close()
            rows.append((transport, double, page, IMAGE_KIB / st["program_s"],
                         IMAGE_KIB / st["program_vs"]))
    print(f"FLM programming of {IMAGE_KIB} KiB (erase excluded, read-back verified):")
    print(f"  {'fill':5} {'buffers':8} {'page':>5} {'KiB/s wall':>11} {'KiB/s virtual':>14}")
    for transport, double, page, wall, virt in rows:
        print(f"  {transport:5} {'double' if double else 'single':8} {page:5} {wall:11.0f} "
              f"{virt:14.0f}")
    by = {(t, d, p): w for t, d, p, w, _ in rows}
    for page in (256, 4096):
        print(f"  page {page}: double/single (shm) {by['shm', True, page] / by['shm', False, page]:.2f}"
              f", shm/gdb single {by['shm', False, page] / by['gdb', False, page]:.2f}")


def xip(tmp):
    nor = h7qemu.erased_nor(os.path.join(tmp, "nor.bin"))
    boot = os.path.join(h7qemu.TOP, "build/firmware/h7s3-flash-test.bin")
    with h7qemu.nucleo(boot=boot, nor=nor, timeout=120) as q:
        out = q.serial_read_until("flash-test: ok")
    rate = {m[0]: int(m[1]) for m in re.findall(r"flash-test: (XIP read|AXI SRAM read): .*= (\d+) KiB/s", out)}
    loop = re.search(r"loop of (\d+) rounds: (\d+) ms in place from the NOR, (\d+) ms from AXI",
                     out)
    print("Execute in place (the NUCLEO runs without -icount: its SysTick follows the host's "
          "clock):")
    print(f"  word reads: memory-mapped NOR {rate['XIP read']} KiB/s, AXI SRAM "
          f"{rate['AXI SRAM read']} KiB/s, NOR/SRAM {rate['XIP read'] / rate['AXI SRAM read']:.2f} "
          f"(target >= 0.5)")
    nor_ms, ram_ms = int(loop.group(2)), int(loop.group(3))
    print(f"  a loop of {int(loop.group(1)):,} rounds: {nor_ms} ms in place from the NOR, "
          f"{ram_ms} ms from AXI SRAM, NOR/SRAM {nor_ms / max(ram_ms, 1):.2f} (target <= 1.10)")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        programming(tmp)
        xip(tmp)


if __name__ == "__main__":
    main()
