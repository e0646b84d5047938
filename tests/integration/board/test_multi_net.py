"""MicroPython's network multitests (tests/multi_net through its
run-multitests.py) with virtual boards as instances: board and unix port,
unix port and board, board and board, in a network namespace of their own
(scripts/multinet.py).  Fails on any failure tests/micropython/
multi_net_known.txt does not list, or a listed one that passes."""
import os
import subprocess
import sys

import pytest

from h7tools import TOP


@pytest.mark.skipif(os.geteuid() != 0, reason="a network namespace and taps need root")
def test_multi_net_three_setups():
    r = subprocess.run([sys.executable, os.path.join(TOP, "scripts/multinet.py")],
                       capture_output=True, text=True, timeout=1200)
    out = r.stdout + r.stderr
    print(out)
    assert r.returncode == 0, out[-6000:]
    summaries = [line for line in out.splitlines() if line.startswith("multi_net ")]
    assert [s.split(":")[0] for s in summaries] == [
        "multi_net board-unix", "multi_net unix-board", "multi_net board-board"]
    for s in summaries:
        assert " 25 performed" in s, s  # every test of the directory ran
