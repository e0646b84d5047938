"""machine.SPI, SoftSPI and pyb.SPI on the virtual STM32H747I-DISCO: an
SPI NOR flash (QEMU's m25p80) on the Arduino connector's SPI5 with its chip
select on D10 (PK1), read, erased, programmed and read back; the baud
rates the kernel clock gives; and the errors bad arguments give."""
import pytest


@pytest.fixture
def board(mpy_board):
    return mpy_board(extra=["-device", "m25p80,bus=spi5,cs=0"])


FLASH = """
from machine import SPI, Pin
cs = Pin("PK1", Pin.OUT, value=1)
spi = SPI(5, baudrate=10_000_000)
def cmd(*out, n=0):
    cs(0)
    spi.write(bytes(out))
    r = spi.read(n)
    cs(1)
    return r
def wait():
    while cmd(0x05, n=1)[0] & 1:     # status: write in progress
        pass
"""


def test_nor_flash_on_spi5(board):
    out = board.run(FLASH + """
print(cmd(0x9F, n=3).hex(), spi)
cmd(0x06); cmd(0x20, 0, 0x10, 0); wait()            # write enable, erase 4 KiB at 0x1000
print(cmd(0x03, 0, 0x10, 0, n=4).hex())
cmd(0x06)
cs(0); spi.write(b"\\x02\\x00\\x10\\x00" + b"h7stack!"); cs(1); wait()   # page program
print(cmd(0x03, 0, 0x10, 0, n=8))
buf = bytearray(4)
cs(0); spi.write(b"\\x03\\x00\\x10\\x02"); spi.write_readinto(b"\\xff" * 4, buf); cs(1)
print(bytes(buf))
""")
    lines = out.strip().splitlines()
    # m25p80's JEDEC ID; SPI5 runs on pclk2 (100 MHz): /16 is the most at 10 MHz
    assert lines[0] == "202014 SPI(5, baudrate=6250000, polarity=0, phase=0, bits=8, firstbit=MSB)"
    assert lines[1] == "ffffffff"
    assert lines[2] == "b'h7stack!'"
    assert lines[3] == "b'stac'"                    # from 0x1002


def test_no_device_selected_reads_ones_and_16_bit_frames(board):
    out = board.run("""
from machine import SPI
import pyb
s = SPI(1, baudrate=1_000_000, bits=16)
print(s.read(4), s)
p = pyb.SPI(2, pyb.SPI.CONTROLLER, baudrate=400_000, polarity=0, phase=1)
print(p.send_recv(b"ab"), p)
""")
    lines = out.strip().splitlines()
    assert lines[0] == "b'\\xff\\xff\\xff\\xff' SPI(1, baudrate=781250, polarity=0, phase=0, bits=16, firstbit=MSB)"
    assert lines[1] == ("b'\\xff\\xff' SPI(2, SPI.CONTROLLER, baudrate=781250, prescaler=256, "
                        "polarity=0, phase=1, bits=8)")


def test_softspi_reads_its_miso_pin(board):
    out = board.run("""
from machine import SoftSPI, Pin
miso = Pin("PA6", Pin.IN)
s = SoftSPI(baudrate=100_000, sck=Pin("PA5"), mosi=Pin("PA7"), miso=miso)
miso.init(Pin.IN, Pin.PULL_UP)
a = s.read(2)
miso.init(Pin.IN, Pin.PULL_DOWN)
print(a, s.read(2))
""")
    assert out.strip() == "b'\\xff\\xff' b'\\x00\\x00'"


def test_peripheral_without_a_controller_times_out(board):
    out = board.run("""
import pyb, time
p = pyb.SPI(1, pyb.SPI.PERIPHERAL)
t = time.ticks_ms()
try:
    p.recv(1, timeout=50)
except OSError as e:
    print(e, time.ticks_diff(time.ticks_ms(), t) >= 50)
""")
    assert out.strip() == "[Errno 110] ETIMEDOUT True"


def test_spi_errors_name_the_argument(board):
    assert board.errors("from machine import SPI\nimport pyb\ns = pyb.SPI(3)", [
        "SPI(0)",
        "SPI(7)",
        "SPI(1, baudrate=0)",
        "SPI(1, bits=17)",
        "SPI(1, polarity=2)",
        "SPI(1, phase=3)",
        "SPI(1, firstbit=5)",
        "SPI(1, sck=1)",
        "s.send(1)",
        "pyb.SPI(1, 7)",
        "pyb.SPI(1, pyb.SPI.CONTROLLER, ti=True)",
        "pyb.SPI(1, pyb.SPI.CONTROLLER, crc=7)",
        "pyb.SPI(1, pyb.SPI.CONTROLLER, prescaler=3)",
        "pyb.SPI(1, pyb.SPI.CONTROLLER).send_recv(b'ab', bytearray(1))",
        "pyb.SPI(1, pyb.SPI.CONTROLLER).recv(-1)",
    ]) == [
        "ValueError SPI(0) doesn't exist",
        "ValueError SPI(7) doesn't exist",
        "ValueError baudrate must be positive",
        "ValueError bits must be 4-16",
        "ValueError polarity must be 0 or 1",
        "ValueError phase must be 0 or 1",
        "ValueError firstbit must be SPI.MSB or SPI.LSB",
        "ValueError explicit choice of sck/mosi/miso is not implemented",
        "OSError [Errno 1] EPERM",
        "ValueError mode must be SPI.CONTROLLER or SPI.PERIPHERAL",
        "ValueError ti: TI mode is not available",
        "ValueError crc: hardware CRC is not available",
        "ValueError prescaler must be a power of 2 from 2 to 256",
        "ValueError recv: the buffer must be as long as send",
        "ValueError recv: the length must be >= 0",
    ]
