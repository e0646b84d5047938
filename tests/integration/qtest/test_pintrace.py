"""The pin trace (qemu/hw/stm32h747_pintrace.c) under qtest, where virtual
time is the test's: the VCD header and its signals, GPIO levels at the
nanosecond they change, a timer channel's PWM on its pin (TIM3 CH2 on PB5,
alternate function 2) as exact edges, a duty change taking effect at the
write, the pin leaving the timer for GPIO, and bad pin lists refused."""
import subprocess

import pytest

from h7tools import qemu as h7qemu
from h7tools import vcd

GPIOB, GPIOI = 0x58020400, 0x58022000
MODER, ODR, BSRR, AFRL = 0x00, 0x14, 0x18, 0x20
TIM3 = 0x40000400
CR1, CCMR1, CCER, PSC, ARR, CCR2, EGR = 0x00, 0x18, 0x20, 0x28, 0x2C, 0x38, 0x14
TIM_HZ = 64_000_000           # qtest boards run on HSI: the APB1 timer clock


def trace_machine(path, pins="PB5:PI12"):
    return f"stm32h747i-disco,pin-trace={path},pin-trace-pins={pins}"


def test_gpio_levels_and_a_pwm(tmp_path):
    path = tmp_path / "t.vcd"
    with h7qemu.Qemu(machine=trace_machine(path), qtest=True) as q:
        # PI12 an output, toggled at known times
        q.write(GPIOI + MODER, q.read(GPIOI + MODER) & ~(3 << 24) | 1 << 24)
        q.clock_step(1000)
        q.write(GPIOI + BSRR, 1 << 12)
        q.clock_step(2500)
        q.write(GPIOI + BSRR, 1 << 28)
        # TIM3 CH2: PWM mode 1, 1 us ticks (PSC 63), period 100 ticks, 30 high
        q.write(GPIOB + AFRL, q.read(GPIOB + AFRL) & ~(0xF << 20) | 2 << 20)
        q.write(GPIOB + MODER, q.read(GPIOB + MODER) & ~(3 << 10) | 2 << 10)
        q.write(TIM3 + PSC, 63)
        q.write(TIM3 + ARR, 99)
        q.write(TIM3 + CCR2, 30)
        q.write(TIM3 + CCMR1, 6 << 12)                     # OC2M = PWM1
        q.write(TIM3 + CCER, 1 << 4)                       # CC2E
        q.write(TIM3 + EGR, 1)                             # load PSC
        q.clock_step(10_000)                               # counter stopped: low
        q.write(TIM3 + CR1, 1)                             # CEN
        q.clock_step(350_000)                              # 3.5 periods
        q.write(TIM3 + CCR2, 80)                           # duty 80 % from here
        q.clock_step(300_000)
        q.write(GPIOB + MODER, q.read(GPIOB + MODER) & ~(3 << 10) | 1 << 10)   # GPIO output
        q.clock_step(1000)
    text = path.read_text()
    assert "$timescale 1 ns $end" in text
    assert "$var wire 1 ! PB5 $end" in text and '$var wire 1 " PI12 $end' in text
    ch = vcd.read(path)
    assert ch["PI12"][-2:] == [(1000, 1), (3500, 0)]
    pb5 = ch["PB5"]
    # CC2E at 3500 with the counter stopped at 0: CNT < CCR, so high already
    assert pb5[:2] == [(0, 0), (3500, 1)]
    t0 = 3500 + 10_000                                     # CEN
    expect = [(t0 + 30_000, 0)]
    for k in range(1, 4):                                  # CCR 30 for 3.5 periods
        expect += [(t0 + k * 100_000, 1), (t0 + k * 100_000 + 30_000, 0)]
    assert pb5[2:9] == expect
    # CCR 80 written at 3.5 periods (no preload): CNT is 50, now below CCR,
    # so the output is high at once
    assert pb5[9:14] == [(t0 + 350_000, 1), (t0 + 380_000, 0), (t0 + 400_000, 1),
                         (t0 + 480_000, 0), (t0 + 500_000, 1)]
    assert vcd.pulses(pb5)[10:13] == [(0, 20_000), (1, 80_000), (0, 20_000)]
    # GPIO output again (ODR 0) at 650000 after CEN: the pin follows ODR
    assert pb5[-1] == (t0 + 650_000, 0)


def test_bad_pin_lists_are_refused(tmp_path):
    for pins, msg in (("PZ3", "is not a list of pins"), ("PA0:PA0", "PA0 is listed twice"),
                      ("PA16", "is not a list of pins")):
        r = subprocess.run([h7qemu.QEMU, "-M", trace_machine(tmp_path / "x.vcd", pins),
                            "-display", "none", "-nodefaults", "-S", "-qtest", "null"],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode != 0 and msg in r.stderr, r.stderr
    r = subprocess.run([h7qemu.QEMU, "-M", trace_machine("/nonexistent/x.vcd"),
                        "-display", "none", "-nodefaults", "-S", "-qtest", "null"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode != 0 and "cannot write '/nonexistent/x.vcd'" in r.stderr, r.stderr
