#!/usr/bin/python3
"""MicroPython's network multitests (tests/multi_net, run-multitests.py) with
virtual STM32H747I-DISCO boards as instances, as on real boards.

    sudo scripts/multinet.py [--setup board-unix|unix-board|board-board|all]
                             [TEST.py ...]

A network namespace of its own (nothing in it reaches beyond this machine):
a bridge at 192.168.77.1/24, one tap on it per board, the boards at
192.168.77.11 and .12 with their own unique IDs (so their own MACs), and
the unix port at the bridge's address.  Each board's flash gets a boot.py
bringing network.LAN up with its address (it runs at every soft reset, as
run-multitests.py does them) and the certificate files the tests read, as
tests/README.md asks of a real board.  Setups: instance 0 is the first
name.  Prints run-multitests.py's summary per setup; exits 1 if a test
failed that tests/micropython/multi_net_known.txt does not list for that
setup, or one it lists passed.  Needs root (the namespace, the taps)."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from h7tools import TOP  # noqa: E402
from h7tools import qemu as h7qemu  # noqa: E402

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
MICROPYTHON = os.path.join(TOP, "build/mpy-unix/micropython")
KNOWN = os.path.join(TOP, "tests/micropython/multi_net_known.txt")
SUBNET, HOST_IP = "192.168.77", "192.168.77.1"
BOARD_IPS = [SUBNET + ".11", SUBNET + ".12"]
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
    """The namespace, its bridge and a tap per board; gone with it."""

    def __init__(self, boards):
        self.name = f"h7mn{os.getpid()}"
        sh("ip", "netns", "add", self.name)
        try:
            sh("ip", "link", "set", "lo", "up", ns=self.name)
            sh("ip", "link", "add", "br0", "type", "bridge", ns=self.name)
            sh("ip", "addr", "add", HOST_IP + "/24", "dev", "br0", ns=self.name)
            sh("ip", "link", "set", "br0", "up", ns=self.name)
            # run-multitests.py finds the host's address from the route to
            # an outside one (a UDP connect: nothing is sent); here that
            # route is the bridge, which reaches only the boards
            sh("ip", "route", "add", "default", "dev", "br0", ns=self.name)
            for i in range(boards):
                sh("ip", "tuntap", "add", "dev", f"h7tap{i}", "mode", "tap", ns=self.name)
                sh("ip", "link", "set", f"h7tap{i}", "master", "br0", "up", ns=self.name)
        except BaseException:
            self.close()
            raise

    def close(self):
        subprocess.run(["ip", "netns", "delete", self.name], check=False)


def prepare_board(d, i):
    """Board i's flash (the firmware, boot.py, the certificates) and the
    command that boots it on its tap: the instance run-multitests.py opens
    (a script, as its -i argument takes no commas)."""
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
    script = os.path.join(d, f"board{i}.sh")
    with open(script, "w") as f:
        f.write(f"#!/bin/sh\nexec {TOP}/scripts/run_qemu.sh --serial pty --flash {flash} "
                f"--uid {BOARD_UIDS[i]} --net tap,ifname=h7tap{i},script=no,downscript=no\n")
    os.chmod(script, 0o755)
    return "pyb:execpty:" + script


def summary(out):
    def count(what):
        m = re.search(rf"^(\d+) tests {what}", out, re.M)
        return int(m.group(1)) if m else 0
    def names(what):
        m = re.search(rf"^\d+ tests {what}: (.*)$", out, re.M)
        return m.group(1).split() if m else []
    return count("performed"), count("passed"), names("skipped"), names("failed")


def known_failures(setup):
    known = set()
    for line in open(KNOWN):
        parts = line.split()
        if len(parts) >= 3 and not line.startswith("#") and parts[0] == setup:
            known.add(parts[1])
    return known


def run_setup(ns, setup, boards, files):
    instances, b = [], iter(boards)
    for kind in SETUPS[setup]:
        instances += ["-i", next(b) if kind == "board" else "micropython"]
    env = dict(os.environ, MICROPY_MICROPYTHON=MICROPYTHON)
    r = subprocess.run(["ip", "netns", "exec", ns.name, sys.executable, "./run-multitests.py",
                        *instances, *files], cwd=MPY_TESTS, env=env, capture_output=True,
                       text=True, timeout=1800)
    return r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--setup", default="all", choices=[*SETUPS, "all"])
    ap.add_argument("--verbose", action="store_true", help="print run-multitests.py's output")
    ap.add_argument("files", nargs="*", help="tests (default: all of multi_net)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("multinet.py: needs root (a network namespace and taps)")
    files = args.files or sorted(f"multi_net/{f}" for f in os.listdir(
        os.path.join(MPY_TESTS, "multi_net")) if f.endswith(".py"))
    setups = list(SETUPS) if args.setup == "all" else [args.setup]
    nboards = max(SETUPS[s].count("board") for s in setups)
    failed_any = False
    with tempfile.TemporaryDirectory(prefix="h7multinet") as d:
        boards = [prepare_board(d, i) for i in range(nboards)]
        ns = Namespace(nboards)
        try:
            for setup in setups:
                out = run_setup(ns, setup, boards, files)
                if args.verbose:
                    print(out)
                performed, passed, skipped, failed = summary(out)
                failed = [t.split("/")[-1] for t in failed]
                ran = {f.split("/")[-1] for f in files}
                known = known_failures(setup) & ran
                print(f"multi_net {setup}: {performed} performed, {passed} passed, "
                      f"{len(skipped)} skipped, {len(failed)} failed "
                      f"({len(known & set(failed))} of them known)")
                for what, tests in (("skipped", skipped), ("failed", failed)):
                    if tests:
                        print(f"  {what}: {' '.join(t.split('/')[-1] for t in tests)}")
                unexpected = set(failed) - known
                now_pass = known - set(failed) - {t.split('/')[-1] for t in skipped}
                if now_pass:
                    print(f"  listed in {os.path.relpath(KNOWN, TOP)} but passed: "
                          f"{' '.join(sorted(now_pass))}")
                if unexpected or now_pass or not performed:
                    failed_any = True
                    if not args.verbose:
                        print(out[-4000:])
        finally:
            ns.close()
    sys.exit(1 if failed_any else 0)


if __name__ == "__main__":
    main()
