"""WebREPL on the board: webrepl.start() on network.LAN, reached from here
through a user-networking hostfwd (restrict=on), with a WebSocket client
written here from RFC 6455: the handshake's Sec-WebSocket-Accept, the
password prompt, a wrong password refused, the REPL (its output on the
WebSocket and on USART1 both), a file put and got back with the WebREPL
protocol, and a second client turned away while the first is on."""
import base64
import hashlib
import os
import socket
import struct
import time

import pytest
import test_net_board
from test_net_board import flash, free_port, up  # noqa: F401 (flash: a fixture)

PASSWORD = "h7pass"


def upgrade_request(key):
    return (b"GET / HTTP/1.1\r\nHost: board\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key +
            b"\r\nSec-WebSocket-Version: 13\r\n\r\n")


class WebSocket:
    """The client side: masked frames out, frames in (text 1, binary 2)."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        key = base64.b64encode(os.urandom(16))
        self.s.sendall(upgrade_request(key))
        resp = b""
        while b"\r\n\r\n" not in resp:
            d = self.s.recv(1024)
            assert d, f"connection closed in the handshake: {resp!r}"
            resp += d
        head, self.buf = resp.split(b"\r\n\r\n", 1)
        self.head = head.decode()
        want = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                .digest()).decode()
        assert self.head.startswith("HTTP/1.1 101"), self.head
        assert f"Sec-WebSocket-Accept: {want}" in self.head, self.head

    def send(self, data, opcode=1):
        mask = os.urandom(4)
        n = len(data)
        hdr = bytes([0x80 | opcode])
        if n < 126:
            hdr += bytes([0x80 | n])
        else:
            hdr += bytes([0x80 | 126]) + struct.pack("!H", n)
        self.s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(4096)
            if not d:
                raise EOFError("the board closed the WebSocket")
            self.buf += d

    def frame(self):
        self._need(2)
        opcode, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
        at = 2
        if n == 126:
            self._need(4)
            n, at = struct.unpack("!H", self.buf[2:4])[0], 4
        self._need(at + n)
        data, self.buf = self.buf[at:at + n], self.buf[at + n:]
        return opcode, data

    def binary(self):
        """The next binary frame (the file protocol's), past the REPL's text."""
        while True:
            opcode, data = self.frame()
            if opcode == 2:
                return data

    def text_until(self, token, timeout=30):
        out, deadline = b"", time.monotonic() + timeout
        while token.encode() not in out:
            assert time.monotonic() < deadline, f"no {token!r} on the WebSocket: {out!r}"
            opcode, data = self.frame()
            if opcode == 1:
                out += data
        return out.decode()

    def close(self):
        self.s.close()


def webrepl_header(op, name, size=0):
    # struct webrepl_file: "WA", type, flags, offset u64, size u32, name length u16, name[64]
    name = name.encode()
    return struct.pack("<2sBBQIH64s", b"WA", op, 0, 0, size, len(name), name)


@pytest.fixture
def board(flash):
    port = free_port()
    with test_net_board.board(flash, f"hostfwd=tcp:127.0.0.1:{port}-:8266") as q:
        up(q)
        out = q.run(f"import webrepl\nwebrepl.start(password='{PASSWORD}')\n")
        assert "WebREPL server started on port 8266" in out
        q.serial_write(b"\x02")  # the friendly REPL, where a user's WebREPL lands
        q.serial_read_until(b">>> ")
        q.port = port
        yield q


def test_password_then_the_repl(board):
    bad = WebSocket(board.port)
    assert bad.text_until("Password: ")
    bad.send(b"wrong\r")
    assert "Access denied" in bad.text_until("Access denied")
    bad.close()

    ws = WebSocket(board.port)
    ws.text_until("Password: ")
    ws.send(PASSWORD.encode() + b"\r")
    assert "WebREPL connected" in ws.text_until(">>> ")
    ws.send(b"print('from the web', 6 * 7)\r")
    assert "from the web 42" in ws.text_until("from the web 42")
    # the terminal is duplicated: USART1 shows the same
    assert "from the web 42" in board.serial_read_until("from the web 42")

    # a second client while the first holds the terminal is turned away
    with socket.create_connection(("127.0.0.1", board.port), timeout=30) as other:
        other.sendall(upgrade_request(base64.b64encode(os.urandom(16))))
        assert other.recv(1024) == b""  # closed, no 101
    assert "Concurrent WebREPL connection" in board.serial_read_until("rejected")
    ws.send(b"print('still', 'here')\r")
    assert "still here" in ws.text_until("still here")
    ws.close()


def test_put_and_get_a_file(board):
    ws = WebSocket(board.port)
    ws.text_until("Password: ")
    ws.send(PASSWORD.encode() + b"\r")
    ws.text_until(">>> ")
    data = bytes((i * 31 + 7) & 0xFF for i in range(3000))
    ws.send(webrepl_header(1, "/flash/web.bin", len(data)), opcode=2)   # PUT
    assert ws.binary() == b"WB\x00\x00"                             # accepted
    for i in range(0, len(data), 1024):
        ws.send(data[i:i + 1024], opcode=2)
    assert ws.binary() == b"WB\x00\x00"                             # written
    ws.send(b"import hashlib; print(hashlib.sha256(open('/flash/web.bin','rb').read())"
            b".digest().hex())\r")
    assert hashlib.sha256(data).hexdigest() in ws.text_until(hashlib.sha256(data).hexdigest())

    ws.send(webrepl_header(2, "/flash/web.bin"), opcode=2)              # GET
    assert ws.binary() == b"WB\x00\x00"
    got = b""
    while True:
        ws.send(b"\x00", opcode=2)  # ready for the next chunk
        chunk = ws.binary()
        n = struct.unpack("<H", chunk[:2])[0]
        if n == 0:
            break
        got += chunk[2:2 + n]
    assert ws.binary() == b"WB\x00\x00"
    assert got == data
    ws.close()
