"""A small GDB remote serial protocol client, enough to drive QEMU's
gdbstub the way a debug probe drives a core: read and write memory and
registers, set breakpoints, continue and wait for the stop."""
import socket
import time


class RspError(RuntimeError):
    pass


class Rsp:
    def __init__(self, path, timeout=30):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise RspError(f"no gdbstub at {path}")
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.buf = b""
        self.ack = True
        if self.command("QStartNoAckMode") == "OK":
            self.ack = False
        self.command("?")                       # the stop reason: halted

    def _read_packet(self):
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                body = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                if self.ack:
                    self.sock.sendall(b"+")
                return body.decode("latin-1")
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise RspError("no answer from the gdbstub") from None
            if not chunk:
                raise RspError("gdbstub closed the connection")
            self.buf += chunk

    def send(self, body):
        data = body.encode("latin-1")
        self.sock.sendall(b"$%s#%02x" % (data, sum(data) & 0xFF))

    def command(self, body):
        self.send(body)
        return self._read_packet()

    def _ok(self, body):
        r = self.command(body)
        if r != "OK":
            raise RspError(f"{body[:40]}: {r or 'not supported'}")

    # ---- memory and registers ----
    # QEMU's gdbstub takes packets of up to 4 KiB: hex doubles the data
    def write_mem(self, addr, data, chunk=1024):
        for off in range(0, len(data), chunk):
            part = data[off:off + chunk]
            self._ok(f"M{addr + off:x},{len(part):x}:{part.hex()}")

    def read_mem(self, addr, n, chunk=1024):
        out = b""
        while len(out) < n:
            part = min(chunk, n - len(out))
            r = self.command(f"m{addr + len(out):x},{part:x}")
            if r.startswith("E") or len(r) != 2 * part:
                raise RspError(f"read 0x{addr + len(out):x}: {r}")
            out += bytes.fromhex(r)
        return out

    def set_reg(self, n, value):
        self._ok(f"P{n:x}={value.to_bytes(4, 'little').hex()}")

    def reg(self, n):
        return int.from_bytes(bytes.fromhex(self.command(f"p{n:x}")), "little")

    def breakpoint(self, addr, on=True):
        self._ok(f"{'Z' if on else 'z'}0,{addr:x},2")

    # ---- execution ----
    def resume(self):
        """Continue; the stop reply is collected by wait_stop()."""
        self.send("c")

    def wait_stop(self, timeout):
        self.sock.settimeout(timeout)
        try:
            r = self._read_packet()
        except RspError:
            self.sock.sendall(b"\x03")          # interrupt, then report
            self._read_packet()
            raise RspError(f"the target did not stop within {timeout} s")
        if not r.startswith(("T", "S")):
            raise RspError(f"unexpected stop reply {r}")
        return r

    def close(self):
        self.sock.close()
