#!/usr/bin/env bash
# Boot the virtual NUCLEO-H7S3L8: the bootloader in the 64 KiB internal
# flash starts the application programmed into the octal NOR by
# scripts/flash.sh h7s3.  USART3 (the ST-LINK virtual COM port) on this
# terminal.
#
#   scripts/run_h7s3.sh [options] [-- extra QEMU arguments]
#     --boot FILE.bin    internal flash image (default build/firmware/h7s3-boot.bin)
#     --nor FILE         NOR backing file (default build/h7s3-nor.qcow2, made by
#                        flash.sh h7s3; it persists between runs; qcow2 holds
#                        snapshots, a raw .bin works without them)
#     --save-at S NAME   save the board as snapshot NAME S seconds after QEMU
#                        starts (savevm; it keeps running)
#     --restore NAME     start from snapshot NAME (-loadvm), the NOR as it
#                        was then (docs/snapshots.md)
#     --serial pty       USART3 on a new pty whose path is printed (default:
#                        this terminal)
#     --gdb[=PORT]       halt at reset and wait for gdb-multiarch on PORT (1234)
#     --timeout S        stop QEMU after S seconds
#     --qmp PATH         QMP server socket (qom-get /machine led-ld1 .. led-ld3)
#   Example: scripts/flash.sh h7s3 build/firmware/h7s3-blinky.img && scripts/run_h7s3.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
qemu="$top/.deps/qemu-build/qemu-system-arm"
boot="$top/build/firmware/h7s3-boot.bin"; nor="$top/build/h7s3-nor.qcow2"
gdb=""; timeout_s=""; qmp=""; extra=(); serial=stdio; save_at=""; save_name=""; restore=""
while (($#)); do
  case "$1" in
    --boot) boot=$2; shift 2 ;;
    --nor) nor=$2; shift 2 ;;
    --serial) serial=$2; shift 2 ;;
    --save-at) [ $# -ge 3 ] || { echo "run_h7s3.sh: --save-at takes S NAME" >&2; exit 2; }
               save_at=$2; save_name=$3; shift 3 ;;
    --restore) restore=$2; shift 2 ;;
    --gdb) gdb=1234; shift ;;
    --gdb=*) gdb=${1#--gdb=}; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --qmp) qmp=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_h7s3.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$qemu" ] || { echo "run_h7s3.sh: no QEMU at $qemu: run 'make build'" >&2; exit 1; }
[ -f "$boot" ] || { echo "run_h7s3.sh: no $boot: run 'make build'" >&2; exit 1; }
case "$nor" in *.qcow2) fmt=qcow2 ;; *) fmt=raw ;; esac
if [ ! -f "$nor" ]; then                 # erased, as from the factory (raw or qcow2)
  mkdir -p "$(dirname "$nor")"
  PYTHONPATH="$top" /usr/bin/python3 -c 'import sys; from h7tools import qemu; qemu.erased_nor(sys.argv[1])' "$nor"
fi
if [ -n "$save_name$restore" ] && [ "$fmt" != qcow2 ]; then
  echo "run_h7s3.sh: snapshots need a qcow2 NOR (--nor FILE.qcow2), $nor is raw" >&2; exit 2
fi
args=(-M nucleo-h7s3l8 -nodefaults -display none
      -drive "if=pflash,format=raw,file=$boot,readonly=on" -drive "if=mtd,format=$fmt,file=$nor")
[ -n "$restore" ] && args+=(-loadvm "$restore")
case "$serial" in
  stdio) args+=(-chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con,mode=readline) ;;
  pty)   args+=(-serial pty -monitor none) ;;
  *) echo "run_h7s3.sh: --serial takes pty or stdio" >&2; exit 2 ;;
esac
if [ -n "$save_name" ]; then
  [ -n "$qmp" ] || qmp=$(mktemp -u /tmp/h7-qmp.XXXXXX)
  /usr/bin/python3 "$top/scripts/h7snap.py" "$qmp" save "$save_name" --at "$save_at" &
fi
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")
if [ -n "$gdb" ]; then
  args+=(-gdb "tcp::$gdb" -S)
  echo "QEMU waits for gdb: gdb-multiarch -ex 'target extended-remote :$gdb' <your.elf>" >&2
fi
echo "Booting $(basename "$boot") on the virtual NUCLEO-H7S3L8 (NOR: $nor). Ctrl-A X quits." >&2
if [ -n "$timeout_s" ]; then
  exec timeout --foreground "$timeout_s" "$qemu" "${args[@]}" "${extra[@]}"
fi
exec "$qemu" "${args[@]}" "${extra[@]}"
