# A BME280 on I2C1, read with the frozen bme280 driver and shown on the
# display with mp_rlvgl:
#   scripts/run_qemu.sh --device bme280,bus=i2c1,address=0x76,id=env \
#       --exec examples/bme280_display.py --screenshot env.png
# The readings can be changed while it runs (QMP, or Ctrl-A C in the
# monitor of a run without --exec):
#   qom-set /machine/peripheral/env temperature 31.5
#   qom-set /machine/peripheral/env pressure 98000
#   qom-set /machine/peripheral/env humidity 72
import time
from machine import I2C
import bme280
import mp_rlvgl as ui

sensor = bme280.BME280(I2C(1), osrs_t=2, osrs_p=16, osrs_h=1)
ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 0, "y": 0, "w": 800, "h": 480, "color": 0x102040})
ui.stack_add(1, {"kind": "text", "x": 40, "y": 40, "text": "BME280 on I2C1", "fg": 0xFFFFFF})
for n in range(3):
    t, p, h = sensor.read()
    lines = ("%.2f C" % t, "%.2f hPa" % (p / 100), "%.1f %%RH" % h)
    for i, text in enumerate(lines):
        node = {"kind": "text", "x": 40, "y": 100 + 40 * i, "text": text, "fg": 0xFFD040}
        (ui.stack_replace if n else ui.stack_add)(2 + i, node)
    ui.present()
    print(", ".join(lines))
    time.sleep_ms(500)
