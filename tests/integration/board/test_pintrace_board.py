"""The pin trace on the running board, as a user records it: MicroPython
sets PWM outputs and bit-bangs a pattern; the VCD, decoded by Debian's
sigrok-cli (its pwm decoder), gives the frequency and duty set within one
timer tick; machine.bitstream's pulses appear with the timings asked for."""
import re
import subprocess

from h7tools import qemu as h7qemu
from h7tools import vcd

PWM_SCRIPT = """
import time, stm
from machine import PWM, Pin
a = PWM(Pin("PB5"), freq=1000, duty_u16=16384)      # TIM3 CH2
b = PWM(Pin("PA0"), freq=50, duty_ns=1_500_000)     # TIM2 CH1
print(stm.mem32[0x40000428] + 1, stm.mem32[0x40000028] + 1)  # TIM3, TIM2 PSC+1
time.sleep_ms(30)
a.duty_u16(49152)
time.sleep_ms(30)
a.deinit()
b.deinit()
import machine
machine.bitstream(Pin("PI13", Pin.OUT, value=0), 0, (400, 850, 800, 450), b"\\xa5")
"""
TIM_HZ = 200_000_000     # the APB1 timer clock on the DISCO at 400 MHz


def sigrok_pwm(path, pin):
    """[(duty, period_s)] from sigrok-cli's pwm decoder on pin."""
    out = subprocess.run(["sigrok-cli", "-i", str(path), "-I", "vcd", "-P", f"pwm:data={pin}",
                          "-A", "pwm"], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    duty, rows = None, []
    unit = {"s": 1, "ms": 1e-3, "μs": 1e-6, "us": 1e-6, "ns": 1e-9}
    for line in out.splitlines():
        m = re.match(r"pwm-1: ([\d.]+)%", line)
        if m:
            duty = float(m.group(1)) / 100
            continue
        m = re.match(r"pwm-1: ([\d.]+) (\S+)$", line)
        if m and duty is not None:
            rows.append((duty, float(m.group(1)) * unit[m.group(2)]))
            duty = None
    return rows


def test_pwm_and_bitstream_in_the_vcd(tmp_path, flash_file):
    path = tmp_path / "pins.vcd"
    h7qemu.make_flash(flash_file, h7qemu.MPY_FIRMWARE)
    with h7qemu.Qemu(flash=flash_file,
                     machine=f"stm32h747i-disco,pin-trace={path},pin-trace-pins=PB5:PA0:PI13") as q:
        q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
        psc3, psc2 = (int(v) for v in q.run(PWM_SCRIPT).split())
    # QEMU has exited: the trace is complete
    # one timer tick, and a little for the decimals sigrok-cli prints
    tick3, tick2 = psc3 / TIM_HZ + 1e-12, psc2 / TIM_HZ + 1e-12
    rows = sigrok_pwm(path, "PB5")
    # whole periods only (the first starts where the PWM was enabled)
    assert len(rows) >= 50
    first, second = [r for r in rows if r[0] < 0.5], [r for r in rows if r[0] > 0.5]
    assert len(first) >= 25 and len(second) >= 25
    for duty, period in first[1:] + second[1:]:
        assert abs(period - 1e-3) <= tick3, period
    for duty, period in first[1:-1]:
        assert abs(duty * period - 0.25e-3) <= tick3, duty
    for duty, period in second[1:-1]:
        assert abs(duty * period - 0.75e-3) <= tick3, duty
    rows = sigrok_pwm(path, "PA0")
    assert len(rows) >= 2
    for duty, period in rows[1:]:
        assert abs(period - 20e-3) <= tick2 and abs(duty * period - 1.5e-3) <= tick2, rows
    # the bitstream: 0xA5 = 1010 0101, ones 800 ns high / 450 low, zeros
    # 400 / 850; the last bit's low ends with the pin left low
    pulses = vcd.pulses(vcd.read(path)["PI13"])
    bits = pulses[-15:]
    want = []
    for bit in "10100101":
        want += [(1, 800), (0, 450)] if bit == "1" else [(1, 400), (0, 850)]
    for (lv, dur), (wlv, wdur) in zip(bits, want[:-1]):
        assert lv == wlv and abs(dur - wdur) <= 50, (bits, want)
