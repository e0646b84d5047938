# gdb-multiarch, from the top of the tree: the NUCLEO-H7S3L8's bootloader
# (internal flash) and blinky (running in place from the octal NOR at
# 0x70000000).  scripts/debug.sh --board h7s3 and .vscode/launch.json
# source this, then connect (target extended-remote :PORT).
set pagination off
set confirm off
set print pretty on
file build/firmware/h7s3-boot.elf
add-symbol-file build/firmware/h7s3-blinky.elf
