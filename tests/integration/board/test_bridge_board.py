"""The device bridge (qemu/hw/h7_bridge.c, h7tools/bridge.py) on the
running board: a sensor written in Python answers machine.I2C byte for
byte (the transaction log), an SPI part likewise, pins and ADC volts set by
the peer; a peer that dies mid-transfer, answers too late, is missing or
sends garbage makes the board's call raise OSError, and QEMU runs on."""
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from h7tools import bridge
from h7tools import qemu as h7qemu

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def boot(mpy_board, *devices, machine="stm32h747i-disco"):
    extra = []
    for d in devices:
        extra += ["-device", d]
    return mpy_board(extra=extra, machine=machine)


@pytest.fixture
def sock(tmp_path):
    return str(tmp_path / "peer.sock")


def test_python_sensor_answers_byte_for_byte(mpy_board, sock):
    dev = bridge.RegisterDevice({0x0F: 0x6A, 0x10: 0x11, 0x11: 0x22, 0x12: 0x33,
                                 0x32: 0x03, 0x33: 0x04})
    with bridge.Peer(dev, path=sock) as peer:
        board = boot(mpy_board, f"bridge-i2c,bus=i2c1,address=0x6a,socket=unix:{sock},id=br")
        out = board.run("""
from machine import I2C
i2c = I2C(1)
print(i2c.scan())
print(i2c.readfrom_mem(0x6a, 0x0F, 1).hex(), i2c.readfrom_mem(0x6a, 0x10, 3).hex())
i2c.writeto_mem(0x6a, 0x20, b"\\x55\\x66")
i2c.writevto(0x6a, (b"\\x30", b"\\x01\\x02"))
buf = bytearray(2)
i2c.readfrom_into(0x6a, buf)
print(buf.hex())
""")
        assert peer.kind == "i2c"
    assert out.split() == ["[106]", "6a", "112233", "0304"]
    assert dev.regs[0x20:0x22] == b"\x55\x66" and dev.regs[0x30:0x32] == b"\x01\x02"
    S = lambda rw: ("start", 0x6A, rw, True)
    W = lambda b: ("write", b, True)
    R = lambda b: ("read", b)
    P = ("stop",)
    assert peer.log == [
        S("w"), P,                                                # scan
        S("w"), W(0x0F), S("r"), R(0x6A), P,
        S("w"), W(0x10), S("r"), R(0x11), R(0x22), R(0x33), P,
        S("w"), W(0x20), W(0x55), W(0x66), P,
        S("w"), W(0x30), W(0x01), W(0x02), P,
        S("r"), R(0x03), R(0x04), P,                              # the pointer went on to 0x32
    ]


class Echo(bridge.SPIDevice):
    def transfer(self, byte):
        return byte ^ 0xFF


def test_python_spi_part(mpy_board, sock):
    with bridge.Peer(Echo(), path=sock) as peer:
        board = boot(mpy_board, f"bridge-spi,bus=spi5,cs=0,socket=unix:{sock}")
        out = board.run("""
from machine import SPI, Pin
cs = Pin("D10", Pin.OUT, value=1)
spi = SPI(5, baudrate=1000000)
buf = bytearray(3)
cs(0); spi.write_readinto(b"\\x01\\x80\\xff", buf); cs(1)
print(buf.hex())
""")
        assert peer.kind == "spi"
    assert out.strip() == "fe7f00"
    xfers = [e for e in peer.log if e[0] == "xfer"]
    assert xfers == [("xfer", 0x01, 0xFE), ("xfer", 0x80, 0x7F), ("xfer", 0xFF, 0x00)]
    # the chip select around them: selected (0) before, released (1) after
    cs = [i for i, e in enumerate(peer.log) if e[0] == "cs"]
    first = peer.log.index(xfers[0])
    assert any(peer.log[i] == ("cs", 0) and i < first for i in cs)
    assert peer.log[-1] == ("cs", 1)


