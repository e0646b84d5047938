"""The LIS3DH model (qemu/hw/lis3dh.c) on SPI4, chip select 0 (PE4),
driven through the SPI4 registers: the command byte (read, auto-increment,
address), WHO_AM_I, register write and read back, output data rate in
virtual time, full scale and resolution (low-power, normal, high-res),
saturation, little and big endian, STATUS_REG data-ready and overrun,
block data update, power-down, and a transaction cut by the chip select."""
import random
import struct

import pytest

from h7tools import qemu as h7qemu

SPI4, GPIOE = 0x40013400, 0x58021000
CR1, CR2, CFG1, CFG2, TXDR, RXDR = 0x00, 0x04, 0x08, 0x0C, 0x20, 0x30
ODR_REG, MODER = 0x14, 0x00
SPE, CSTART, MASTER, SSM = 1, 1 << 9, 1 << 22, 1 << 26
DEV = "/machine/peripheral/acc"
WHO_AM_I, CTRL_REG1, CTRL_REG4, CTRL_REG5, STATUS, OUT_X_L = 0x0F, 0x20, 0x23, 0x24, 0x27, 0x28
READ, INC = 0x80, 0x40
MS = 1_000_000


@pytest.fixture
def q():
    q = h7qemu.Qemu(qtest=True, extra=["-device", "lis3dh,bus=spi4,cs=0,id=acc"])
    q.write(GPIOE + ODR_REG, 1 << 4)                        # PE4 high: deselected
    q.write(GPIOE + MODER, q.read(GPIOE + MODER) & ~(3 << 8) | 1 << 8)
    q.write(SPI4 + CFG1, 7 | 2 << 28)                       # 8-bit frames
    q.write(SPI4 + CFG2, MASTER | SSM)
    q.write(SPI4 + CR2, 0)
    q.write(SPI4 + CR1, SPE | 1 << 12)
    q.write(SPI4 + CR1, SPE | 1 << 12 | CSTART)
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def transaction(q, data):
    q.write(GPIOE + ODR_REG, 0)                             # CS low
    out = []
    for b in data:
        q.write(SPI4 + TXDR, b, 1)
        q.clock_step(10_000)
        out.append(q.read(SPI4 + RXDR, 1))
    q.write(GPIOE + ODR_REG, 1 << 4)                        # CS high
    return bytes(out)


def read(q, reg, n=1):
    return transaction(q, [READ | (INC if n > 1 else 0) | reg] + [0] * n)[1:]


def write(q, reg, *vals):
    transaction(q, [(INC if len(vals) > 1 else 0) | reg, *vals])


def axes(q, big=False):
    return struct.unpack(">hhh" if big else "<hhh", read(q, OUT_X_L, 6))


def test_identity_and_reset_values(q):
    assert read(q, WHO_AM_I) == b"\x33"
    assert read(q, 0x1E, 3) == b"\x10\x00\x07"              # CTRL_REG0, TEMP_CFG, CTRL_REG1
    assert read(q, STATUS) == b"\x00"


def test_registers_read_back_and_auto_increment(q):
    write(q, 0x21, 0x12, 0x34, 0x56)                       # CTRL_REG2..4 in one go
    assert read(q, 0x21, 3) == b"\x12\x34\x56"
    write(q, 0x32, 0x7F)                                   # INT1_THS
    assert read(q, 0x32) == b"\x7f"
    write(q, WHO_AM_I, 0)                                  # read-only: ignored
    assert read(q, WHO_AM_I) == b"\x33"
    # without MS the address stays: the same register twice
    assert transaction(q, [READ | 0x21, 0, 0])[1:] == b"\x12\x12"


def test_data_rate_in_virtual_time(q):
    write(q, CTRL_REG1, 5 << 4 | 7)                        # 100 Hz, XYZ
    q.clock_step(995 * MS)
    assert q.prop(DEV, "samples") == 99
    q.clock_step(10 * MS)
    assert q.prop(DEV, "samples") == 100
    write(q, CTRL_REG1, 7)                                 # power-down
    q.clock_step(1000 * MS)
    assert q.prop(DEV, "samples") == 100
    write(q, CTRL_REG1, 9 << 4 | 8 | 7)                    # low-power 5.376 kHz
    q.clock_step(100 * MS)
    assert q.prop(DEV, "samples") == 100 + 537


