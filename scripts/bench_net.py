#!/usr/bin/env python3
"""make bench, network part: the same MicroPython program on the virtual
board (network.LAN, lwIP, QEMU user networking with restrict=on and
guestfwd) and on the unix port (the host's sockets, 127.0.0.1), against the
same servers here, side by side in one run: TCP down (server to
MicroPython) and up, 1 MiB each, and a TLS 1.2 handshake (ECDHE-ECDSA
P-256, the server's certificate checked against a CA).  The board's
figures are per virtual second (ticks_us), the unix port's per real
second; the ratio says how far the board is from the host's stack.  The
TCP transfers also in wall seconds, as the server here saw them.  As root,
UDP round trips too, the board on a tap in a network namespace (user
networking drops UDP replies), beside the unix port in the same one."""
import os
import re
import socket
import ssl
import subprocess
import tempfile
import sys
import threading
import time

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402
from h7tools.certs import make_ca  # noqa: E402

MIB = 1024 * 1024
HOST_ALIAS = "10.0.2.100"
CN = "h7bench.local"
TLS_ROUNDS = 3
MICROPYTHON = os.path.join(h7qemu.TOP, "build/mpy-unix/micropython")

PROGRAM = """
import socket, ssl, time
N = {n}
def down(addr):
    s = socket.socket()
    s.connect(socket.getaddrinfo(*addr)[0][-1])
    s.write(b'DOWN')
    buf = bytearray(4096)
    got = 0
    t = time.ticks_us()
    while got < N:
        got += s.readinto(buf)
    dt = time.ticks_diff(time.ticks_us(), t)
    s.write(b'OK')              # the server's wall clock stops here
    s.close()
    return dt
def up(addr):
    s = socket.socket()
    s.connect(socket.getaddrinfo(*addr)[0][-1])
    s.write(b'UPUP')
    blk = bytes(4096)
    t = time.ticks_us()
    for _ in range(N // 4096):
        s.write(blk)
    assert s.read(2) == b'OK'   # the server has every byte
    dt = time.ticks_diff(time.ticks_us(), t)
    s.close()
    return dt
def handshake(addr):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cadata=CA)
    s = socket.socket()
    s.connect(socket.getaddrinfo(*addr)[0][-1])
    t = time.ticks_us()
    s = ctx.wrap_socket(s, server_hostname='{cn}')
    dt = time.ticks_diff(time.ticks_us(), t)
    s.write(b'x')
    assert s.read(1) == b'y'
    s.close()
    return dt
print('BENCH', down({down}), up({up}), *[handshake(a) for a in {tls}])
"""


class Servers:
    """Here, on 127.0.0.1: a TCP server for the down and up tests and a TLS
    one, each for `conns` connections."""

    def __init__(self, d, conns):
        self.ca = make_ca(d, "bench", CN)
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(os.path.join(d, "bench-srv.pem"), os.path.join(d, "bench-srv.key"))
        self.ctx.maximum_version = ssl.TLSVersion.TLSv1_2  # what MicroPython's mbedtls offers
        self.wall = {"down": [], "up": []}  # seconds, the board's first, then the unix port's
        self.tcp = [self._listen(self._serve_tcp, 1) for _ in range(2 * conns)]
        self.tls = [self._listen(self._serve_tls, 1) for _ in range(TLS_ROUNDS * conns)]

    def _listen(self, serve, n):
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(300)

        def run():
            with srv:
                for _ in range(n):
                    c, _ = srv.accept()
                    with c:
                        serve(c)
        threading.Thread(target=run, daemon=True).start()
        return srv.getsockname()[1]

    def _serve_tcp(self, c):
        # the wall time of each transfer, as seen here
        cmd = c.recv(4, socket.MSG_WAITALL)
        if cmd == b"DOWN":
            t = time.monotonic()
            c.sendall(bytes(MIB))
            if c.recv(2, socket.MSG_WAITALL) == b"OK":
                self.wall["down"].append(time.monotonic() - t)
        elif cmd == b"UPUP":
            got, t = 0, None
            while got < MIB:
                d = c.recv(65536)
                if not d:
                    return
                t = t or time.monotonic()
                got += len(d)
            self.wall["up"].append(time.monotonic() - t)
            c.sendall(b"OK")

    def _serve_tls(self, c):
        try:
            with self.ctx.wrap_socket(c, server_side=True) as t:
                if t.recv(1) == b"x":
                    t.sendall(b"y")
        except (ssl.SSLError, OSError):
            pass