def test_peer_drives_pins_and_adc_volts(mpy_board, sock):
    with bridge.Peer(bridge.I2CDevice(), path=sock) as peer:
        board = boot(mpy_board, f"bridge-pins,socket=unix:{sock}")
        peer.wait_connected()
        assert peer.kind == "pins"
        board.run("from machine import Pin, ADC\nimport time\np = Pin('PB2', Pin.IN, Pin.PULL_DOWN)\n"
                  "def wait(v):\n t = time.ticks_ms()\n while p.value() != v and "
                  "time.ticks_diff(time.ticks_ms(), t) < 2000:\n  time.sleep_ms(1)\n return p.value()\n")
        peer.set_pin("PB2", 1)
        assert board.run("print(wait(1))").strip() == "1"
        peer.set_pin("PB2", bridge.RELEASED)                  # back to its pull-down
        assert board.run("print(wait(0))").strip() == "0"
        peer.set_volts("PC0", 1.25)
        deadline = time.time() + 5
        while board.prop("/machine/soc", "ain-PC0") != 1.25 and time.time() < deadline:
            time.sleep(0.05)
        uv = int(board.run("print(ADC(Pin('PC0')).read_uv())"))
        assert abs(uv - 1_250_000) <= 3.3e6 / 65535 * 2


PEER_THAT_DIES = """
import os, sys
sys.path.insert(0, {top!r})
from h7tools import bridge
class Dies(bridge.RegisterDevice):
    n = 0
    def read_reg(self, reg):
        self.n += 1
        if self.n == 6:
            os._exit(3)                    # a crash in the middle of a read
        return reg
with bridge.Peer(Dies(), path={sock!r}) as peer:
    peer.wait_closed()
"""


def test_peer_killed_mid_transfer(mpy_board, sock):
    proc = subprocess.Popen([sys.executable, "-c", PEER_THAT_DIES.format(top=TOP, sock=sock)])
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    board = boot(mpy_board, f"bridge-i2c,bus=i2c1,address=0x40,socket=unix:{sock},id=br")
    out = board.run("""
from machine import I2C
import time
i2c = I2C(1)
t = time.ticks_ms()
try:
    i2c.readfrom_mem(0x40, 0, 32)
except OSError as e:
    print("OSError", e.errno, time.ticks_diff(time.ticks_ms(), t))
try:
    i2c.readfrom(0x40, 1)
except OSError as e:
    print("OSError", e.errno)
""", timeout=60)
    assert proc.wait(10) == 3
    first, second = out.splitlines()
    name, errno_, ms = first.split()
    assert name == "OSError" and int(errno_) == 110 and int(ms) < 1000, out   # ETIMEDOUT
    assert second == "OSError 19", out                                     # ENODEV: gone
    assert board.prop("/machine/peripheral/br", "disconnects") == 1
    assert board.qmp("query-status")["status"] == "running"


class Slow(bridge.RegisterDevice):
    def read_reg(self, reg):
        time.sleep(1.0)                    # longer than timeout-ms
        return 0


def test_slow_peer_times_out(mpy_board, sock):
    with bridge.Peer(Slow(), path=sock):
        board = boot(mpy_board,
                     f"bridge-i2c,bus=i2c1,address=0x40,socket=unix:{sock},timeout-ms=100,id=br")
        t = time.time()
        out = board.run("""
from machine import I2C
try:
    I2C(1).readfrom_mem(0x40, 0, 4)
except OSError as e:
    print("OSError", e.errno)
""")
        assert out.strip() == "OSError 110"
        assert time.time() - t < 10
        assert board.prop("/machine/peripheral/br", "timeouts") == 1


def test_missing_peer_then_one_that_starts(mpy_board, sock):
    board = boot(mpy_board, f"bridge-i2c,bus=i2c1,address=0x40,socket=unix:{sock},id=br")
    assert board.run("from machine import I2C\nprint(I2C(1).scan())").strip() == "[]"
    with bridge.Peer(bridge.RegisterDevice({0: 0x5A}), path=sock):
        time.sleep(0.2)                                   # past the retry interval
        assert board.run("print(I2C(1).scan(), I2C(1).readfrom(0x40, 1))").strip() == \
            "[64] b'Z'"


