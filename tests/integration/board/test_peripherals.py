"""machine.UART, machine.Timer, machine.RTC and time on the virtual
STM32H747I-DISCO: MicroPython's hardware UART tests with the wiring they
expect, two UARTs wired to each other, the RTC across machine.reset(), a
1 kHz soft timer, and the errors bad arguments give."""
import os
import re
import subprocess
import sys

import pytest
from h7tools import TOP

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
# UART4's TX (PB9) to its RX (PB8), as the tests' pyboard branch wants;
# UART2's TX (PD5) to UART7's RX (PA8) and UART7's TX (PA15) to UART2's RX (PD6)
JUMPERS = "PB9-PB8:PD5-PA8:PA15-PD6"


def test_micropython_hardware_uart_tests(tmp_path):
    target = (f"execpty:{TOP}/scripts/run_qemu.sh --serial pty --flash {tmp_path}/f.bin "
              f"--jumpers {JUMPERS}")
    tests = ["extmod_hardware/machine_uart_irq_rx.py", "extmod_hardware/machine_uart_irq_rxidle.py",
             "extmod/machine_uart_tx.py"]
    r = subprocess.run([sys.executable, "./run-tests.py", "-t", target, "-r", str(tmp_path / "res"),
                        *tests], cwd=MPY_TESTS, capture_output=True, text=True, timeout=600)
    out = r.stdout + r.stderr
    assert re.search(r"^3 tests passed", out, re.M), out[-3000:]


@pytest.fixture
def board(mpy_board):
    return mpy_board(machine=f"stm32h747i-disco,jumpers={JUMPERS}",
                     extra=["-rtc", "base=2031-05-06T07:08:09,clock=vm"])


def test_two_uarts_wired_together(board):
    out = board.run("""
from machine import UART
import time
a = UART(2, 115200, timeout=100)
b = UART(7, 115200, timeout=100, timeout_char=20)
a.write(b"hello from UART2\\n")
print(repr(b.readline()))
b.write(b"and back" * 8)            # 64 bytes: more than the 16-byte FIFO
print(repr(a.read(64)))
print(b.read(1))                     # nothing: None after the timeout
t0 = time.ticks_ms(); b.read(1); print(time.ticks_diff(time.ticks_ms(), t0) >= 100)
c = UART(7, 9600, bits=7, parity=0, stop=2, rxbuf=100)
print(c)
a.init(9600, bits=7, parity=0, stop=2)
a.write("7E2"); a.flush(); print(a.txdone(), c.any(), c.read())
""")
    assert out.splitlines() == [
        "b'hello from UART2\\n'",
        repr(b"and back" * 8),
        "None",
        "True",
        "UART(7, baudrate=9600, bits=7, parity=0, stop=2, flow=0, timeout=0, timeout_char=3, "
        "rxbuf=128)",
        "True 3 b'7E2'",
    ]


def test_uart_errors_name_the_argument(board):
    assert board.errors("from machine import UART\nu = UART(4, 9600)\nu.deinit()", [
        "UART(1, 9600)",
        "UART(3, 9600)",
        "UART(9)",
        "UART(2, 9600, bits=6)",
        "UART(2, 9600, stop=3)",
        "UART(2, 9600, parity=2)",
        "UART(2, 9600, bits=9, parity=1)",
        "UART(2, 0)",
        "UART(2, 9600, rxbuf=1 << 20)",
        "UART(4, 9600, flow=UART.RTS)",
        "UART(2, 9600, flow=4)",
        "UART(2, 9600).irq(print, 1 << 12)",
        'u.write("x")',
    ]) == [
        "ValueError UART(1) is the REPL console",
        "ValueError UART(3) doesn't exist",
        "ValueError UART(9) doesn't exist",
        "ValueError bits must be 7, 8 or 9",
        "ValueError stop must be 1 or 2",
        "ValueError parity must be None, 0 (even) or 1 (odd)",
        "ValueError bits: 9 data bits leave no room for parity",
        "ValueError baudrate must be positive",
        "ValueError rxbuf: at most 65536",
        "ValueError flow: UART(4) has no free RTS/CTS pins on this board (UART(2) has, on PD4/PD3)",
        "ValueError flow must be 0, RTS, CTS or RTS|CTS",
        "ValueError trigger: IRQ_RX, IRQ_RXIDLE or IRQ_BREAK",
        "OSError [Errno 1] EPERM",
    ]


