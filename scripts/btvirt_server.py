"""Debian's btvirt (bluez-test-tools) serving virtual LE controllers on
/tmp/bt-server-le, with tests/ble's AF_ALG shim preloaded (these kernels
lack AF_ALG, without which btvirt drops its clients).  Each client that
connects to the socket gets its own controller on one shared virtual air."""
import contextlib
import os
import subprocess
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LE_SOCKET = "/tmp/bt-server-le"
SHIM = os.path.join(TOP, "build/ble/libafalg.so")


@contextlib.contextmanager
def running():
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests/ble")], check=True)
    for n in ("le", "bredr", "bredrle", "amp", "mon"):
        if os.path.exists(f"/tmp/bt-server-{n}"):
            os.remove(f"/tmp/bt-server-{n}")
    p = subprocess.Popen(["btvirt", "-s"], env=dict(os.environ, LD_PRELOAD=SHIM),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if os.path.exists(LE_SOCKET):
                break
            time.sleep(0.05)
        yield p
    finally:
        p.terminate()
        p.wait(10)
