# Frozen start-up: mount the filesystem on the Quad-SPI NOR at /flash
# (making it on first boot, and then copying over the files of the old
# internal-flash /flash, if there are any), then make it the working
# directory; mount a microSD card's FAT filesystem at /sd.
import sys
import vfs
import h747


def _copy_tree(src, dst):
    import os

    for name, kind, *_ in os.ilistdir(src):
        s, d = src + "/" + name, dst + "/" + name
        if kind == 0x4000:
            try:
                os.mkdir(d)
            except OSError:
                pass
            _copy_tree(s, d)
        else:
            with open(s, "rb") as fi, open(d, "wb") as fo:
                while chunk := fi.read(512):
                    fo.write(chunk)


def _migrate():
    old = h747.InternalFlash()
    head = bytearray(32)
    for block in (0, 1):  # littlefs 2 names itself in its superblock pair
        old.readblocks(block, head)
        if b"littlefs" in head:
            break
    else:
        return
    try:
        vfs.mount(vfs.VfsLfs2(old), "/iflash", readonly=True)
    except OSError:
        return  # damaged: nothing to copy
    try:
        _copy_tree("/iflash", "/flash")
        print("/flash: copied the files of the internal-flash filesystem")
    except OSError as e:
        print("/flash: copying the internal-flash files failed:", e)
    finally:
        vfs.umount("/iflash")


# littlefs reads and programs 256 bytes at a time (a 1 KiB cache per file):
# the NOR's 256-byte pages, instead of a page program per 32 bytes
_LFS = {"readsize": 256, "progsize": 256, "lookahead": 256}

try:
    _bdev = h747.Flash()
except OSError as e:
    print("/flash: no Quad-SPI flash (%s): no filesystem" % e)
else:
    try:
        vfs.mount(vfs.VfsLfs2(_bdev, **_LFS), "/flash")
    except OSError:
        vfs.VfsLfs2.mkfs(_bdev, **_LFS)
        vfs.mount(vfs.VfsLfs2(_bdev, **_LFS), "/flash")
        _migrate()
    import os

    os.chdir("/flash")
    sys.path.append("/flash")
    sys.path.append("/flash/lib")
    del _bdev, os
# a card in the microSD slot: FAT at /sd (nothing, not an error, without one)
import machine

_sd = machine.SDCard()
if _sd.present():
    try:
        vfs.mount(vfs.VfsFat(_sd), "/sd")
        sys.path.append("/sd")
        sys.path.append("/sd/lib")
    except OSError as e:
        print("/sd: the card in the slot cannot be mounted (%s)" % e)
del _sd, machine
del _copy_tree, _migrate, _LFS, vfs, h747, sys
