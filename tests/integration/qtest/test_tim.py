"""The timers (TIM1-8, TIM12-17): counting from virtual time, prescaler
and auto-reload, update events and interrupts on each timer's vectors,
repetition counter, one-pulse mode, compare matches, the PWM read back from
QOM, and no runaway whatever the guest writes."""
import pytest

TIM2, TIM5 = 0x40000000, 0x40000C00
CR1, DIER, SR, EGR, CNT, PSC, ARR = 0x00, 0x0C, 0x10, 0x14, 0x24, 0x28, 0x2C
RCC = 0x58024400
IRQ_TIM2 = 28


def test_reset_values(qt):
    assert qt.read(TIM2 + CR1) == 0
    assert qt.read(TIM2 + ARR) == 0xFFFFFFFF          # 32-bit timer
    assert qt.read(TIM2 + CNT) == 0
    assert qt.prop("/machine/soc/rcc", "timx-ker-hz") == 64_000_000


def test_counts_with_prescaler_from_virtual_time(qt):
    qt.write(TIM2 + PSC, 63)                           # 64 MHz / 64 = 1 MHz
    qt.write(TIM2 + EGR, 1)                            # UG loads PSC
    qt.write(TIM2 + SR, 0)
    qt.write(TIM2 + CR1, 1)
    qt.clock_step(1_000_000)                           # 1 ms
    assert qt.read(TIM2 + CNT) == 1000
    qt.clock_step(2_500_000)
    assert qt.read(TIM2 + CNT) == 3500
    qt.write(TIM2 + CR1, 0)                            # stopped: frozen
    qt.clock_step(1_000_000)
    assert qt.read(TIM2 + CNT) == 3500


def test_timer_clock_follows_apb1_prescaler(qt):
    qt.write(RCC + 0x1C, 4 << 4)                       # D2PPRE1 /2: timers x2
    assert qt.prop("/machine/soc/rcc", "timx-ker-hz") == 64_000_000
    qt.write(RCC + 0x1C, 5 << 4)                       # /4: 16 MHz x2
    assert qt.prop("/machine/soc/rcc", "timx-ker-hz") == 32_000_000


def test_overflow_sets_uif_and_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(TIM2 + PSC, 63)
    qt.write(TIM2 + ARR, 999)                          # 1 ms period
    qt.write(TIM2 + EGR, 1)
    qt.write(TIM2 + SR, 0)
    qt.write(TIM2 + DIER, 1)                           # UIE
    qt.write(TIM2 + CR1, 1)
    qt.clock_step(999_000)
    assert qt.irq_level(IRQ_TIM2) == 0
    qt.clock_step(2_000)
    assert qt.read(TIM2 + SR) & 1
    assert qt.irq_level(IRQ_TIM2) == 1
    assert qt.read(TIM2 + CNT) == 1
    qt.write(TIM2 + SR, 0)                             # acknowledge
    assert qt.irq_level(IRQ_TIM2) == 0
    qt.clock_step(1_000_000)
    assert qt.irq_level(IRQ_TIM2) == 1                 # next period


def test_preloaded_psc_applies_at_the_update_event(qt):
    qt.write(TIM2 + PSC, 63)
    qt.write(TIM2 + CR1, 1)
    qt.clock_step(1_000)
    assert qt.read(TIM2 + CNT) == 64                   # PSC not loaded yet: 64 MHz
    qt.write(TIM2 + EGR, 1)
    assert qt.read(TIM2 + CNT) == 0
    qt.clock_step(10_000)
    assert qt.read(TIM2 + CNT) == 10


def test_one_pulse_mode_stops_at_the_update(qt):
    qt.write(TIM5 + PSC, 63)
    qt.write(TIM5 + ARR, 99)
    qt.write(TIM5 + EGR, 1)
    qt.write(TIM5 + SR, 0)
    qt.write(TIM5 + CR1, 1 | 1 << 3)                   # CEN | OPM
    qt.clock_step(150_000)
    assert qt.read(TIM5 + CR1) & 1 == 0
    assert qt.read(TIM5 + SR) & 1
    assert qt.read(TIM5 + CNT) == 0


