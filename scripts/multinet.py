#!/usr/bin/python3
"""MicroPython's network multitests (tests/multi_net, run-multitests.py) with
virtual STM32H747I-DISCO boards as instances, as on real boards.

    sudo scripts/multinet.py [--setup board-unix|unix-board|board-board|hosted|all]
                             [--verbose] [TEST.py ...]

A network namespace of its own (nothing in it reaches beyond this machine):
a bridge at 192.168.77.1/24, one tap on it per board, the boards at
192.168.77.11 and .12 with their own unique IDs (so their own MACs), the
unix port at the bridge's address, and dnsmasq there answering every name
with that address (no upstream server).  Each board's flash gets a boot.py
bringing network.LAN up with its address (it runs at every soft reset, as
run-multitests.py and run-tests.py do them) and the certificate files the
tests read, as tests/README.md asks of a real board.

Setups: board-unix, unix-board, board-board (instance 0 first), and
hosted: tests/net_hosted through run-tests.py against board 0, with
hosted_servers.py as "micropython.org".  Prints a summary per setup;
exits 1 if a test failed that tests/micropython/multi_net_known.txt does
not list for that setup, or one it lists passed.  Needs root (the
namespace, the taps)."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from h7tools import TOP  # noqa: E402
from h7tools import qemu as h7qemu  # noqa: E402
from h7tools.certs import make_ca  # noqa: E402

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
MICROPYTHON = os.path.join(TOP, "build/mpy-unix/micropython")
KNOWN = os.path.join(TOP, "tests/micropython/multi_net_known.txt")
SUBNET, HOST_IP = "192.168.77", "192.168.77.1"
BOARD_IPS = [SUBNET + ".11", SUBNET + ".12"]
# net_hosted's peer is "micropython.org", somewhere on the internet: a
# non-blocking connect to it must still be in progress a millisecond later.
# QEMU's filter-buffer holds the board's frames (both ways) and lets them go
# every 20 ms of virtual time.
WAN_DELAY = " -- -object filter-buffer,id=wan,netdev=net0,queue=all,interval=20000"
NOWHERE_IP, NOWHERE_MAC = SUBNET + ".254", "02:00:00:00:00:fe"
BOARD_UIDS = ["0018002d3133510b37363432", "0018002d3133510b37363433"]
CERT_FILES = ["ec_cert.der", "ec_key.der", "expired_cert.der", "rsa_cert.der", "rsa_key.der"]
SETUPS = {"board-unix": ("board", "unix"), "unix-board": ("unix", "board"),
          "board-board": ("board", "board")}

BOOT_PY = """import network
lan = network.LAN()
lan.active(True)
lan.ifconfig(('{ip}', '255.255.255.0', '{host}', '{host}'))
"""


def sh(*cmd, ns=None):
    if ns:
        cmd = ("ip", "netns", "exec", ns) + cmd
    subprocess.run(cmd, check=True)


class Namespace:
    """The namespace, its bridge, a tap per board, and dnsmasq answering
    every name with the bridge's address (no upstream server: no query
    leaves); gone with it."""

    def __init__(self, boards, d):
        self.name = f"h7mn{os.getpid()}"
        # `ip netns exec` puts /etc/netns/NAME/resolv.conf in place of the
        # host's for what runs inside (CPython's truth runs, the servers)
        self.etc = f"/etc/netns/{self.name}"
        self.dnsmasq = None
        sh("ip", "netns", "add", self.name)
        try:
            os.makedirs(self.etc, exist_ok=True)
            with open(os.path.join(self.etc, "resolv.conf"), "w") as f:
                f.write(f"nameserver {HOST_IP}\n")
            sh("ip", "link", "set", "lo", "up", ns=self.name)
            sh("ip", "link", "add", "br0", "type", "bridge", ns=self.name)
            sh("ip", "addr", "add", HOST_IP + "/24", "dev", "br0", ns=self.name)
            sh("ip", "link", "set", "br0", "up", ns=self.name)
            # the default route: a gateway on the bridge whose MAC no one
            # has, so a packet for any outside address is sent to no one
            # and a connection to one times out, as tests that need "an
            # address that does not answer" expect (the boards' gateway is
            # this namespace, which forwards nothing). run-multitests.py
            # finds the host's address from this route (a UDP connect,
            # nothing sent).
            sh("ip", "neigh", "add", NOWHERE_IP, "lladdr", NOWHERE_MAC, "dev", "br0",
               "nud", "permanent", ns=self.name)
            sh("ip", "route", "add", "default", "via", NOWHERE_IP, "dev", "br0", ns=self.name)
            for i in range(boards):
                sh("ip", "tuntap", "add", "dev", f"h7tap{i}", "mode", "tap", ns=self.name)
                sh("ip", "link", "set", f"h7tap{i}", "master", "br0", "up", ns=self.name)
            self.dns_log = open(os.path.join(d, "dnsmasq.log"), "w")
            self.dnsmasq = subprocess.Popen(
                ["ip", "netns", "exec", self.name, "dnsmasq", "--keep-in-foreground",
                 "--no-resolv", "--no-hosts", "--bind-interfaces", f"--listen-address={HOST_IP}",
                 f"--address=/#/{HOST_IP}", "--log-queries", "--log-facility=-", "--user=root",
                 f"--pid-file={d}/dnsmasq.pid"], stdout=self.dns_log, stderr=subprocess.STDOUT)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.dnsmasq:
            self.dnsmasq.terminate()
            self.dnsmasq.wait(10)
        subprocess.run(["ip", "netns", "delete", self.name], check=False)
        shutil.rmtree(self.etc, ignore_errors=True)


def prepare_board(d, i):
    """Board i's flash in d: the firmware, boot.py, the certificates."""
    flash = os.path.join(d, f"board{i}.bin")
    h7qemu.make_flash(flash, h7qemu.MPY_FIRMWARE)
    with h7qemu.Qemu(flash=flash) as q:
        q.serial_read_until(b">>> ")
        q.enter_raw_repl()
        files = {"boot.py": BOOT_PY.format(ip=BOARD_IPS[i], host=HOST_IP).encode()}
        for name in CERT_FILES:
            with open(os.path.join(MPY_TESTS, "multi_net", name), "rb") as f:
                files[name] = f.read()
        for name, data in files.items():
            q.run(f"with open('/flash/{name}', 'wb') as f:\n    f.write({data!r})\n")


