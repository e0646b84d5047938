#!/usr/bin/env bash
# Hook h7stack's QEMU models (qemu/hw) into the fetched QEMU tree in .deps/qemu.
# Every change is made here, by script, idempotently; the QEMU tree is never
# edited by hand. Re-running it is a no-op.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
q="$top/.deps/qemu"
[ -f "$q/VERSION" ] || { echo "[glue] no QEMU tree in .deps/qemu: run scripts/deps.sh" >&2; exit 1; }

# our sources appear as hw/arm/h7stack
ln -sfn "$top/qemu/hw" "$q/hw/arm/h7stack"

add_line_after() { # file anchor-regex line
  grep -qF "$3" "$1" || sed -i "0,/$2/{/$2/a\\$3
}" "$1"
}
# build files and Kconfig
grep -q "subdir('h7stack')" "$q/hw/arm/meson.build" || echo "subdir('h7stack')" >> "$q/hw/arm/meson.build"
grep -q "source h7stack/Kconfig" "$q/hw/arm/Kconfig" || printf '\nsource h7stack/Kconfig\n' >> "$q/hw/arm/Kconfig"
# trace events of our directory
add_line_after "$q/meson.build" "^    'hw\/arm',$" "    'hw/arm/h7stack',"
# The +ds source ships without the edk2 firmware blobs: never try to unpack them.
sed -i 's/^    unpack_edk2_blobs = bzip2.found()$/    unpack_edk2_blobs = false # h7stack: +ds source has no edk2 blobs/' "$q/meson.build"
# the device set we build: our boards plus the stock MPS2 boards (bench reference)
cat > "$q/configs/devices/arm-softmmu/h7stack.mak" <<MAK
# written by h7stack scripts/qemu_glue.sh
CONFIG_STM32H747I_DISCO=y
CONFIG_NUCLEO_H7S3L8=y
CONFIG_MPS2=y
MAK
