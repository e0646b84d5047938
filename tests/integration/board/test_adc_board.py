"""machine.ADC, pyb.ADC, pyb.ADCAll and pyb.DAC on the virtual
STM32H747I-DISCO: voltages set on pins over QMP read back within 1 LSB, the
DAC's output read by the ADC on its pin, the internal channels following
the temperature and VBAT set over QMP, samples paced by a timer, the DAC's
timed writes (DMA on TIM6's trigger) and waves read back by the ADC, and
the errors bad arguments give."""
import pytest

SOC = "/machine/soc"


@pytest.fixture
def board(mpy_board):
    return mpy_board()


@pytest.mark.parametrize("volts", [0.0, 0.4321, 1.65, 3.3])
def test_adc_reads_the_pin_within_one_lsb(board, volts):
    board.set_prop(SOC, "ain-PC0", volts)           # ADC1 channel 10
    board.set_prop(SOC, "ain-PF3", volts / 2)       # ADC3 channel 5 only
    out = board.run("""
from machine import ADC
import pyb
a, b = ADC("PC0"), ADC("PF3")
print(a.read_u16(), a.read_uv(), pyb.ADC(pyb.Pin("PC0")).read(), b.read_u16(), a, b)
""")
    u16, uv, r12, b16, *names = out.split()
    assert abs(int(u16) - volts / 3.3 * 65535) <= 1
    assert abs(int(uv) - volts * 1e6) <= 3.3e6 / 65535
    assert abs(int(r12) - volts / 3.3 * 4095) <= 1
    assert abs(int(b16) - volts / 2 / 3.3 * 65535) <= 1
    assert names == ["<ADC1", "channel=10>", "<ADC3", "channel=5>"]


def test_dac_looped_to_the_adc_on_its_pin(board):
    out = board.run("""
import pyb
from machine import ADC, Pin
dac = pyb.DAC(1, bits=12)
adc = ADC(Pin("PA4"))
for v in (0, 1000, 2048, 4095):
    dac.write(v)
    print(v, adc.read_u16() >> 4)
d8 = pyb.DAC(2)                               # 8 bits on PA5
d8.write(200)
print(ADC(Pin("PA5")).read_u16() >> 8, dac, d8)
""")
    lines = out.strip().splitlines()
    for line in lines[:4]:
        v, got = map(int, line.split())
        assert abs(got - v) <= 1, line
    assert lines[4] == "200 DAC(1, bits=12) DAC(2, bits=8)"
    assert board.prop(SOC + "/dac1", "out1-volts") == pytest.approx(4095 * 3.3 / 4095)


def test_adcall_internal_channels_follow_qmp(board):
    board.set_prop(SOC, "temperature", 61.5)
    board.set_prop(SOC, "vbat", 2.9)
    out = board.run("""
import pyb
a = pyb.ADCAll(12)
print("%.1f %.2f %.3f %.2f" % (a.read_core_temp(), a.read_core_vbat(), a.read_core_vref(), a.read_vref()))
""")
    assert out.strip() == "61.5 2.90 1.216 3.30"


def test_read_timed_paces_samples_by_the_timer(board):
    board.set_prop(SOC, "ain-PA6", 1.0)
    out = board.run("""
import pyb, time, array
adc = pyb.ADC(pyb.Pin("PA6"))
tim = pyb.Timer(6, freq=500)
buf = array.array("h", [0] * 50)
t0 = time.ticks_us()
adc.read_timed(buf, tim)
dt = time.ticks_diff(time.ticks_us(), t0)
b8 = bytearray(10)
adc.read_timed(b8, tim)
print(dt // 1000, min(buf), max(buf), list(b8) == [round(1.0 / 3.3 * 4095) >> 4] * 10)
""")
    ms, lo, hi, ok = out.split()
    assert 98 <= int(ms) <= 101                     # 50 samples at 500 Hz
    assert abs(int(lo) - 1.0 / 3.3 * 4095) <= 1 and lo == hi
    assert ok == "True"


