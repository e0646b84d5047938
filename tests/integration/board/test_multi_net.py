"""MicroPython's network tests with virtual boards, in a network namespace
of their own (scripts/multinet.py): tests/multi_net through its
run-multitests.py (board and unix port, unix port and board, board and
board), and tests/net_hosted through run-tests.py against a board, with a
local resolver and local servers standing in for micropython.org.  Fails
on any failure tests/micropython/multi_net_known.txt does not list, or a
listed one that passes."""
import os
import subprocess
import sys

import pytest

from h7tools import TOP


@pytest.mark.alone
@pytest.mark.skipif(os.geteuid() != 0, reason="a network namespace and taps need root")
def test_multi_net_and_net_hosted():
    r = subprocess.run([sys.executable, os.path.join(TOP, "scripts/multinet.py")],
                       capture_output=True, text=True, timeout=1200)
    out = r.stdout + r.stderr
    print(out)
    assert r.returncode == 0, out[-6000:]
    summaries = [line for line in out.splitlines() if line.startswith(("multi_net ", "net_hosted"))]
    assert [s.split(":")[0] for s in summaries] == [
        "multi_net board-unix", "multi_net unix-board", "multi_net board-board", "net_hosted"]
    for s in summaries[:3]:
        assert " 25 performed" in s, s  # every test of the directory ran
    assert " 10 performed, 10 passed" in summaries[3], summaries[3]
