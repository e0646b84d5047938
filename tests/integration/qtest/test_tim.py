"""TIM2/TIM5 general-purpose timers: counting from virtual time, prescaler
and auto-reload, update events and interrupt, one-pulse mode, and no
runaway whatever the guest writes."""
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
