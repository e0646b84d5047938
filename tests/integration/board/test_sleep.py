"""machine.lightsleep and machine.deepsleep on the virtual STM32H747I-DISCO,
woken by the RTC's wakeup timer: light sleep returns after the time with the
tick count stood still (as the core clock does in Stop) and the RTC on;
deep sleep (Standby) comes back through a reset, reset_cause()
DEEPSLEEP_RESET, the RTC and its backup registers kept, RAM lost."""
import pytest


@pytest.fixture
def board(mpy_board):
    return mpy_board(extra=["-rtc", "base=2031-05-06T07:08:09,clock=vm"])


def rtc_seconds(dt):
    return dt[4] * 3600 + dt[5] * 60 + dt[6] + dt[7] / 1e6


def test_lightsleep_wakes_on_the_rtc_with_the_ticks_stopped(board):
    out = board.run("""
import machine, time, pyb
r = machine.RTC()
rtc_s = lambda d: d[4] * 3600 + d[5] * 60 + d[6] + d[7] / 1e6
d0 = r.datetime(); t0 = time.ticks_ms()
machine.lightsleep(1500)
d1 = r.datetime(); t1 = time.ticks_ms()
woke = []
r.wakeup(200, woke.append)      # the callback is scheduled: it runs after a stop
while not woke:
    pyb.stop()                  # until the next interrupt
d2 = r.datetime(); r.wakeup(None)
print(rtc_s(d2) - rtc_s(d1) >= 0.2)
print(d0, d1, time.ticks_diff(t1, t0))
""", timeout=60)
    stop_ok, line = out.splitlines()
    assert stop_ok == "True", out
    d0, d1, ticks = line.replace(") (", ")|(").replace(") ", ")|").split("|")
    slept = rtc_seconds(eval(d1)) - rtc_seconds(eval(d0))
    assert 1.5 <= slept < 1.52, out                     # the RTC's wakeup, 1/16384 s steps
    assert int(ticks) < 5, out                          # the SysTick stood still


def test_deepsleep_resets_through_standby_keeping_the_rtc(board):
    out = board.run("""
import machine
r = machine.RTC()
print(machine.reset_cause() == machine.DEEPSLEEP_RESET, r.datetime())
""")
    assert out.startswith("False (2031, 5, 6, 2, 7, 8, 9"), out
    board.enter_raw_repl()
    board.serial_write(b"import machine, stm\nstm.mem32[stm.RTC + 0x50] = 0xC0FFEE\n"
                       b"x = 42\nmachine.deepsleep(3000)\n\x04")
    board.serial_read_until(">>> ", timeout=60)            # booted again
    board.enter_raw_repl()
    out = board.run("""
import machine, stm
print(machine.reset_cause() == machine.DEEPSLEEP_RESET, hex(stm.mem32[stm.RTC + 0x50]))
print('x' in globals(), machine.RTC().datetime())
""")
    first, second = out.splitlines()
    assert first == "True 0xc0ffee", out                  # backup register BKP0R kept
    assert second.startswith("False (2031, 5, 6, 2, 7, 8, 1"), out   # 3 s of sleep passed
    assert rtc_seconds(eval(second.split(" ", 1)[1])) - rtc_seconds((0, 0, 0, 0, 7, 8, 9, 0)) >= 3
