#!/usr/bin/env bash
# Format the C sources that have a .clang-format: qemu/ in QEMU's style,
# firmware/ and bindings/micropython/ in MicroPython's (each folder's
# .clang-format says which).  --check changes nothing and fails, naming the
# files, when one is not formatted (make test runs it so).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mapfile -t files < <(git ls-files 'qemu/*.[ch]' 'firmware/*.[ch]' 'bindings/micropython/*.[ch]')
if [ "${1:-}" = --check ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" 2>/dev/null || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: not formatted (scripts/format.sh formats them): ${bad[*]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files formatted"
else
  clang-format -i "${files[@]}"
fi
