"""IWDG1 (RM0399): the key register, the counter on the 32 kHz LSI, a missed
refresh resetting the system with IWDG1RSTF in RCC_RSR, the window, and
registers written without the key refused and logged."""
IWDG = 0x58004800
KR, PR, RLR, SR, WINR = 0x00, 0x04, 0x08, 0x0C, 0x10
RCC_RSR = 0x58024400 + 0xD0
IWDG1RSTF, SFT1RSTF, PORRSTF = 1 << 26, 1 << 24, 1 << 23
MS = 1_000_000


def start(q, pr, rlr, winr=None):
    q.write(IWDG + KR, 0x5555)
    q.write(IWDG + PR, pr)
    q.write(IWDG + RLR, rlr)
    if winr is not None:
        q.write(IWDG + WINR, winr)
    q.write(IWDG + KR, 0xCCCC)


def test_reset_values(qt):
    assert (qt.read(IWDG + PR), qt.read(IWDG + RLR), qt.read(IWDG + WINR), qt.read(IWDG + SR)) == \
        (0, 0xFFF, 0xFFF, 0)
    assert qt.read(RCC_RSR) & PORRSTF


def test_missed_refresh_resets_with_iwdg1rstf(qt):
    start(qt, 0, 320)                        # /4 at 32 kHz: 125 us a count, 40 ms
    qt.clock_step(39 * MS)
    qt.write(IWDG + KR, 0xAAAA)              # fed in time
    qt.clock_step(39 * MS)
    assert not qt.read(RCC_RSR) & IWDG1RSTF
    assert qt.read(IWDG + RLR) == 320                 # not reset yet
    qt.clock_step(2 * MS)                    # 41 ms since the feed: fired
    qt.clock_step(1)
    rsr = qt.read(RCC_RSR)
    assert rsr & IWDG1RSTF and not rsr & SFT1RSTF
    assert qt.read(IWDG + RLR) == 0xFFF      # the system (and the IWDG) was reset


def test_refresh_outside_the_window_resets(qt):
    start(qt, 0, 800, winr=400)              # 100 ms; refresh only below 400 (after 50 ms)
    qt.clock_step(20 * MS)
    qt.write(IWDG + KR, 0xAAAA)              # too early
    qt.clock_step(1)
    assert qt.read(RCC_RSR) & IWDG1RSTF


def test_writes_need_the_key(qt):
    qt.write(IWDG + RLR, 5)
    assert qt.read(IWDG + RLR) == 0xFFF
    assert "0x5555 key" in qt.guest_log()
    qt.write(IWDG + KR, 0x5555)
    qt.write(IWDG + KR, 0x1234)              # another key closes them again
    qt.write(IWDG + PR, 3)
    assert qt.read(IWDG + PR) == 0
