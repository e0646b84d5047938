"""/flash on the Quad-SPI NOR (issue 20): its size, a 10 MiB file written
and read back, a filesystem image made on the desktop and programmed with
flash.sh at 0x90000000, mpremote fs cp both ways, and the files of the old
internal-flash /flash copied over on the first boot."""
import hashlib
import os
import re
import subprocess
import sys

import pytest

from h7tools import qemu as h7qemu
from h7tools import TOP

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")
MPY_UNIX = os.path.join(TOP, "build/mpy-unix/micropython")
MPREMOTE = os.path.join(TOP, ".deps/micropython/tools/mpremote")
BLOCK, BLOCKS = 8192, 16384


def run(q, code, timeout=60):
    out, err = q.raw_exec(code, timeout=timeout)
    assert not err, err
    return out.strip()


def test_statvfs_shows_the_nor(flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    with h7qemu.Qemu(flash=flash_file) as q:
        q.enter_raw_repl(timeout=30)
        st = eval(run(q, "import os; print(os.statvfs('/flash'))"))
        assert st[0] == st[1] == BLOCK and st[2] == BLOCKS
        assert st[3] >= BLOCKS - 4                      # the superblock pair, the root
        assert st[2] * st[0] == 128 << 20


@pytest.mark.long
def test_ten_mebibytes_write_and_read_back(flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    code = """
import hashlib, binascii, os
buf = bytearray(8192)
h = hashlib.sha256()
with open('/flash/big.bin', 'wb') as f:
    for k in range(1280):
        for j in range(0, 8192, 512):
            buf[j:j + 4] = k.to_bytes(2, 'little') + j.to_bytes(2, 'little')
        h.update(buf)
        f.write(buf)
print(binascii.hexlify(h.digest()).decode())
"""
    check = """
import hashlib, binascii, os
h = hashlib.sha256()
with open('/flash/big.bin', 'rb') as f:
    while b := f.read(8192):
        h.update(b)
print(os.stat('/flash/big.bin')[6], binascii.hexlify(h.digest()).decode())
"""
    expect = hashlib.sha256()
    for k in range(1280):
        buf = bytearray(8192)
        for j in range(0, 8192, 512):
            buf[j:j + 4] = k.to_bytes(2, "little") + j.to_bytes(2, "little")
        expect.update(buf)
    with h7qemu.Qemu(flash=flash_file, timeout=300) as q:
        q.enter_raw_repl(timeout=30)
        assert run(q, code, timeout=300) == expect.hexdigest()
    with h7qemu.Qemu(flash=flash_file, timeout=120) as q:    # after a restart
        q.enter_raw_repl(timeout=30)
        assert run(q, check, timeout=120) == f"{10 << 20} {expect.hexdigest()}"


MKFS = """
import vfs, os
class Dev:                              # sparse: only written blocks are kept
    def __init__(self):
        self.blocks = {}
    def readblocks(self, n, buf, off=0):
        b = self.blocks.get(n, b"\\xff" * %(bs)d)
        buf[:] = b[off:off + len(buf)]
    def writeblocks(self, n, buf, off=0):
        b = bytearray(self.blocks.get(n, b"\\xff" * %(bs)d))
        b[off:off + len(buf)] = buf
        self.blocks[n] = b
    def ioctl(self, op, arg):
        if op == 4: return %(blocks)d
        if op == 5: return %(bs)d
        if op == 6:
            self.blocks.pop(arg, None)
            return 0
        return 0
d = Dev()
opts = dict(readsize=256, progsize=256, lookahead=256)
vfs.VfsLfs2.mkfs(d, **opts)
fs = vfs.VfsLfs2(d, **opts)
vfs.mount(fs, "/img")
os.mkdir("/img/lib")
with open("/img/lib/greet.py", "w") as f:
    f.write("def hello():\\n    return 'made on the desktop'\\n")
with open("/img/main.txt", "w") as f:
    f.write("x" * 20000)
vfs.umount("/img")
top = max(d.blocks) + 1
with open(%(out)r, "wb") as f:
    for n in range(top):
        f.write(d.blocks.get(n, b"\\xff" * %(bs)d))
"""


def test_filesystem_image_from_the_desktop_via_flash_sh(flash_file, tmp_path):
    img = str(tmp_path / "fs.img")
    subprocess.run([MPY_UNIX, "-c", MKFS % {"bs": BLOCK, "blocks": BLOCKS, "out": img}],
                   check=True, timeout=60)
    h7qemu.make_flash(flash_file, FIRMWARE)
    r = subprocess.run([os.path.join(TOP, "scripts/flash.sh"), "h747", "--flash", flash_file,
                        f"{img}@0x90000000"], capture_output=True, text=True, check=True)
    assert "(the Quad-SPI NOR)" in r.stdout
    nor1, nor2 = (open(p, "rb").read(1 << 16) for p in h7qemu.qspi_nor_paths(flash_file))
    image = open(img, "rb").read(1 << 17)
    assert nor1[:len(image) // 2] == image[0::2]        # even bytes in FLASH 1
    assert nor2[:len(image) // 2] == image[1::2]
    with h7qemu.Qemu(flash=flash_file) as q:
        q.enter_raw_repl(timeout=30)
        assert run(q, "import greet; print(greet.hello())") == "made on the desktop"
        assert run(q, "import os; print(os.stat('/flash/main.txt')[6])") == "20000"


def test_mpremote_fs_cp_both_ways(flash_file, tmp_path):
    h7qemu.make_flash(flash_file, FIRMWARE)
    src = tmp_path / "payload.bin"
    src.write_bytes(os.urandom(150_000))
    back = tmp_path / "back.bin"
    qemu = subprocess.Popen([os.path.join(TOP, "scripts/run_qemu.sh"), "--serial", "pty",
                             "--flash", flash_file], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, text=True)
    env = dict(os.environ, PYTHONPATH=MPREMOTE)
    try:
        pty = re.search(r"/dev/pts/\d+", qemu.stdout.readline()).group()
        for args in (["cp", str(src), ":/flash/payload.bin"],
                     ["cp", ":/flash/payload.bin", str(back)]):
            r = subprocess.run([sys.executable, "-m", "mpremote", "connect", pty, "fs", *args],
                               env=env, capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, r.stdout + r.stderr
    finally:
        os.killpg(qemu.pid, 15)
        qemu.wait(10)
    assert back.read_bytes() == src.read_bytes()


def test_first_boot_copies_the_old_internal_flash_files(flash_file, tmp_path):
    """The port's /flash used to be littlefs in bank 2, sectors 1-7 (224
    blocks of 4 KiB): a board updated to this firmware finds its files on
    the NOR after the first boot."""
    img = str(tmp_path / "old.img")
    old = MKFS.replace('opts = dict(readsize=256, progsize=256, lookahead=256)', 'opts = {}')
    subprocess.run([MPY_UNIX, "-c", old % {"bs": 4096, "blocks": 224, "out": img}],
                   check=True, timeout=60)
    h7qemu.make_flash(flash_file, FIRMWARE)
    with open(flash_file, "r+b") as f:
        f.seek(h7qemu.BANK2 + h7qemu.SECTOR)         # bank 2, sector 1
        f.write(open(img, "rb").read())
    with h7qemu.Qemu(flash=flash_file) as q:
        banner = q.serial_read_until(">>> ", timeout=30)
        assert "copied the files of the internal-flash filesystem" in banner
        q.enter_raw_repl(timeout=30)
        assert run(q, "import greet; print(greet.hello())") == "made on the desktop"
        assert run(q, "print(open('/flash/main.txt').read() == 'x' * 20000)") == "True"
    with h7qemu.Qemu(flash=flash_file) as q:           # once: not again
        assert "copied" not in q.serial_read_until(">>> ", timeout=30)
