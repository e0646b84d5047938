"""The BME280 datasheet's (BST-BME280-DS002) floating-point compensation,
as a reference the tests check the QEMU model and the MicroPython driver
against: trimming parameters from the two calibration blocks, and the raw
results turned into degrees Celsius, pascals and %RH."""
import struct


def calibration(block1, block2):
    """block1: the 26 bytes at 0x88, block2: the 7 bytes at 0xE1."""
    c = dict(zip(("T1", "T2", "T3", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"),
                 struct.unpack("<HhhHhhhhhhhh", bytes(block1[:24]))))
    c["H1"] = block1[25]
    c["H2"], c["H3"] = struct.unpack("<hB", bytes(block2[:3]))
    e4, e5, e6 = block2[3], block2[4], block2[5]
    h4 = e4 << 4 | (e5 & 0xF)
    h5 = e6 << 4 | e5 >> 4
    c["H4"] = h4 - 4096 if h4 & 0x800 else h4        # 12-bit signed
    c["H5"] = h5 - 4096 if h5 & 0x800 else h5
    c["H6"] = struct.unpack("<b", bytes(block2[6:7]))[0]
    return c


def raw_results(data):
    """The 8 bytes at 0xF7: (adc_T, adc_P, adc_H)."""
    p = data[0] << 12 | data[1] << 4 | data[2] >> 4
    t = data[3] << 12 | data[4] << 4 | data[5] >> 4
    return t, p, data[6] << 8 | data[7]


def compensate(c, adc_t, adc_p, adc_h):
    """(degrees C, Pa, %RH) by the datasheet's double-precision formulas."""
    v1 = (adc_t / 16384.0 - c["T1"] / 1024.0) * c["T2"]
    v2 = (adc_t / 131072.0 - c["T1"] / 8192.0) ** 2 * c["T3"]
    t_fine = v1 + v2
    temp = t_fine / 5120.0

    v1 = t_fine / 2.0 - 64000.0
    v2 = v1 * v1 * c["P6"] / 32768.0
    v2 = v2 + v1 * c["P5"] * 2.0
    v2 = v2 / 4.0 + c["P4"] * 65536.0
    v1 = (c["P3"] * v1 * v1 / 524288.0 + c["P2"] * v1) / 524288.0
    v1 = (1.0 + v1 / 32768.0) * c["P1"]
    p = 1048576.0 - adc_p
    p = (p - v2 / 4096.0) * 6250.0 / v1
    v1 = c["P9"] * p * p / 2147483648.0
    v2 = p * c["P8"] / 32768.0
    press = p + (v1 + v2 + c["P7"]) / 16.0

    h = t_fine - 76800.0
    h = (adc_h - (c["H4"] * 64.0 + c["H5"] / 16384.0 * h)) * (
        c["H2"] / 65536.0 * (1.0 + c["H6"] / 67108864.0 * h * (1.0 + c["H3"] / 67108864.0 * h)))
    h = h * (1.0 - c["H1"] * h / 524288.0)
    return temp, press, min(max(h, 0.0), 100.0)
