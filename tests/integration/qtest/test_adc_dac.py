"""ADC1-3 and DAC1: the power-up sequence (deep power-down, regulator,
calibration, ADRDY), conversions of pin voltages set over QOM within 1 LSB
at each resolution, their time from the ADC clock and sampling time, the
regular sequence, continuous mode and overrun, the internal channels, the
DAC's output on its pin and its internal path, and wrong guest use
logged."""
import pytest
from h7tools import qemu as h7qemu

ADC1, ADC2, ADC3 = 0x40022000, 0x40022100, 0x58026000
ISR, IER, CR, CFGR, CFGR2, SMPR1, SMPR2, PCSEL, SQR1, DR = (
    0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x30, 0x40)
CCR12, CCR3 = 0x40022308, 0x58026308
ADRDY, EOSMP, EOC, EOS, OVR, LDORDY = 1, 2, 4, 8, 16, 1 << 12
ADEN, ADSTART, ADSTP, ADVREGEN, DEEPPWD, ADCAL = 1, 4, 16, 1 << 28, 1 << 29, 1 << 31
CONT, OVRMOD = 1 << 13, 1 << 12
D3CCIPR = 0x58024400 + 0x58
DAC = 0x40007400
DAC_CR, DAC_DHR12R1, DAC_DHR12R2, DAC_DOR1, DAC_SWTRGR = 0x00, 0x08, 0x14, 0x2C, 0x04
SOC = "/machine/soc"
IRQ_ADC12 = 18


def power_up(qt, base):
    """per_ck (HSI, 64 MHz) for the ADCs, then the start-up the reference
    manual gives: out of deep power-down, regulator, calibration, enable."""
    qt.write(D3CCIPR, 2 << 16)                           # ADCSEL = per_ck
    qt.write(base + CR, 0)                               # DEEPPWD off
    qt.write(base + CR, ADVREGEN)
    assert not qt.read(base + ISR) & LDORDY
    qt.clock_step(10_000)
    assert qt.read(base + ISR) & LDORDY
    qt.write(base + CR, ADVREGEN | ADCAL)
    assert qt.read(base + CR) & ADCAL
    qt.clock_step(100_000)
    assert not qt.read(base + CR) & ADCAL                # calibration done
    qt.write(base + CR, ADVREGEN | ADEN)
    qt.clock_step(2_000)
    assert qt.read(base + ISR) & ADRDY
    qt.write(base + ISR, ADRDY)


def convert(qt, base, ch, res=0, wait=1_000_000):
    qt.write(base + CFGR, res << 2)
    qt.write(base + PCSEL, qt.read(base + PCSEL) | 1 << ch)
    qt.write(base + SQR1, ch << 6)                       # one rank: ch
    qt.write(base + CR, ADVREGEN | ADEN | ADSTART)
    qt.clock_step(wait)
    assert qt.read(base + ISR) & EOC
    return qt.read(base + DR)


def test_reset_values(qt):
    for base in (ADC1, ADC2, ADC3):
        assert qt.read(base + CR) == DEEPPWD
        assert qt.read(base + ISR) == 0
    assert qt.read(CCR12) == 0
    assert qt.prop(SOC, "ain-PA0") == 0
    assert qt.prop(SOC + "/dac1", "out1-volts") == 0


@pytest.mark.parametrize("res,bits", [(0, 16), (1, 14), (2, 12), (3, 10), (4, 8)])
def test_pin_voltage_within_one_lsb(qt, res, bits):
    power_up(qt, ADC1)
    qt.set_prop(SOC, "ain-PA0", 1.2345)                  # ADC1 channel 16
    want = 1.2345 / 3.3 * ((1 << bits) - 1)
    assert abs(convert(qt, ADC1, 16, res) - want) <= 1


def test_conversion_time_from_clock_and_sampling(qt):
    power_up(qt, ADC1)
    qt.set_prop(SOC, "ain-PC0", 3.3)                     # channel 10: full scale
    qt.write(ADC1 + SMPR2, 7)                            # channel 10: 810.5 cycles
    qt.write(ADC1 + CFGR, 0)
    qt.write(ADC1 + PCSEL, 1 << 10)
    qt.write(ADC1 + SQR1, 10 << 6)
    qt.write(ADC1 + CR, ADVREGEN | ADEN | ADSTART)
    # 810.5 + 8.5 cycles at 64 MHz: 12.80 us
    qt.clock_step(12_700)
    assert not qt.read(ADC1 + ISR) & EOC
    qt.clock_step(200)
    assert qt.read(ADC1 + ISR) & (EOC | EOS) == EOC | EOS
    assert qt.read(ADC1 + DR) == 65535
    assert not qt.read(ADC1 + ISR) & EOC                 # DR read clears it
    assert not qt.read(ADC1 + CR) & ADSTART              # single: done


