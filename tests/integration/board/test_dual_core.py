"""Both cores of the virtual STM32H747: the CM4 started by the CM7 port,
the inter-core channel (lib/ipc over SRAM4 and HSEM doorbells) driven from
MicroPython's `ipc` module, echoed by the CM4 firmware."""
import os
import socket
import subprocess
import time

from h7tools import qemu as h7qemu
import pytest
from h7tools import TOP

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")
CM4 = h7qemu.CM4_IMAGE

# Runs on the board: send n records of random sizes (a window of bytes in
# flight smaller than the event ring, so the echo can never block both
# ways), check every echo: type, sequence number, length and bytes.
ECHO = """
import ipc
PAT = bytes(range(256)) * 8
def echo(n, seed, maxlen=1024, window=8000, timeout=2000):
    x = seed
    s0 = ipc.stats()
    seq0 = s0['evt_received']
    sent = got = inflight = 0
    lens = [0] * 1024           # lengths in flight (at most window/16 records)
    while got < n:
        while sent < n and inflight < window:
            x = (x * 1103515245 + 12345) & 0x7fffffff
            ln = x % (maxlen + 1)
            ipc.send(PAT[sent & 255:(sent & 255) + ln], sent & 0x7fff, timeout=timeout)
            lens[sent & 1023] = ln
            inflight += ln + 16
            sent += 1
        r = ipc.recv(timeout)
        if r is None:
            raise AssertionError('no echo for record %d' % got)
        ln = lens[got & 1023]
        want = PAT[got & 255:(got & 255) + ln]
        if r[0] != got & 0x7fff or r[1] != seq0 + got or r[2] != want:
            raise AssertionError('record %d: got type %d seq %d len %d' % (got, r[0], r[1], len(r[2])))
        inflight -= ln + 16
        got += 1
    s = ipc.stats()
    assert s['cmd_sent'] - s0['cmd_sent'] == n, s
    assert s['evt_received'] - s0['evt_received'] == n, s
    assert s['cmd_depth'] == 0 and s['evt_depth'] == 0, s
    return s
"""


def start(flash_file, machine="stm32h747i-disco", cm4=CM4):
    h7qemu.make_flash(flash_file, FIRMWARE, cm4)
    q = h7qemu.Qemu(machine=machine, flash=flash_file, timeout=60)
    q.enter_raw_repl()
    return q


def run(q, code, timeout=None):
    out, err = q.raw_exec(code, timeout)
    assert err == "", err
    return out.strip()


@pytest.fixture
def board(flash_file):
    q = start(flash_file)
    yield q
    alive = q.alive()
    q.close()
    assert alive


def test_cm4_started_by_the_cm7(board):
    assert run(board, "import ipc; print(ipc.cm4_running(), ipc.stats()['cm4_boots'])") == "True 1"
    # the CM4 was held by BCM4=0 and released through RCC_GCR.BOOT_C2
    assert run(board, "import machine; print(hex(machine.mem32[0x580244A0] & 8))") == "0x8"


def test_echo_1000_then_100000(board):
    run(board, ECHO)
    out = run(board, "s = echo(1000, 1); print(s['cmd_high_water'], s['evt_high_water'])")
    assert int(out.split()[1]) > 4000        # the window really filled the ring
    # 100000 records of 0..1024 bytes: about 3000 trips round each ring
    out = run(board, "s = echo(100000, 7); print(s['cmd_sent'], s['evt_received'], "
                     "s['ring_size'], s['sleeps'], s['bells'])", timeout=600)
    sent, received, size, sleeps, bells = map(int, out.split())
    assert sent == received == 101000
    assert size == 16384
    assert bells > 0                          # the CM4 slept and was woken


def test_halted_cm4_times_out_then_nothing_is_lost(board):
    run(board, ECHO)
    board.set_prop("/machine", "cm4-halted", True)
    assert board.prop("/machine", "cm4-halted") is True
    out = run(board, """
n = 0
try:
    while True:
        ipc.send(PAT[n & 255:(n & 255) + 500], n, timeout=200)
        n += 1
except OSError as e:
    print(n, e.errno, e.args[1])
""")
    n, errno, msg = out.split(" ", 2)
    n = int(n)
    assert errno == "110" and msg == "ipc send: the CM4 did not make room in time"
    assert n == 16384 // 512                  # exactly a ring of 512-byte records
    s = run(board, "s = ipc.stats(); print(s['cmd_depth'], s['cmd_waits'], s['timeouts'])")
    assert s.split() == ["16384", "1", "1"]

    # a VM stop/cont does not resume a halted core
    board.qmp("stop")
    board.qmp("cont")
    assert run(board, "print(ipc.stats()['cmd_depth'])") == "16384"
    assert board.prop("/machine", "cm4-halted") is True

    board.set_prop("/machine", "cm4-halted", False)
    out = run(board, f"""
for i in range({n}):
    r = ipc.recv(2000)
    assert r is not None and r[0] == i and r[2] == PAT[i & 255:(i & 255) + 500], (i, r)
print(ipc.recv(0))
""")
    assert out == "None"                      # all echoed, each once
    # and traffic goes on
    run(board, "echo(200, 3)")


