#!/usr/bin/env python3
"""make bench: the display stack (lib/ui, mp_rlvgl), measured side by side.
1. renderer instructions per pixel for a full-screen fill beside memset of
   the same bytes (callgrind, host; target within 1.2x);
2. glyphs per second (host, wall clock);
3. a small change: the dirty-rectangle frame beside a full redraw (callgrind);
4. API operations per second: CPython and MicroPython-unix (wall), and the
   virtual board per second of virtual time;
5. the flash and RAM mp_rlvgl adds to the CM7 image (built with and without
   the user C module; target under 50 KB);
6. full-screen redraws per virtual second on the board's CM4 (its own
   render time of the frame): an opaque fill and a screen of text, at
   -icount shift=1 (2 ns an instruction) and shift=2 (4 ns, 250 MHz: the
   nearest step QEMU offers to the CM4's 200 MHz); the text both through
   the DMA2D (the CM4 image as built) and by the CPU alone (the image
   built again with -DH7_CM4_CPU_TEXT).  The DMA2D model takes a bus
   cycle a pixel."""
import os
import re
import shutil
import subprocess
import tempfile
import time

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402

TOP = h7qemu.TOP
BENCH = os.path.join(TOP, "build/unit/bench_ui_render")
PIXELS = 800 * 480


def instructions(*args):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                        BENCH, *map(str, args)], capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", r.stderr).group(1))


def wall(*args):
    t0 = time.perf_counter()
    subprocess.run([BENCH, *map(str, args)], check=True, capture_output=True)
    return time.perf_counter() - t0


OPS = """
import mp_rlvgl as ui, time
N = %d
ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 0, "y": 0, "w": 10, "h": 10, "color": 0})
t = %s
for i in range(N):
    ui.stack_replace(0, {"kind": "rect", "x": i %% 700, "y": 5, "w": 10, "h": 10, "color": i & 0xFFFF})
ui.present()
print(%s)
"""


FRAMES = """
import mp_rlvgl as ui, time
def redraw(node):
    ui.stack_clear()
    ui.stack_add(0, node)
    ui.present()
    time.sleep_ms(300)
    return ui.stats()['render_us_last']
fill = redraw({"kind": "rect", "x": 0, "y": 0, "w": 800, "h": 480, "color": 0x336699})
ui.stack_clear()
for row in range(30):
    ui.stack_add(row, {"kind": "text", "x": 0, "y": row * 16, "fg": 0xFFFFFF,
                       "text": "".join(chr(0x21 + (row * 7 + k) % 94) for k in range(100))})
ui.present()
time.sleep_ms(300)
print(fill, ui.stats()['render_us_last'])
"""


def cm4_frames(flash, icount):
    with h7qemu.Qemu(flash=flash, timeout=300, icount=icount) as q:
        q.serial_read_until(">>> ", timeout=60)
        q.enter_raw_repl()
        out, err = q.raw_exec(FRAMES)
        if err:
            raise SystemExit("bench_ui: " + err)
        return [int(v) for v in out.split()]


