"""WWDG1 (RM0399): the 7-bit counter at pclk3 / 4096 / 2^WDGTB in virtual
time, WDGA set for good, the reset with WWDG1RSTF as the counter passes
0x40, a refresh above the window or T6 written 0 resetting at once, and the
early wakeup flag and interrupt at 0x40."""
WWDG = 0x50003000
CR, CFR, SR = 0x00, 0x04, 0x08
WDGA, EWI, EWIF = 1 << 7, 1 << 9, 1
RCC_RSR = 0x58024400 + 0xD0
WWDG1RSTF = 1 << 28
IRQ_WWDG1 = 0
US = 1000


def tick_us(qt, wdgtb=0):
    return 4096 * 2 ** wdgtb / qt.prop("/machine/soc/rcc", "pclk3-hz") * 1e6


def test_reset_values(qt):
    assert (qt.read(WWDG + CR), qt.read(WWDG + CFR), qt.read(WWDG + SR)) == (0x7F, 0x7F, 0)


def test_counter_runs_down_at_its_rate(qt):
    t = tick_us(qt, 3)                             # WDGTB = 3: /32768
    qt.write(WWDG + CFR, 3 << 11 | 0x7F)
    qt.write(WWDG + CR, 0x7F)                      # not active: it only counts
    qt.clock_step(int(10.5 * t * US))
    assert qt.read(WWDG + CR) == 0x7F - 10
    qt.clock_step(int(100 * t * US))               # past 0x3F: wraps, no reset
    assert not qt.read(RCC_RSR) & WWDG1RSTF
    assert qt.read(WWDG + SR) & EWIF               # it reached 0x40 on the way


def test_missed_refresh_resets_with_wwdg1rstf(qt):
    t = tick_us(qt)
    qt.write(WWDG + CR, WDGA | 0x7F)               # 64 ticks to 0x3F
    qt.clock_step(int(63.5 * t * US))
    qt.write(WWDG + CR, WDGA | 0x7F)               # refreshed (the window is 0x7F)
    qt.clock_step(int(63.5 * t * US))
    assert not qt.read(RCC_RSR) & WWDG1RSTF
    assert qt.read(WWDG + CR) & WDGA
    qt.clock_step(int(1 * t * US))                 # 64.5 ticks since: fired
    assert qt.read(RCC_RSR) & WWDG1RSTF
    assert qt.read(WWDG + CR) == 0x7F              # WDGA cleared by the reset


def test_refresh_above_the_window_resets(qt):
    t = tick_us(qt)
    qt.write(WWDG + CFR, 0x50)                     # W = 0x50
    qt.write(WWDG + CR, WDGA | 0x7F)
    qt.clock_step(int(20 * t * US))                # counter 0x6B: above W
    qt.write(WWDG + CR, WDGA | 0x7F)
    assert qt.read(RCC_RSR) & WWDG1RSTF


def test_refresh_inside_the_window_and_t6_zero(qt):
    t = tick_us(qt)
    qt.write(WWDG + CFR, 0x50)
    qt.write(WWDG + CR, WDGA | 0x7F)
    qt.clock_step(int(50 * t * US))                # counter 0x4D: inside
    qt.write(WWDG + CR, WDGA | 0x7F)
    assert not qt.read(RCC_RSR) & WWDG1RSTF
    qt.clock_step(int(50 * t * US))
    qt.write(WWDG + CR, WDGA | 0x3F)               # T6 = 0: at once
    assert qt.read(RCC_RSR) & WWDG1RSTF


def test_early_wakeup_interrupt_at_0x40(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    t = tick_us(qt)
    qt.write(WWDG + CFR, EWI | 0x7F)
    qt.write(WWDG + CR, 0x45)                      # five ticks to 0x40
    qt.clock_step(int(4.5 * t * US))
    assert not qt.read(WWDG + SR) & EWIF and qt.irq_level(IRQ_WWDG1) == 0
    qt.clock_step(int(1 * t * US))
    assert qt.read(WWDG + SR) & EWIF and qt.irq_level(IRQ_WWDG1) == 1
    qt.write(WWDG + SR, 0)                         # rc_w0
    assert qt.irq_level(IRQ_WWDG1) == 0
    qt.write(WWDG + CFR, 0x7F)                     # EWI stays set until a reset
    assert qt.read(WWDG + CFR) & EWI
