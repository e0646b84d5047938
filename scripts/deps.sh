#!/usr/bin/env bash
# Fetch and prepare everything h7stack needs, from Debian only.
#   - host packages (cross compiler, QEMU build deps, test tools) via apt-get
#   - QEMU 10.0.x, MicroPython 1.25, lwIP 2.2.x and mbedtls 3.6.x *source*
#     packages from trixie into .deps/
#   - trixie's meson (QEMU 10 needs >= 1.5) and pytest-xdist (work stealing)
#     unpacked locally
# A private apt state under .deps/apt holds the trixie entries: the system apt
# configuration is never changed. Idempotent: a second run only checks.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/.deps"
mkdir -p "$deps"

QEMU_SERIES=10.0          # any 10.0.x point release the archive serves
MPY_SERIES=1.25           # any 1.25.x
LWIP_SERIES=2.2           # MicroPython 1.25 pins lwIP 2.2.0
MBEDTLS_SERIES=3.6        # extmod/modtls_mbedtls.c wants 3.x
MESON_MIN=1.5

say()  { printf '[deps] %s\n' "$*"; }
fail() { printf '[deps] FAILED: %s\n' "$*" >&2; exit 1; }

# ---- 1. host packages ------------------------------------------------------
HOST_PKGS=(gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
  ninja-build pkg-config libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev
  libpng-dev libsdl2-dev python3-venv python3-pytest python3-serial python3-pil python3-yaml
  python3-dev python3-setuptools python3-pip bluez-test-tools libcmocka-dev spin valgrind clang clang-format libclang-rt-14-dev gdb-multiarch dpkg-dev xz-utils bzip2 flex bison
  sigrok-cli libslirp-dev mosquitto mosquitto-clients openssl patch dnsmasq-base)
missing=()
for p in "${HOST_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing host packages: ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >"$deps/apt-install.log" 2>&1; then
    say "apt-get install failed once; running apt-get update and retrying"
    $SUDO apt-get update >>"$deps/apt-install.log" 2>&1 || fail "apt-get update (see .deps/apt-install.log)"
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >>"$deps/apt-install.log" 2>&1 \
      || fail "apt-get install of: ${missing[*]} (see .deps/apt-install.log)"
  fi
fi

# ---- 2. private apt state for trixie --------------------------------------
apt_dir="$deps/apt"
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if($i ~ /^https?:/){print $i; exit}}' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || fail "could not find the Debian mirror in the system apt configuration"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
APT_OPTS=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
  -o "Dir::State=$apt_dir/state" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::State::status=$apt_dir/state/status" -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1")