def test_rts_cts_flow_control_loses_nothing(mpy_board):
    """UART(2) looped back on itself, TX to RX and RTS (PD4) to CTS (PD3):
    with flow=RTS|CTS a receiver that is not read stops the sender once its
    FIFO is full (write() returns short), and every byte arrives, in order,
    with no overrun, as the reader drains it; the same writes without flow
    control overrun the receiver."""
    board = mpy_board(machine="stm32h747i-disco,jumpers=PD5-PD6:PD4-PD3")
    out = board.run("""
from machine import UART, Pin, mem32
ISR = 0x40004400 + 0x1C
data = bytes(range(64))
for flow in (UART.RTS | UART.CTS, 0):
    u = UART(2, 115200, flow=flow, rxbuf=0, timeout=50, timeout_char=5)
    first = n = u.write(data)
    got = u.read() or b''
    ore = mem32[ISR] >> 3 & 1
    if n < len(data):
        n += u.write(data[n:])
        got += u.read() or b''
    print(flow, first, n, got == data, len(got), ore)
    if flow:
        print(Pin('PD4'), Pin('PD3'))
    u.deinit()
print(Pin('PD4').mode() == Pin.ALT, Pin('PD3').mode() == Pin.ALT)
""")
    lines = out.splitlines()
    flow, first, n, same, received, ore = lines[0].split()
    assert (flow, n, same, received, ore) == ("3", "64", "True", "64", "0"), out
    # held: the reader's 16-byte FIFO and the writer's full, the rest waited
    assert 32 <= int(first) < 64, out
    # the pins in USART2's alternate function (AF7) while it runs, released after
    assert lines[1] == ("Pin(Pin.cpu.D4, mode=Pin.ALT, alt=7) "
                        "Pin(Pin.cpu.D3, mode=Pin.ALT, alt=7)"), out
    flow, first, n, same, received, ore = lines[2].split()
    assert (flow, first, same, ore) == ("0", "64", "False", "1"), out   # written, then lost
    assert int(received) < 64, out
    assert lines[3] == "False False", out


def test_soft_timer_1khz_calls_back_1000_times_a_virtual_second(board):
    out = board.run("""
import machine, time
n = 0
def cb(t):
    global n
    n += 1
t0 = time.ticks_us()
t = machine.Timer(freq=1000, callback=cb)
# busy, not asleep: virtual time then comes from the instructions alone
# (an idle board's time follows the host's clock, whose stalls would show)
while time.ticks_diff(time.ticks_us(), t0) < 1_000_000:
    pass
t.deinit()
t1 = time.ticks_us()
time.sleep_ms(20)                  # callbacks still queued at deinit() run
print(n, time.ticks_diff(t1, t0) // 1000)
""")
    n, ms = map(int, out.split())
    # a callback at 1, 2, ... ms after the start: one per elapsed ms
    assert 1000 <= ms <= 1002 and abs(n - ms) <= 1, out


def test_rtc_starts_from_rtc_base_and_survives_machine_reset(board):
    # machine.reset() is the chip's software reset (SFTRSTF): SOFT_RESET, as
    # on MicroPython's stm32 boards
    out = board.run("""
import machine, time
r = machine.RTC()
print(r.datetime()[:7], time.localtime()[:6])
r.datetime((2040, 2, 29, 3, 23, 59, 58, 0))
""")
    # the calendar started at 07:08:09 when the machine was created; the
    # boot (a first mkfs of /flash) takes a second or two of virtual time
    m = re.fullmatch(r"\(2031, 5, 6, 2, 7, 8, (\d+)\) \(2031, 5, 6, 7, 8, (\d+)\)",
                     out.splitlines()[0])
    assert m and 9 <= int(m.group(1)) <= 12 and 0 <= int(m.group(2)) - int(m.group(1)) <= 1, out
    board.serial_write(b"import machine; machine.reset()\r\x04")
    board.serial_read_until(">>> ", timeout=30)
    board.enter_raw_repl()
    out = board.run("""
import machine, time
time.sleep_ms(2100)
d = machine.RTC().datetime()
print(d[:4], d[4:7] >= (0, 0, 0), d[4:7] < (0, 0, 10), machine.reset_cause() == machine.SOFT_RESET)
print(time.gmtime(time.time())[:3])
""")
    assert out.splitlines() == ["(2040, 3, 1, 4) True True True", "(2040, 3, 1)"]


def test_rtc_wakeup_and_bad_datetime(board):
    out = board.run("""
import machine, time
r = machine.RTC()
n = [0]
def cb(rtc):
    n[0] += 1
r.wakeup(100, cb)
time.sleep_ms(1050)
r.wakeup(None)
print(n[0])
for bad in ((2014, 2, 30, 1, 0, 0, 0, 0), (1999, 1, 1, 1, 0, 0, 0, 0), (2014, 1, 1, 8, 0, 0, 0, 0),
            (2014, 1, 1, 1, 24, 0, 0, 0), (2014, 1)):
    try:
        r.datetime(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    r.calibration(513)
except ValueError as e:
    print(e)
""")
    assert out.splitlines() == [
        "10",
        "ValueError datetime: day out of range",
        "ValueError datetime: year out of range",
        "ValueError datetime: weekday out of range",
        "ValueError datetime: hours out of range",
        "TypeError datetime: a tuple of 7 or 8 items",
        "calibration: -511 to 512",
    ]


