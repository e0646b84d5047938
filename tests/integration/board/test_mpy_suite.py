"""MicroPython's own test suite (tests/run-tests.py from the MicroPython
source) on the virtual STM32H747I-DISCO, over a pty as on a real board.
H7_MPY_MODES (comma-separated; `make test-mpy` sets all three) chooses the
ways MicroPython's CI runs its QEMU boards: plain (the default), via-mpy
(each test compiled by mpy-cross from the same source), native (and
compiled with the native emitter)."""
import os
import re
import subprocess
import sys

import pytest

from h7tools import TOP

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
SKIPS = os.path.join(TOP, "tests/micropython/skips.txt")
TEST_DIRS = ["basics", "micropython", "misc", "extmod", "float", "stress",
             "inlineasm/thumb", "unicode"]


def documented():
    skips, excludes = set(), []
    for line in open(SKIPS):
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "skip":
            skips.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "exclude":
            excludes.append(parts[1])
    return skips, excludes


MODES = {"plain": [], "via-mpy": ["--via-mpy"], "native": ["--via-mpy", "--emit", "native"]}


@pytest.mark.long
@pytest.mark.parametrize("mode", os.environ.get("H7_MPY_MODES", "plain").split(","))
def test_micropython_test_suite(tmp_path, mode):
    skips, excludes = documented()
    flash = tmp_path / "flash.bin"
    target = f"execpty:{TOP}/scripts/run_qemu.sh --serial pty --flash {flash}"
    cmd = [sys.executable, "./run-tests.py", "-t", target, "-r", str(tmp_path / "results"),
           *MODES[mode], "-d", *TEST_DIRS]
    for e in excludes:
        cmd += ["-e", "^" + re.escape(e) + "$"]
    r = subprocess.run(cmd, cwd=MPY_TESTS, capture_output=True, text=True, timeout=1500)
    out = r.stdout + r.stderr
    passed = int(re.search(r"^(\d+) tests passed", out, re.M).group(1))
    m = re.search(r"^(\d+) tests skipped: (.*)$", out, re.M)
    skipped = set(m.group(2).split()) if m else set()
    m = re.search(r"^(\d+) tests failed: (.*)$", out, re.M)
    failed = m.group(2).split() if m else []
    print(f"\nMicroPython test suite ({mode}) on the virtual board: {passed} passed, "
          f"{len(failed)} failed, {len(skipped)} skipped, {len(excludes)} excluded")
    assert not failed, f"failed: {failed}\n{out[-3000:]}"
    assert passed >= 850
    if mode != "plain":
        return  # run-tests.py skips more by itself in these modes
    assert skipped - skips == set(), f"skips not documented in {SKIPS}: {skipped - skips}"
    assert skips - skipped == set(), f"documented skips that now run: {skips - skipped}"
    for must in ("extmod/vfs_lfs.py", "extmod/asyncio_basic.py", "extmod/machine1.py",
                 "extmod/vfs_rom.py", "extmod/marshal_micropython.py"):
        assert re.search(r"^pass\s+" + re.escape(must), out, re.M), must
