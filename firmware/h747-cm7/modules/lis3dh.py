# ST LIS3DH three-axis accelerometer on SPI (4-wire, mode 3).
#
#   from machine import SPI, Pin
#   import lis3dh
#   acc = lis3dh.LIS3DH(SPI(5), Pin("D10"))     # the Arduino header's SPI
#   print(acc.acceleration())                  # (x, y, z) in g
import time
from micropython import const

_WHO_AM_I = const(0x0F)
_CTRL_REG1 = const(0x20)
_CTRL_REG4 = const(0x23)
_STATUS = const(0x27)
_OUT_X_L = const(0x28)
_READ = const(0x80)
_INCREMENT = const(0x40)
_ID = const(0x33)
_ZYXDA = const(0x08)

# output data rates (Hz) by CTRL_REG1.ODR; 1344 is 5376 in low-power mode
_RATES = (1, 10, 25, 50, 100, 200, 400, 1344)
_RANGES = (2, 4, 8, 16)
# mg per digit, by range: high-resolution (12 bits), normal (10), low-power (8)
_MG = {2: (1, 4, 16), 4: (2, 8, 32), 8: (4, 16, 64), 16: (12, 48, 192)}
_BITS = (12, 10, 8)
RESOLUTIONS = ("high", "normal", "low-power")


class LIS3DH:
    def __init__(self, spi, cs, rate=100, range=2, resolution="high"):
        if rate not in _RATES:
            raise ValueError("rate must be one of " + ", ".join(str(r) for r in _RATES))
        if range not in _RANGES:
            raise ValueError("range must be 2, 4, 8 or 16 (g)")
        if resolution not in RESOLUTIONS:
            raise ValueError("resolution must be 'high', 'normal' or 'low-power'")
        self.spi = spi
        self.cs = cs
        cs.init(cs.OUT, value=1)
        spi.init(baudrate=5_000_000, polarity=1, phase=1)
        self._buf = bytearray(7)
        chip = self._read(_WHO_AM_I, 1)[0]
        if chip != _ID:
            raise OSError("no LIS3DH on this SPI and chip select (WHO_AM_I 0x%02x)" % chip)
        mode = RESOLUTIONS.index(resolution)
        self._shift = 16 - _BITS[mode]
        self._mg = _MG[range][mode]
        odr = _RATES.index(rate) + 1
        self._write(_CTRL_REG4, _RANGES.index(range) << 4 | (0x08 if mode == 0 else 0) | 0x80)
        self._write(_CTRL_REG1, odr << 4 | (0x08 if mode == 2 else 0) | 0x07)

    def _read(self, reg, n):
        b = self._buf
        b[0] = _READ | (_INCREMENT if n > 1 else 0) | reg
        mv = memoryview(b)[: n + 1]
        self.cs(0)
        try:
            self.spi.write_readinto(mv, mv)
        finally:
            self.cs(1)
        return bytes(mv[1:])

    def _write(self, reg, value):
        self.cs(0)
        try:
            self.spi.write(bytes((reg, value)))
        finally:
            self.cs(1)

    def data_ready(self):
        return bool(self._read(_STATUS, 1)[0] & _ZYXDA)

    def read_raw(self, timeout_ms=2000):
        """The three outputs as signed 16-bit values, after new data."""
        t0 = time.ticks_ms()
        while not self.data_ready():
            if time.ticks_diff(time.ticks_ms(), t0) > timeout_ms:
                raise OSError("LIS3DH gave no data")
            time.sleep_ms(1)
        d = self._read(_OUT_X_L, 6)
        return tuple(
            (v - 65536 if v & 0x8000 else v)
            for v in (d[0] | d[1] << 8, d[2] | d[3] << 8, d[4] | d[5] << 8)
        )

    def acceleration(self):
        """(x, y, z) in g."""
        return tuple((v >> self._shift) * self._mg / 1000 for v in self.read_raw())
