"""MicroPython's own BLE test suite (tests/multi_bluetooth, run by
run-multitests.py) on our bluetooth module (lib/ble host) and one Debian
btvirt (with tests/ble's shims): two unix-port instances, then the virtual
board (its HCI on UART8) against a unix instance in either role, and a
unix instance whose HCI goes through a PTY.  In `make test`, alone as
`make test-ble`.  The pass counts go to the run's summary
(tests/conftest.py); the tests listed in PASSING must pass: all 17
non-stress tests, and ours in h7/ (pairing with passkey entry and numeric
comparison, re-encryption)."""
import os
import re
import subprocess

import pytest

from h7tools import TOP
from h7tools import btvirt as btvirt_server

MPY_TESTS = os.path.join(TOP, ".deps/micropython/tests")
MICROPYTHON = os.path.join(TOP, "build/mpy-unix/micropython")
OURS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "h7")
PASSING = [
    "ble_characteristic", "ble_descriptor", "ble_gap_advertise", "ble_gap_connect",
    "ble_gap_device_name", "ble_gap_pair", "ble_gap_pair_bond", "ble_gatt_data_transfer",
    "ble_gattc_discover_services", "ble_irq_calls", "ble_l2cap", "ble_mtu", "ble_mtu_peripheral",
    "ble_subscribe", "perf_gatt_char_write", "perf_gatt_notify", "perf_l2cap",
]
H7_TESTS = sorted(f[:-3] for f in os.listdir(OURS) if f.endswith(".py"))


# a connection interval between ACL packets on a link, as a radio spaces
# them: with btvirt's zero latency a test's printed order can race (seen:
# ble_descriptor's two writes arriving in one poll and counted as one)
ACL_SPACING_MS = 10

pytestmark = pytest.mark.alone      # counts advertising reports, times throughput


@pytest.fixture
def btvirt():
    with btvirt_server.running(acl_spacing_ms=ACL_SPACING_MS) as p:
        yield p


def board(tmp_path):
    """the virtual STM32H747I-DISCO as a run-multitests instance: its REPL on
    a pty (pyboard.py's execpty:), UART8 on btvirt"""
    return ("pyb:execpty:" + os.path.join(TOP, "scripts/run_qemu.sh") +
            f" --serial pty --flash {tmp_path / 'flash.bin'} --ble {btvirt_server.LE_SOCKET}")


@pytest.mark.parametrize("where", ["unix|unix", "board|unix", "unix|board"])
def test_multi_bluetooth_suite(btvirt, tmp_path, where, summary):
    tests = sorted(f"multi_bluetooth/{f}" for f in os.listdir(os.path.join(MPY_TESTS, "multi_bluetooth"))
                   if f.endswith(".py") and not f.startswith("stress_"))
    assert len(tests) == 17
    instances = []
    for w in where.split("|"):
        instances += ["-i", "micropython" if w == "unix" else board(tmp_path)]
    results = run(instances, tests)
    passed = sorted(t for t, v in results.items() if v == "pass")
    summary(f"multi_bluetooth ({where}): {len(passed)} of {len(tests)} passed: {', '.join(passed)}")
    results.update(run(instances, [path(t) for t in H7_TESTS]))
    summary(f"h7 ({where}): {', '.join(f'{t} {results.get(t)}' for t in H7_TESTS)}")
    # no second run: a test fails when it fails
    missing = [t for t in PASSING + H7_TESTS if results.get(t) != "pass"]
    assert not missing, f"these must pass: {missing}"


def path(test):
    return os.path.join(OURS, test + ".py") if test in H7_TESTS else f"multi_bluetooth/{test}.py"


def run(instances, tests):
    r = subprocess.run(["/usr/bin/python3", "run-multitests.py", *instances, *tests],
                       cwd=MPY_TESTS, capture_output=True, text=True,
                       env=dict(os.environ, MICROPY_MICROPYTHON=MICROPYTHON), timeout=1200)
    print(r.stdout[-4000:] if "FAIL" in r.stdout else "", end="")
    return dict(re.findall(r"(?:multi_bluetooth|h7)/(\w+)\.py on \S+: (pass|FAIL|skip)", r.stdout))


def test_hci_over_a_tty(btvirt, tmp_path, summary):
    """the unix port's tty transport: one instance's HCI goes through a PTY
    (raw mode set by the port) that a bridge here joins to btvirt's socket,
    as a UART adapter would; pairing and data transfer against an instance
    on the socket"""
    import select
    import socket
    import threading
    master, slave = os.openpty()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(btvirt_server.LE_SOCKET)
    carried = [0, 0]
    stop = threading.Event()

    def bridge():
        while not stop.is_set():
            ready, _, _ = select.select([master, sock], [], [], 0.1)
            for fd in ready:
                data = os.read(master, 4096) if fd == master else sock.recv(4096)
                if not data:
                    return
                if fd == master:
                    sock.sendall(data)
                else:
                    os.write(master, data)
                carried[fd == master] += len(data)

    t = threading.Thread(target=bridge, daemon=True)
    t.start()
    wrapper = tmp_path / "micropython-tty"
    wrapper.write_text(f"#!/bin/sh\nH7_BLE_HCI={os.ttyname(slave)} exec {MICROPYTHON} \"$@\"\n")
    wrapper.chmod(0o755)
    tests = ["ble_gap_pair", "ble_gatt_data_transfer"]
    try:
        results = run(["-i", f"exec:{wrapper}", "-i", "micropython"],
                      [f"multi_bluetooth/{t}.py" for t in tests])
    finally:
        stop.set()
        t.join()
        sock.close()
        os.close(master)
        os.close(slave)
    summary(f"HCI over a PTY: {results}; bytes to the controller {carried[1]}, "
          f"from it {carried[0]}")
    assert all(results.get(t) == "pass" for t in tests), results
    assert carried[0] > 256 and carried[1] > 256     # set-up, pairing, data: through the PTY