@pytest.mark.parametrize("fs,mode,step_mg", [
    (0, "hr", 1), (0, "normal", 4), (0, "lp", 16), (1, "hr", 2), (2, "normal", 16),
    (3, "hr", 12), (3, "lp", 192)])
def test_scale_and_resolution(q, fs, mode, step_mg):
    bits = {"hr": 12, "normal": 10, "lp": 8}[mode]
    q.set_prop(DEV, "x", 0.5)
    q.set_prop(DEV, "y", -0.25)
    q.set_prop(DEV, "z", 1.0)
    write(q, CTRL_REG4, fs << 4 | (8 if mode == "hr" else 0))
    write(q, CTRL_REG1, 7 << 4 | (8 if mode == "lp" else 0) | 7)   # 400 Hz
    q.clock_step(3 * MS)
    x, y, z = axes(q)
    for v in (x, y, z):
        assert v % (1 << (16 - bits)) == 0                # left-justified
    full = {0: 2, 1: 4, 2: 8, 3: 16}[fs]
    for got, g in ((x, 0.5), (y, -0.25), (z, 1.0)):
        digits = got >> (16 - bits)
        assert abs(digits * step_mg / 1000 - g) <= step_mg / 2000 + 1e-9, (got, g)
    # beyond full scale: saturated
    q.set_prop(DEV, "x", full * 3.0)
    q.set_prop(DEV, "y", -full * 3.0)
    q.clock_step(3 * MS)
    x, y, _ = axes(q)
    assert x >> (16 - bits) == (1 << (bits - 1)) - 1
    assert y >> (16 - bits) == -(1 << (bits - 1))


def test_big_endian_output(q):
    q.set_prop(DEV, "x", 0.123)
    write(q, CTRL_REG4, 0x48)                              # BLE, HR, +-2 g
    write(q, CTRL_REG1, 0x57)
    q.clock_step(20 * MS)
    assert axes(q, big=True)[0] == 123 << 4


def test_data_ready_and_overrun(q):
    write(q, CTRL_REG1, 0x57)                              # 100 Hz
    q.clock_step(10 * MS + 1)
    assert read(q, STATUS)[0] == 0x0F                     # ZYXDA and XDA/YDA/ZDA
    read(q, OUT_X_L + 1)                                   # X high byte
    assert read(q, STATUS)[0] == 0x0E
    q.clock_step(10 * MS)
    assert read(q, STATUS)[0] == 0xEF                     # Y and Z overrun, ZYXOR
    axes(q)
    assert read(q, STATUS)[0] == 0x00


def test_block_data_update_holds_an_axis(q):
    q.set_prop(DEV, "x", 0.25)
    write(q, CTRL_REG4, 0x88)                              # BDU, HR
    write(q, CTRL_REG1, 0x57)
    q.clock_step(10 * MS + 1)
    low = read(q, OUT_X_L)[0]
    q.set_prop(DEV, "x", -1.5)
    q.clock_step(50 * MS)                                  # samples come, X is held
    high = read(q, OUT_X_L + 1)[0]
    assert struct.unpack("<h", bytes([low, high]))[0] == 250 << 4
    assert axes(q)[0] == -1500 << 4                         # the held sample now


def test_cs_cut_ends_the_command(q):
    q.write(GPIOE + ODR_REG, 0)
    q.write(SPI4 + TXDR, READ | INC | WHO_AM_I, 1)          # command, no data
    q.clock_step(10_000)
    q.read(SPI4 + RXDR, 1)
    q.write(GPIOE + ODR_REG, 1 << 4)
    assert read(q, WHO_AM_I) == b"\x33"                    # a new command


def test_bad_values_and_random_traffic(q):
    with pytest.raises(h7qemu.QemuError, match="'x', expected: number"):
        q.set_prop(DEV, "x", "fast")
    rng = random.Random(3)
    for _ in range(300):
        n = rng.randrange(1, 12)
        transaction(q, [rng.getrandbits(8) for _ in range(n)])
        if rng.random() < 0.2:
            q.clock_step(rng.choice([1000, MS, 100 * MS]))
    write(q, CTRL_REG5, 0x80)                              # reboot: self-clearing
    assert read(q, CTRL_REG5)[0] & 0x80 == 0
    assert read(q, WHO_AM_I) == b"\x33"