def test_dac_write_timed_and_waves_read_back(board):
    out = board.run("""
import pyb, time
from machine import ADC, Pin
dac = pyb.DAC(1)
adc = ADC(Pin("PA4"))
def u8():
    return (adc.read_u16() + 128) >> 8
def u12():
    return (adc.read_u16() + 8) >> 4
dac.write_timed(bytearray([16, 128, 240, 64]), 50, mode=pyb.DAC.CIRCULAR)
seen = []
for i in range(200):                         # ~10 reads a sample, 5 cycles
    v = u8()
    if not seen or seen[-1] != v:
        seen.append(v)
    time.sleep_ms(2)
print(seen)
dac.write_timed(bytearray([50, 60]), 1000)   # once, then the last sample stays
time.sleep_ms(10)
print(u8())
dac.triangle(10000)                          # one step each 0.1 ms, rising first
tri = []
for i in range(8):
    time.sleep_ms(1)
    tri.append(u12())
print(tri)
dac.noise(10000)
noise = []
for i in range(8):
    time.sleep_ms(1)
    noise.append(u12())
print(len(set(noise)))
dac.write(77)                                # a plain write ends the wave
time.sleep_ms(1)
print(u8(), pyb.Timer(6).freq())
""")
    seen, last, tri, distinct, plain = out.strip().splitlines()
    buf = [16, 128, 240, 64]
    seen = eval(seen)
    # DHR's old content (0) goes out on the first triggers, before the
    # first sample the DMA moved reaches the output
    while seen and seen[0] == 0:
        seen.pop(0)
    assert seen and all(v in buf for v in seen), seen
    # each change is the buffer's next sample; a host stall of a sample
    # period (20 ms) may hide one, but a step of 3 is the order reversed;
    # together the changes go round the buffer at least twice
    steps = [(buf.index(b) - buf.index(a)) % 4 for a, b in zip(seen, seen[1:])]
    assert all(s in (1, 2) for s in steps), seen
    assert steps.count(1) >= 0.75 * len(steps) and sum(steps) >= 8, seen
    assert last == "60"
    tri = eval(tri)
    # rising, 10 steps a ms: the median rise between reads 1 ms apart (a
    # host stall skews the guest's clock against the timer's for an
    # interval or two, not for most of them)
    rises = sorted(b - a for a, b in zip(tri, tri[1:]))
    assert rises[0] > 0 and 8 <= rises[len(rises) // 2] <= 15, tri
    assert int(distinct) >= 7
    assert plain == "77 10000"


def test_adc_and_dac_errors_name_the_argument(board):
    assert board.errors("from machine import ADC, Pin\nimport pyb", [
        "ADC(20)",
        "ADC('PJ0')",
        "ADC(1.5)",
        "pyb.DAC(3)",
        "pyb.DAC(Pin('PA6'))",
        "pyb.DAC(1, bits=10)",
        "pyb.DAC(1).write(256)",
        "pyb.DAC(1, bits=12).write(-1)",
        "pyb.ADCAll(11)",
        "pyb.ADCAll(12, 1).read_channel(5)",
        "pyb.ADC('PA6').read_timed(bytearray(4), pyb.Timer(7))",
        "pyb.DAC(1).write_timed(b'', 100)",
        "pyb.DAC(1).write_timed(b'ab', 100, mode=7)",
        "pyb.DAC(1).write_timed(b'ab', pyb.Timer(3, freq=10))",
        "pyb.DAC(1).write_timed(b'ab', 'x')",
        "pyb.DAC(1).noise(1.5)",
        "pyb.DAC(1).triangle(0)",
    ]) == [
        "ValueError ADC channel 20 doesn't exist (0-19, or CORE_TEMP, CORE_VREF, CORE_VBAT)",
        "ValueError pin PJ0 has no ADC",
        "TypeError pin must be a Pin, a pin name or a number",
        "ValueError DAC: 1 (PA4) or 2 (PA5)",
        "ValueError DAC: 1 (PA4) or 2 (PA5)",
        "ValueError bits must be 8 or 12",
        "ValueError value must be 0-255",
        "ValueError value must be 0-4095",
        "ValueError resolution must be 8, 10, 12, 14 or 16",
        "ValueError channel 5 is not in this ADCAll's mask",
        "OSError [Errno 110] ETIMEDOUT",
        "ValueError data is empty",
        "ValueError mode must be DAC.NORMAL or DAC.CIRCULAR",
        "ValueError Timer does not support DAC triggering",
        "TypeError expecting a Timer",
        "TypeError freq must be an int",
        "ValueError freq must be positive",
    ]
