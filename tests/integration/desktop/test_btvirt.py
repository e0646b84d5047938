"""Debian's unmodified btvirt (bluez-test-tools) with the AF_ALG shim
(tests/ble/af_alg_shim.c): clients are served, LE Encrypt gives the
FIPS-197 result, and two controllers share the virtual air (one
advertises, the other's scan reports it)."""
import socket
import time

from h7tools import btvirt as btvirt_server
import pytest

LE = btvirt_server.LE_SOCKET


def controller():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(LE)
    s.settimeout(5)
    return s


def command(s, ocf_ogf, params=b""):
    s.sendall(bytes([1, ocf_ogf & 0xFF, ocf_ogf >> 8, len(params)]) + params)
    while True:
        ev = read_event(s)
        if ev[0] == 0x0E and ev[3] | ev[4] << 8 == ocf_ogf:      # Command Complete
            return ev[5:]


def read_event(s):
    hdr = b""
    while len(hdr) < 3:
        chunk = s.recv(3 - len(hdr))
        assert chunk, "btvirt closed the connection"
        hdr += chunk
    assert hdr[0] == 4, f"not an HCI event: {hdr.hex()}"
    body = b""
    while len(body) < hdr[2]:
        body += s.recv(hdr[2] - len(body))
    return bytes([hdr[1], hdr[2]]) + body


def test_btvirt_serves_clients_and_encrypts(btvirt):
    s = controller()
    assert command(s, 0x0C03) == b"\x00"                         # Reset: success
    key = bytes.fromhex("000102030405060708090a0b0c0d0e0f")[::-1]
    data = bytes.fromhex("00112233445566778899aabbccddeeff")[::-1]
    r = command(s, 0x2017, key + data)                           # LE Encrypt
    assert r[0] == 0 and r[1:][::-1].hex() == "69c4e0d86a7b0430d8cdb78070b4c55a"
    s.close()


def test_two_controllers_share_the_air(btvirt):
    adv, scan = controller(), controller()
    for s in (adv, scan):
        assert command(s, 0x0C03) == b"\x00"
        assert command(s, 0x0C01, bytes.fromhex("ffffffffffffffff")) == b"\x00"   # event mask
        assert command(s, 0x2001, bytes.fromhex("ffffffff00000000")) == b"\x00"   # LE mask
    name = b"h7stack"
    ad = bytes([len(name) + 1, 0x09]) + name
    assert command(adv, 0x2008, bytes([len(ad)]) + ad.ljust(31, b"\0")) == b"\x00"
    assert command(adv, 0x200A, b"\x01") == b"\x00"              # advertise
    # passive, interval and window 10 ms, public address, no filter
    assert command(scan, 0x200B, bytes.fromhex("00100010000000")) \
        == b"\x00"                                               # scan parameters
    assert command(scan, 0x200C, b"\x01\x00") == b"\x00"         # scan
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        ev = read_event(scan)
        if ev[0] == 0x3E and ev[2] == 0x02 and name in ev:       # LE Advertising Report
            break
    else:
        pytest.fail("no advertising report on the second controller")
