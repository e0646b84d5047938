# A temperature sensor written in Python, on the virtual board's I2C1
# through the device bridge (docs/bridge.md).  This runs on the host:
#   PYTHONPATH=. /usr/bin/python3 examples/bridge_thermometer.py /tmp/thermo.sock &
#   scripts/run_qemu.sh --device bridge-i2c,bus=i2c1,address=0x48,socket=unix:/tmp/thermo.sock \
#       --exec examples/i2c_sensor.py
# It answers as a TMP105 does: register 0 holds the temperature in 8.8
# fixed point, here a slow ramp from 20 C, one step per reading.
import os
import sys

from h7tools.bridge import Peer, RegisterDevice


class Thermometer(RegisterDevice):
    def __init__(self):
        super().__init__()
        self.centi = 2000                      # 20.00 C

    def read_reg(self, reg):
        if reg == 0:                           # MSB: whole degrees
            return self.centi // 100
        if reg == 1:                           # LSB: the fraction, in 1/256
            frac = self.centi % 100 * 256 // 100
            self.centi += 25                   # the next reading is warmer
            return frac
        return 0


path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/thermo.sock"
if os.path.exists(path):
    os.unlink(path)
with Peer(Thermometer(), path=path) as peer:
    print(f"a thermometer at {peer.address}: -device bridge-i2c,...,socket={peer.address}",
          flush=True)
    peer.serve_forever()
