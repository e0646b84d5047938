"""The BME280 model (qemu/hw/bme280.c) on I2C1, driven through the I2C1
controller's registers: chip ID and trimming parameters where the
datasheet puts them, write pairs, forced and normal mode in virtual time,
results that the datasheet's compensation turns back into what QOM set
(within the resolution the oversampling gives), skipped measurements, the
IIR filter, a burst read that sees one conversion, soft reset, and QOM
values out of range refused."""
import random

import pytest

from h7tools import bme280_ref
from h7tools import qemu as h7qemu

I2C1 = 0x40005400
CR1, CR2, ISR, ICR, RXDR, TXDR = 0x00, 0x04, 0x18, 0x1C, 0x24, 0x28
PE, START, AUTOEND, RD_WRN = 1, 1 << 13, 1 << 25, 1 << 10
NACKF, STOPF = 1 << 4, 1 << 5
ADDR = 0x76
DEV = "/machine/peripheral/bme"
CTRL_HUM, STATUS, CTRL_MEAS, CONFIG, RESET = 0xF2, 0xF3, 0xF4, 0xF5, 0xE0
MEASURING = 1 << 3
FORCED, NORMAL = 1, 3
MS = 1000000


@pytest.fixture
def q():
    q = h7qemu.Qemu(qtest=True, extra=["-device", f"bme280,bus=i2c1,address={ADDR},id=bme"])
    q.write(I2C1 + CR1, PE)
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def xfer(q, data=b"", nread=0):
    """One write (data) then, if nread, a read with a repeated START."""
    if data:
        q.write(I2C1 + CR2, ADDR << 1 | len(data) << 16 | (0 if nread else AUTOEND) | START)
        for b in data:
            q.write(I2C1 + TXDR, b)
    out = b""
    if nread:
        q.write(I2C1 + CR2, ADDR << 1 | RD_WRN | nread << 16 | AUTOEND | START)
        out = bytes(q.read(I2C1 + RXDR) & 0xFF for _ in range(nread))
    isr = q.read(I2C1 + ISR)
    assert not isr & NACKF, hex(isr)
    assert isr & STOPF, hex(isr)
    q.write(I2C1 + ICR, STOPF)
    return out


def regs(q, reg, n):
    return xfer(q, bytes([reg]), n)


def calib(q):
    return bme280_ref.calibration(regs(q, 0x88, 26), regs(q, 0xE1, 7))


def measure_forced(q, osrs_t=1, osrs_p=1, osrs_h=1):
    xfer(q, bytes([CTRL_HUM, osrs_h, CTRL_MEAS, osrs_t << 5 | osrs_p << 2 | FORCED]))
    assert regs(q, STATUS, 1)[0] & MEASURING
    q.clock_step(120 * MS)          # longer than any: x16 each takes 1 + 32 + 32.5 + 32.5 ms
    assert not regs(q, STATUS, 1)[0] & MEASURING
    return bme280_ref.raw_results(regs(q, 0xF7, 8))


def test_identity_and_trimming(q):
    assert regs(q, 0xD0, 1) == b"\x60"
    c = calib(q)
    assert (c["T1"], c["T2"], c["T3"]) == (27504, 26435, -1000)   # the datasheet's example part
    assert c["P1"] == 36477 and c["P9"] == 6000
    assert c["H1"] > 0 and c["H2"] > 0
    # power-on results: the "skipped" values
    assert bme280_ref.raw_results(regs(q, 0xF7, 8)) == (0x80000, 0x80000, 0x8000)


def test_write_pairs_and_ctrl_hum_latched(q):
    xfer(q, bytes([CONFIG, 0x10, CTRL_HUM, 0x03]))         # two pairs in one write
    assert regs(q, CONFIG, 1) == b"\x10"
    assert regs(q, CTRL_HUM, 1) == b"\x03"
    assert regs(q, 0xF2, 4) == b"\x03\x00\x00\x10"         # reads auto-increment


@pytest.mark.parametrize("temp,press,hum", [
    (-40.0, 30000.0, 0.0), (-10.25, 70000.5, 12.5), (0.0, 90000.0, 35.0),
    (21.37, 101325.0, 47.3), (45.5, 105000.25, 80.0), (85.0, 110000.0, 100.0)])
def test_forced_readings_compensate_back(q, temp, press, hum):
    q.set_prop(DEV, "temperature", temp)
    q.set_prop(DEV, "pressure", press)
    q.set_prop(DEV, "humidity", hum)
    c = calib(q)
    t, p, h = bme280_ref.compensate(c, *measure_forced(q, 5, 5, 5))   # x16: 20 bits
    assert abs(t - temp) <= 0.01           # the integer formulas' 0.01 C steps
    assert abs(p - press) <= 1.0
    assert abs(h - hum) <= 0.05
    # x1: 16 significant bits, the lowest four of the 20 zero
    adc_t, adc_p, adc_h = measure_forced(q, 1, 1, 1)
    assert adc_t & 0xF == 0 and adc_p & 0xF == 0
    t1, p1, h1 = bme280_ref.compensate(c, adc_t, adc_p, adc_h)
    assert abs(t1 - temp) <= 0.05          # 16-bit temperature: about 0.0051 C a step
    assert abs(p1 - press) <= 3.0          # 16-bit pressure: about 2.6 Pa a step
    assert q.prop(DEV, "measurements") == 2


