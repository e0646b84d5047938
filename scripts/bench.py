#!/usr/bin/env python3
"""make bench: figures measured side by side in one run, on this machine.

1. QEMU start to the first byte on USART1 (the bare-metal hello image), and
   to MicroPython's ">>> " prompt (flash and /flash made beforehand, as the
   second run of a board finds them; target 100 ms).
2. QEMU's speed on a fixed CPU-bound guest loop on stm32h747i-disco beside
   the stock mps2-an500 (Cortex-M7) built into the same QEMU binary.  Each
   loop runs twice (short and long); the difference removes start-up cost.
"""
import os
import statistics
import subprocess
import tempfile
import time

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402

FW = os.path.join(h7qemu.TOP, "build/firmware")
SHORT, LONG = 10_000_000, 210_000_000
RUNS = int(os.environ.get("H7_BENCH_RUNS", "5"))


def symbol_offset(elf, name, base):
    out = subprocess.check_output(["arm-none-eabi-nm", elf], text=True)
    for line in out.splitlines():
        addr, _, sym = line.split()
        if sym == name:
            return int(addr, 16) - base
    raise SystemExit(f"bench: {name} not in {elf}")


def patched_image(stem, base, iterations, tmp):
    data = bytearray(open(os.path.join(FW, stem + ".bin"), "rb").read())
    off = symbol_offset(os.path.join(FW, stem + ".elf"), "iterations", base)
    data[off:off + 4] = iterations.to_bytes(4, "little")
    path = os.path.join(tmp, f"{stem}-{iterations}.bin")
    open(path, "wb").write(data)
    return path


def run_loop(machine, image, tmp):
    args = [h7qemu.QEMU, "-M", machine, "-display", "none", "-nodefaults",
            "-semihosting-config", "enable=on,target=native"]
    if machine == "stm32h747i-disco":
        flash = os.path.join(tmp, "flash.bin")
        if os.path.exists(flash):
            os.remove(flash)
        h7qemu.make_flash(flash, image)
        args += ["-drive", f"if=pflash,format=raw,file={flash}"]
    else:
        args += ["-kernel", image, "-net", "none"]
    t0 = time.perf_counter()
    subprocess.run(args, check=True, timeout=600)
    return time.perf_counter() - t0


def first_byte_ms(tmp):
    flash = os.path.join(tmp, "hello-flash.bin")
    h7qemu.make_flash(flash, os.path.join(FW, "h747-bringup.bin"))
    t0 = time.perf_counter()
    with h7qemu.Qemu(flash=flash) as q:
        try:
            q.serial_wait_output(30)
        except h7qemu.QemuError:
            raise SystemExit("bench: no byte on USART1")
        return (time.perf_counter() - t0) * 1000


def prompt_ms(tmp):
    flash = os.path.join(tmp, "mpy-flash.bin")
    if not os.path.exists(flash):
        if not os.path.exists(h7qemu.MPY_FIRMWARE):
            raise SystemExit(f"bench: no {h7qemu.MPY_FIRMWARE}: run 'make build'")
        h7qemu.make_flash(flash, h7qemu.MPY_FIRMWARE)
        with h7qemu.Qemu(flash=flash) as q:      # the first boot makes /flash
            q.serial_read_until(">>> ", timeout=60)
    t0 = time.perf_counter()
    with h7qemu.Qemu(flash=flash) as q:
        q.serial_read_until(">>> ", timeout=60)
        return (time.perf_counter() - t0) * 1000


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fb = [first_byte_ms(tmp) for _ in range(5)]
        print(f"boot: QEMU start to first USART1 byte: median {statistics.median(fb):.1f} ms "
              f"(min {min(fb):.1f}, max {max(fb):.1f}, 5 runs)")
        pr = [prompt_ms(tmp) for _ in range(5)]
        print(f"boot: QEMU start to the MicroPython prompt: median {statistics.median(pr):.1f} ms "
              f"(min {min(pr):.1f}, max {max(pr):.1f}, 5 runs; target 100 ms)")

        per_iter = {}
        for machine, stem, base in (("stm32h747i-disco", "bench_loop_h747", 0x08000000),
                                    ("mps2-an500", "bench_loop_an500", 0x0)):
            short = patched_image(stem, base, SHORT, tmp)
            long_ = patched_image(stem, base, LONG, tmp)
            ts = min(run_loop(machine, short, tmp) for _ in range(RUNS))
            tl = min(run_loop(machine, long_, tmp) for _ in range(RUNS))
            per_iter[machine] = (tl - ts) / (LONG - SHORT)
            print(f"cpu loop: {machine:17s} {per_iter[machine] * 1e9:6.2f} ns/iteration "
                  f"({(LONG - SHORT) / (tl - ts) / 1e6:.1f} M iterations/s; best of {RUNS})")
        ratio = per_iter["mps2-an500"] / per_iter["stm32h747i-disco"]
        print(f"cpu loop: speed ratio stm32h747i-disco / mps2-an500 = {ratio:.3f} "
              f"(target 1.0: our models add no cost)")


if __name__ == "__main__":
    main()
