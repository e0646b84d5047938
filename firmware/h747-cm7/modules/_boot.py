# Frozen start-up: mount the internal-flash filesystem at /flash (making it
# on first boot), then make it the working directory.
import sys
import vfs
import h747

_bdev = h747.Flash()
try:
    vfs.mount(vfs.VfsLfs2(_bdev), "/flash")
except OSError:
    vfs.VfsLfs2.mkfs(_bdev)
    vfs.mount(vfs.VfsLfs2(_bdev), "/flash")
import os

os.chdir("/flash")
sys.path.append("/flash")
sys.path.append("/flash/lib")
del _bdev, os, vfs, h747, sys
