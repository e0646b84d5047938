"""Files survive a power cut (issue 20): main.py on /flash writes, renames
and appends files in a loop; the virtual board loses power at random
moments (QMP stop, the machine's "power-cut", which leaves a program or
erase in progress half done, then quit) at least 100 times.  After each
restart the filesystem mounts, main.py reports every file's size and
SHA-256 before it goes on, and every file nobody was writing is
byte-identical while the ones being written hold their old or new content,
in an order the loop could have left.

The same test against another image (the regression proof: the port's
old internal-flash /flash, where rewriting a 4 KiB block erased its whole
128 KiB sector, loses untouched files within a few dozen cuts):
  H7_POWERCUT_IMAGE=old-firmware.bin pytest tests/integration/board/test_power_cut.py
H7_POWER_CUTS sets the number of cuts, H7_POWERCUT_SEED the random seed."""
import hashlib
import os
import random
import re
import time

import pytest

from h7tools import qemu as h7qemu
from h7tools import TOP

FIRMWARE = os.environ.get("H7_POWERCUT_IMAGE",
                          os.path.join(TOP, "build/micropython/firmware.bin"))
CUTS = int(os.environ.get("H7_POWER_CUTS", "100"))
SEED = int(os.environ.get("H7_POWERCUT_SEED", str(random.randrange(1 << 30))))

# the loop's file contents: a function of the iteration, of varying length
PAYLOAD = 'def payload(i):\n    return b"%07d:" % i * (40 + i * 37 % 500)\n'

MAIN = PAYLOAD + r'''
import os, hashlib, binascii
for name in sorted(os.listdir()):
    h = hashlib.sha256()
    n = 0
    with open(name, "rb") as f:
        while b := f.read(1024):
            h.update(b)
            n += len(b)
    print("FILE", name, n, binascii.hexlify(h.digest()).decode())
print("COUNT", open("count").read())
print("LOOP")
i = int(open("count").read())
# a cut after the log line and before the count: finish that iteration
tail = open("log").read().split()
if tail and int(tail[-1]) == i + 1:
    i += 1
    with open("count", "w") as f:
        f.write(str(i))
while True:
    i += 1
    with open("data.tmp", "wb") as f:
        f.write(payload(i))
    os.rename("data.tmp", "data")
    with open("log", "a") as f:
        f.write("%d\n" % i)
    with open("count", "w") as f:
        f.write(str(i))
'''

namespace = {}
exec(PAYLOAD, namespace)
payload = namespace["payload"]


def digest(data):
    return len(data), hashlib.sha256(data).hexdigest()


def log_upto(n):
    return "".join(f"{i}\n" for i in range(1, n + 1)).encode()


def write_files(q, untouched):
    q.enter_raw_repl(timeout=30)
    for name, data in untouched.items():
        out, err = q.raw_exec(f"with open('/flash/{name}', 'wb') as f:\n"
                              f"    f.write({data!r})\n", timeout=30)
        assert not err, err
    out, err = q.raw_exec("with open('/flash/data', 'wb') as f:\n    f.write(b'')\n"
                          "with open('/flash/log', 'wb') as f:\n    f.write(b'')\n"
                          "with open('/flash/count', 'w') as f:\n    f.write('0')\n",
                          timeout=30)
    assert not err, err


def check(report, untouched, cut):
    """The files main.py reported against the states the loop passes through."""
    files = {m[0]: (int(m[1]), m[2]) for m in re.findall(r"FILE (\S+) (\d+) ([0-9a-f]+)", report)}
    m = re.search(r"COUNT (\d+)\r?\n", report)
    assert m, f"cut {cut}: count unreadable: {report!r}"
    c = int(m.group(1))
    for name, data in untouched.items():
        assert files.get(name) == digest(data), f"cut {cut}: {name} damaged: {files.get(name)}"
    # count = c: iteration c is done; iteration c+1 was cut somewhere
    old, new = digest(payload(c) if c else b""), digest(payload(c + 1))
    tmp = files.get("data.tmp")
    if files.get("data") == old:        # before the rename: data.tmp new, empty or absent
        assert tmp in (None, digest(b""), new), f"cut {cut}: data.tmp {tmp}, count {c}"
        assert files.get("log") == digest(log_upto(c)), f"cut {cut}: log, count {c}"
    else:                               # renamed: the log appended or not yet (a restart
        # between the two runs iteration c+1 again: data.tmp may hold it anew)
        assert files.get("data") == new, f"cut {cut}: data is neither old nor new (count {c})"
        assert tmp in (None, digest(b""), new), f"cut {cut}: data.tmp {tmp} after the rename"
        assert files.get("log") in (digest(log_upto(c)), digest(log_upto(c + 1))), \
            f"cut {cut}: log, count {c}"
    extra = set(files) - set(untouched) - {"data", "data.tmp", "log", "count"}
    assert not extra, f"cut {cut}: files from nowhere: {extra}"
    return c


@pytest.mark.long
def test_power_cuts_lose_only_the_write_in_progress(flash_file):
    rng = random.Random(SEED)
    print(f"\nseed {SEED} (H7_POWERCUT_SEED), {CUTS} cuts, image {FIRMWARE}")
    untouched = {"main.py": MAIN.encode(),
                 "keep.txt": b"written once, never touched again\n" * 90,
                 "blob.bin": bytes(rng.randrange(256) for _ in range(20_000))}
    h7qemu.make_flash(flash_file, FIRMWARE)
    with h7qemu.Qemu(flash=flash_file, timeout=60) as q:
        write_files(q, untouched)           # main.py runs from the next boot on
    counts, hit = [], {"erase": 0, "program": 0}
    for cut in range(CUTS + 1):
        with h7qemu.Qemu(flash=flash_file, timeout=60, trace="h7_nor_power_cut") as q:
            try:
                report = q.serial_read_until("LOOP\r\n", timeout=60)
            except h7qemu.QemuError as e:
                raise AssertionError(f"cut {cut}: main.py did not run its report: {e}") from None
            counts.append(check(report, untouched, cut))
            if cut == CUTS:
                break
            # a cut anywhere in the loop: right after start to a few iterations in
            time.sleep(rng.uniform(0.0, 1.5))
            q.qmp("stop")
            q.set_prop("/machine", "power-cut", True)
            q.qmp("quit")
            q.proc.wait(30)
            # the trace says whether the cut caught a chip mid-operation
            for kind, flag in (("erase", "erase=1"), ("program", "erase=0")):
                hit[kind] += flag in q.guest_log()
    print(f"iterations done at each restart: {counts}")
    print(f"cuts during an erase: {hit['erase']}, during a page program: {hit['program']}")
    assert counts[-1] > counts[0], "the loop never got anywhere between cuts"
