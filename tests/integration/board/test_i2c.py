"""machine.I2C and SoftI2C on the virtual STM32H747I-DISCO: I2C(1) and
I2C(4) find what is on their buses (the touch controller on I2C4, QEMU's
own TMP105 and AT24C EEPROM attached to I2C1 with -device), memory reads
and writes, a transfer over 255 bytes (RELOAD), SoftI2C on the same wires
reaching the same devices, and the errors: ENODEV for an absent address,
ValueError naming the argument."""
import pytest


@pytest.fixture
def board(mpy_board):
    return mpy_board(extra=[
        "-device", "tmp105,bus=i2c1,address=0x48,id=temp",
        "-device", "at24c-eeprom,bus=i2c1,address=0x50,rom-size=512,id=eeprom"])


def test_scan_finds_the_devices_on_each_bus(board):
    out = board.run("""
from machine import I2C
print(I2C(1).scan(), I2C(4).scan())
print(I2C(1, freq=100000))
""")
    assert out.splitlines() == ["[72, 80] [56]", "I2C(1, freq=100000, timeout=50000)"]


def test_memory_transfers_and_a_sensor_set_from_qmp(board):
    board.set_prop("/machine/peripheral/temp", "temperature", 25500)
    out = board.run("""
from machine import I2C
i2c = I2C(1)
print(i2c.readfrom_mem(0x48, 0, 2))
data = bytes(range(256)) + bytes(range(44))        # 300 bytes: two NBYTES blocks
for off in range(0, 300, 32):                      # the EEPROM's 32-byte pages
    i2c.writeto_mem(0x50, off, data[off:off + 32], addrsize=16)
back = i2c.readfrom_mem(0x50, 0, 300, addrsize=16)
print(back == data, len(back))
buf = bytearray(4)
i2c.readfrom_mem_into(0x50, 2, buf, addrsize=16)
print(bytes(buf))
i2c.writevto(0x50, (b"\\x00\\x10", b"ab", b"cd"))
i2c.writeto(0x50, b"\\x00\\x10", False)
print(i2c.readfrom(0x50, 4))
print(I2C(4).readfrom_mem(0x38, 0xA8, 1))            # the FT5336's chip ID
""")
    assert out.splitlines() == [
        "b'\\x19\\x80'",                                 # 25.5 C in 9-bit resolution
        "True 300",
        "b'\\x02\\x03\\x04\\x05'",
        "b'abcd'",
        "b'Q'",
    ]


def test_soft_i2c_on_the_same_wires(board):
    out = board.run("""
from machine import SoftI2C, Pin
s = SoftI2C(scl=Pin("PB6"), sda=Pin("PB7"), freq=100000)
print(s.scan())
s.writeto_mem(0x50, 0x40, b"soft", addrsize=16)
print(s.readfrom_mem(0x50, 0x40, 4, addrsize=16))
t = SoftI2C(scl=Pin("PD12"), sda=Pin("PD13"))
print(t.scan())
""")
    assert out.splitlines() == ["[72, 80]", "b'soft'", "[56]"]


def test_errors(board):
    assert board.errors("from machine import I2C, SoftI2C, Pin", [
        "I2C(1).readfrom(0x33, 1)",
        'I2C(1).writeto(0x33, b"x")',
        "I2C(2)",
        "I2C(5)",
        "I2C(1, freq=0)",
        "I2C(1, freq=2000000)",
        "I2C(1, timeout=-1)",
        'I2C(1, scl=Pin("PB8"))',
        'SoftI2C(scl=Pin("PB6"), sda=Pin("PB7")).readfrom(0x33, 1)',
    ]) == [
        "OSError [Errno 19] ENODEV",
        "OSError [Errno 19] ENODEV",
        "ValueError I2C(2) doesn't exist",
        "ValueError I2C(5) doesn't exist",
        "ValueError freq: 1 to 1000000 Hz",
        "ValueError freq: 1 to 1000000 Hz",
        "ValueError timeout must be >= 0",
        "ValueError scl, sda: the pins are fixed; SoftI2C takes any",
        "OSError [Errno 19] ENODEV",
    ]
