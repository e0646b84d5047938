# Bosch BME280 humidity, pressure and temperature sensor on I2C, with the
# datasheet's integer compensation (BST-BME280-DS002, section 4.2.3).
#
#   from machine import I2C
#   import bme280
#   s = bme280.BME280(I2C(1))            # address 0x76 (SDO low) or 0x77
#   print(s.read())                      # (degrees C, Pa, %RH)
import time
from micropython import const

_CHIP_ID = const(0xD0)
_RESET = const(0xE0)
_CTRL_HUM = const(0xF2)
_STATUS = const(0xF3)
_CTRL_MEAS = const(0xF4)
_CONFIG = const(0xF5)
_DATA = const(0xF7)
_MEASURING = const(0x08)
_ID = const(0x60)

SLEEP = const(0)
FORCED = const(1)
NORMAL = const(3)

# oversampling codes: 0 skips the quantity, 1..5 take 1, 2, 4, 8, 16 samples
_OSR_CODES = (0, 1, 2, 4, 8, 16)


def _s16(v):
    return v - 65536 if v & 0x8000 else v


def _s12(v):
    return v - 4096 if v & 0x800 else v


class BME280:
    def __init__(self, i2c, address=0x76, osrs_t=1, osrs_p=1, osrs_h=1, mode=FORCED, filter=0):
        for name, v in (("osrs_t", osrs_t), ("osrs_p", osrs_p), ("osrs_h", osrs_h)):
            if v not in _OSR_CODES:
                raise ValueError(name + " must be one of 0, 1, 2, 4, 8, 16")
        if mode not in (FORCED, NORMAL):
            raise ValueError("mode must be FORCED or NORMAL")
        if filter not in (0, 2, 4, 8, 16):
            raise ValueError("filter must be one of 0, 2, 4, 8, 16")
        self.i2c = i2c
        self.address = address
        chip = self._read(_CHIP_ID, 1)[0]
        if chip != _ID:
            raise OSError("no BME280 at 0x%02x (chip ID 0x%02x)" % (address, chip))
        self._trimming()
        self.mode = mode
        self._meas = (
            _OSR_CODES.index(osrs_t) << 5 | _OSR_CODES.index(osrs_p) << 2
        )
        self._write(_CTRL_HUM, _OSR_CODES.index(osrs_h))
        self._write(_CONFIG, _OSR_CODES.index(filter) << 2 if filter else 0)
        self._write(_CTRL_MEAS, self._meas | (mode if mode == NORMAL else SLEEP))

    def _read(self, reg, n):
        return self.i2c.readfrom_mem(self.address, reg, n)

    def _write(self, reg, value):
        # the part takes (address, data) pairs: one register per write
        self.i2c.writeto_mem(self.address, reg, bytes((value,)))

    def _trimming(self):
        b = self._read(0x88, 26)
        w = [b[i] | b[i + 1] << 8 for i in range(0, 24, 2)]
        self.t1 = w[0]
        self.t2, self.t3 = _s16(w[1]), _s16(w[2])
        self.p1 = w[3]
        self.p2, self.p3, self.p4, self.p5, self.p6, self.p7, self.p8, self.p9 = [
            _s16(v) for v in w[4:12]
        ]
        self.h1 = b[25]
        e = self._read(0xE1, 7)
        self.h2 = _s16(e[0] | e[1] << 8)
        self.h3 = e[2]
        self.h4 = _s12(e[3] << 4 | e[4] & 0xF)
        self.h5 = _s12(e[5] << 4 | e[4] >> 4)
        self.h6 = e[6] - 256 if e[6] & 0x80 else e[6]

    def reset(self):
        self._write(_RESET, 0xB6)

    def read_raw(self, timeout_ms=200):
        """(adc_T, adc_P, adc_H); in forced mode, after a new conversion."""
        if self.mode == FORCED:
            self._write(_CTRL_MEAS, self._meas | FORCED)
            t0 = time.ticks_ms()
            while self._read(_STATUS, 1)[0] & _MEASURING:
                if time.ticks_diff(time.ticks_ms(), t0) > timeout_ms:
                    raise OSError("BME280 conversion timed out")
                time.sleep_ms(1)
        d = self._read(_DATA, 8)
        return (
            d[3] << 12 | d[4] << 4 | d[5] >> 4,
            d[0] << 12 | d[1] << 4 | d[2] >> 4,
            d[6] << 8 | d[7],
        )

    def compensate(self, adc_t, adc_p, adc_h):
        """The datasheet's integers: (0.01 degC, Pa in Q24.8, %RH in Q22.10)."""
        v1 = (((adc_t >> 3) - (self.t1 << 1)) * self.t2) >> 11
        d = (adc_t >> 4) - self.t1
        v2 = (((d * d) >> 12) * self.t3) >> 14
        t_fine = v1 + v2
        t = (t_fine * 5 + 128) >> 8

        v1 = t_fine - 128000
        v2 = v1 * v1 * self.p6 + ((v1 * self.p5) << 17) + (self.p4 << 35)
        v1 = ((v1 * v1 * self.p3) >> 8) + ((v1 * self.p2) << 12)
        v1 = (((1 << 47) + v1) * self.p1) >> 33
        if v1 == 0:
            p = 0
        else:
            p = 1048576 - adc_p
            n = (p << 31) - v2
            q = abs(n) * 3125 // v1  # C's division truncates towards zero
            p = -q if n < 0 else q
            v1 = (self.p9 * (p >> 13) * (p >> 13)) >> 25
            v2 = (self.p8 * p) >> 19
            p = ((p + v1 + v2) >> 8) + (self.p7 << 4)

        x = t_fine - 76800
        a = ((adc_h << 14) - (self.h4 << 20) - self.h5 * x + 16384) >> 15
        b = (
            (((((x * self.h6) >> 10) * (((x * self.h3) >> 11) + 32768)) >> 10) + 2097152) * self.h2
            + 8192
        ) >> 14
        x = _s32(a * b)
        x -= (((x >> 15) * (x >> 15)) >> 7) * self.h1 >> 4
        x = min(max(x, 0), 419430400)
        return t, p, x >> 12

    def read_compensated_data(self):
        return self.compensate(*self.read_raw())

    def read(self):
        """(degrees C, Pa, %RH) as floats."""
        t, p, h = self.read_compensated_data()
        return t / 100, p / 256, h / 1024


def _s32(v):
    # the datasheet's humidity product wraps in 32 bits as its C does
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v