def test_arr_zero_does_not_count(qt):
    qt.write(TIM2 + ARR, 0)
    qt.write(TIM2 + DIER, 1)
    qt.write(TIM2 + CR1, 1)
    qt.clock_step(1_000_000)
    assert qt.read(TIM2 + CNT) == 0


def test_tiny_period_cannot_run_away(qt):
    """ARR=1, PSC=0 at 64 MHz: an overflow every 31 ns.  With UIF left set
    QEMU must not keep firing; virtual time steps over many periods."""
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(TIM2 + ARR, 1)
    qt.write(TIM2 + DIER, 1)
    qt.write(TIM2 + CR1, 1)
    for _ in range(50):
        qt.clock_step(1_000_000)
    assert qt.irq_level(IRQ_TIM2) == 1
    # 50 ms at 64 MHz is 3,200,000 ticks: an even count lands on 0; one
    # 15.625 ns tick later the counter reads 1, another and it is 0 again
    assert qt.read(TIM2 + CNT) == 0
    qt.clock_step(16)
    assert qt.read(TIM2 + CNT) == 1
    qt.clock_step(16)
    assert qt.read(TIM2 + CNT) == 0


def test_slow_clock_and_longest_period_do_not_spin(qt):
    """The slowest timer clock (D1CPRE /512, HPRE /512, D2PPRE1 /16) with
    PSC and ARR at their maximum puts the next update centuries away: more
    nanoseconds than 64 bits hold.  An overflowed deadline lay in the past,
    fired at once and was set again, forever (the register stress found it:
    QEMU stopped answering)."""
    qt.write(RCC + 0x18, 0xF << 8 | 0xF)               # D1CPRE /512, HPRE /512
    qt.write(RCC + 0x1C, 7 << 4)                       # D2PPRE1 /16
    hz = qt.prop("/machine/soc/rcc", "timx-ker-hz")
    assert 0 < hz < 2000
    qt.write(TIM2 + PSC, 0xFFFF)
    qt.write(TIM2 + EGR, 1)
    qt.write(TIM2 + SR, 0)
    qt.write(TIM2 + DIER, 1)                           # UIE: the timer is armed
    qt.write(TIM2 + CR1, 1)
    qt.clock_step(1_000_000_000)
    assert qt.read(TIM2 + CNT) == hz // 0x10000        # it counts, slowly
    assert not qt.read(TIM2 + SR) & 1


# ---- all the timers, their channels and PWM ----
TIMS = {  # base, width, channels, one-vector interrupt (None: TIM1/TIM8)
    "tim1": (0x40010000, 16, 4, None), "tim2": (0x40000000, 32, 4, 28),
    "tim3": (0x40000400, 16, 4, 29), "tim4": (0x40000800, 16, 4, 30),
    "tim5": (0x40000C00, 32, 4, 50), "tim6": (0x40001000, 16, 0, 54),
    "tim7": (0x40001400, 16, 0, 55), "tim8": (0x40010400, 16, 4, None),
    "tim12": (0x40001800, 16, 2, 43), "tim13": (0x40001C00, 16, 1, 44),
    "tim14": (0x40002000, 16, 1, 45), "tim15": (0x40014000, 16, 2, 116),
    "tim16": (0x40014400, 16, 1, 117), "tim17": (0x40014800, 16, 1, 118),
}
CCMR1, CCMR2, CCER, RCR, CCR1, BDTR = 0x18, 0x1C, 0x20, 0x30, 0x34, 0x44
PWM1, PWM2 = 6, 7
MOE = 1 << 15


def pwm_setup(qt, base, ch, psc, arr, ccr, mode=PWM1, polarity=0):
    ccmr = CCMR1 if ch <= 2 else CCMR2
    shift = 8 * ((ch - 1) % 2)
    qt.write(base + PSC, psc)
    qt.write(base + ARR, arr)
    qt.write(base + CCR1 + 4 * (ch - 1), ccr)
    qt.write(base + ccmr, qt.read(base + ccmr) | mode << (4 + shift))
    qt.write(base + CCER, qt.read(base + CCER) |
             (1 | polarity << 1) << (4 * (ch - 1)))
    qt.write(base + EGR, 1)
    qt.write(base + CR1, 1)


