"""The board on a network: network.LAN over the Ethernet model and lwIP,
on QEMU user networking closed to the outside (restrict=on), reaching this
machine only through the forwards each test sets up.  DHCP, the MAC address,
TCP both ways (the board a client of a server here, and a server the host
connects to), UDP, 127.0.0.1 on the board, the link pulled from QMP in the
middle of a transfer, and a flood of datagrams."""
import functools
import hashlib
import http.server
import socket
import threading
import time

import pytest
from h7tools import qemu as h7qemu

HOST_ALIAS = "10.0.2.100"      # where guestfwd puts the host's servers
BOARD_IP = "10.0.2.15"

UP = """
import network, time, socket
lan = network.LAN()
lan.active(True)
t = time.ticks_ms()
while not lan.isconnected() and time.ticks_diff(time.ticks_ms(), t) < 10000:
    time.sleep_ms(20)
print(lan.isconnected(), lan.ipconfig('addr4')[0])
"""


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def host_server(serve):
    """A TCP server on 127.0.0.1 here for one connection, serve(conn) run on
    it in a thread; its port and the thread."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(60)
    port = srv.getsockname()[1]

    def run():
        try:
            c, _ = srv.accept()
            with c:
                c.settimeout(60)
                serve(c)
        finally:
            srv.close()

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return port, th


def guestfwd(port, name="", board_port=80):
    """The board's HOST_ALIAS:board_port forwarded to port here (one
    connection: a guestfwd is a chardev)."""
    return (f"guestfwd=tcp:{HOST_ALIAS}:{board_port}-tcp:127.0.0.1:{port}"
            + (f",id={name}" if name else ""))


@pytest.fixture
def flash(tmp_path):
    path = str(tmp_path / "flash.bin")
    h7qemu.make_flash(path, h7qemu.MPY_FIRMWARE)
    return path


def board(flash, nic):
    q = h7qemu.Qemu(flash=flash, extra=["-nic", "user,restrict=on," + nic])
    q.serial_read_until(b">>> ")
    q.enter_raw_repl()
    return q


def up(q):
    assert q.run(UP, timeout=60).split() == ["True", BOARD_IP]


def test_dhcp_address_and_mac(flash):
    with board(flash, "net=10.0.2.0/24") as q:
        out = q.run("import network\nlan = network.LAN()\nprint(lan.status(), lan.active())\n"
                    "print(lan.config('mac').hex())\n")
        status, mac = out.split("\n")[0], out.split("\n")[1]
        assert status == "0 False"                         # not started: link down
        up(q)
        # (restricted, slirp's DHCP offers no router and no DNS server)
        assert q.run("print(lan.status(), lan.active(), lan.ifconfig()[:2])").strip() == (
            "3 True ('10.0.2.15', '255.255.255.0')")
        # QEMU reports the address the firmware derived from the unique ID
        assert f"macaddr={':'.join(mac[i:i + 2] for i in range(0, 12, 2))}" in q.hmp("info network")
        # wrong arguments name themselves
        errs = q.run("for f in (lambda: lan.config('essid'), lambda: lan.config(mac=b'x'),\n"
                     "          lambda: network.LAN(phy_addr=3)):\n"
                     "    try:\n        f()\n    except Exception as e:\n        print(e)\n")
        assert "unknown parameter" in errs and "no settable" in errs and "phy_addr" in errs
        # a static address replaces DHCP's
        assert q.run("lan.ipconfig(dhcp4=False)\n"
                     "lan.ipconfig(addr4=('10.0.2.20', '255.255.255.0'), gw4='10.0.2.2')\n"
                     "print(lan.ipconfig('addr4'))").strip() == "('10.0.2.20', '255.255.255.0')"


def test_tcp_client_to_a_host_server(flash):
    payload = bytes((i * 7 + 3) & 0xFF for i in range(300_000))
    got = {}

    def serve(c):
        got["hello"] = c.recv(5)
        data = b""
        while len(data) < 200_000:
            d = c.recv(65536)
            if not d:
                break
            data += d
        got["upload"] = data
        # the length first: a guestfwd connection does not pass the host's
        # close on to the guest as a FIN (QEMU's chardev forward)
        c.sendall(len(payload).to_bytes(4, "little") + payload)

    port, th = host_server(serve)
    with board(flash, guestfwd(port)) as q:
        up(q)
        out = q.run(f"""
import hashlib
s = socket.socket()
s.connect(('{HOST_ALIAS}', 80))
s.write(b'hello')
blk = bytes(range(250)) * 4
for i in range(200):
    s.write(blk)
