#!/usr/bin/env bash
# Boot the virtual STM32H747I-DISCO.
#
#   scripts/run_qemu.sh [options] [-- extra QEMU arguments]
#     --image FILE.bin   image programmed at 0x08000000 (default: the MicroPython
#                        firmware when built, else the bare-metal hello program)
#     --cm4-image FILE   Cortex-M4 image programmed at 0x08100000 (default: the
#                        render-core firmware, build/firmware/h747-cm4.bin)
#     --boot-cm4         option bit BCM4 set: the CM4 starts with the CM7
#                        instead of waiting for the CM7 to release it
#     --device SPEC      a QEMU device on the board's buses, as -device SPEC
#                        (repeatable), e.g. bme280,bus=i2c1,address=0x76,id=env
#                        (see docs/devices.md)
#     --net KIND[,OPTS]  the Ethernet port (RJ45) on a QEMU network backend:
#                        user[,hostfwd=tcp:127.0.0.1:8080-:80,restrict=on,...]
#                        (the board gets 10.0.2.15 by DHCP, the host is
#                        10.0.2.2); socket,listen=:5555 and socket,connect=
#                        127.0.0.1:5555 join two boards on one segment;
#                        tap,ifname=TAP a tap device (docs/network.md)
#     --uid HEX          the chip's 96-bit unique ID, 24 hex digits: a second
#                        board on the same segment needs its own (its MAC
#                        address follows from it)
#     --jumpers SPEC     wires between pins, e.g. PB9-PB8 (UART4's TX to its
#                        RX, as MicroPython's hardware tests expect)
#     --trace-pins FILE.vcd[,PINS]
#                        record pin levels over virtual time as VCD (PulseView,
#                        GTKWave, sigrok-cli); PINS e.g. PA0:PB5 (default all)
#     --icount SPEC      virtual time from instructions (default shift=1,sleep=on:
#                        2 ns each, a 500 MIPS core whose timing a busy host
#                        does not change); off: virtual time follows the host
#     --flash FILE       flash backing file (default build/h747-flash.qcow2); it
#                        persists between runs, like the board's flash; the
#                        Quad-SPI NOR pair that holds /flash persists beside
#                        it (FILE less its extension, then -nor1 and -nor2).
#                        A .qcow2 flash (the default) holds snapshots; a raw
#                        .bin one works too, without them
#     --erase            start from an erased flash and NOR (mass erase)
#     --save-at S NAME   save the whole board as snapshot NAME S seconds after
#                        QEMU starts (QEMU's savevm; it keeps running)
#     --restore NAME     start from snapshot NAME instead of booting
#                        (-loadvm; the flash and NOR as they were then too);
#                        in the monitor: savevm/loadvm/info snapshots
#                        (docs/snapshots.md)
#     --headless         no window even when a display is present; the
#                        console stays on this terminal
#     --screenshot F.png save the screen as PNG after --exec, or --at seconds
#                        after boot without it; then QEMU stops (works headless)
#     --at S             when to take the --screenshot without --exec (2)
#     --serial pty       USART1 on a new pty whose path is printed (mpremote)
#     --serial stdio     USART1 on this terminal (the default)
#     --ble SOCKET       UART8 (the port's HCI UART) to the H4 server at the
#                        unix SOCKET, e.g. btvirt's /tmp/bt-server-le
#     --gdb[=PORT]       halt at reset and wait for gdb-multiarch on PORT (1234)
#     --exec FILE.py     run FILE on the board's MicroPython, print its output,
#                        exit non-zero if it raised
#     --timeout S        stop QEMU after S seconds
#     --qmp PATH         QMP server socket at PATH (LEDs, buttons: see README)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
qemu="$top/.deps/qemu-build/qemu-system-arm"
image=""; cm4_image="$top/build/firmware/h747-cm4.bin"; boot_cm4=off; flash="$top/build/h747-flash.qcow2"; erase=0; serial=stdio
save_at=""; save_name=""; restore=""
icount="${H7_ICOUNT:-shift=1,sleep=on}"; net=""; ble=""; gdb=""; exec_file=""; timeout_s=""; qmp=""; extra=(); devices=(); headless=0; shot=""; at=2

while (($#)); do
  case "$1" in
    --image) image=$2; shift 2 ;;
    --cm4-image) cm4_image=$2; shift 2 ;;
    --boot-cm4) boot_cm4=on; shift ;;
    --device) devices+=(-device "$2"); shift 2 ;;
    --jumpers) jumpers=$2; shift 2 ;;
    --net) net=$2; shift 2 ;;
    --uid) uid=$2; shift 2 ;;
    --trace-pins) trace_pins=$2; shift 2 ;;
    --icount) icount=$2; shift 2 ;;
    --flash) flash=$2; shift 2 ;;
    --erase) erase=1; shift ;;
    --save-at) [ $# -ge 3 ] || { echo "run_qemu.sh: --save-at takes S NAME" >&2; exit 2; }
               save_at=$2; save_name=$3; shift 3 ;;
    --restore) restore=$2; shift 2 ;;
    --headless) headless=1; shift ;;
    --screenshot) shot=$2; shift 2 ;;
    --at) at=$2; shift 2 ;;
    --serial) serial=$2; shift 2 ;;
    --ble) ble=$2; shift 2 ;;
    --gdb) gdb=1234; shift ;;
    --gdb=*) gdb=${1#--gdb=}; shift ;;
    --exec) exec_file=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --qmp) qmp=$2; shift 2 ;;
    --) shift; extra+=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_qemu.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

