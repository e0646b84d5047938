"""Debian's btvirt (bluez-test-tools) serving virtual LE controllers on
/tmp/bt-server-le, with tests/ble's shims preloaded: AF_ALG in user space
(these kernels lack it, without which btvirt drops its clients) and whole
H4 packets per read (btvirt mis-frames ACL packets that come a byte at a
time, as the virtual board's UART sends them).  Each client that
connects to the socket gets its own controller on one shared virtual air.

btvirt's socket paths are fixed, so one btvirt runs at a time on this
machine: running() holds an exclusive lock while its btvirt lives, and a
second caller (another pytest-xdist worker, a bench) waits for it."""
import contextlib
import fcntl
import os
import subprocess
import time

from . import TOP
LE_SOCKET = "/tmp/bt-server-le"
LOCK = "/tmp/bt-server.lock"
# AF_ALG in user space; whole H4 packets per read (tests/ble/h4_frame_shim.c:
# btvirt mis-frames ACL packets that arrive a byte at a time, as from a UART)
SHIMS = " ".join(os.path.join(TOP, "build/ble", n) for n in ("libafalg.so", "libh4frame.so"))


@contextlib.contextmanager
def running(acl_spacing_ms=0):
    """acl_spacing_ms: ACL packets to each client at least that far apart,
    as connection events space them on a radio (tests/ble/h4_frame_shim.c)"""
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests/ble")], check=True)
        for n in ("le", "bredr", "bredrle", "amp", "mon"):
            if os.path.exists(f"/tmp/bt-server-{n}"):
                os.remove(f"/tmp/bt-server-{n}")
        env = dict(os.environ, LD_PRELOAD=SHIMS, H7_ACL_SPACING_MS=str(acl_spacing_ms))
        p = subprocess.Popen(["btvirt", "-s"], env=env,
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
