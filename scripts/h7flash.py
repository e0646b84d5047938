#!/usr/bin/env python3
"""Program images into the virtual STM32H747I-DISCO's flash file, the way
STM32CubeProgrammer or OpenOCD program the board: each image at its
address, only the sectors it covers erased.  Used by scripts/flash.sh."""
import argparse
import os
import sys

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402
from h7tools.cli import image_arg  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(prog="flash.sh h747", description=__doc__)
    ap.add_argument("--flash", default=os.path.join(h7qemu.TOP, "build/h747-flash.bin"),
                    help="flash backing file (default build/h747-flash.bin)")
    ap.add_argument("--erase", action="store_true", help="mass erase first (both banks)")
    ap.add_argument("images", nargs="*", type=image_arg(h7qemu.FLASH_BASE), metavar="IMAGE.bin[@ADDR]",
                    help="raw binary at ADDR (default 0x08000000: bank 1, CM7; the CM4 "
                         "image goes to 0x08100000); one image over 1 MiB spans both banks")
    a = ap.parse_args(argv)
    if a.erase and os.path.exists(a.flash):
        os.remove(a.flash)
    chunks = []
    for path, address in a.images:
        chunks.append((open(path, "rb").read(), address - h7qemu.FLASH_BASE))
    try:
        h7qemu.program_flash(a.flash, chunks)
    except h7qemu.QemuError as e:
        ap.error(str(e))
    for (path, address), (data, _) in zip(a.images, chunks):
        print(f"flash.sh: {os.path.basename(path)}: {len(data)} bytes at 0x{address:08x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