def main():
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests/unit"), BENCH], check=True)
    base = instructions("none", 1)
    fill = (instructions("fill", 10) - base) / 10 / PIXELS
    mset = (instructions("memset", 10) - base) / 10 / PIXELS
    print(f"ui render: full-screen fill {fill:.2f} instructions/pixel, memset of the same bytes "
          f"{mset:.2f}: ratio {fill / mset:.2f} (target <= 1.2)")
    g = (wall("glyphs", 300) - wall("none", 1)) / 300
    print(f"ui render: {3000 / g:,.0f} glyphs/s (a screen of 3000 8x16 glyphs in {g * 1e3:.2f} ms)")
    full1 = instructions("full", 1)
    dirty = (instructions("dirty", 11) - instructions("dirty", 1)) / 10
    full = (instructions("full", 11) - full1) / 10
    print(f"ui render: one 10x10 change among 300 nodes: dirty rectangle {dirty / 1e3:,.0f} k "
          f"instructions, full redraw {full / 1e6:,.1f} M: {full / dirty:.0f}x less work")

    n = 20000
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "ops.py")
        open(script, "w").write(OPS % (n, "time.time()", "N / (time.time() - t)"))
        env = dict(os.environ, PYTHONPATH=os.path.join(TOP, "build/cpython"))
        cpy = float(subprocess.run(["/usr/bin/python3", script], capture_output=True, text=True,
                                   env=env, check=True).stdout)
        mpy = float(subprocess.run([os.path.join(TOP, "build/mpy-unix/micropython"), script],
                                   capture_output=True, text=True, check=True).stdout)
        flash = h7qemu.make_flash(os.path.join(tmp, "flash.bin"),
                                  os.path.join(TOP, "build/micropython/firmware.bin"),
                                  h7qemu.CM4_IMAGE)
        with h7qemu.Qemu(flash=flash, timeout=300) as q:
            q.enter_raw_repl()
            out, err = q.raw_exec(OPS % (n, "time.ticks_us()",
                                         "N * 1000000 // time.ticks_diff(time.ticks_us(), t)"))
            if err:
                raise SystemExit("bench_ui: " + err)
            board = int(out)
        cpu_out = os.path.join(tmp, "firmware-cputext")
        subprocess.run(["make", "-s", "-C", os.path.join(TOP, "firmware"), f"OUT={cpu_out}",
                        "CM4_DEFS=-DH7_CM4_CPU_TEXT", f"{cpu_out}/h747-cm4.bin"],
                       check=True, capture_output=True)
        cpu_flash = h7qemu.make_flash(os.path.join(tmp, "flash-cputext.bin"),
                                      os.path.join(TOP, "build/micropython/firmware.bin"),
                                      os.path.join(cpu_out, "h747-cm4.bin"))
        for icount in ("shift=1", "shift=2"):
            fill_us, text_us = cm4_frames(flash, icount)
            _, cpu_us = cm4_frames(cpu_flash, icount)
            print(f"ui board: full-screen redraw on the CM4 at -icount {icount}: opaque fill "
                  f"{fill_us} us (DMA2D), 3000 glyphs over it {text_us} us through the DMA2D "
                  f"({1e6 / max(text_us, 1):,.1f} frames per virtual second) beside "
                  f"{cpu_us} us by the CPU ({1e6 / max(cpu_us, 1):,.1f}): "
                  f"{cpu_us / max(text_us, 1):.2f}x faster")
    print(f"ui api: stack_replace {cpy:,.0f} ops/s on CPython, {mpy:,.0f} on MicroPython-unix, "
          f"{board:,.0f} per virtual second on the board")

    # the same image without mp_rlvgl (the other modules stay); built
    # afresh, as MicroPython's make does not follow changed flags
    nomod = os.path.join(TOP, "build/micropython-nomod")
    shutil.rmtree(nomod, ignore_errors=True)
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "firmware/h747-cm7"), "-j2",
                    f"BUILD={nomod}", "H7_MODULES_OFF=mp_rlvgl"],
                   check=True, capture_output=True)

    def size(elf):
        out = subprocess.check_output(["arm-none-eabi-size", elf], text=True).splitlines()[1]
        text, data, bss = map(int, out.split()[:3])
        return text + data, data + bss
    with_f, with_r = size(os.path.join(TOP, "build/micropython/firmware.elf"))
    no_f, no_r = size(os.path.join(nomod, "firmware.elf"))
    print(f"ui size: mp_rlvgl adds {(with_f - no_f) / 1024:.1f} KiB of flash and "
          f"{(with_r - no_r) / 1024:.1f} KiB of RAM to the CM7 image (target < 50 KB; "
          f"the LVGL MicroPython binding alone is about 90 KB)")


if __name__ == "__main__":
    main()