def test_wdt_not_fed_resets_the_board(board):
    out = board.run("""
import machine
for bad in (0, 40000):
    try:
        machine.WDT(timeout=bad)
    except ValueError as e:
        print(e)
try:
    machine.WDT(id=1, timeout=100)
except ValueError as e:
    print(e)
""")
    assert out.splitlines() == ["timeout: 1 to 32768 ms", "timeout: 1 to 32768 ms",
                                "WDT id must be 0"]
    board.serial_write(b"import machine, time\r\nw = machine.WDT(timeout=100)\r\n"
                       b"time.sleep_ms(300)\r\nprint('still here')\r\n\x04")
    out = board.serial_read_until("MicroPython v", timeout=30)   # the banner again
    assert "still here" not in out
    board.serial_read_until(">>> ", timeout=30)
    board.enter_raw_repl()
    assert board.run("import machine\nprint(machine.reset_cause() == machine.WDT_RESET)") == "True\n"


def run_example(tmp_path, name, opts=(), qemu=()):
    cmd = [f"{TOP}/scripts/run_qemu.sh", "--flash", str(tmp_path / "f.bin"), *opts,
           "--exec", f"{TOP}/examples/{name}"]
    r = subprocess.run(cmd + (["--", *qemu] if qemu else []), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_examples_run_as_their_headers_say(tmp_path):
    out = run_example(tmp_path, "uart_echo.py", opts=["--jumpers", "PD5-PA8:PA15-PD6"])
    lines = [line.split(" us")[0].rsplit(" ", 1) for line in out.splitlines()]
    assert [l[0] for l in lines] == ["b'hello' -> b'HELLO'", "b'from' -> b'FROM'",
                                     "b'uart2' -> b'UART2'"], out
    # 5 characters out and 5 back at 115200 8N1 take 868 us at the least
    assert all(int(l[1]) >= 868 for l in (lines[0], lines[2])), out
    out = run_example(tmp_path, "i2c_sensor.py",
                      qemu=["-device", "tmp105,bus=i2c1,address=0x48,id=temp"])
    assert out.splitlines()[:2] == ["devices on I2C1: ['0x48']", "temperature: 0.0 C"], out
    out = run_example(tmp_path, "servo_pwm.py")
    lines = out.splitlines()
    # -90..90 degrees: 1500 us -/+ 970, clamped to the 640..2420 us range
    assert [l.split()[3] for l in lines[:5]] == ["640", "1015", "1500", "1985", "2420"], out
    assert lines[5] == "after a timed move: angle -45", out
    card = tmp_path / "card.img"
    with open(card, "wb") as f:
        f.truncate(16 * 1024 * 1024)
    for n in (5, 10):                                  # a second run appends
        out = run_example(tmp_path, "sd_log.py", qemu=["-drive", f"if=sd,format=raw,file={card}"])
        assert out.splitlines()[-1].startswith(f"{n} lines in /sd/log.csv, the last:"), out
    out = run_example(tmp_path, "adc_qmp.py")
    # nothing set over QMP: 0 V, the model's 25 C, VREF+ from VREFINT
    assert out.splitlines() == ["PC0 0.000 V (raw 0), core 25.0 C, VREF+ 3.30 V"], out
    assert lines[6:] == [f"PWM 1000 Hz duty_u16 {d} duty_ns {ns}" for d, ns in
                         ((0, 0), (16384, 250000), (32768, 500000), (65535, 1000000))], out


def test_window_watchdog_resets_the_board(board):
    """WWDG1 (driven from Python through stm.mem32: the port has no API for
    it) resets the board when not refreshed; reset_cause() says WDT_RESET."""
    board.serial_write(b"import stm, time\r\n"
                       b"stm.mem32[0x50003004] = 0x3 << 11 | 0x7F\r\n"   # WDGTB /8: about 33 ms
                       b"stm.mem32[0x50003000] = 0x80 | 0x7F\r\n"        # WDGA
                       b"time.sleep_ms(200)\r\nprint('still here')\r\n\x04")
    out = board.serial_read_until("MicroPython v", timeout=30)
    assert "still here" not in out
    board.serial_read_until(">>> ", timeout=30)
    board.enter_raw_repl()
    assert board.run("import machine\nprint(machine.reset_cause() == machine.WDT_RESET)") == "True\n"
