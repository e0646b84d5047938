#!/usr/bin/env python3
"""Relay the virtual board's I2C device to a real part through a USB-I2C
adapter: a Bus Pirate (v3/v4) in its binary I2C mode on a serial port.

    scripts/bridge_relay.py --socket /tmp/relay.sock --buspirate /dev/ttyUSB0
    scripts/run_qemu.sh --device bridge-i2c,bus=i2c1,address=0x76,socket=unix:/tmp/relay.sock

Each START, byte and STOP the guest's I2C controller makes is made on the
adapter's bus (docs/bridge.md).  A byte read is acknowledged when the guest
reads another after it, and not acknowledged when a STOP or a repeated
START follows, as a master does on the wire.
"""
import argparse
import os
import sys

import serial

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from h7tools import bridge  # noqa: E402

BBIO_RESET, BBIO_I2C = 0x00, 0x02
I2C_START, I2C_STOP, I2C_READ, I2C_ACK, I2C_NACK, I2C_WRITE1 = 0x02, 0x03, 0x04, 0x06, 0x07, 0x10
I2C_POWER_PULLUPS, I2C_SPEED_100K = 0x4C, 0x62     # power + pull-ups on; 100 kHz
OK = b"\x01"


class BusPirateRelay(bridge.I2CDevice):
    def __init__(self, port):
        self.port = port
        self.ack_pending = False                   # a byte read, its ACK not sent yet
        for _ in range(20):                        # into binary bitbang mode
            port.write(bytes([BBIO_RESET]))
            if port.read(5) == b"BBIO1":
                break
        else:
            raise OSError("no Bus Pirate answering on " + port.name)
        port.reset_input_buffer()
        self._cmd(BBIO_I2C, b"I2C1")
        self._cmd(I2C_POWER_PULLUPS, OK)
        self._cmd(I2C_SPEED_100K, OK)

    def _cmd(self, byte, expect=OK):
        self.port.write(bytes([byte]))
        got = self.port.read(len(expect))
        if got != expect:
            raise OSError(f"Bus Pirate: 0x{byte:02x} answered {got!r}")

    def _finish_read(self, ack):
        if self.ack_pending:
            self._cmd(I2C_ACK if ack else I2C_NACK)
            self.ack_pending = False

    def _write(self, byte):
        self.port.write(bytes([I2C_WRITE1, byte]))
        got = self.port.read(2)
        if got[:1] != OK or len(got) != 2:
            raise OSError(f"Bus Pirate: write answered {got!r}")
        return got[1] == 0                           # 0: ACK

    def start(self, address, read):
        self._finish_read(ack=False)
        self._cmd(I2C_START)
        return self._write(address << 1 | int(read))

    def write(self, byte):
        return self._write(byte)

    def read(self):
        self._finish_read(ack=True)
        self.port.write(bytes([I2C_READ]))
        got = self.port.read(1)
        if len(got) != 1:
            raise OSError("Bus Pirate: no byte read")
        self.ack_pending = True
        return got[0]

    def stop(self):
        self._finish_read(ack=False)
        self._cmd(I2C_STOP)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--socket", required=True, help="unix socket for bridge-i2c's socket=unix:PATH")
    ap.add_argument("--buspirate", required=True, help="the adapter's serial port")
    ap.add_argument("--baud", type=int, default=115200)
    a = ap.parse_args()
    port = serial.Serial(a.buspirate, a.baud, timeout=1)
    relay = BusPirateRelay(port)
    with bridge.Peer(relay, path=a.socket) as peer:
        print(f"relaying {peer.address} to the Bus Pirate on {a.buspirate}", flush=True)
        peer.serve_forever()


if __name__ == "__main__":
    main()
