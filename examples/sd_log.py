# Log readings to a file on the microSD card, formatting a blank card
# first; the log is still there the next time the board starts.
#   truncate -s 64M card.img
#   scripts/run_qemu.sh --exec examples/sd_log.py -- -drive if=sd,format=raw,file=card.img
import os
import time
import vfs
from machine import ADC, SDCard

if "sd" not in os.listdir("/"):  # _boot.py mounts a FAT card at /sd
    sd = SDCard()
    if not sd.present():
        raise SystemExit("no card in the slot (-drive if=sd,...)")
    vfs.VfsFat.mkfs(sd)
    vfs.mount(vfs.VfsFat(sd), "/sd")
    print("formatted the card")

temp = ADC(ADC.CORE_TEMP)
with open("/sd/log.csv", "a") as f:
    for i in range(5):
        f.write("%d,%d\n" % (time.ticks_ms(), temp.read_u16()))
        time.sleep_ms(100)
lines = open("/sd/log.csv").read().splitlines()
print(len(lines), "lines in /sd/log.csv, the last:", lines[-1].split(",")[1])
