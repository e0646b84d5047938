#!/usr/bin/env bash
# Debug a virtual board at source level: start it halted at reset with
# QEMU's gdbstub, then gdb-multiarch with its symbols, a breakpoint at the
# program's main, running to it.
#
#   scripts/debug.sh [options] [-- options for run_qemu.sh / run_h7s3.sh]
#     --board h747       the STM32H747I-DISCO (default): the CM7's MicroPython
#                        and the CM4's render core, threads 1 and 2
#     --board h7s3       the NUCLEO-H7S3L8: the bootloader, then blinky in the NOR
#     --port N           the gdbstub's TCP port (default 1234)
#     --batch FILE.gdb   run these gdb commands after connecting, then quit
#                        (instead of stopping at main for you)
#     --board-only       start the board halted and wait (for an IDE's gdb)
#   The DISCO's REPL is on a pty whose path this prints (mpremote connect PATH).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
board=h747; port=1234; batch=""; board_only=0; pass=()
while (($#)); do
  case "$1" in
    --board) board=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --board-only) board_only=1; shift ;;
    --) shift; pass=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "debug.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$board" in
  h747) run=(scripts/run_qemu.sh --gdb="$port" --serial pty --headless)
        main="h747-cm7/main.c:main" ;;
  h7s3) run=(scripts/run_h7s3.sh --gdb="$port" --serial pty)
        main="h7s3-boot/main.c:main" ;;
  *) echo "debug.sh: --board takes h747 or h7s3" >&2; exit 2 ;;
esac
command -v gdb-multiarch >/dev/null || { echo "debug.sh: no gdb-multiarch (apt-get install gdb-multiarch)" >&2; exit 1; }

log=$(mktemp /tmp/h7debug.XXXXXX)
"${run[@]}" ${pass[@]:+"${pass[@]}"} >"$log" 2>&1 &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null; wait $qemu_pid 2>/dev/null; rm -f "$log"' EXIT
# the gdbstub listens once QEMU has started; the pty path is in its output
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 $qemu_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
pty=$(grep -o '/dev/pts/[0-9]*' "$log" | head -1 || true)
[ -n "$pty" ] && echo "debug.sh: the board's serial console is on $pty" >&2
if [ "$board_only" = 1 ]; then
  echo "debug.sh: the board waits for gdb on :$port (Ctrl-C stops it)" >&2
  wait $qemu_pid
  exit
fi
gdb=(gdb-multiarch -q -nx -x "scripts/gdb/$board.gdb" -ex "target extended-remote :$port")
if [ -n "$batch" ]; then
  "${gdb[@]}" -batch -x "$batch"
else
  "${gdb[@]}" -ex "break $main" -ex continue
fi
