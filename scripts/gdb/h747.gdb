# gdb-multiarch, from the top of the tree: the symbols of both STM32H747
# cores.  Through QEMU's gdbstub thread 1 is the Cortex-M7 (MicroPython),
# thread 2 the Cortex-M4 (the render core); each reads memory as its core
# sees it.  scripts/debug.sh and .vscode/launch.json source this, then
# connect (target extended-remote :PORT).
set pagination off
set confirm off
set print pretty on
file build/micropython/firmware.elf
add-symbol-file build/firmware/h747-cm4.elf
