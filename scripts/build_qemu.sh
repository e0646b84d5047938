#!/usr/bin/env bash
# Build QEMU (arm-softmmu) with h7stack's models into .deps/qemu-build.
# Configured once; afterwards ninja rebuilds only what changed under qemu/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"
bld="$deps/qemu-build"
export PYTHONPATH="$deps/meson/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"
export PATH="$deps/meson/usr/bin:$PATH"

bash "$top/scripts/qemu_glue.sh"
# the configure line; a change of it (not of qemu/) reconfigures the build tree
CONFIG_ARGS=(--target-list=arm-softmmu --without-default-devices --with-devices-arm=h7stack
  --disable-docs --enable-tools --disable-user --disable-werror --enable-slirp
  --disable-install-blobs --disable-rust --disable-guest-agent --enable-sdl
  --enable-png --disable-gtk --disable-vnc-sasl)
if [ ! -f "$bld/build.ninja" ] || [ "$(cat "$bld/h7-configure-args" 2>/dev/null)" != "${CONFIG_ARGS[*]}" ]; then
  echo "[qemu] configuring $(cat "$deps/qemu.stamp") (arm-softmmu, our models + mps2)"
  rm -rf "$bld"; mkdir -p "$bld"
  (cd "$bld" && PYTHON=/usr/bin/python3 "$deps/qemu/configure" --python=/usr/bin/python3 "${CONFIG_ARGS[@]}") \
    > "$deps/qemu-configure.log" 2>&1 \
   || { echo "[qemu] FAILED: configure (see .deps/qemu-configure.log)" >&2; tail -20 "$deps/qemu-configure.log" >&2; exit 1; }
  echo "${CONFIG_ARGS[*]}" > "$bld/h7-configure-args"
fi
echo "[qemu] building"
if ! ninja -C "$bld" qemu-system-arm qemu-img qemu-io > "$deps/qemu-build.log" 2>&1; then
  grep -E "error|Error" -A3 "$deps/qemu-build.log" | head -60 >&2
  echo "[qemu] FAILED: build (see .deps/qemu-build.log)" >&2; exit 1
fi
# our models must build without a warning (QEMU itself is built without -Werror)
if grep -A4 "qemu/hw/arm/h7stack/.*warning" "$deps/qemu-build.log" >&2; then
  echo "[qemu] FAILED: warnings in qemu/hw (above)" >&2; exit 1
fi
echo "[qemu] ok: $bld/qemu-system-arm"
