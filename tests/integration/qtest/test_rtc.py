"""RTC (RM0399): the calendar starts from -rtc base=, runs in virtual time
(BCD TR/DR, subseconds in SSR), INIT mode and the WPR key, a written
weekday kept, alarm A at its second, the wakeup timer's period, backup
registers and calendar kept across a system reset, wrong use logged."""
import pytest

from h7tools import qemu as h7qemu

RTC = 0x58004000
TR, DR, CR, ISR, PRER, WUTR, ALRMAR, WPR, SSR, CALR, BKP0R = (
    0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x1C, 0x24, 0x28, 0x3C, 0x50)
INIT, INITF, RSF, INITS = 1 << 7, 1 << 6, 1 << 5, 1 << 4
ALRAF, WUTF = 1 << 8, 1 << 10
ALRAE, WUTE, ALRAIE, WUTIE = 1 << 8, 1 << 10, 1 << 12, 1 << 14
IRQ_ALARM, IRQ_WKUP = 41, 3
SEC = 1_000_000_000


@pytest.fixture
def rq():
    # clock=vm: the calendar is 23:59:58 at virtual time 0, however long
    # the host took to start QEMU
    q = h7qemu.Qemu(qtest=True, extra=["-rtc", "base=2024-02-28T23:59:58,clock=vm"])
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def unlock(q):
    q.write(RTC + WPR, 0xCA)
    q.write(RTC + WPR, 0x53)


def test_calendar_from_rtc_base_runs_in_virtual_time(rq):
    assert rq.read(RTC + PRER) == 0x007F00FF
    assert rq.read(RTC + TR) == 0x235958
    assert rq.read(RTC + DR) == 0x24 << 16 | 3 << 13 | 0x02 << 8 | 0x28   # a Wednesday
    assert rq.read(RTC + ISR) & (INITS | RSF) == INITS | RSF
    rq.clock_step(SEC // 2)
    assert 125 <= rq.read(RTC + SSR) <= 128                   # half a second counted down
    rq.clock_step(2 * SEC)                                    # through midnight into the leap day
    assert rq.read(RTC + TR) == 0x000000
    assert rq.read(RTC + DR) == 0x24 << 16 | 4 << 13 | 0x02 << 8 | 0x29


def test_init_mode_needs_the_key_and_sets_the_calendar(rq):
    rq.write(RTC + ISR, INIT)                                 # locked: ignored
    assert not rq.read(RTC + ISR) & INITF
    assert "write protected" in rq.guest_log()
    unlock(rq)
    rq.write(RTC + ISR, INIT)
    assert rq.read(RTC + ISR) & INITF
    rq.write(RTC + TR, 0x123456)
    rq.write(RTC + DR, 0x99 << 16 | 1 << 13 | 0x12 << 8 | 0x31)  # weekday 1 written (a Thursday)
    rq.clock_step(3 * SEC)
    assert rq.read(RTC + TR) == 0x123456                      # frozen in INIT
    rq.write(RTC + ISR, 0)
    rq.clock_step(SEC)
    assert rq.read(RTC + TR) == 0x123457
    assert rq.read(RTC + DR) == 0x99 << 16 | 1 << 13 | 0x12 << 8 | 0x31
    rq.clock_step((24 * 3600 - 12 * 3600 - 34 * 60 - 57) * SEC)   # to 2100-01-01: wraps to 2000
    assert rq.read(RTC + TR) == 0
    assert rq.read(RTC + DR) == 0x00 << 16 | 2 << 13 | 0x01 << 8 | 0x01   # the weekday runs on


def test_time_writes_outside_init_are_logged(rq):
    unlock(rq)
    rq.write(RTC + TR, 0x010203)
    assert rq.read(RTC + TR) != 0x010203
    assert "outside INIT" in rq.guest_log()


def test_alarm_a_fires_at_its_second(rq):
    rq.intercept_irqs("/machine/soc/cm7")
    unlock(rq)
    # every day at 00:00:05: date masked (MSK4)
    rq.write(RTC + ALRMAR, 1 << 31 | 0x00 << 16 | 0x00 << 8 | 0x05)
    rq.write(RTC + CR, ALRAE | ALRAIE)
    rq.clock_step(6 * SEC)                                    # 00:00:04
    assert not rq.read(RTC + ISR) & ALRAF
    assert rq.irq_level(IRQ_ALARM) == 0
    rq.clock_step(SEC)                                        # 00:00:05
    assert rq.read(RTC + ISR) & ALRAF
    assert rq.irq_level(IRQ_ALARM) == 1
    rq.write(RTC + ISR, ~ALRAF & 0xFFFF & ~INIT)              # rc_w0, no key needed
    assert rq.irq_level(IRQ_ALARM) == 0


def test_wakeup_timer_period(rq):
    rq.intercept_irqs("/machine/soc/cm7")
    unlock(rq)
    rq.write(RTC + WUTR, 2047)                                # RTC/16 = 2048 Hz: 1 s
    rq.write(RTC + CR, WUTE | WUTIE)
    assert rq.read(RTC + ISR) & (1 << 2) == 0                 # WUTWF: no writes while on
    rq.clock_step(SEC - 1_000_000)
    assert not rq.read(RTC + ISR) & WUTF
    rq.clock_step(2_000_000)
    assert rq.read(RTC + ISR) & WUTF
    assert rq.irq_level(IRQ_WKUP) == 1
    rq.write(RTC + WUTR, 5)                                   # refused while WUTE
    assert rq.read(RTC + WUTR) == 2047
    assert "WUTE set" in rq.guest_log()


def test_backup_domain_survives_system_reset(rq):
    rq.write(RTC + BKP0R + 4 * 31, 0xDEADBEEF)
    unlock(rq)
    rq.write(RTC + CALR, 1 << 15 | 100)
    rq.clock_step(5 * SEC)
    rq.qmp("system_reset")
    assert rq.read(RTC + BKP0R + 4 * 31) == 0xDEADBEEF
    assert rq.read(RTC + CALR) == 1 << 15 | 100
    assert rq.read(RTC + DR) & 0xFF == 0x29                   # still the leap day
    assert rq.read(RTC + TR) == 0x000003
