# Read QEMU's TMP105 temperature sensor on I2C1:
#   scripts/run_qemu.sh --exec examples/i2c_sensor.py -- -device tmp105,bus=i2c1,address=0x48,id=temp
# Its temperature can be set while it runs, from the monitor of
#   scripts/run_qemu.sh -- -device tmp105,bus=i2c1,address=0x48,id=temp
# (Ctrl-A C, then: qom-set /machine/peripheral/temp temperature 31500).
import time
from machine import I2C

i2c = I2C(1, freq=400000)
print("devices on I2C1:", [hex(a) for a in i2c.scan()])
for _ in range(5):
    raw = i2c.readfrom_mem(0x48, 0, 2)  # the temperature register, 8.8 fixed point
    value = int.from_bytes(raw, "big", True) / 256
    print("temperature: %.1f C" % value)
    time.sleep_ms(500)