trixie_apt() { apt-get "${APT_OPTS[@]}" "$@"; }
trixie_cache() { apt-cache "${APT_OPTS[@]}" "$@"; }
# our fixes to a source package, patches/NAME/*.patch (a Debian-style
# description heading each), go on as it is unpacked; a change of them
# unpacks it again. NAME.patched records which set is on.
patch_sum() { # name
  local f=("$top/patches/$1"/*.patch)
  if [ -e "${f[0]}" ]; then cat "${f[@]}" | sha256sum | cut -c1-16; else echo none; fi
}
patched() { [ "$(cat "$deps/$1.patched" 2>/dev/null || echo none)" = "$(patch_sum "$1")" ]; }
need_fetch() {
  local s; for s in qemu micropython lwip mbedtls meson pytest-xdist; do [ -f "$deps/$s.stamp" ] || return 0; done
  for s in qemu micropython lwip mbedtls; do patched "$s" || return 0; done
  return 1
}
if need_fetch; then
  mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
  : > "$apt_dir/state/status"
  cat > "$apt_dir/sources.list" <<SRC
deb [signed-by=$keyring] $mirror trixie main
deb-src [signed-by=$keyring] $mirror trixie main
SRC
  say "apt update (private state, trixie) from the system's Debian mirror"
  trixie_apt update >"$deps/apt-trixie.log" 2>&1 || fail "apt-get update for trixie (see .deps/apt-trixie.log)"
fi

# pick the newest version of a source package within a series
src_version() { # name series
  trixie_cache showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | grep -E "^([0-9]+:)?$2[.+~]" | sort -V | tail -1
}

fetch_source() { # name series stampname
  local name=$1 series=$2 stamp="$deps/$3.stamp"
  if [ -f "$stamp" ] && patched "$name"; then say "$name source $(cat "$stamp") present"; return; fi
  local ver; ver=$(src_version "$name" "$series")
  [ -n "$ver" ] || fail "source package $name $series.x not found in trixie"
  say "fetching source package $name $ver (apt checks the signed .dsc hashes)"
  local work="$deps/src-$name"; rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && trixie_apt source --download-only "$name=$ver") >"$deps/fetch-$name.log" 2>&1 \
    || fail "apt-get source $name=$ver (see .deps/fetch-$name.log)"
  local dsc; dsc=$(ls "$work"/*.dsc | head -1)
  (cd "$work" && dpkg-source --no-check --skip-patches -x "$(basename "$dsc")" tree) >>"$deps/fetch-$name.log" 2>&1 \
    || fail "unpacking $name (see .deps/fetch-$name.log)"
  local p
  for p in "$top/patches/$name"/*.patch; do
    [ -e "$p" ] || continue
    say "patching $name: $(basename "$p")"
    patch -p1 -d "$work/tree" < "$p" >>"$deps/fetch-$name.log" 2>&1 \
      || fail "patch $(basename "$p") does not apply to $name $ver (see .deps/fetch-$name.log)"
  done
  rm -rf "$deps/$name"; mv "$work/tree" "$deps/$name"
  echo "$ver" > "$stamp"
  patch_sum "$name" > "$deps/$name.patched"
}
fetch_source qemu "$QEMU_SERIES" qemu
fetch_source micropython "$MPY_SERIES" micropython
fetch_source lwip "$LWIP_SERIES" lwip
fetch_source mbedtls "$MBEDTLS_SERIES" mbedtls
# MicroPython's build looks for them in its lib/, which Debian ships empty
for lib in lwip mbedtls; do
  if [ ! -L "$deps/micropython/lib/$lib" ]; then
    rmdir "$deps/micropython/lib/$lib" 2>/dev/null || rm -rf "$deps/micropython/lib/$lib"
    ln -s "../../$lib" "$deps/micropython/lib/$lib"
  fi
done

# ---- 3. meson from trixie --------------------------------------------------
if [ ! -f "$deps/meson.stamp" ]; then
  work="$deps/meson-debs"; rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && trixie_apt download meson python3-pycotap) >"$deps/fetch-meson.log" 2>&1 \
    || fail "apt-get download meson python3-pycotap from trixie (see .deps/fetch-meson.log)"
  rm -rf "$deps/meson"; mkdir -p "$deps/meson"
  for d in "$work"/*.deb; do dpkg-deb -x "$d" "$deps/meson"; done
  mv_ver=$(PYTHONPATH="$deps/meson/usr/lib/python3/dist-packages" /usr/bin/python3 "$deps/meson/usr/bin/meson" --version)
  /usr/bin/python3 - "$mv_ver" "$MESON_MIN" <<'PY' || fail "trixie meson $mv_ver is older than $MESON_MIN"
import sys
v=[int(x) for x in sys.argv[1].split('.')[:2]]; m=[int(x) for x in sys.argv[2].split('.')[:2]]
sys.exit(0 if v>=m else 1)
PY
  echo "$mv_ver" > "$deps/meson.stamp"
fi

# ---- 3b. pytest-xdist from trixie ------------------------------------------
# make test's workers; trixie's 3.6 schedules by work stealing (bookworm's
# 3.1 hands each worker a fixed share of the tests up front, and the run
# ends when the unlucky one is done)
if [ ! -f "$deps/pytest-xdist.stamp" ]; then
  work="$deps/pytest-xdist-debs"; rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && trixie_apt download python3-pytest-xdist python3-execnet) >"$deps/fetch-pytest-xdist.log" 2>&1 \
    || fail "apt-get download python3-pytest-xdist python3-execnet from trixie (see .deps/fetch-pytest-xdist.log)"
  rm -rf "$deps/pytest-xdist"; mkdir -p "$deps/pytest-xdist"
  for d in "$work"/*.deb; do dpkg-deb -x "$d" "$deps/pytest-xdist"; done
  PYTHONPATH="$deps/pytest-xdist/usr/lib/python3/dist-packages" /usr/bin/python3 -c \
    'import xdist; print(xdist.__version__)' > "$deps/pytest-xdist.stamp" \
    || fail "trixie's pytest-xdist does not import here"
  rm -rf "$work"
fi

# ---- 4. the console font that lib/ui's bitmap font is made from -----------
if [ ! -f "$deps/font.stamp" ]; then
  work="$deps/font-deb"; rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && apt-get download console-setup-linux) >"$deps/fetch-font.log" 2>&1 \
    || fail "apt-get download console-setup-linux (see .deps/fetch-font.log)"
  dpkg-deb -x "$work"/console-setup-linux_*.deb "$work/x"
  mkdir -p "$deps/fonts"
  cp "$work/x/usr/share/consolefonts/Lat15-Terminus16.psf.gz" "$deps/fonts/" \
    || fail "console-setup-linux has no Lat15-Terminus16.psf.gz"
  basename "$work"/console-setup-linux_*.deb .deb | sed 's/_all$//' > "$deps/font.stamp"
  rm -rf "$work"
fi

say "pinned: qemu $(cat "$deps/qemu.stamp"), micropython $(cat "$deps/micropython.stamp"), lwip $(cat "$deps/lwip.stamp"), mbedtls $(cat "$deps/mbedtls.stamp"), meson $(cat "$deps/meson.stamp"), pytest-xdist $(cat "$deps/pytest-xdist.stamp"), font $(cat "$deps/font.stamp"), $(arm-none-eabi-gcc --version | head -1)"
