#!/usr/bin/env python3
"""MicroPython's perf_bench (tests/perf_bench of the MicroPython source) on
the virtual STM32H747I-DISCO beside the upstream qemu port's MPS2_AN385 build
on the stock mps2-an385 machine, in the same QEMU binary.

Each benchmark is built exactly as tests/run-perfbench.py builds it (the test,
then benchrun.py, then bm_run(N, M)) and run through tools/pyboard.py.  The
upstream qemu port has no time module, so on the an385 a small `time` with
ticks_us/ticks_diff reads the CMSDK timer0 (25 MHz) through machine.mem32;
it is called twice per benchmark, outside the timed code.
Ratio = an385 time / our time: above 1.0 our port is faster.
"""
import glob
import math
import os
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MPY = os.path.join(TOP, ".deps/micropython")
sys.path.insert(0, os.path.join(MPY, "tools"))
import _h7path  # noqa: F401
import pyboard  # noqa: E402
from h7tools import qemu as h7qemu  # noqa: E402

# the same work on both boards (an385 heap: 140 KiB); N=1000 gives each
# benchmark its largest size up to there: runs of 0.1-2 s, except the eight
# whose largest size is N=100's (6-70 ms)
N = int(os.environ.get("H7_BENCH_N", "1000"))
M = 100
REPEAT = int(os.environ.get("H7_BENCH_REPEAT", "3"))
AN385_ELF = os.path.join(TOP, "build/mpy-qemu-an385/firmware.elf")
# need .mpy files on the target's filesystem; the an385 build has none
SKIP = ("benchrun.py", "core_import_mpy_multi.py", "core_import_mpy_single.py")

AN385_TIME = """
import sys, machine
class _time:
    _m = machine.mem32
    _m[0x40000008] = 0xFFFFFFFF
    _m[0x40000004] = 0xFFFFFFFF
    _m[0x40000000] = 1
    @staticmethod
    def ticks_us():
        return (0xFFFFFFFF - _time._m[0x40000004]) // 25
    @staticmethod
    def ticks_diff(a, b):
        return a - b
sys.modules['time'] = _time
"""


def bench_script(path):
    with open(path, "rb") as f:
        test = f.read()
    with open(os.path.join(MPY, "tests/perf_bench/benchrun.py"), "rb") as f:
        run = f.read()
    return test + b"\n" + run + b"\nbm_run(%u, %u)\n" % (N, M)


def run_one(pyb, prelude, path):
    pyb.enter_raw_repl()
    out, err = pyb.exec_raw(prelude + bench_script(path), timeout=300)
    if err:
        raise SystemExit(f"{os.path.basename(path)}: {err.decode()}")
    fields = out.decode().split()
    return None if not fields or fields[0] == "-1" else int(fields[0])


def compare(ours_dev, an385_dev, benches):
    """Run the boards alternately, benchmark by benchmark, so that a change
    of load on the host hits both alike: one run each first that is not
    counted (translation warm-up), then REPEAT timed runs each.  Per board
    and benchmark: the best time and the spread (worst / best - 1), or None
    for a benchmark the board skips."""
    boards, res = [], {}
    try:
        for dev in (ours_dev, an385_dev):          # both closed on any failure
            boards.append(pyboard.Pyboard(dev))
        ours, an385 = boards
        for path in benches:
            times = ([], [])
            for i in range(REPEAT + 1):
                ta = run_one(ours, b"", path)
                tb = run_one(an385, AN385_TIME.encode(), path)
                if i and ta is not None and tb is not None:
                    times[0].append(ta)
                    times[1].append(tb)
            if any(x <= 0 for t in times for x in t):
                raise SystemExit(f"bench_mpy: {os.path.basename(path)} timed at 0 us: {times}")
            res[os.path.basename(path)] = tuple(
                (min(t), max(t) / min(t) - 1) if t else None for t in times)
    finally:
        for b in boards:
            b.close()
    return res


def report(title, res):
    print(title)
    print(f"{'benchmark':28s} {'h747 (ours)':>12s} {'spread':>7s} {'an385':>12s} {'spread':>7s} "
          f"{'ratio':>7s}")
    ratios = []
    for name, (a, b) in res.items():
        if a is None or b is None:
            print(f"{name:28s} {'-':>12s} {'':7s} {'-':>12s} {'':7s} {'skip':>7s}")
            continue
        ratios.append(b[0] / a[0])
        print(f"{name:28s} {a[0]:12d} {a[1]:6.1%} {b[0]:12d} {b[1]:6.1%} {b[0] / a[0]:7.2f}")
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"  geometric mean ratio an385/h747 = {geo:.2f} over {len(ratios)} benchmarks "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target >= 1.0)")


def main():
    only = os.environ.get("H7_BENCH_ONLY", "")       # e.g. "core_str,viper_call1a"
    benches = sorted(p for p in glob.glob(os.path.join(MPY, "tests/perf_bench/*.py"))
                     if os.path.basename(p) not in SKIP and
                     (not only or os.path.basename(p)[:-3] in only.split(",")))
    qemu = h7qemu.QEMU
    for need, how in ((qemu, "make build"), (h7qemu.MPY_FIRMWARE, "make build"),
                      (AN385_ELF, "make bench builds it: make build/mpy-qemu-an385/firmware.elf")):
        if not os.path.exists(need):
            raise SystemExit(f"bench_mpy: no {need} ({how})")
    an385 = (f"{qemu} -machine mps2-an385 -nographic -monitor null -semihosting "
             f"-serial pty -net none -kernel {AN385_ELF}")
    with tempfile.TemporaryDirectory() as tmp:
        ours = f"{TOP}/scripts/run_qemu.sh --serial pty --flash {tmp}/flash.bin"
        res = compare(f"execpty:{ours} --icount off", f"execpty:{an385}", benches)
        report(f"perf_bench N={N} M={M}, wall clock (QEMU speed on this host), best of {REPEAT} "
               f"after one warm-up run, spread = worst / best - 1, times in us:", res)
        # -icount shift=0: one guest instruction = 1 ns of virtual time, so the
        # times count instructions and do not depend on the host's load
        ic = "-icount shift=0"
        res = compare(f"execpty:{ours} -- {ic}", f"execpty:{an385} {ic}", benches)
        report("perf_bench, -icount shift=0 (guest instructions, repeatable), times in us:", res)

if __name__ == "__main__":
    main()