def board_command(d, i, how, extra=""):
    """run_qemu.sh booting board i (prepare_board's flash in d) on its tap;
    how: "--serial pty" or "--exec FILE"; extra: QEMU arguments after it."""
    return (f"{TOP}/scripts/run_qemu.sh {how} --flash {os.path.join(d, f'board{i}.bin')} "
            f"--uid {BOARD_UIDS[i]} --net tap,ifname=h7tap{i},script=no,downscript=no{extra}")


def board_instance(d, i, extra=""):
    """Board i as run-multitests.py and run-tests.py open it ("execpty:" a
    script: their instance argument takes no commas)."""
    script = os.path.join(d, f"board{i}{'-wan' if extra else ''}.sh")
    with open(script, "w") as f:
        f.write(f"#!/bin/sh\nexec {board_command(d, i, '--serial pty', extra)}\n")
    os.chmod(script, 0o755)
    return "execpty:" + script


def summary(out):
    def count(what):
        m = re.search(rf"^(\d+) tests {what}", out, re.M)
        return int(m.group(1)) if m else 0
    def names(what):
        m = re.search(rf"^\d+ tests {what}: (.*)$", out, re.M)
        return m.group(1).split() if m else []
    return count("performed"), count("passed"), names("skipped"), names("failed")


def known_failures(setup):
    """The tests KNOWN lists for setup: those that fail, and those that
    fail in some runs ("flaky:")."""
    known, flaky = set(), set()
    for line in open(KNOWN):
        parts = line.split()
        if len(parts) >= 3 and not line.startswith("#") and parts[0] == setup:
            (flaky if parts[2] == "flaky:" else known).add(parts[1])
    return known, flaky


