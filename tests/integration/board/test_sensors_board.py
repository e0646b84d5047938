"""Sensors on the virtual board's I2C1 as a MicroPython user wires them:
I2C(1).scan() finds QEMU's own parts and ours attached with -device; the
frozen bme280 driver reads what QMP set, checked against the datasheet's
floating-point compensation (h7tools.bme280_ref) of the raw registers the
board read, and against the set values within the part's resolution."""
import os
import subprocess

import pytest

from h7tools import bme280_ref

DEVICES = [("lsm303dlhc_mag", 0x1E), ("pca9554", 0x20), ("ssd0303", 0x3D),
           ("tmp105", 0x48), ("ds1338", 0x68), ("bme280", 0x76), ("dps310", 0x77)]
BME = "/machine/peripheral/bme"


@pytest.fixture
def board(mpy_board):
    extra = []
    for name, addr in DEVICES:
        extra += ["-device", f"{name},bus=i2c1,address={addr:#x}"
                  + (",id=bme" if name == "bme280" else "")]
    return mpy_board(extra=extra)


def test_scan_finds_every_part(board):
    out = board.run("from machine import I2C\nprint(I2C(1).scan())\n")
    assert out.strip() == str(sorted(a for _, a in DEVICES))


READ = """
from machine import I2C
import bme280
i2c = I2C(1, freq=400000)
s = bme280.BME280(i2c, osrs_t={o}, osrs_p={o}, osrs_h={o})
raw = s.read_raw()
print(raw)
print(s.compensate(*raw))
print(i2c.readfrom_mem(0x76, 0x88, 26).hex(), i2c.readfrom_mem(0x76, 0xE1, 7).hex())
"""


def board_reading(board, osr):
    raw, comp, cal = board.run(READ.format(o=osr)).splitlines()
    raw = tuple(int(v) for v in raw.strip("()").split(","))
    t, p, h = (int(v) for v in comp.strip("()").split(","))
    b1, b2 = (bytes.fromhex(x) for x in cal.split())
    return raw, (t / 100, p / 256, h / 1024), bme280_ref.calibration(b1, b2)


@pytest.mark.parametrize("env", [(-35.5, 32000.0, 3.0), (0.0, 80000.0, 25.5),
                                 (23.45, 101325.0, 55.25), (70.0, 109000.0, 97.0)])
def test_bme280_reads_what_qmp_set(board, env):
    temp, press, hum = env
    board.set_prop(BME, "temperature", temp)
    board.set_prop(BME, "pressure", press)
    board.set_prop(BME, "humidity", hum)
    # x16 oversampling: 20-bit results
    raw, (t, p, h), cal = board_reading(board, 16)
    rt, rp, rh = bme280_ref.compensate(cal, *raw)
    # the driver's integers agree with the datasheet's doubles on the same raw
    # values (to the integers' steps: 0.01 C, 1/256 Pa, 1/1024 %RH)
    assert abs(t - rt) <= 0.01 and abs(p - rp) <= 1.0 and abs(h - rh) <= 0.01
    assert abs(t - temp) <= 0.01 and abs(p - press) <= 1.0 and abs(h - hum) <= 0.02
    # x1: 16 bits, a coarser step
    raw, (t, p, h), cal = board_reading(board, 1)
    assert raw[0] & 0xF == 0 and raw[1] & 0xF == 0
    assert abs(t - temp) <= 0.02 and abs(p - press) <= 3.0 and abs(h - hum) <= 0.02


def test_bme280_normal_mode_follows_a_change(board):
    board.set_prop(BME, "temperature", 18.0)
    out = board.run("""
from machine import I2C
import bme280, time
s = bme280.BME280(I2C(1), mode=bme280.NORMAL, osrs_t=2, osrs_p=2, osrs_h=1)
time.sleep_ms(100)
print(s.read()[0])
""")
    assert abs(float(out) - 18.0) <= 0.01
    board.set_prop(BME, "temperature", 26.5)
    out = board.run("time.sleep_ms(100)\nprint(s.read()[0])\n")    # t_sb 0.5 ms: new results
    assert abs(float(out) - 26.5) <= 0.01


def test_bme280_driver_errors(board):
    assert board.errors("from machine import I2C\nimport bme280\ni2c = I2C(1)", [
        "bme280.BME280(i2c, osrs_t=3)",
        "bme280.BME280(i2c, osrs_h=32)",
        "bme280.BME280(i2c, filter=5)",
        "bme280.BME280(i2c, mode=0)",
        "bme280.BME280(i2c, address=0x48)",     # the TMP105 is there
        "bme280.BME280(i2c, address=0x50)",     # nobody
    ]) == [
        "ValueError osrs_t must be one of 0, 1, 2, 4, 8, 16",
        "ValueError osrs_h must be one of 0, 1, 2, 4, 8, 16",
        "ValueError filter must be one of 0, 2, 4, 8, 16",
        "ValueError mode must be FORCED or NORMAL",
        "OSError no BME280 at 0x48 (chip ID 0x00)",
        "OSError [Errno 19] ENODEV",
    ]


def test_run_qemu_passes_devices_to_exec_and_screenshot(tmp_path):
    """scripts/run_qemu.sh --device, with --exec and --screenshot: the
    BME280 example reads the part and draws its readings."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))
    shot = tmp_path / "env.png"
    r = subprocess.run([f"{top}/scripts/run_qemu.sh", "--flash", str(tmp_path / "f.bin"),
                        "--device", "bme280,bus=i2c1,address=0x76,id=env",
                        "--exec", f"{top}/examples/bme280_display.py", "--screenshot", str(shot)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == ["20.00 C, 1013.25 hPa, 50.0 %RH"] * 3, r.stdout
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