def test_sequence_continuous_and_overrun(qt):
    power_up(qt, ADC1)
    qt.set_prop(SOC, "ain-PA6", 1.0)                     # channel 3
    qt.set_prop(SOC, "ain-PC4", 2.0)                     # channel 4
    qt.write(ADC1 + PCSEL, 1 << 3 | 1 << 4)
    qt.write(ADC1 + SQR1, 1 | 3 << 6 | 4 << 12)          # L=1: ranks 3, 4
    qt.write(ADC1 + CFGR, 2 << 2 | CONT)                 # 12-bit, continuous
    qt.write(ADC1 + CR, ADVREGEN | ADEN | ADSTART)
    got = []
    for _ in range(4):
        while not qt.read(ADC1 + ISR) & EOC:
            qt.clock_step(100)
        got.append(qt.read(ADC1 + DR))
    assert [round(v * 3.3 / 4095, 2) for v in got] == [1.0, 2.0, 1.0, 2.0]
    qt.clock_step(100_000)                               # nobody reads: overrun
    assert qt.read(ADC1 + ISR) & OVR
    qt.write(ADC1 + CR, ADVREGEN | ADEN | ADSTP)
    assert not qt.read(ADC1 + CR) & ADSTART


def test_interrupt_at_end_of_conversion(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    power_up(qt, ADC2)
    qt.write(ADC2 + IER, EOC)
    qt.write(ADC2 + PCSEL, 1 << 5)
    qt.write(ADC2 + SQR1, 5 << 6)
    qt.write(ADC2 + CR, ADVREGEN | ADEN | ADSTART)
    assert qt.irq_level(IRQ_ADC12) == 0
    qt.clock_step(10_000)
    assert qt.irq_level(IRQ_ADC12) == 1
    qt.read(ADC2 + DR)
    assert qt.irq_level(IRQ_ADC12) == 0


def test_internal_channels(qt):
    power_up(qt, ADC3)
    assert convert(qt, ADC3, 18) == 0                    # sensor off
    qt.write(CCR3, 7 << 22)                              # VREFEN VSENSEEN VBATEN
    qt.set_prop(SOC, "temperature", 50.0)
    ts_cal1 = qt.read(0x1FF1E820, 2)
    ts_cal2 = qt.read(0x1FF1E840, 2)
    t = (convert(qt, ADC3, 18) - ts_cal1) * 80 / (ts_cal2 - ts_cal1) + 30
    assert abs(t - 50.0) < 0.1
    vrefint_cal = qt.read(0x1FF1E860, 2)
    assert abs(convert(qt, ADC3, 19) - vrefint_cal) <= 1
    qt.set_prop(SOC, "vbat", 3.0)
    assert abs(convert(qt, ADC3, 17) - 0.75 / 3.3 * 65535) <= 1


def test_dac_output_on_pa4_and_internal_path(qt):
    qt.write(DAC + DAC_DHR12R1, 2048)
    assert qt.prop(SOC + "/dac1", "out1-volts") == 0     # not enabled
    qt.write(DAC + DAC_CR, 1)                            # EN1
    assert qt.read(DAC + DAC_DOR1) == 2048
    assert qt.prop(SOC + "/dac1", "out1-volts") == pytest.approx(2048 * 3.3 / 4095)
    power_up(qt, ADC1)
    # ADC1 channel 18 is PA4, DAC1_OUT1's pin; ADC2 channel 16 the internal path
    assert abs(convert(qt, ADC1, 18, res=2) - 2048) <= 1
    power_up(qt, ADC2)
    assert abs(convert(qt, ADC2, 16, res=2) - 2048) <= 1
    # with the software trigger the output waits for SWTRIG
    qt.write(DAC + DAC_CR, 1 | 1 << 1)                   # EN1, TEN1, TSEL1=0
    qt.write(DAC + DAC_DHR12R1, 100)
    assert qt.read(DAC + DAC_DOR1) == 2048
    qt.write(DAC + DAC_SWTRGR, 1)
    assert qt.read(DAC + DAC_DOR1) == 100


def test_pin_driven_by_gpio_reads_its_level(qt):
    power_up(qt, ADC1)
    qt.write(0x58020000, 0xABFFFFFF & ~(3 << 0) | 1)     # PA0 output
    qt.write(0x58020014, 1)                              # high
    assert convert(qt, ADC1, 16) == 65535


def test_wrong_guest_use_is_logged(qt):
    qt.write(ADC1 + CR, ADVREGEN | ADSTART)              # deep power-down, not enabled
    qt.write(ADC1 + CR, ADCAL)
    qt.write(ADC1 + 0xD0, 1)
    qt.write(DAC + DAC_DOR1, 1)
    log = qt.guest_log()
    assert "adc12: ADC1: ADSTART before ADRDY: ignored" in log
    assert "adc12: ADC1: ADCAL needs ADEN=0 and the regulator ready" in log
    assert "adc12: write to reserved or read-only offset 0x0d0" in log
    assert "dac1: DOR1 is read-only" in log
    with pytest.raises(h7qemu.QemuError):
        qt.set_prop(SOC, "ain-PA0", 5.0)


def now_ns(qt):
    return int(qt.qtest("clock_step 1")[0])


def test_waveform_sources_over_virtual_time(qt):
    """ain-PXn-wave: a sawtooth, a square and a sine sampled by ADC1
    channel 16 (PA0) at known virtual times; "" returns to ain-PA0."""
    power_up(qt, ADC1)
    full = (1 << 16) - 1
    qt.set_prop(SOC, "ain-PA0-wave", "sawtooth:0:3.3:1")        # 3.3 V a second
    t0 = now_ns(qt)
    for _ in range(6):
        qt.clock_step(150_000_000)
        start = (now_ns(qt) - t0) / 1e9                          # ADSTART; sampled us later
        code = convert(qt, ADC1, 16, wait=100_000)
        assert abs(code - (start % 1.0) * full) <= 3, (start, code)
    qt.set_prop(SOC, "ain-PA0-wave", "square:0.5:2.5:100:0.25")  # 10 ms, high 2.5 ms
    t0 = now_ns(qt)
    highs = lows = 0
    for k in range(40):                                          # every 0.5 ms
        code = convert(qt, ADC1, 16, wait=500_000)
        phase = ((now_ns(qt) - t0) / 1e6) % 10.0                 # ms into the period
        if 0.1 < phase < 2.4:
            assert abs(code - 2.5 / 3.3 * full) <= 2, (phase, code)
            highs += 1
        elif 2.6 < phase < 9.9:
            assert abs(code - 0.5 / 3.3 * full) <= 2, (phase, code)
            lows += 1
    assert highs >= 3 and lows >= 10
    qt.set_prop(SOC, "ain-PA0-wave", "sine:1.65:1.0:1")
    t0 = now_ns(qt)
    qt.clock_step(250_000_000 - 2_000)                           # the crest at 0.25 s
    code = convert(qt, ADC1, 16, wait=2_000)
    assert abs(code - 2.65 / 3.3 * full) <= 3
    assert qt.prop(SOC, "ain-PA0-wave") == "sine:1.65:1.0:1"
    qt.set_prop(SOC, "ain-PA0", 1.0)
    qt.set_prop(SOC, "ain-PA0-wave", "")
    assert abs(convert(qt, ADC1, 16) - 1.0 / 3.3 * full) <= 1


def test_bad_waveforms_are_refused(qt):
    for spec, msg in (("sine:1:1", "is not sine"), ("noise:0:1:5", "is not sine"),
                      ("square:0:1:5:0.5:9", "is not sine"), ("sine:x:1:5", "is not sine"),
                      ("sine:3:2:5", "1 to 5 V is outside"), ("triangle:0:1:0", "frequency"),
                      ("square:0:1:5:1.5", "duty")):
        with pytest.raises(h7qemu.QemuError, match=msg):
            qt.set_prop(SOC, "ain-PA0-wave", spec)
    assert qt.prop(SOC, "ain-PA0-wave") == ""
