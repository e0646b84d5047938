#!/usr/bin/env python3
"""Run a Python file on the virtual board's MicroPython through the raw REPL
(Ctrl-A, the code, Ctrl-D; the board answers OK, the output, \\x04, the
exception text, \\x04).  Prints the output; exits 1 if the script raised."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import h7qemu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flash", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--machine", default="stm32h747i-disco")
    ap.add_argument("file")
    a = ap.parse_args()
    code = open(a.file, "rb").read()
    with h7qemu.Qemu(machine=a.machine, flash=a.flash, timeout=a.timeout) as q:
        try:
            q.enter_raw_repl()
        except h7qemu.QemuError:
            sys.exit("h7exec: the image on the board has no MicroPython raw REPL")
        out, err = q.raw_exec(code)
        sys.stdout.write(out)
        if err:
            sys.stderr.write(err)
            sys.exit(1)


if __name__ == "__main__":
    main()