@pytest.mark.parametrize("name", sorted(TIMS))
def test_every_timer_counts_at_its_width(qt, name):
    base, width, _, _ = TIMS[name]
    assert qt.read(base + ARR) == (1 << width) - 1
    qt.write(base + PSC, 63)                           # 64 MHz / 64
    qt.write(base + EGR, 1)
    qt.write(base + CR1, 1)
    qt.clock_step(1_234_000)
    assert qt.read(base + CNT) == 1234


@pytest.mark.parametrize("name", sorted(TIMS))
def test_update_interrupt_on_its_vector(qt, name):
    base, _, _, irq = TIMS[name]
    irq = 25 if name == "tim1" else 44 if name == "tim8" else irq
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(base + PSC, 63)
    qt.write(base + ARR, 999)
    qt.write(base + EGR, 1)
    qt.write(base + SR, 0)
    qt.write(base + DIER, 1)
    qt.write(base + CR1, 1)
    qt.clock_step(999_000)
    assert qt.irq_level(irq) == 0
    qt.clock_step(2_000)
    assert qt.irq_level(irq) == 1
    qt.write(base + SR, 0)
    assert qt.irq_level(irq) == 0


@pytest.mark.parametrize("name", ["tim2", "tim3", "tim12", "tim15", "tim16"])
def test_pwm_frequency_and_duty_read_back(qt, name):
    base, _, channels, _ = TIMS[name]
    path = "/machine/soc/" + name
    ch = channels                                      # the last channel
    pwm_setup(qt, base, ch, psc=63, arr=19999, ccr=1500)   # 50 Hz, 1.5 ms
    if name in ("tim15", "tim16"):                     # break unit: MOE gates
        assert qt.prop(path, f"ch{ch}-freq-hz") == 0
        qt.write(base + BDTR, MOE)
    assert qt.prop(path, f"ch{ch}-freq-hz") == pytest.approx(50.0)
    assert qt.prop(path, f"ch{ch}-duty") == pytest.approx(1500 / 20000)
    assert qt.prop(path, f"ch{ch}-pulse-ns") == 1_500_000
    # inverted polarity: high the rest of the period
    qt.write(base + CCER, qt.read(base + CCER) | 2 << (4 * (ch - 1)))
    assert qt.prop(path, f"ch{ch}-duty") == pytest.approx(18500 / 20000)
    # output disabled: a constant low, no frequency
    qt.write(base + CCER, 0)
    assert qt.prop(path, f"ch{ch}-freq-hz") == 0
    assert qt.prop(path, f"ch{ch}-duty") == 0


def test_pwm_mode2_and_full_and_zero_duty(qt):
    base = TIMS["tim4"][0]
    path = "/machine/soc/tim4"
    pwm_setup(qt, base, 2, psc=0, arr=63, ccr=16, mode=PWM2)   # 1 MHz
    assert qt.prop(path, "ch2-freq-hz") == pytest.approx(1e6)
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.75)
    qt.write(base + CCR1 + 4, 0)                       # PWM2, CCR 0: always high
    assert qt.prop(path, "ch2-duty") == 1
    assert qt.prop(path, "ch2-freq-hz") == 0
    qt.write(base + CCMR1, PWM1 << 12)                 # PWM1, CCR 0: always low
    assert qt.prop(path, "ch2-duty") == 0
    qt.write(base + CCR1 + 4, 64)                      # CCR > ARR: always high
    assert qt.prop(path, "ch2-duty") == 1


def test_ccr_preload_waits_for_the_update_event(qt):
    """OC2PE: a CCR2 write is read back at once but reaches the output only
    at the next update event (UG or the counter's overflow), with no
    register access needed in between."""
    base = TIMS["tim4"][0]
    path = "/machine/soc/tim4"
    pwm_setup(qt, base, 2, psc=63, arr=999, ccr=250)   # 1 us ticks, 1 kHz, 25 %
    qt.write(base + CCMR1, qt.read(base + CCMR1) | 1 << 11)   # OC2PE
    qt.clock_step(100_000)                             # CNT 100
    qt.write(base + CCR1 + 4, 750)
    assert qt.read(base + CCR1 + 4) == 750             # the preload register
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.25)
    qt.clock_step(899_000)                             # CNT 999: not yet
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.25)
    qt.clock_step(2_000)                               # past the overflow
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.75)
    qt.write(base + CCR1 + 4, 500)
    qt.write(base + EGR, 1)                            # UG loads it too
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.5)
    qt.write(base + CCMR1, qt.read(base + CCMR1) & ~(1 << 11))
    qt.write(base + CCR1 + 4, 100)                     # preload off: at once
    assert qt.prop(path, "ch2-duty") == pytest.approx(0.1)


