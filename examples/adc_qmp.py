# Read a voltage on PC0 (ADC1 channel 10) that the host sets over QMP, and
# the chip's temperature and VREF+ from ADC3's internal channels.
#   scripts/run_qemu.sh --qmp /tmp/h7.qmp --exec examples/adc_qmp.py
# and meanwhile, from another terminal (QMP):
#   {"execute": "qom-set", "arguments": {"path": "/machine/soc",
#    "property": "ain-PC0", "value": 1.25}}
# (also "temperature" in degrees C and "vbat" in volts on /machine/soc).
import time
import pyb
from machine import ADC

pin = ADC("PC0")
inside = pyb.ADCAll(12, 0)
last = None
for _ in range(8):  # two seconds
    volts = pin.read_uv() / 1e6
    if volts != last:
        print("PC0 %.3f V (raw %d), core %.1f C, VREF+ %.2f V"
              % (volts, pin.read_u16(), inside.read_core_temp(), inside.read_vref()))
        last = volts
    time.sleep_ms(250)
