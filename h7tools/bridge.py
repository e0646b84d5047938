"""The host side of the device bridge (docs/bridge.md): a device on the
virtual board's I2C or SPI bus, or its pin inputs, played by Python.

    from h7tools.bridge import Peer, RegisterDevice

    sensor = RegisterDevice({0x0F: 0x6A, 0x20: 0x00})   # WHO_AM_I, a control
    with Peer(sensor, path="/tmp/sensor.sock") as peer:
        # scripts/run_qemu.sh --device bridge-i2c,bus=i2c1,address=0x6a,socket=unix:/tmp/sensor.sock
        peer.wait_closed()

The peer listens; QEMU's bridge device connects to it (and again after the
peer restarts).  The device's methods run in the peer's thread, one
message at a time.  peer.log keeps every transaction, peer.set_pin() and
peer.set_volts() drive the board's pins.
"""
import socket
import struct
import threading

VERSION = 1
HELLO, I2C_START, I2C_WRITE, I2C_READ, I2C_STOP = b"H", b"S", b"W", b"R", b"P"
SPI_CS, SPI_XFER, ACK, DATA, PIN, VOLTS = b"C", b"X", b"A", b"D", b"L", b"V"
KINDS = {1: "i2c", 2: "spi", 3: "pins"}
PAYLOAD = {b"H": 2, b"S": 2, b"W": 1, b"R": 0, b"P": 0, b"C": 1, b"X": 1}
RELEASED = None


class I2CDevice:
    """An I2C part: override what it does.  start() and write() return
    True to acknowledge; read() returns the byte the part puts on SDA."""

    def start(self, address, read):
        return True

    def write(self, byte):
        return True

    def read(self):
        return 0xFF

    def stop(self):
        pass


class RegisterDevice(I2CDevice):
    """The usual sensor: a register file and an address pointer.  The first
    byte of a write sets the pointer, the rest are written from there;
    reads go on from the pointer; both auto-increment."""

    def __init__(self, regs=None, size=256):
        self.regs = bytearray(size)
        for r, v in (regs or {}).items():
            self.regs[r] = v
        self.ptr = 0
        self._first = False

    def start(self, address, read):
        self._first = not read
        return True

    def write(self, byte):
        if self._first:
            self.ptr = byte % len(self.regs)
            self._first = False
        else:
            self.write_reg(self.ptr, byte)
            self.ptr = (self.ptr + 1) % len(self.regs)
        return True

    def read(self):
        v = self.read_reg(self.ptr)
        self.ptr = (self.ptr + 1) % len(self.regs)
        return v

    def read_reg(self, reg):
        return self.regs[reg]

    def write_reg(self, reg, value):
        self.regs[reg] = value


class SPIDevice:
    """An SPI part: select() sees the chip select (True: selected),
    transfer() gets each byte out and returns the byte in."""

    def select(self, selected):
        pass

    def transfer(self, byte):
        return 0xFF


def pin_index(name):
    """"PB5" -> 21, the protocol's pin number (port * 16 + n)."""
    port, n = name[1].upper(), int(name[2:])
    if name[0].upper() != "P" or not "A" <= port <= "K" or not 0 <= n < 16:
        raise ValueError(f"not a pin name: {name!r}")
    return (ord(port) - ord("A")) * 16 + n


class Peer:
    """Listens on a unix socket (path=) or on 127.0.0.1 (port=, 0 picks
    one) for QEMU's bridge device, and plays device for it."""

    def __init__(self, device=None, path=None, port=None):
        self.device = device
        self.log = []
        self.kind = None
        self.conn = None
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._closed = threading.Event()
        if path is not None:
            self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.srv.bind(path)
            self.address = f"unix:{path}"
        else:
            self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.srv.bind(("127.0.0.1", port or 0))
            self.address = f"127.0.0.1:{self.srv.getsockname()[1]}"
        self.srv.listen(1)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.srv.close()
        if self.conn:
            try:
                self.conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(5)

    def serve_forever(self):
        """Serve QEMU's connections, one after another, until closed."""
        self._thread.join()

    def wait_connected(self, timeout=30):
        if not self._connected.wait(timeout):
            raise TimeoutError("QEMU's bridge device did not connect")

    def wait_closed(self, timeout=None):
        self._closed.wait(timeout)

    def set_pin(self, pin, level):
        """Drive a pin high (1) or low (0), or release it (None)."""
        lv = 2 if level is RELEASED else int(bool(level))
        self._send(PIN, bytes([pin_index(pin), lv]))

    def set_volts(self, pin, volts):
        """The voltage on an ADC pin."""
        self._send(VOLTS, struct.pack("<Bi", pin_index(pin), round(volts * 1e6)))

    def _send(self, kind, payload):
        with self._lock:
            if self.conn is None:
                raise ConnectionError("no QEMU connected")
            self.conn.sendall(kind + bytes([len(payload)]) + payload)

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def _serve(self):
        while True:
            try:
                conn, _ = self.srv.accept()
            except OSError:
                return                                  # closed
            self.conn = conn
            self._closed.clear()
            self._connected.set()
            try:
                while True:
                    kind, n = self._recv_exact(2)
                    kind = bytes([kind])
                    if PAYLOAD.get(kind) != n:
                        raise ValueError(f"bad message {kind!r} length {n}")
                    self._handle(kind, self._recv_exact(n))
            except (EOFError, OSError, ValueError):
                pass
            finally:
                with self._lock:
                    self.conn = None
                conn.close()
                self._connected.clear()
                self._closed.set()

    def _handle(self, kind, p):
        d = self.device
        if kind == HELLO:
            self.kind = KINDS.get(p[1], p[1])
        elif kind == I2C_START:
            ack = bool(d.start(p[0], bool(p[1])))
            self.log.append(("start", p[0], "r" if p[1] else "w", ack))
            self._send(ACK, bytes([0 if ack else 1]))
        elif kind == I2C_WRITE:
            ack = bool(d.write(p[0]))
            self.log.append(("write", p[0], ack))
            self._send(ACK, bytes([0 if ack else 1]))
        elif kind == I2C_READ:
            v = d.read() & 0xFF
            self.log.append(("read", v))
            self._send(DATA, bytes([v]))
        elif kind == I2C_STOP:
            self.log.append(("stop",))
            d.stop()
        elif kind == SPI_CS:
            self.log.append(("cs", p[0]))
            d.select(p[0] == 0)
        elif kind == SPI_XFER:
            v = d.transfer(p[0]) & 0xFF
            self.log.append(("xfer", p[0], v))
            self._send(DATA, bytes([v]))
