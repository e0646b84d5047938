#!/usr/bin/env python3
"""Program images into the virtual STM32H747I-DISCO's flash file, the way
STM32CubeProgrammer or OpenOCD program the board: each image at its
address, only the sectors it covers erased.  Images at 0x90000000 and up
go to the Quad-SPI NOR pair beside the flash file (a filesystem image for
/flash: littlefs 2, 8 KiB blocks, 16384 of them); the pair is made erased
when missing.  The files are qcow2 (snapshots) when named .qcow2, else raw.  Used by
scripts/flash.sh."""
import argparse
import os
import sys

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402
from h7tools.cli import image_arg  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(prog="flash.sh h747", description=__doc__)
    ap.add_argument("--flash", default=os.path.join(h7qemu.TOP, "build/h747-flash.qcow2"),
                    help="flash backing file (default build/h747-flash.qcow2; .bin: raw)")
    ap.add_argument("--erase", action="store_true",
                    help="mass erase first (both banks, and the NOR pair)")
    ap.add_argument("images", nargs="*", type=image_arg(h7qemu.FLASH_BASE), metavar="IMAGE.bin[@ADDR]",
                    help="raw binary at ADDR (default 0x08000000: bank 1, CM7; the CM4 "
                         "image goes to 0x08100000); one image over 1 MiB spans both banks; "
                         "at 0x90000000 and up: the Quad-SPI NOR (/flash)")
    a = ap.parse_args(argv)
    nor = h7qemu.qspi_nor_paths(a.flash)
    if a.erase:
        for p in [a.flash] + nor:
            if os.path.exists(p):
                os.remove(p)
    chunks, nor_chunks = [], []
    for path, address in a.images:
        data = open(path, "rb").read()
        if address >= h7qemu.QSPI_BASE:
            nor_chunks.append((data, address - h7qemu.QSPI_BASE))
        else:
            chunks.append((data, address - h7qemu.FLASH_BASE))
    try:
        h7qemu.program_flash(a.flash, chunks)
        if nor_chunks or not all(os.path.exists(p) for p in nor):
            h7qemu.program_qspi_nor(nor, nor_chunks)
    except h7qemu.QemuError as e:
        ap.error(str(e))
    for path, address in a.images:
        where = "the Quad-SPI NOR" if address >= h7qemu.QSPI_BASE else "the flash"
        print(f"flash.sh: {os.path.basename(path)}: {os.path.getsize(path)} bytes at "
              f"0x{address:08x} ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