machine="stm32h747i-disco,boot-cm4=$boot_cm4${jumpers:+,jumpers=$jumpers}${uid:+,uid=$uid}"
netargs=()
case "$net" in
  "") ;;
  user|user,*) netargs=(-nic "$net") ;;
  tap|tap,*)
    opts=${net#tap}
    case "$opts" in *script=*) ;; *) opts+=",script=no,downscript=no" ;; esac
    netargs=(-netdev "tap,id=net0$opts"); machine+=",netdev=net0" ;;
  *) kind=${net%%,*}; opts=${net#"$kind"}
     netargs=(-netdev "$kind,id=net0$opts"); machine+=",netdev=net0" ;;
esac
extra=(${netargs[@]:+"${netargs[@]}"} ${devices[@]:+"${devices[@]}"} ${extra[@]:+"${extra[@]}"})
if [ -n "${trace_pins:-}" ]; then
  vcd=${trace_pins%%,*}
  case "$trace_pins" in
    *,*) machine+=",pin-trace=$vcd,pin-trace-pins=${trace_pins#*,}" ;;
    *) machine+=",pin-trace=$vcd" ;;
  esac
fi

[ -x "$qemu" ] || { echo "run_qemu.sh: no QEMU at $qemu: run 'make build'" >&2; exit 1; }
if [ -z "$image" ]; then
  for c in "$top/build/micropython/firmware.bin" "$top/build/firmware/h747-bringup.bin"; do
    [ -f "$c" ] && { image=$c; break; }
  done
fi
[ -f "$image" ] || { echo "run_qemu.sh: no image to boot: run 'make build'" >&2; exit 1; }
mkdir -p "$(dirname "$flash")"
case "$flash" in *.qcow2) ext=qcow2 ;; *) ext=bin ;; esac
nor1="${flash%.*}-nor1.$ext"; nor2="${flash%.*}-nor2.$ext"
[ "$erase" = 1 ] && rm -f "$flash" "$nor1" "$nor2"
fmt=raw; [ "$ext" = qcow2 ] && fmt=qcow2
old="$top/build/h747-flash.bin"     # the raw default before snapshots
if [ "$flash" = "$top/build/h747-flash.qcow2" ] && [ ! -f "$flash" ] && [ -f "$old" ]; then
  for f in "" -nor1 -nor2; do
    [ -f "${old%.bin}$f.bin" ] && "$top/.deps/qemu-build/qemu-img" convert -f raw -O qcow2 \
      "${old%.bin}$f.bin" "${flash%.qcow2}$f.qcow2"
  done
  echo "run_qemu.sh: build/h747-flash*.bin copied to .qcow2 (snapshot-capable)" >&2
fi
if [ -n "$save_name$restore" ] && [ "$fmt" != qcow2 ]; then
  echo "run_qemu.sh: snapshots need a qcow2 flash (--flash FILE.qcow2), $flash is raw" >&2; exit 2
fi
# program the images the way a flasher does: erase the sectors they cover,
# write (the NOR pair is made erased, all 0xFF, when missing)
images=("$image")
[ -f "$cm4_image" ] && images+=("$cm4_image@0x08100000")
"$top/scripts/flash.sh" h747 --flash "$flash" "${images[@]}" >/dev/null

if [ -n "$exec_file" ] || [ -n "$shot" ]; then
  [ -z "$save_name$restore" ] || { echo "run_qemu.sh: --save-at/--restore do not go with --exec or --screenshot" >&2; exit 2; }
  exec /usr/bin/python3 "$top/scripts/h7exec.py" --icount "$icount" \
    --machine "$machine" \
    --flash "$flash" --timeout "${timeout_s:-60}" ${ble:+--ble "$ble"} ${shot:+--screenshot "$shot" --at "$at"} $exec_file \
    ${extra[@]:+-- "${extra[@]}"}
fi

args=(-M "$machine" -nodefaults -drive "if=pflash,format=$fmt,file=$flash"
      -drive "if=mtd,index=0,format=$fmt,file=$nor1" -drive "if=mtd,index=1,format=$fmt,file=$nor2")
[ -n "$restore" ] && args+=(-loadvm "$restore")
case " ${extra[*]} " in
  *" -icount "*) ;;                      # the caller's own -icount wins
  *) [ "$icount" = off ] || args+=(-icount "$icount") ;;
esac
# a window on the panel when there is a display to open it on
if [ "$headless" = 0 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  args+=(-display sdl,window-close=on)
else
  args+=(-display none)
fi
case "$serial" in
  stdio) args+=(-chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con,mode=readline) ;;
  pty)   args+=(-serial pty -monitor none) ;;
  *) echo "run_qemu.sh: --serial takes pty or stdio" >&2; exit 2 ;;
esac
# the second -serial is UART8
[ -n "$ble" ] && args+=(-chardev "socket,id=hci,path=$ble" -serial chardev:hci)
if [ -n "$save_name" ]; then
  [ -n "$qmp" ] || qmp=$(mktemp -u /tmp/h7-qmp.XXXXXX)
  /usr/bin/python3 "$top/scripts/h7snap.py" "$qmp" save "$save_name" --at "$save_at" &
fi
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")
if [ -n "$gdb" ]; then
  args+=(-gdb "tcp::$gdb" -S)
  echo "QEMU waits for gdb: gdb-multiarch -ex 'target extended-remote :$gdb' <your.elf>" >&2
fi
# with --serial pty the first line must be QEMU's pty path (pyboard.py's execpty: reads it)
[ "$serial" = pty ] || echo "Booting $(basename "$image") on the virtual STM32H747I-DISCO (flash: $flash)." >&2
[ "$serial" = stdio ] && echo "Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor." >&2
if [ -n "$timeout_s" ]; then
  exec timeout --foreground "$timeout_s" "$qemu" "${args[@]}" "${extra[@]}"
fi
exec "$qemu" "${args[@]}" "${extra[@]}"
