#!/usr/bin/env python3
"""Snapshots of a running virtual board, over its QMP socket: QEMU's own
savevm/loadvm/delvm, which keep the whole machine (both cores, every
device, RAM, pending interrupts and timers) and the flash and NOR drives
as they were, inside the board's qcow2 files.

    scripts/h7snap.py QMP save NAME [--at S]   # S seconds after QEMU starts
    scripts/h7snap.py QMP load NAME
    scripts/h7snap.py QMP delete NAME
    scripts/h7snap.py QMP list

scripts/run_qemu.sh --save-at S NAME and scripts/run_h7s3.sh --save-at S NAME
run "save" beside the board; --restore NAME starts from one (-loadvm).
The same commands work in the monitor (Ctrl-A C: savevm NAME, loadvm NAME,
info snapshots).  See docs/snapshots.md.
"""
import argparse
import sys
import time

import _h7path  # noqa: F401
from h7tools.qmp import Qmp, QmpError  # noqa: E402

MONITOR = {"save": "savevm", "load": "loadvm", "delete": "delvm"}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="h7snap.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("qmp", help="the board's QMP socket (run_qemu.sh --qmp PATH)")
    ap.add_argument("action", choices=("save", "load", "delete", "list"))
    ap.add_argument("name", nargs="?", help="the snapshot's name")
    ap.add_argument("--at", type=float, default=0.0, metavar="S",
                    help="save S seconds (wall) after this starts, as QEMU starts beside it")
    ap.add_argument("--wait", type=float, default=30.0, metavar="S",
                    help="seconds to wait for the QMP socket (default 30)")
    a = ap.parse_args(argv)
    if a.action != "list" and not a.name:
        ap.error(f"{a.action} needs a snapshot NAME")
    if a.at < 0:
        ap.error("--at must be 0 or more seconds")
    start = time.monotonic()
    try:
        q = Qmp(a.qmp, wait=a.wait)
        if a.action == "list":
            print(q.hmp("info snapshots"), end="")
            return 0
        time.sleep(max(0.0, start + a.at - time.monotonic()))
        t0 = time.monotonic()
        out = q.hmp(f"{MONITOR[a.action]} {a.name}").strip()
    except (QmpError, OSError) as e:
        sys.exit(f"h7snap.py: {e}")
    if out:                       # the monitor prints only on failure
        sys.exit(f"h7snap.py: {a.action} {a.name}: {out}")
    print(f"h7snap.py: {a.action} {a.name}: done in {time.monotonic() - t0:.2f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
