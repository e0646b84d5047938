#!/usr/bin/env bash
# Program images into a virtual board's flash, as a flasher does on the real
# board.
#
#   scripts/flash.sh h747 [--flash FILE] [--erase] IMAGE.bin[@ADDR] ...
#     STM32H747I-DISCO: each raw image at ADDR (default 0x08000000, bank 1,
#     the CM7); the CM4 image belongs at 0x08100000 (bank 2).  One combined
#     image larger than 1 MiB at 0x08000000 fills both banks.  Only the
#     sectors an image covers are erased; the flash file (default
#     build/h747-flash.bin) is what scripts/run_qemu.sh boots.
#     Example: scripts/flash.sh h747 build/micropython/firmware.bin \
#                build/firmware/h747-cm4.bin@0x08100000
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
board=${1:-}
case "$board" in
  h747) shift; exec /usr/bin/python3 "$top/scripts/h7flash.py" "$@" ;;
  -h|--help|"") sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; [ -n "$board" ] ;;
  *) echo "flash.sh: unknown board '$board' (h747)" >&2; exit 2 ;;
esac