def parse(out, who):
    m = re.search(r"BENCH ([\d ]+)", out)
    if not m:
        raise SystemExit(f"bench_net: no figures from {who}:\n{out}")
    v = [int(x) for x in m.group(1).split()]
    return v[0], v[1], v[2:]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        srv = Servers(tmp, 2)  # one set of connections for the board, one for the unix port
        board_ports, unix_ports = (srv.tcp[:2], srv.tls[:TLS_ROUNDS]), (srv.tcp[2:],
                                                                      srv.tls[TLS_ROUNDS:])
        # the board: each guestfwd is one connection (a chardev), so one port each
        fwds = [f"guestfwd=tcp:{HOST_ALIAS}:{80 + i}-tcp:127.0.0.1:{p}"
                for i, p in enumerate(board_ports[0] + board_ports[1])]
        code = PROGRAM.format(n=MIB, cn=CN, down=(HOST_ALIAS, 80), up=(HOST_ALIAS, 81),
                              tls=[(HOST_ALIAS, 82 + i) for i in range(TLS_ROUNDS)])
        flash = h7qemu.make_flash(os.path.join(tmp, "flash.bin"), h7qemu.MPY_FIRMWARE)
        with h7qemu.Qemu(flash=flash, timeout=600,
                         extra=["-nic", "user,restrict=on," + ",".join(fwds)]) as q:
            q.serial_read_until(b">>> ")
            q.enter_raw_repl()
            q.run("import network, time\nlan = network.LAN()\nlan.active(True)\n"
                  "while not lan.isconnected():\n    time.sleep_ms(10)\n", timeout=60)
            q.run(f"CA = {srv.ca!r}\n")
            board = parse(q.run(code, timeout=600), "the board")
        ucode = f"CA = {srv.ca!r}\n" + PROGRAM.format(
            n=MIB, cn=CN, down=("127.0.0.1", unix_ports[0][0]), up=("127.0.0.1", unix_ports[0][1]),
            tls=[("127.0.0.1", p) for p in unix_ports[1]])
        r = subprocess.run([MICROPYTHON, "-c", ucode], capture_output=True, text=True, timeout=300)
        unix = parse(r.stdout + r.stderr, "the unix port")

    rtt = udp_rtt()

    def rate(us):
        return MIB / 1024 / (us / 1e6)
    wall = srv.wall
    print("network (the board: lwIP over user networking, KiB per virtual second and, in [],")
    print("per wall second as the server here saw it; the unix port: the host's sockets on")
    print("127.0.0.1, per second):")
    for i, what in enumerate(("down", "up")):
        bw, uw = wall[what][0], wall[what][1]
        print(f"  TCP {what:4} 1 MiB  board {rate(board[i]):8.0f} [{MIB / 1024 / bw:7.0f}] KiB/s   "
              f"unix {rate(unix[i]):8.0f} [{MIB / 1024 / uw:7.0f}] KiB/s   "
              f"board/unix {unix[i] / board[i]:.3f} [{uw / bw:.3f}]")
    bt, ut = sorted(board[2])[len(board[2]) // 2], sorted(unix[2])[len(unix[2]) // 2]
    print(f"  TLS handshake    board {bt / 1000:8.1f} ms      unix {ut / 1000:8.1f} ms"
          f"      board/unix {bt / ut:.1f} (median of {TLS_ROUNDS}, ECDHE-ECDSA P-256)")
    if rtt is None:
        print("  UDP round trip   (needs root: a network namespace with a tap; not run)")
    else:
        (bm, bl, bh), (um, ul, uh) = rtt
        print(f"  UDP round trip   board {bm:8d} us      unix {um:8d} us      board/unix {bm / um:.1f}"
              f" (median of {UDP_ROUNDS}; board {bl}-{bh}, unix {ul}-{uh}; 32-byte datagrams,"
              f" an echo server on a bridge)")


UDP_ROUNDS = 200
UDP_PROGRAM = """
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
addr = socket.getaddrinfo('{host}', {port})[0][-1]
rtts = []
for i in range({rounds} + 1):
    msg = b'%08d' % i + bytes(24)
    t = time.ticks_us()
    s.sendto(msg, addr)
    while s.recv(64) != msg:
        pass
    rtts.append(time.ticks_diff(time.ticks_us(), t))
rtts = sorted(rtts[1:])  # the first waits for ARP
print('RTT', rtts[len(rtts) // 2], rtts[0], rtts[-1])
"""
ECHO = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
while True:
    d, a = s.recvfrom(2048)
    s.sendto(d, a)
"""


def udp_rtt():
    """UDP round trips from the board (on a tap in a network namespace of
    its own, scripts/multinet.py's) and from the unix port to an echo
    server on the namespace's bridge: (median, min, max) in us for each;
    None when not root."""
    if os.geteuid() != 0:
        return None
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import multinet
    port = 7007
    with tempfile.TemporaryDirectory() as d:
        multinet.prepare_board(d, 0)
        ns = multinet.Namespace(1, d)
        echo = None
        try:
            echo = subprocess.Popen(["ip", "netns", "exec", ns.name, sys.executable, "-c", ECHO,
                                     multinet.HOST_IP, str(port)], stdout=subprocess.PIPE, text=True)
            assert echo.stdout.readline().strip() == "ready"
            prog = os.path.join(d, "rtt.py")
            with open(prog, "w") as f:
                f.write(UDP_PROGRAM.format(host=multinet.HOST_IP, port=port, rounds=UDP_ROUNDS))
            # on the board by run_qemu.sh --exec (boot.py has brought the LAN up)
            cmd = multinet.board_command(d, 0, f"--exec {prog}")
            figures = []
            for argv in (cmd.split(), [MICROPYTHON, prog]):
                r = subprocess.run(["ip", "netns", "exec", ns.name, *argv], capture_output=True,
                                   text=True, timeout=300)
                m = re.search(r"RTT (\d+) (\d+) (\d+)", r.stdout)
                if not m:
                    raise SystemExit(f"bench_net: no UDP figures from {argv[0]}:\n{r.stdout}{r.stderr}")
                figures.append(tuple(int(x) for x in m.groups()))
            return figures
        finally:
            if echo:
                echo.terminate()
                echo.wait(10)
            ns.close()


if __name__ == "__main__":
    main()