total = int.from_bytes(s.read(4), 'little')
h = hashlib.sha256()
n = 0
while n < total:
    d = s.recv(4096)
    h.update(d)
    n += len(d)
s.close()
print(n, h.digest().hex())
""", timeout=120)
    th.join(10)
    assert got["hello"] == b"hello"
    assert got["upload"] == bytes(range(250)) * 4 * 200
    assert out.strip() == f"{len(payload)} {hashlib.sha256(payload).hexdigest()}"


def test_tcp_server_on_the_board(flash):
    port = free_port()
    with board(flash, f"hostfwd=tcp:127.0.0.1:{port}-:8080") as q:
        up(q)
        q.run("srv = socket.socket()\n"
              "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
              "srv.bind(('0.0.0.0', 8080))\nsrv.listen(1)\n")
        q.raw_send("c, addr = srv.accept()\nd = c.recv(64)\nc.write(b'board got ' + d)\n"
                   "c.close()\nprint(addr[0])\n")
        c = socket.create_connection(("127.0.0.1", port), timeout=30)
        c.sendall(b"ping")
        assert c.recv(64) == b"board got ping"
        c.close()
        assert q.raw_result(timeout=30) == "10.0.2.2"


def test_udp_in_and_a_flood(flash):
    """Datagrams in through a UDP forward (restricted user networking drops
    a guest's UDP replies: slirp passes only the forwarded direction), a
    burst that fills the socket's backlog, then 100,000 of them as fast as this machine sends; the board answers a TCP
    connection afterwards and the drops are counted."""
    uport, tport = free_port(socket.SOCK_DGRAM), free_port()
    nic = f"hostfwd=udp:127.0.0.1:{uport}-:5000,hostfwd=tcp:127.0.0.1:{tport}-:8080"
    with board(flash, nic) as q:
        up(q)
        q.run("u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('0.0.0.0', 5000))\n"
              "srv = socket.socket()\nsrv.bind(('0.0.0.0', 8080))\nsrv.listen(1)\n")
        host = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        q.raw_send("d, a = u.recvfrom(100)\nprint(d, a[0])\n")
        time.sleep(0.3)
        host.sendto(b"one", ("127.0.0.1", uport))
        assert q.raw_result(timeout=30) == "b'one' 10.0.2.2"
        # six back to back while nobody reads: the socket holds five (the
        # next to read and a backlog of four, patches/micropython), in order
        for i in range(6):
            host.sendto(b"burst %d" % i, ("127.0.0.1", uport))
        time.sleep(0.3)
        out = q.run("u.setblocking(False)\ngot = []\nwhile True:\n    try:\n"
                    "        got.append(u.recv(100))\n    except OSError:\n        break\n"
                    "u.setblocking(True)\nprint(got)\n")
        assert out.strip() == str([b"burst %d" % i for i in range(5)])
        # nobody reads while they come
        for i in range(100_000):
            host.sendto(i.to_bytes(4, "little") * 16, ("127.0.0.1", uport))
        host.close()
        q.raw_send("u.setblocking(False)\nn = 0\nwhile True:\n    try:\n"
                   "        u.recv(100)\n        n += 1\n    except OSError:\n        break\n"
                   "c, _ = srv.accept()\nc.write(b'%d datagrams read' % n)\nc.close()\n")
        c = socket.create_connection(("127.0.0.1", tport), timeout=30)
        c.settimeout(30)
        answer = c.recv(100)
        c.close()
        q.raw_result(timeout=30)
        dropped = q.prop("/machine/soc/eth", "rx-dropped")
        print(f"flood: board answered {answer!r}; the MAC dropped {dropped} (FIFO full)")
        assert answer.endswith(b"datagrams read")
        assert q.alive()


def test_loopback_on_the_board(flash):
    with board(flash, "net=10.0.2.0/24") as q:
        out = q.run("""
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 7000))
srv.listen(1)
c = socket.socket()
c.setblocking(False)
try:
    c.connect(('127.0.0.1', 7000))
except OSError:
    pass