def test_echo_survives_soft_reset(board):
    run(board, ECHO + "echo(300, 5)")
    board.raw_soft_reset()
    out = run(board, ECHO + "s = echo(300, 6); print(s['cmd_sent'], s['cm4_boots'])")
    assert out == "600 1"                     # same CM4, same rings: nothing re-initialised


def test_machine_reset_restarts_both_cores(board):
    run(board, ECHO + "echo(50, 5)")
    board.serial_write(b"import machine; machine.reset()\x04")
    board.serial_read_until(b">>> ", timeout=30)       # booted again: friendly REPL
    board.enter_raw_repl()
    out = run(board, ECHO + "s = echo(50, 9); print(s['cmd_sent'], s['cm4_boots'])")
    assert out == "50 1"                      # fresh rings after the system reset


def test_cm4_boots_with_the_cm7_when_bcm4_is_set(flash_file):
    q = start(flash_file, machine="stm32h747i-disco,boot-cm4=on")
    try:
        # FLASH_OPTSR_CUR.BCM4 reads back set; the CM4 waited for the boot
        # semaphore instead of BOOT_C2, and the channel works
        assert run(q, "import machine; print(machine.mem32[0x5200201C] >> 23 & 1)") == "1"
        run(q, ECHO)
        assert run(q, "s = echo(500, 2); print(s['cm4_boots'], s['cm4_running'])") == "1 True"
    finally:
        alive = q.alive()
        q.close()
    assert alive


def test_no_cm4_image_is_a_clear_error(flash_file):
    q = start(flash_file, cm4=None)
    try:
        out = run(q, """
import ipc
print(ipc.cm4_running())
try:
    ipc.send(b'x')
except OSError as e:
    print(e.errno, e.args[1])
""")
        assert out.splitlines()[0] == "False"
        assert out.splitlines()[1].startswith("19 ipc send: the CM4 is not running")
        assert "no Cortex-M4 image at 0x08100000" in q.guest_log()
    finally:
        alive = q.alive()
        q.close()
    assert alive


def test_bad_arguments_name_the_field(board):
    out = run(board, """
import ipc
for args, kw in (((b'x' * 9000,), {}), ((b'x', -1), {}), ((b'x', 0xFFFF), {}),
                 ((b'x',), {'timeout': -5}), ((123,), {})):
    try:
        ipc.send(*args, **kw)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
""")
    lines = out.splitlines()
    assert lines[0] == "ValueError data is 9000 bytes; at most 8184"
    assert lines[1] == lines[2] == "ValueError type must be 0..65534"
    assert lines[3] == "ValueError timeout must be >= 0 (milliseconds)"
    assert lines[4].startswith("TypeError")


