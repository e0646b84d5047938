"""USART1 on a pty that is open but not read (a paused terminal, a harness
that stopped reading): the guest waits on TXE, QEMU keeps answering QMP, and
when the pty is read again the output resumes with no byte lost."""
import os
import re
import select
import time
import tty

from h7tools import qemu as h7qemu
from h7tools import TOP

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")
USART1_ISR = 0x4001101C
ISR_TXE = 1 << 7
LOOP = "i = 0\nwhile True:\n    print('line %06d' % i)\n    i += 1\n"


def read_until(fd, token, buf=b"", timeout=30):
    end = time.monotonic() + timeout
    while token not in buf:
        left = end - time.monotonic()
        assert left > 0, f"no {token!r} on the pty; last bytes {buf[-200:]!r}"
        if select.select([fd], [], [], min(left, 0.5))[0]:
            buf += os.read(fd, 65536)
    return buf


def test_unread_pty_stalls_the_guest_not_qemu(flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    q = h7qemu.Qemu(flash=flash_file, serial=False, extra=["-serial", "pty"])
    try:
        pty = None
        end = time.monotonic() + 10
        while not pty and time.monotonic() < end:
            m = re.search(r"char device redirected to (/dev/pts/\d+)", q.output())
            pty = m and m.group(1)
            time.sleep(0.05)
        assert pty, "QEMU printed no pty: " + q.output()
        fd = os.open(pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd)
        read_until(fd, b">>> ")
        # main.py prints numbered lines for ever
        os.write(fd, b"\r\x01")
        read_until(fd, b"raw REPL; CTRL-B to exit\r\n>")
        os.write(fd, f"open('/flash/main.py','w').write({LOOP!r})".encode() + b"\x04")
        read_until(fd, b"OK\x04\x04>")
        os.write(fd, b"\x02")
        read_until(fd, b">>> ")
        os.write(fd, b"\x04")                   # soft reset: main.py runs
        out = read_until(fd, b"line 000200")

        # stop reading: the pty's buffer fills, then the guest must wait
        stalled = []
        for _ in range(15):
            t0 = time.monotonic()
            assert q.qmp("query-status")["status"] == "running"
            took = time.monotonic() - t0
            assert took < 1.0, f"QMP took {took:.2f} s with the pty unread"
            isr = int(q.hmp(f"xp /1wx 0x{USART1_ISR:x}").split(":")[1], 16)
            stalled.append(not isr & ISR_TXE)
            time.sleep(0.2)
        assert all(stalled[-5:]), f"TXE was set while the pty was not read: {stalled}"

        # read again: every line from 0 on, each once, in order, nothing torn
        out = read_until(fd, b"line 030000\r\n", out, timeout=60)
        # the text after the last line end may be a line still coming
        lines = out.split(b"soft reboot", 1)[1].split(b"\r\n")[:-1]
        bad = [(i, x) for i, x in enumerate(lines) if x.startswith(b"line ") and not x[5:].isdigit()]
        assert not bad, f"torn lines: {[(i, lines[max(0, i - 2):i + 3]) for i, _ in bad[:3]]}"
        numbers = [int(x[5:]) for x in lines if x.startswith(b"line ")]
        assert numbers[:30001] == list(range(30001)), "a line was lost or doubled"
        body = [x for x in lines if x.startswith(b"line ")][:30000]
        assert all(re.fullmatch(rb"line \d{6}", x) for x in body), "a line was torn"
        os.close(fd)
    finally:
        alive = q.alive()
        q.close()
    assert alive, "QEMU died"