def test_hostile_peer(mpy_board, sock):
    """A peer that answers with garbage: a huge length, unknown types,
    random bytes.  Each drops the connection; the board gets ENODEV."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock)
    srv.listen(4)
    answers = [b"A\xff" + b"\x00" * 255, b"Z\x01\x00", b"L\x02\xee\x05", b"V\x05\x00\xff\xff\xff\x7f",
               bytes(range(256))]
    stop = threading.Event()

    def serve():
        srv.settimeout(0.5)
        while not stop.is_set():
            try:
                c, _ = srv.accept()
            except OSError:
                continue
            c.settimeout(5)
            try:
                c.recv(4)                                  # HELLO
                c.recv(4)                                  # START
                c.sendall(answers.pop(0) if answers else b"\x00")
                c.recv(100)
            except OSError:
                pass
            c.close()
    th = threading.Thread(target=serve, daemon=True)
    th.start()
    try:
        board = boot(mpy_board, f"bridge-i2c,bus=i2c1,address=0x40,socket=unix:{sock},id=br")
        out = board.run("""
from machine import I2C
import time
r = []
for _ in range(5):
    try:
        I2C(1).readfrom(0x40, 1)
        r.append("read")
    except OSError as e:
        r.append(e.errno)
    time.sleep_ms(150)
print(r)
""", timeout=60)
        assert out.strip() == "[19, 19, 19, 19, 19]"
        assert board.prop("/machine/peripheral/br", "disconnects") >= 4
        assert "malformed message" in board.guest_log()
    finally:
        stop.set()
        th.join(5)
        srv.close()


def test_relay_through_an_adapter(mpy_board, sock):
    """scripts/bridge_relay.py relays the guest's I2C to a Bus Pirate
    (emulated on a pty, a sensor on its bus): the same reads and writes
    reach the part, the ACK after each read but the last."""
    from h7tools.buspirate_sim import BusPirateSim
    part = bridge.RegisterDevice({0xD0: 0x60, 0xF4: 0x27, 0xF5: 0xA0})
    sim = BusPirateSim({0x76: part}).start()
    relay = subprocess.Popen([sys.executable, f"{TOP}/scripts/bridge_relay.py", "--socket", sock,
                              "--buspirate", sim.port], stdout=subprocess.PIPE, text=True)
    try:
        assert relay.stdout.readline().startswith("relaying unix:" + sock)
        board = boot(mpy_board, f"bridge-i2c,bus=i2c1,address=0x76,socket=unix:{sock}")
        out = board.run("""
from machine import I2C
i2c = I2C(1)
print(i2c.scan(), i2c.readfrom_mem(0x76, 0xD0, 1).hex(), i2c.readfrom_mem(0x76, 0xF4, 2).hex())
i2c.writeto_mem(0x76, 0xF2, b"\\x05")
""")
        assert out.strip() == "[118] 60 27a0"
        assert part.regs[0xF2] == 0x05
        reads = sim.log[sim.log.index(("address", 0x76, "r"), sim.log.index(("write", 0xF4))):]
        assert reads[:6] == [("address", 0x76, "r"), ("read", 0x27), "ack", ("read", 0xA0),
                             "nack", "stop"]
        # the part unplugged from the adapter's bus: its NACK reaches the guest
        del sim.devices[0x76]
        assert board.run("""
try:
    I2C(1).readfrom(0x76, 1)
except OSError as e:
    print(e.errno)
""").strip() == "19"
    finally:
        relay.kill()
        relay.wait()
        sim.close()


def test_bridge_example_as_its_header_says(tmp_path, sock):
    """examples/bridge_thermometer.py on the host, examples/i2c_sensor.py
    on the board through run_qemu.sh --device: a ramp from 20 C."""
    env = dict(os.environ, PYTHONPATH=TOP)
    peer = subprocess.Popen([sys.executable, f"{TOP}/examples/bridge_thermometer.py", sock],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert peer.stdout.readline().startswith(f"a thermometer at unix:{sock}")
        r = subprocess.run([f"{TOP}/scripts/run_qemu.sh", "--flash", str(tmp_path / "f.bin"),
                            "--device", f"bridge-i2c,bus=i2c1,address=0x48,socket=unix:{sock}",
                            "--exec", f"{TOP}/examples/i2c_sensor.py"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        assert r.stdout.splitlines() == [
            "devices on I2C1: ['0x48']", "temperature: 20.0 C", "temperature: 20.3 C",   # 20.25, rounded up
            "temperature: 20.5 C", "temperature: 20.8 C", "temperature: 21.0 C"], r.stdout
    finally:
        peer.kill()
        peer.wait()
