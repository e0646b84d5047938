#!/usr/bin/env bash
# Program images into a virtual board's flash, as a flasher does on the real
# board.
#
#   scripts/flash.sh h747 [--flash FILE] [--erase] IMAGE.bin[@ADDR] ...
#     STM32H747I-DISCO: each raw image at ADDR (default 0x08000000, bank 1,
#     the CM7); the CM4 image belongs at 0x08100000 (bank 2).  One combined
#     image larger than 1 MiB at 0x08000000 fills both banks.  Only the
#     sectors an image covers are erased; the flash file (default
#     build/h747-flash.qcow2, qcow2 for snapshots; FILE.bin: raw) is what
#     scripts/run_qemu.sh boots.  An image at
#     0x90000000 and up goes to the Quad-SPI NOR pair beside it (the files
#     ...-nor1 and -nor2, made erased when missing): a littlefs 2 image
#     with 8 KiB blocks there is /flash at the next boot.
#     Example: scripts/flash.sh h747 build/micropython/firmware.bin \
#                build/firmware/h747-cm4.bin@0x08100000
#
#   scripts/flash.sh h7s3 [--nor FILE] [--page-size N] [--single]
#                         [--transport shm|gdb] IMAGE[@ADDR]
#     NUCLEO-H7S3L8: the image into the octal NOR (default at 0x70000000)
#     through the flash algorithm (build/firmware/h7s3-flm/*.FLM) loaded
#     over QEMU's gdbstub, double-buffered, then read back and compared.
#     The NOR file (default build/h7s3-nor.qcow2) is what
#     scripts/run_h7s3.sh boots.  Example:
#       scripts/flash.sh h7s3 build/firmware/h7s3-blinky.img
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
board=${1:-}
case "$board" in
  h747) shift; exec /usr/bin/python3 "$top/scripts/h7flash.py" "$@" ;;
  h7s3) shift; exec /usr/bin/python3 "$top/scripts/h7s3_flash.py" "$@" ;;
  -h|--help|"") sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; [ -n "$board" ] ;;
  *) echo "flash.sh: unknown board '$board' (h747, h7s3)" >&2; exit 2 ;;
esac
