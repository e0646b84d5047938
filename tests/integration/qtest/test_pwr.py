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