def test_compare_interrupt_at_the_match(qt):
    """CC2IF at CNT = CCR2 in every period; the update flag separately."""
    base, irq = TIMS["tim3"][0], 29
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(base + PSC, 63)                           # 1 us ticks
    qt.write(base + ARR, 999)
    qt.write(base + CCR1 + 4, 300)
    qt.write(base + EGR, 1)
    qt.write(base + SR, 0)
    qt.write(base + DIER, 1 << 2)                      # CC2IE
    qt.write(base + CR1, 1)
    qt.clock_step(299_500)
    assert qt.irq_level(irq) == 0
    qt.clock_step(1_000)
    assert qt.irq_level(irq) == 1
    assert qt.read(base + SR) == 1 << 2                # CC2IF, no UIF yet
    qt.write(base + SR, ~(1 << 2) & 0xFFFF)
    assert qt.irq_level(irq) == 0
    qt.clock_step(1_000_000)                           # the next period's match
    assert qt.irq_level(irq) == 1
    assert qt.read(base + SR) & 1                      # the update came between


def test_tim1_vectors_and_repetition_counter(qt):
    """TIM1's update and capture/compare interrupts on their own vectors;
    RCR=2 makes an update event every third overflow."""
    base = TIMS["tim1"][0]
    IRQ_UP, IRQ_CC = 25, 27
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(base + PSC, 63)
    qt.write(base + ARR, 999)
    qt.write(base + RCR, 2)
    qt.write(base + CCR1, 100)
    qt.write(base + EGR, 1)
    qt.write(base + SR, 0)
    qt.write(base + DIER, 1 | 1 << 1)                  # UIE, CC1IE
    qt.write(base + CR1, 1)
    qt.clock_step(101_000)
    assert (qt.irq_level(IRQ_UP), qt.irq_level(IRQ_CC)) == (0, 1)
    qt.write(base + SR, 0)
    qt.clock_step(1_900_000)                           # two overflows: no update
    assert qt.irq_level(IRQ_UP) == 0
    qt.clock_step(1_000_000)                           # the third: update
    assert qt.irq_level(IRQ_UP) == 1


def test_tim8_and_tim12_share_a_vector(qt):
    """Vector 43 is TIM8's break and TIM12's global interrupt: either
    raises it, and it stays up until both are clear."""
    t8, t12 = TIMS["tim8"][0], TIMS["tim12"][0]
    qt.intercept_irqs("/machine/soc/cm7")
    for base in (t8, t12):
        qt.write(base + SR, 0)
    qt.write(t8 + DIER, 1 << 7)                        # BIE
    qt.write(t8 + EGR, 1 << 7)                         # BG: a software break
    assert qt.irq_level(43) == 1
    qt.write(t12 + DIER, 1)
    qt.write(t12 + EGR, 1)                             # UG sets UIF
    qt.write(t8 + SR, 0)
    assert qt.irq_level(43) == 1                       # TIM12 still pending
    qt.write(t12 + SR, 0)
    assert qt.irq_level(43) == 0


def test_registers_a_timer_lacks_are_guest_errors(qt):
    """A basic timer has no channels; a one-channel timer no CCR2."""
    assert qt.read(TIMS["tim6"][0] + CCR1) == 0
    qt.write(TIMS["tim6"][0] + CCR1, 5)
    qt.write(TIMS["tim13"][0] + CCR1 + 4, 5)
    assert qt.read(TIMS["tim13"][0] + CCR1 + 4) == 0
    log = qt.guest_log()
    assert "tim6: read of 0x34, a register this timer lacks" in log
    assert "tim6: write to 0x34" in log
    assert "tim13: write to 0x38" in log
