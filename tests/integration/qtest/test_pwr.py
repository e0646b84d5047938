"""PWR register tests: write-once supply configuration and voltage scaling."""
PWR = 0x58024800
CSR1, CR3, D3CR = 0x04, 0x0C, 0x18


def test_reset_values(qt):
    assert qt.read(PWR + CR3) & 0x3F == 0x06          # SDEN | LDOEN
    assert not qt.read(PWR + CSR1) & 1 << 13          # ACTVOSRDY waits for CR3
    assert (qt.read(PWR + D3CR) >> 14) & 3 == 1       # VOS3


def test_supply_is_write_once(qt):
    qt.write(PWR + CR3, 0x04)                         # direct SMPS
    assert qt.read(PWR + CSR1) & 1 << 13
    qt.write(PWR + CR3, 0x02)                         # LDO: refused now
    assert qt.read(PWR + CR3) & 0x3F == 0x04
    assert "write-once" in qt.guest_log()
    qt.qmp("system_reset")
    qt.write(PWR + CR3, 0x02)
    assert qt.read(PWR + CR3) & 0x3F == 0x02


def test_voltage_scaling(qt):
    qt.write(PWR + CR3, 0x04)
    qt.write(PWR + D3CR, 3 << 14)
    d3cr = qt.read(PWR + D3CR)
    assert (d3cr >> 14) & 3 == 3 and d3cr & 1 << 13    # VOS1, VOSRDY
    assert (qt.read(PWR + CSR1) >> 14) & 3 == 3        # ACTVOS follows


CPUCR = 0x10
PDDS_ALL, STOPF, SBF, SBF_D1, SBF_D2, CSSF = 0x7, 1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 9


def test_cpucr_pdds_is_kept_and_the_flags_are_read_only(qt):
    qt.write(PWR + CPUCR, PDDS_ALL | SBF | STOPF | SBF_D1 | SBF_D2)
    assert qt.read(PWR + CPUCR) == PDDS_ALL                # the flags stay clear
    qt.write(PWR + CPUCR, CSSF)
    assert qt.read(PWR + CPUCR) == 0                       # CSSF reads 0



def test_an_rtc_event_ends_standby_through_a_reset_with_sbf(qt):
    """qtest runs no CPU code: the CM7 counts as halted, as in the WFI that
    enters a low-power mode."""
    qt.qtest("set_irq_in /machine/soc rtc-event 1 1")     # PDDS clear: no Standby
    qt.qtest("set_irq_in /machine/soc rtc-event 1 0")
    qt.clock_step(1_000_000)
    assert qt.read(PWR + CPUCR) == 0
    qt.write(PWR + CR3, 0x04)
    qt.write(PWR + CPUCR, PDDS_ALL)
    qt.qtest("set_irq_in /machine/soc rtc-event 1 1")     # the RTC's wakeup
    qt.clock_step(1_000_000)
    assert qt.read(PWR + CPUCR) == SBF | SBF_D1 | SBF_D2    # after the reset
    assert qt.read(PWR + CR3) & 0x3F == 0x06                # the reset's value
    qt.write(PWR + CPUCR, CSSF)
    assert qt.read(PWR + CPUCR) == 0