def run_setup(ns, d, setup, files):
    instances, b = [], iter(range(2))
    for kind in SETUPS[setup]:
        instances += ["-i", "pyb:" + board_instance(d, next(b)) if kind == "board" else "micropython"]
    env = dict(os.environ, MICROPY_MICROPYTHON=MICROPYTHON)
    r = subprocess.run(["ip", "netns", "exec", ns.name, sys.executable, "./run-multitests.py",
                        *instances, *files], cwd=MPY_TESTS, env=env, capture_output=True,
                       text=True, timeout=1800)
    return r.stdout + r.stderr


def run_hosted(ns, d):
    """tests/net_hosted through run-tests.py against board 0, as its README
    says, with hosted_servers.py as micropython.org."""
    make_ca(d, "hosted", "micropython.org")
    chain = os.path.join(d, "hosted-chain.pem")
    with open(chain, "w") as out:
        for part in ("hosted-srv.pem", "hosted-ca.pem"):  # the leaf, then its CA
            with open(os.path.join(d, part)) as f:
                out.write(f.read())
    servers = subprocess.Popen(["ip", "netns", "exec", ns.name, sys.executable,
                                os.path.join(TOP, "scripts/hosted_servers.py"), chain,
                                os.path.join(d, "hosted-srv.key")],
                               stdout=subprocess.PIPE, text=True)
    try:
        if servers.stdout.readline().strip() != "ready":
            raise SystemExit("multinet.py: hosted_servers.py did not start")
        r = subprocess.run(["ip", "netns", "exec", ns.name, sys.executable, "./run-tests.py",
                            "-t", board_instance(d, 0, WAN_DELAY), "-r", os.path.join(d, "hosted-results"),
                            "-d", "net_hosted"], cwd=MPY_TESTS, capture_output=True, text=True,
                           timeout=900)
    finally:
        servers.terminate()
        servers.wait(10)
    return r.stdout + r.stderr


def report(setup, out, ran, verbose):
    """Print a setup's summary; False if it failed (a failure the known
    list does not name for it, a listed one that passed, or nothing run)."""
    if verbose:
        print(out)
    performed, passed, skipped, failed = summary(out)
    failed = {t.split("/")[-1] for t in failed}
    skipped = {t.split("/")[-1] for t in skipped}
    known, flaky = (k & ran for k in known_failures(setup))
    print(f"{'net_hosted' if setup == 'hosted' else 'multi_net ' + setup}: {performed} performed, "
          f"{passed} passed, {len(skipped)} skipped, {len(failed)} failed "
          f"({len((known | flaky) & failed)} of them listed)")
    if flaky - failed - skipped:
        print(f"  listed as flaky, passed this time: {' '.join(sorted(flaky - failed - skipped))}")
    for what, tests in (("skipped", skipped), ("failed", failed)):
        if tests:
            print(f"  {what}: {' '.join(sorted(tests))}")
    now_pass = known - failed - skipped
    if now_pass:
        print(f"  listed in {os.path.relpath(KNOWN, TOP)} but passed: {' '.join(sorted(now_pass))}")
    if failed - known - flaky or now_pass or not performed:
        if not verbose:
            print(out[-4000:])
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--setup", default="all", choices=[*SETUPS, "hosted", "all"])
    ap.add_argument("--verbose", action="store_true", help="print the test runner's output")
    ap.add_argument("files", nargs="*", help="multi_net tests (default: all of multi_net)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("multinet.py: needs root (a network namespace and taps)")
    def tests_in(sub):
        return sorted(f"{sub}/{f}" for f in os.listdir(os.path.join(MPY_TESTS, sub))
                      if f.endswith(".py"))
    files = args.files or tests_in("multi_net")
    setups = [*SETUPS, "hosted"] if args.setup == "all" else [args.setup]
    nboards = max(SETUPS.get(s, ("board",)).count("board") for s in setups)
    ok = True
    with tempfile.TemporaryDirectory(prefix="h7multinet") as d:
        for i in range(nboards):
            prepare_board(d, i)
        ns = Namespace(nboards, d)
        try:
            for setup in setups:
                if setup == "hosted":
                    out, ran = run_hosted(ns, d), tests_in("net_hosted")
                else:
                    out, ran = run_setup(ns, d, setup, files), files
                ok &= report(setup, out, {f.split("/")[-1] for f in ran}, args.verbose)
        finally:
            ns.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
