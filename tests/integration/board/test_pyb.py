"""The pyb and stm modules on the virtual STM32H747I-DISCO: LEDs seen from
QMP, the USER switch and its callback from QMP, ExtInt, pyb.I2C on an
EEPROM, freq() from the RCC, the errors; and MicroPython's
tests/ports/stm32 as run-tests.py runs them on this platform: every test
passes or skips except those tests/micropython/skips.txt lists as written
for a pyboard, each with its reason."""
import os
import re
import subprocess
import sys

import pytest
from h7tools import TOP

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
SKIPS = os.path.join(TOP, "tests/micropython/skips.txt")


@pytest.fixture
def board(mpy_board):
    return mpy_board(extra=[
        "-device", "at24c-eeprom,bus=i2c1,address=0x50,rom-size=256"])


def test_leds_switch_and_extint(board):
    board.run("import pyb\npyb.LED(2).on()\npyb.LED(3).on()\npyb.LED(3).toggle()")
    assert [board.prop("/machine", f"led-ld{i}") for i in range(1, 5)] == [False, True, False, False]
    out = board.run("""
import pyb
print(pyb.LED(2), pyb.LED(2).intensity(), pyb.LED(1).intensity())
sw = pyb.Switch()
presses = []
sw.callback(lambda: presses.append(1))
print(sw())
""")
    assert out.splitlines() == ["LED(2) 255 0", "False"]
    board.set_prop("/machine", "button-user", True)
    out = board.run("pyb.delay(20)\nprint(sw(), len(presses))")
    assert out.strip() == "True 1"
    out = board.run("""
lines = []
e = pyb.ExtInt(pyb.Pin("PE3"), pyb.ExtInt.IRQ_RISING, pyb.Pin.PULL_DOWN, lines.append)
print(e.line())
e.swint()
e.disable()
e.swint()
print(lines)
""")
    assert out.splitlines() == ["3", "[3, 3]"]


def test_i2c_freq_and_time(board):
    out = board.run("""
import pyb
i2c = pyb.I2C(1, pyb.I2C.CONTROLLER, baudrate=100000)
print(i2c.scan(), i2c.is_ready(0x50), i2c.is_ready(0x51))
i2c.mem_write(b"pyb!", 0x50, 0x10)
pyb.delay(5)
print(i2c.mem_read(4, 0x50, 0x10))
print(pyb.freq())
t = pyb.millis(); pyb.delay(50); print(40 <= pyb.elapsed_millis(t) <= 60)
t = pyb.micros(); pyb.udelay(500); print(450 <= pyb.elapsed_micros(t) <= 1000)
print(pyb.disable_irq(), pyb.disable_irq()); pyb.enable_irq(False); pyb.enable_irq()
print(len(pyb.unique_id()), 0 <= pyb.rng() < 1 << 30, pyb.have_cdc())
""")
    assert out.splitlines() == [
        "[80] True False", "b'pyb!'", "(400000000, 200000000, 100000000, 100000000)",
        "True", "True", "True False", "12 True False"]


def test_errors(board):
    assert board.errors("import pyb", [
        "pyb.LED(5)",
        'pyb.LED("1")',
        "pyb.LED(1).intensity(300)",
        "pyb.I2C(0)",
        "pyb.I2C(3)",
        "pyb.I2C(1, pyb.I2C.PERIPHERAL)",
        "pyb.I2C(1).scan()",
        "pyb.Switch().callback(5)",
        "pyb.repl_uart(pyb.UART(2, 9600))",
    ]) == [
        "ValueError LED(5) doesn't exist",
        "TypeError LED id must be an int",
        "ValueError intensity: 0 to 255",
        "ValueError I2C(0) doesn't exist",
        "ValueError I2C(3) doesn't exist",
        "ValueError mode: only I2C.CONTROLLER (no peripheral mode here)",
        "OSError [Errno 1] EPERM",
        "TypeError callback must be callable or None",
        "ValueError repl_uart: the REPL is fixed on USART1",
    ]


def pyboard_only():
    tests = {}
    for line in open(SKIPS):
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0] == "pyboard":
            tests[parts[1]] = parts[2].strip()
    return tests


def test_micropython_ports_stm32_tests(tmp_path):
    target = f"execpty:{TOP}/scripts/run_qemu.sh --serial pty --flash {tmp_path}/f.bin"
    r = subprocess.run([sys.executable, "./run-tests.py", "-t", target, "-r", str(tmp_path / "r"),
                        "-d", "ports/stm32"], cwd=MPY_TESTS, capture_output=True, text=True,
                       timeout=600)
    out = r.stdout + r.stderr
    m = re.search(r"^\d+ tests failed: (.*)$", out, re.M)
    failed = set(m.group(1).split()) if m else set()
    passed = int(re.search(r"^(\d+) tests passed", out, re.M).group(1))
    known = pyboard_only()
    print(f"\ntests/ports/stm32: {passed} passed, {len(failed)} failed (all written for a "
          f"pyboard: {sorted(failed)})")
    assert failed - set(known) == set(), f"new failures: {failed - set(known)}\n{out[-3000:]}"
    assert set(known) - failed == set(), f"documented as failing, now passing: {set(known) - failed}"
    for must in ("rtc", "irq", "modstm", "modtime", "switch", "i2c"):
        assert re.search(rf"^pass\s+ports/stm32/{must}\.py", out, re.M), must