def test_sram4_is_not_cacheable_on_the_cm7(board):
    # the coherency rule of lib/ipc/h7_shm.h: the port runs with I- and
    # D-cache on (QEMU models no cache, its CCR.DC/IC read as zero), so
    # SRAM4 must be an MPU region of normal non-cacheable memory (TEX=1,
    # C=0, B=0), shareable, enabled
    out = run(board, """
import machine
for r in range(8):
    machine.mem32[0xE000ED98] = r
    rbar, rasr = machine.mem32[0xE000ED9C], machine.mem32[0xE000EDA0]
    if rasr & 1 and rbar & ~0x1F == 0x38000000:
        print(hex(rbar & ~0x1F), 2 << (rasr >> 1 & 31), rasr >> 19 & 7, rasr >> 18 & 1,
              rasr >> 17 & 1, rasr >> 16 & 1)
""")
    assert out.splitlines() == ["0x38000000 65536 1 1 0 0"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_core_sees_its_own_memory_map(tmp_path):
    """Through QEMU's gdbstub, as a debugger sees it: thread 1 is the CM7,
    thread 2 the CM4.  SRAM2 written by the CM7 at 0x30020000 reads back
    through the CM4's alias at 0x10020000; the CM7's TCMs and the alias are
    bus errors for the core that does not have them.  With an erased flash
    both cores stay off (lockup) instead of QEMU aborting."""
    port = free_port()
    flash = h7qemu.make_flash(str(tmp_path / "flash.bin"))
    q = h7qemu.Qemu(flash=flash, extra=["-S", "-gdb", f"tcp:127.0.0.1:{port}"])
    try:
        cmds = ["target remote 127.0.0.1:%d" % port, "thread 1",
                "set {unsigned int}0x30020000 = 0x12345678", "x/wx 0x10020000",
                "set {unsigned int}0x20000000 = 0xCAFE", "x/wx 0x20000000",
                "thread 2", "x/wx 0x10020000", "x/wx 0x20000000", "x/wx 0x00000000",
                "x/wx 0x38000000", "info threads"]
        out = subprocess.run(["gdb-multiarch", "-nx", "-batch"] +
                             [a for c in cmds for a in ("-ex", c)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=60)
        text = out.stdout
        assert "Cannot access memory at address 0x10020000" in text.split("Thread 1.2")[0]
        assert "0x20000000:\t0x0000cafe" in text
        cm4 = text.split("[Switching to thread 2")[1]
        assert "0x10020000:\t0x12345678" in cm4
        assert "Cannot access memory at address 0x20000000" in cm4
        assert "Cannot access memory at address 0x0" in cm4
        assert "0x38000000:\t" in cm4
        q.qmp("cont")
        time.sleep(0.5)
        assert q.alive()
        log = q.guest_log()
        assert "no Cortex-M7 image at 0x08000000" in log
        assert "bus-matrix read of Cortex-M7 DTCM + 0x0: bus error" in log
    finally:
        alive = q.alive()
        q.close()
    assert alive


def test_rcc_gcr_boot_bits_are_set_only(qt):
    GCR = 0x580244A0
    qt.write(GCR, 0xF)
    assert qt.read(GCR) == 0xF
    qt.write(GCR, 0)
    assert qt.read(GCR) == 0xF              # only a system reset clears them
    qt.qmp("system_reset")
    assert qt.read(GCR) == 0


def test_cm4_halted_property():
    with pytest.raises(h7qemu.QemuError, match="cm4-halted can only be set on a running machine"):
        h7qemu.Qemu(machine="stm32h747i-disco,cm4-halted=on", timeout=10)
    q = h7qemu.Qemu()           # no image: the CM4 never starts
    try:
        with pytest.raises(h7qemu.QemuError, match="the Cortex-M4 is not running"):
            q.set_prop("/machine", "cm4-halted", True)
        assert q.prop("/machine", "cm4-halted") is False
    finally:
        alive = q.alive()
        q.close()
    assert alive


def flash_sh(*args):
    return subprocess.run([os.path.join(TOP, "scripts/flash.sh"), "h747", *args],
                          capture_output=True, text=True, timeout=60)


def test_flash_sh_one_combined_image_for_both_banks(tmp_path):
    combined = tmp_path / "combined.bin"
    cm7 = open(FIRMWARE, "rb").read()
    combined.write_bytes(cm7 + b"\xff" * (h7qemu.BANK2 - len(cm7)) + open(CM4, "rb").read())
    flash = str(tmp_path / "flash.bin")
    r = flash_sh("--flash", flash, str(combined))
    assert r.returncode == 0, r.stderr
    assert f"{combined.stat().st_size} bytes at 0x08000000" in r.stdout
    q = h7qemu.Qemu(flash=flash, timeout=60)
    try:
        q.enter_raw_repl()
        assert run(q, ECHO + "s = echo(100, 4); print(s['cm4_running'])") == "True"
    finally:
        q.close()


def test_flash_sh_rejects_what_a_flasher_would(tmp_path):
    flash = str(tmp_path / "flash.bin")
    r = flash_sh("--flash", flash, f"{FIRMWARE}@0x08000000", f"{CM4}@0x08010000")
    assert r.returncode == 2 and "shares a sector with another image" in r.stderr
    r = flash_sh("--flash", flash, f"{CM4}@0x081FFF00")
    assert r.returncode == 2 and "do not fit in the 2 MiB flash" in r.stderr
    r = flash_sh("--flash", flash, f"{CM4}@bank2")
    assert r.returncode == 2 and "address 'bank2' is not a number" in r.stderr
    r = flash_sh("--flash", flash, str(tmp_path / "missing.bin"))
    assert r.returncode == 2 and "no such file" in r.stderr
    assert not os.path.exists(flash)          # nothing was written
    r = subprocess.run([os.path.join(TOP, "scripts/flash.sh"), "h7xx"], capture_output=True,
                       text=True)
    assert r.returncode == 2 and "unknown board 'h7xx'" in r.stderr


def test_largest_record_and_unread_touches_do_not_stall_the_cm4(board):
    """An echo of the largest record fits; touches while no program uses the
    display stack are not queued, so they can never block the CM4."""
    run(board, ECHO)
    out = run(board, "m = ipc.max_payload(); ipc.send(PAT[:256] * (m // 256) + PAT[:m % 256], 9)\n"
                     "r = ipc.recv(2000); print(m, r[0], len(r[2]))")
    assert out == "8184 9 8184"
    for i in range(300):
        for down in (True, False):
            board.qmp("input-send-event", events=[
                {"type": "abs", "data": {"axis": "x", "value": 1000 + i}},
                {"type": "abs", "data": {"axis": "y", "value": 2000}},
                {"type": "btn", "data": {"button": "left", "down": down}}])
    assert run(board, "s = echo(300, 11); print(s['cm4_running'], "
                      "machine.mem32[0x38000030])".replace("machine.", "__import__('machine')."))\
        == "True 0"
