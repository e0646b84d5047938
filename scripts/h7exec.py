#!/usr/bin/env python3
"""Run a Python file on the virtual board's MicroPython through the raw REPL
(Ctrl-A, the code, Ctrl-D; the board answers OK, the output, \\x04, the
exception text, \\x04).  Prints the output; exits 1 if the script raised.
With --screenshot, saves the screen as PNG afterwards (or, without a file to
run, --at seconds after boot).  Arguments after -- go to QEMU."""
import argparse
import os
import sys
import time

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flash", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--machine", default="stm32h747i-disco")
    ap.add_argument("--icount", default=None, help="-icount for QEMU, or off")
    ap.add_argument("--screenshot", help="save the screen to this PNG file")
    ap.add_argument("--at", type=float, default=2.0,
                    help="without a file: seconds after boot for the screenshot")
    ap.add_argument("--ble", help="UART8 (HCI) to the H4 server at this unix socket")
    ap.add_argument("file", nargs="?")
    argv = sys.argv[1:]
    qemu_args = argv[argv.index("--") + 1:] if "--" in argv else []
    a = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if not a.file and not a.screenshot:
        ap.error("nothing to do: give a file to run, --screenshot, or both")
    failed = False
    extra = ["-chardev", f"socket,id=hci,path={a.ble}", "-serial", "chardev:hci"] if a.ble else []
    extra += qemu_args                  # after --: more QEMU arguments (-device ...)
    with h7qemu.Qemu(machine=a.machine, flash=a.flash, timeout=a.timeout, extra=extra,
                     icount=a.icount) as q:
        if a.file:
            code = open(a.file, "rb").read()
            try:
                q.enter_raw_repl()
            except h7qemu.QemuError:
                sys.exit("h7exec: the image on the board has no MicroPython raw REPL")
            out, err = q.raw_exec(code)
            sys.stdout.write(out)
            if err:
                sys.stderr.write(err)
                failed = True
        else:
            time.sleep(a.at)
        if a.screenshot:
            q.qmp("screendump", filename=os.path.abspath(a.screenshot), format="png")
            print(f"h7exec: screen saved to {a.screenshot}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