a, _ = srv.accept()
c.setblocking(True)
c.write(b'self')
print(a.recv(10))
""", timeout=30)
        assert out.strip() == "b'self'"


def test_http_get_of_a_file(flash, tmp_path):
    """An HTTP GET from the board to Python's http.server here: the file
    arrives intact (its SHA-256), with the server's status and length."""
    body = bytes((i * 131 + 17) & 0xFF for i in range(150_000))
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "firmware.bin").write_bytes(body)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with board(flash, guestfwd(httpd.server_address[1])) as q:
            up(q)
            out = q.run(f"""
import hashlib
s = socket.socket()
s.connect(('{HOST_ALIAS}', 80))
s.write(b'GET /firmware.bin HTTP/1.0\\r\\nHost: {HOST_ALIAS}\\r\\n\\r\\n')
status = s.readline()
length = None
while True:
    line = s.readline()
    if line in (b'\\r\\n', b''):
        break
    k, _, v = line.partition(b':')
    if k.lower() == b'content-length':
        length = int(v)
h = hashlib.sha256()
n = 0
buf = bytearray(2048)
while n < length:
    k = s.readinto(buf, min(len(buf), length - n))
    h.update(buf[:k])
    n += k
s.close()
print(status.strip().decode(), length, h.digest().hex())
""", timeout=120)
    finally:
        httpd.shutdown()
    assert out.strip() == f"HTTP/1.0 200 OK {len(body)} {hashlib.sha256(body).hexdigest()}"


def test_link_down_during_a_transfer(flash):
    payload = bytes((i * 13) & 0xFF for i in range(400_000))
    port, _ = host_server(lambda c: c.sendall(len(payload).to_bytes(4, "little") + payload))
    with board(flash, guestfwd(port, "n0")) as q:
        up(q)
        q.raw_send(f"""
import errno, hashlib
s = socket.socket()
s.connect(('{HOST_ALIAS}', 80))
total = int.from_bytes(s.read(4), 'little')
s.settimeout(0.05)  # a recv that waits lets the loop look at the link meanwhile
h = hashlib.sha256()
n = 0
seen = set()
told = False
while n < total:
    try:
        d = s.recv(2048)
    except OSError as e:
        if e.errno != errno.ETIMEDOUT:
            raise
        d = b''
    h.update(d)
    n += len(d)
    seen.add(lan.status())
    if not told and n >= 20_000:
        print('mid-transfer')
        told = True
    time.sleep_ms(10)  # a slow reader: the transfer outlasts the outage
print(n, h.digest().hex(), sorted(seen))
""")
        # the link goes down only once the board is mid-transfer
        q.serial_read_until("mid-transfer", timeout=60)
        q.qmp("set_link", name="n0", up=False)
        time.sleep(1.5)
        q.qmp("set_link", name="n0", up=True)
        out = q.raw_result(timeout=120)
        n, digest, seen = out.split(" ", 2)
        assert int(n) == len(payload) and digest == hashlib.sha256(payload).hexdigest()
        # status() saw the outage (0: link down) and the link back (3), perhaps
        # also the moment between the PHY's link and lwIP's noticing it (1)
        assert seen in ("[0, 3]", "[0, 1, 3]"), seen


def test_two_boards_on_one_segment(tmp_path):
    """Two boards joined by a socket netdev (one listens, one connects), each
    with its own unique ID and so its own MAC address, static addresses, a
    TCP exchange between them."""
    port = free_port()
    boards = []
    for n, (uid, how) in enumerate([("0047003630385108373634aa", f"listen=127.0.0.1:{port}"),
                                    ("0047003630385108373634bb", f"connect=127.0.0.1:{port}")]):
        flash = str(tmp_path / f"flash{n}.bin")
        h7qemu.make_flash(flash, h7qemu.MPY_FIRMWARE)
        q = h7qemu.Qemu(flash=flash, machine=f"stm32h747i-disco,netdev=n0,uid={uid}",
                        extra=["-netdev", f"socket,id=n0,{how}"])
        boards.append(q)
    try:
        macs = []
        for n, q in enumerate(boards):
            q.serial_read_until(b">>> ")
            q.enter_raw_repl()
            macs.append(q.run(f"""
import network, socket, time
lan = network.LAN()
lan.active(True)
lan.ipconfig(dhcp4=False)
lan.ipconfig(addr4=('192.168.7.{n + 1}', '255.255.255.0'))
print(lan.config('mac').hex())
""").strip())
        assert macs[0] != macs[1] and macs[0][:2] == macs[1][:2] == "02"
        a, b = boards
        a.run("srv = socket.socket()\nsrv.bind(('0.0.0.0', 9000))\nsrv.listen(1)\n")
        a.raw_send("c, addr = srv.accept()\nc.write(b'A got ' + c.recv(20))\nc.close()\nprint(addr[0])\n")
        out = b.run("s = socket.socket()\ns.connect(('192.168.7.1', 9000))\ns.write(b'hi from B')\n"
                    "print(s.recv(40))\n", timeout=60).strip()
        assert out == "b'A got hi from B'"
        assert a.raw_result(timeout=30) == "192.168.7.2"
    finally:
        for q in boards:
            q.close()
