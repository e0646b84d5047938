"""A Bus Pirate's binary I2C mode, emulated on a pty for tests: the
adapter scripts/bridge_relay.py drives, with I2C parts (h7tools.bridge
I2CDevice objects, by address) on its bus.  It answers as the Bus Pirate
v3 does (BBIO1, I2C1, 0x01 for each command, ACK bits after bulk writes)
and logs what reached the bus."""
import os
import threading
import tty


class BusPirateSim:
    def __init__(self, devices):
        self.devices = devices                   # {7-bit address: I2CDevice}
        self.log = []
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.port = os.ttyname(slave)
        self._slave = slave
        self._dev = None
        self._addressed = False                  # the byte after START is the address
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def close(self):
        os.close(self.master)
        os.close(self._slave)

    def _read(self, n=1):
        out = b""
        while len(out) < n:
            b = os.read(self.master, n - len(out))
            if not b:
                raise EOFError
            out += b
        return out

    def _run(self):
        mode = "bbio"
        try:
            while True:
                c = self._read()[0]
                if mode == "bbio":
                    if c == 0x00:
                        os.write(self.master, b"BBIO1")
                    elif c == 0x02:
                        os.write(self.master, b"I2C1")
                        mode = "i2c"
                    continue
                if c == 0x00:                    # back to bitbang mode
                    os.write(self.master, b"BBIO1")
                    mode = "bbio"
                elif c == 0x02:                  # START
                    self._addressed = True
                    self.log.append("start")
                    os.write(self.master, b"\x01")
                elif c == 0x03:                  # STOP
                    if self._dev:
                        self._dev.stop()
                    self._dev = None
                    self.log.append("stop")
                    os.write(self.master, b"\x01")
                elif c == 0x04:                  # read a byte
                    v = self._dev.read() & 0xFF if self._dev else 0xFF
                    self.log.append(("read", v))
                    os.write(self.master, bytes([v]))
                elif c in (0x06, 0x07):          # ACK / NACK after a read
                    self.log.append("ack" if c == 0x06 else "nack")
                    os.write(self.master, b"\x01")
                elif 0x10 <= c <= 0x1F:          # bulk write of 1-16 bytes
                    data = self._read((c & 0xF) + 1)
                    acks = b""
                    for b in data:
                        acks += b"\x00" if self._byte(b) else b"\x01"
                    os.write(self.master, b"\x01" + acks)
                else:                            # power, pull-ups, speed...
                    os.write(self.master, b"\x01")
        except (EOFError, OSError):
            pass

    def _byte(self, b):
        if self._addressed:
            self._addressed = False
            self._dev = self.devices.get(b >> 1)
            self.log.append(("address", b >> 1, "r" if b & 1 else "w"))
            return bool(self._dev) and bool(self._dev.start(b >> 1, bool(b & 1)))
        self.log.append(("write", b))
        return bool(self._dev) and bool(self._dev.write(b))
