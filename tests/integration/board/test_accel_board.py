"""The LIS3DH accelerometer on the Arduino header's SPI (SPI5, chip select
D10 = PK1) as a MicroPython user wires it: the frozen lis3dh driver reads
what QMP set, in each range and resolution, within one step of the part's
sensitivity; WHO_AM_I by hand through machine.SPI; errors named."""
import pytest

ACC = "/machine/peripheral/acc"


@pytest.fixture
def board(mpy_board):
    return mpy_board(extra=["-device", "lis3dh,bus=spi5,cs=0,id=acc"])


def test_who_am_i_by_hand(board):
    out = board.run("""
from machine import SPI, Pin
cs = Pin("D10", Pin.OUT, value=1)
spi = SPI(5, baudrate=1000000, polarity=1, phase=1)
buf = bytearray(2)
cs(0); spi.write_readinto(bytes((0x8F, 0)), buf); cs(1)
print(buf[1] == 0x33)
""")
    assert out.strip() == "True"


@pytest.mark.parametrize("rng,res,step_mg", [(2, "high", 1), (4, "normal", 8),
                                             (8, "low-power", 64), (16, "high", 12)])
def test_driver_reads_what_qmp_set(board, rng, res, step_mg):
    for g in ((0.0, 0.0, 1.0), (0.5, -0.75, 0.125), (-1.9, 1.2, -0.3)):
        for axis, v in zip("xyz", g):
            board.set_prop(ACC, axis, v)
        out = board.run(f"""
from machine import SPI, Pin
import lis3dh
acc = lis3dh.LIS3DH(SPI(5), Pin("D10"), rate=400, range={rng}, resolution={res!r})
acc.read_raw()              # a sample from before the last change may be waiting
print(acc.acceleration())
""")
        got = [float(v) for v in out.strip("()\n").split(",")]
        for a, b in zip(got, g):
            assert abs(a - b) <= step_mg / 2000 + 1e-9, (got, g, rng, res)


def test_beyond_range_saturates(board):
    board.set_prop(ACC, "x", 5.0)
    out = board.run("""
from machine import SPI, Pin
import lis3dh
acc = lis3dh.LIS3DH(SPI(5), Pin("D10"), range=2)
acc.read_raw()
print(acc.acceleration()[0])
""")
    assert float(out) == 2.047                    # 2047 digits of 1 mg


def test_driver_errors(board):
    assert board.errors("from machine import SPI, Pin\nimport lis3dh", [
        'lis3dh.LIS3DH(SPI(5), Pin("D10"), rate=3)',
        'lis3dh.LIS3DH(SPI(5), Pin("D10"), range=3)',
        'lis3dh.LIS3DH(SPI(5), Pin("D10"), resolution="best")',
        'lis3dh.LIS3DH(SPI(5), Pin("D9"))',          # nothing selected there
    ]) == [
        "ValueError rate must be one of 1, 10, 25, 50, 100, 200, 400, 1344",
        "ValueError range must be 2, 4, 8 or 16 (g)",
        "ValueError resolution must be 'high', 'normal' or 'low-power'",
        "OSError no LIS3DH on this SPI and chip select (WHO_AM_I 0xff)",
    ]
