"""machine.SDCard on the virtual STM32H747I-DISCO's microSD slot (QEMU's SD
card from -drive if=sd): a blank card formatted FAT from MicroPython, a
file written on it there after a restart of QEMU with _boot.py mounting
the card at /sd, raw block reads and writes (aligned and through the
bounce buffer), an SDHC card (block addresses), no card without -drive,
and the errors."""
import pytest
from h7tools import qemu as h7qemu

MIB = 1024 * 1024


def blank_card(path, size):
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def boot(flash_file, card):
    h7qemu.make_flash(flash_file, h7qemu.MPY_FIRMWARE)
    extra = ["-drive", f"if=sd,format=raw,file={card}"] if card else []
    q = h7qemu.Qemu(flash=flash_file, extra=extra)
    try:
        boot_out = q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
    except BaseException:
        q.close()  # a board that did not come up is not left running
        raise
    return q, boot_out


def test_file_on_the_card_survives_a_restart(tmp_path, flash_file):
    card = blank_card(tmp_path / "card.img", 64 * MIB)
    q, out = boot(flash_file, card)
    with q:
        assert "/sd: the card in the slot cannot be mounted" in out
        out = q.run("""
import os, vfs
from machine import SDCard
sd = SDCard()
vfs.VfsFat.mkfs(sd)
vfs.mount(vfs.VfsFat(sd), "/sd")
with open("/sd/log.txt", "w") as f:
    for i in range(100):
        f.write("sample %d\\n" % i)
vfs.umount("/sd")
print(os.listdir("/"))
""")
        assert out.strip() == "['flash']"
    # another QEMU on the same card image: _boot.py mounts it, the file is there
    q, out = boot(flash_file, card)
    with q:
        assert "/sd:" not in out
        out = q.run("import os\nprint(os.listdir('/'), os.listdir('/sd'), os.stat('/sd/log.txt')[6])\n"
                    "print(open('/sd/log.txt').read().splitlines()[-1])")
        assert out.splitlines() == ["['flash', 'sd'] ['log.txt'] 990", "sample 99"]


def test_raw_blocks_and_an_sdhc_card(tmp_path, flash_file):
    card = blank_card(tmp_path / "hc.img", 4096 * MIB)    # over 2 GiB: SDHC
    q, _ = boot(flash_file, card)
    with q:
        out = q.run("""
from machine import SDCard
import pyb
sd = SDCard()
data = b"".join(b"%04d" % i for i in range(256))  # 1024 bytes: two blocks
sd.writeblocks(4000000, data)
back = bytearray(1024)
sd.readblocks(4000000, back)
odd = memoryview(bytearray(1025))[1:]             # not on a cache line: bounced
sd.readblocks(4000000, odd)
print(sd.present(), sd.info())
print(back == data, bytes(odd) == data, sd.read(4000001)[:8], pyb.SDCard is SDCard)
import time
big = bytearray(64 * 512)
t = time.ticks_us()
sd.readblocks(0, big)
print(time.ticks_diff(time.ticks_us(), t))
""")
        lines = out.strip().splitlines()
        assert lines[:2] == [f"True ({4096 * MIB}, 512, 2)", "True True b'01280129' True"]
        # 32 KiB on 4 lines at 25 MHz take 2.62 ms on the bus
        assert 2621 <= int(lines[2]) < 4000, lines[2]
    with open(card, "rb") as f:
        f.seek(4000000 * 512)
        assert f.read(8) == b"00000001"


def test_no_card_and_errors(tmp_path, flash_file):
    q, _ = boot(flash_file, None)
    with q:
        out = q.run("import os\nfrom machine import SDCard\nsd = SDCard()\n"
                    "print(os.listdir('/'), sd.present(), sd.info())")
        assert out.strip() == "['flash'] False None"
        assert q.errors("from machine import SDCard\nsd = SDCard()", [
            "sd.read(0)",
            "SDCard(2)",
        ]) == [
            "OSError [Errno 19] ENODEV",
            "ValueError slot: the board has slot 1 only (SDMMC1)",
        ]
    card = blank_card(tmp_path / "small.img", 64 * MIB)
    q, _ = boot(flash_file, card)
    with q:
        assert q.errors("from machine import SDCard\nsd = SDCard()", [
            "sd.readblocks(0, bytearray(100))",
            "sd.readblocks(131072, bytearray(512))",
        ]) == [
            "ValueError buffer: a whole number of 512-byte blocks",
            "ValueError block: past the end of the card",
        ]
