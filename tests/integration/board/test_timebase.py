"""The time base through a host stall.  Without -icount QEMU's virtual
clock is the host's, also while the process is stopped (SIGSTOP here, as
a loaded host deschedules it); on SIGCONT the SysTick expiries missed
meanwhile come at once and merge, as on a core that kept interrupts
masked that long (counting SysTick interrupts, the board lost all 600 ms
of such a stall).  time.ticks_us must
still follow the virtual clock, which TIM2, free-running, counts without
any interrupt."""
import os
import signal
import time

PRESCALER = 199         # TIM2 at its source clock / 200
CODE = f"""
import pyb, time
t = pyb.Timer(2, prescaler={PRESCALER}, period=0x3FFFFFFF)
hz = t.source_freq() // {PRESCALER + 1}
c0, u0 = t.counter(), time.ticks_us()
pyb.delay(3000)
c1, u1 = t.counter(), time.ticks_us()
t.deinit()
print((c1 - c0) * 1000000 // hz, time.ticks_diff(u1, u0))
"""


def stall(q, code, after):
    """Send code, then stop QEMU for 0.6 s, after seconds, as a busy host
    would deschedule it."""
    q.raw_send(code)
    time.sleep(after)
    os.kill(q.proc.pid, signal.SIGSTOP)
    try:
        time.sleep(0.6)
    finally:
        os.kill(q.proc.pid, signal.SIGCONT)


def test_ticks_follow_the_virtual_clock_through_a_host_stall(mpy_board):
    q = mpy_board(icount="off")
    stall(q, CODE, 0.5)
    timer_us, ticks_us = map(int, q.raw_result(timeout=30).split())
    assert timer_us >= 2_900_000, (timer_us, ticks_us)              # the delay ran
    assert abs(ticks_us - timer_us) < 5000, (timer_us, ticks_us)


COUNT = """
import pyb
n = [0]
def tick(t):
    n[0] += 1
t = pyb.Timer(7, freq=1000, callback=tick)
pyb.delay(1000)
t.deinit()
print(n[0])
"""


def test_a_1khz_timer_loses_no_interrupt_through_a_host_stall(mpy_board):
    """With the tests' -icount shift=1,sleep=on a sleeping core's virtual
    time follows the host's; the warp that ends its sleep must stop at the
    deadline it slept for (patches/qemu/icount-warp-deadline.patch), or a
    stalled host moves the clock past many TIM7 periods at once and the
    board loses their interrupts (upstream QEMU: 399 of 1000 counted)."""
    q = mpy_board()
    stall(q, COUNT, 0.2)
    assert int(q.raw_result(timeout=30)) in (999, 1000, 1001)


REGS = """
import machine, time
DEMCR, CTRL, CYCCNT = 0xE000EDFC, 0xE0001000, 0xE0001004
m = machine.mem32
print(m[CTRL] >> 28, m[DEMCR] >> 24 & 1, m[CTRL] & 1)
a = m[CYCCNT]; time.sleep_ms(10); b = m[CYCCNT]
print((b - a) & 0xFFFFFFFF > machine.freq() // 1000 * 9)
m[CYCCNT] = 1000
print(m[CYCCNT] - 1000 < machine.freq() // 1000)
def spin():                             # not sleep: the time base stands still
    for i in range(2000):
        pass
m[CTRL] = m[CTRL] & ~1                  # CYCCNTENA off: it holds
a = m[CYCCNT]; spin(); b = m[CYCCNT]
m[CTRL] = m[CTRL] | 1
m[DEMCR] = m[DEMCR] & ~(1 << 24)        # TRCENA off: it holds too
c = m[CYCCNT]; spin(); d = m[CYCCNT]
m[DEMCR] = m[DEMCR] | 1 << 24
print(a == b, c == d, m[CTRL] >> 28)
"""


def test_dwt_and_demcr_registers(mpy_board):
    """DWT_CTRL reads NUMCOMP 4 with CYCCNTENA set by the firmware, DEMCR
    has TRCENA; CYCCNT counts the core clock, may be written, and holds
    while either enable is off."""
    q = mpy_board()
    q.raw_send(REGS)
    assert q.raw_result().split() == ["4", "1", "1", "True", "True", "True", "True", "4"]