def test_measurement_time_and_back_to_sleep(q):
    # x1 each: 1 + 2 + 2.5 + 2.5 = 8 ms typical
    xfer(q, bytes([CTRL_HUM, 1, CTRL_MEAS, 1 << 5 | 1 << 2 | FORCED]))
    q.clock_step(7 * MS)
    assert regs(q, STATUS, 1)[0] & MEASURING
    q.clock_step(2 * MS)
    assert not regs(q, STATUS, 1)[0] & MEASURING
    assert regs(q, CTRL_MEAS, 1)[0] & 3 == 0               # forced mode ends in sleep
    q.clock_step(100 * MS)
    assert q.prop(DEV, "measurements") == 1


def test_normal_mode_period(q):
    # t_sb 62.5 ms, x1 temperature only: 3 ms conversions, one every 65.5 ms
    xfer(q, bytes([CONFIG, 1 << 5, CTRL_MEAS, 1 << 5 | NORMAL]))
    q.clock_step(3 * MS + 654 * MS)                        # the 11th ends at 658 ms
    assert q.prop(DEV, "measurements") == 10
    t, p, h = bme280_ref.raw_results(regs(q, 0xF7, 8))
    assert p == 0x80000 and h == 0x8000                    # skipped
    xfer(q, bytes([CTRL_MEAS, 0]))                         # sleep: no more
    q.clock_step(500 * MS)
    assert q.prop(DEV, "measurements") == 10


def test_filter_follows_a_step_slowly(q):
    q.set_prop(DEV, "temperature", 20.0)
    xfer(q, bytes([CONFIG, 4 << 2]))                       # coefficient 16
    c = calib(q)
    t0 = bme280_ref.compensate(c, *measure_forced(q))[0]
    assert abs(t0 - 20.0) <= 0.01
    q.set_prop(DEV, "temperature", 30.0)
    t1 = bme280_ref.compensate(c, *measure_forced(q))[0]
    assert 20.3 < t1 < 21.0                                 # 1/16 of the step
    for _ in range(100):
        t = bme280_ref.compensate(c, *measure_forced(q))[0]
    assert abs(t - 30.0) <= 0.05


def test_burst_read_sees_one_conversion(q):
    q.set_prop(DEV, "temperature", 10.0)
    # normal mode, temperature x1: a conversion every 3.5 ms
    xfer(q, bytes([CONFIG, 0, CTRL_MEAS, 1 << 5 | NORMAL]))
    q.clock_step(4 * MS)
    q.write(I2C1 + CR2, ADDR << 1 | 1 << 16 | START)
    q.write(I2C1 + TXDR, 0xF7)
    q.write(I2C1 + CR2, ADDR << 1 | RD_WRN | 8 << 16 | AUTOEND | START)
    first = bytes(q.read(I2C1 + RXDR) & 0xFF for _ in range(2))   # the third is on its way
    q.set_prop(DEV, "temperature", 40.0)
    q.clock_step(10 * MS)                                  # conversions finish mid-burst
    rest = bytes(q.read(I2C1 + RXDR) & 0xFF for _ in range(6))
    q.write(I2C1 + ICR, STOPF)
    c = calib(q)
    assert abs(bme280_ref.compensate(c, *bme280_ref.raw_results(first + rest))[0] - 10.0) <= 0.05
    assert abs(bme280_ref.compensate(c, *bme280_ref.raw_results(regs(q, 0xF7, 8)))[0] - 40.0) <= 0.05


def test_soft_reset(q):
    xfer(q, bytes([CONFIG, 0xA0, CTRL_HUM, 2]))
    measure_forced(q)
    xfer(q, bytes([RESET, 0x12]))                          # not the reset word
    assert regs(q, CONFIG, 1) == b"\xa0"
    xfer(q, bytes([RESET, 0xB6]))
    assert regs(q, 0xF2, 4) == b"\x00\x00\x00\x00"
    assert bme280_ref.raw_results(regs(q, 0xF7, 8)) == (0x80000, 0x80000, 0x8000)


def test_out_of_range_values_refused(q):
    for name, value in (("temperature", 86.0), ("temperature", -41.0), ("humidity", 100.5),
                        ("pressure", 29999.0)):
        with pytest.raises(h7qemu.QemuError, match=name):
            q.set_prop(DEV, name, value)
    assert q.prop(DEV, "temperature") == 20.0


def test_random_transactions(q):
    """Random register writes (pairs and odd lengths), reads of any length
    from any address, environment changes and time steps: QEMU stays up and
    the part still answers as a BME280 after a soft reset."""
    rng = random.Random(280)
    for _ in range(400):
        r = rng.random()
        if r < 0.4:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 9)))
            xfer(q, data)
        elif r < 0.8:
            xfer(q, bytes([rng.getrandbits(8)]), rng.randrange(1, 40))
        elif r < 0.9:
            name = rng.choice(["temperature", "humidity", "pressure"])
            lo, hi = {"temperature": (-40, 85), "humidity": (0, 100),
                      "pressure": (30000, 110000)}[name]
            q.set_prop(DEV, name, rng.uniform(lo, hi))
        else:
            q.clock_step(rng.choice([1000, 1 * MS, 50 * MS, 2000 * MS]))
    xfer(q, bytes([RESET, 0xB6]))
    assert regs(q, 0xD0, 1) == b"\x60"
    assert calib(q)["T1"] == 27504
