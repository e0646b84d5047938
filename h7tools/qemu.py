"""Drive h7stack's QEMU from Python: qtest (register access without a CPU),
QMP (properties, monitor commands) and the serial port, all over unix
sockets that this side listens on and QEMU connects to (no start-up races).
"""
import base64
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from . import TOP
from .qmp import Qmp
QEMU = os.environ.get("H7_QEMU", os.path.join(TOP, ".deps/qemu-build/qemu-system-arm"))
# Virtual time from instructions, as scripts/run_qemu.sh runs the DISCO:
# 2 ns each (a 500 MIPS core), so guest timing does not depend on how busy
# the host is; "off" lets virtual time follow the host's clock.
ICOUNT = os.environ.get("H7_ICOUNT", "shift=1,sleep=on")
MPY_FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")
FLASH_SIZE = 2 * 1024 * 1024
SECTOR = 128 * 1024
QEMU_IMG = os.path.join(TOP, ".deps/qemu-build/qemu-img")
QEMU_IO = os.path.join(TOP, ".deps/qemu-build/qemu-io")
QCOW2_MAGIC = b"QFI\xfb"


class QemuError(RuntimeError):
    pass


FLASH_BASE = 0x08000000
BANK2 = 0x100000                     # offset of bank 2: the CM4 image
CM4_IMAGE = os.path.join(TOP, "build/firmware/h747-cm4.bin")


def drive_format(path):
    """How QEMU opens a backing file: "qcow2" (it can hold snapshots, for
    savevm/loadvm) when the file is one, or is still to be made and is named
    .qcow2; else "raw"."""
    try:
        with open(path, "rb") as f:
            return "qcow2" if f.read(4) == QCOW2_MAGIC else "raw"
    except FileNotFoundError:
        return "qcow2" if path.endswith(".qcow2") else "raw"


def _tool(tool, *args):
    if not os.access(tool, os.X_OK):
        raise QemuError(f"no {tool}: run 'make build'")
    r = subprocess.run([tool, *args], capture_output=True, text=True)
    if r.returncode:
        raise QemuError(f"{os.path.basename(tool)}: {(r.stderr or r.stdout).strip()}")
    return r.stdout


def make_blank(path, size):
    """A new backing file of size bytes, erased (all 0xFF) as a chip from the
    factory; qcow2 or raw by drive_format."""
    if drive_format(path) == "qcow2":
        _tool(QEMU_IMG, "create", "-q", "-f", "qcow2", path, str(size))
        _tool(QEMU_IO, "-f", "qcow2", "-c", f"write -q -P 0xff 0 {size}", path)
        return path
    blank = b"\xff" * (1 << 20)
    with open(path, "wb") as f:
        for _ in range(size >> 20):
            f.write(blank)
        f.write(blank[:size & ((1 << 20) - 1)])
    return path


def read_span(path, off, size):
    """size bytes at off of a backing file, raw or qcow2."""
    if drive_format(path) == "raw":
        with open(path, "rb") as f:
            f.seek(off)
            return f.read(size)
    start = off // 4096 * 4096
    with tempfile.TemporaryDirectory(prefix="h7span-") as d:
        out = os.path.join(d, "span")
        _tool(QEMU_IMG, "dd", "-f", "qcow2", "-O", "raw", "bs=4096", f"skip={start // 4096}",
              f"count={-(-(off + size - start) // 4096)}", f"if={path}", f"of={out}")
        return open(out, "rb").read()[off - start:off - start + size]


def write_spans(path, spans):
    """Write (offset, bytes) spans into a backing file in place.  A qcow2
    file gets only the spans that differ, so reprogramming the same image
    copies nothing into its snapshots; qemu-io refuses while a running
    QEMU holds the file."""
    if drive_format(path) == "raw":
        with open(path, "r+b") as f:
            for off, data in spans:
                f.seek(off)
                f.write(data)
        return
    with tempfile.TemporaryDirectory(prefix="h7span-") as d:
        cmds = []
        for i, (off, data) in enumerate(spans):
            if read_span(path, off, len(data)) == bytes(data):
                continue
            src = os.path.join(d, str(i))
            with open(src, "wb") as f:
                f.write(data)
            cmds += ["-c", f"write -q -s {src} {off} {len(data)}"]
        if cmds:
            _tool(QEMU_IO, "-f", "qcow2", *cmds, path)


def drive_arg(kind, path, index=None):
    """-drive's value for a backing file, in its format."""
    where = f",index={index}" if index is not None else ""
    return f"if={kind}{where},format={drive_format(path)},file={path}"


def program_flash(path, chunks):
    """Program (data, offset) chunks into a flash backing file as a flasher
    does: the sectors each chunk covers are erased, then written; every
    other sector keeps its content.  A missing file starts erased."""
    spans = []
    for data, off in chunks:
        if off < 0 or off + len(data) > FLASH_SIZE:
            raise QemuError(f"{len(data)} bytes at 0x{FLASH_BASE + off:08x} do not fit in "
                            f"the 2 MiB flash at 0x{FLASH_BASE:08x}")
        first, end = off // SECTOR * SECTOR, -(-(off + len(data)) // SECTOR) * SECTOR
        for a, b in spans:
            if first < b and a < end:
                raise QemuError(f"image at 0x{FLASH_BASE + off:08x} shares a sector with "
                                f"another image (0x{FLASH_BASE + a:08x})")
        spans.append((first, end))
    if not os.path.exists(path):
        make_blank(path, FLASH_SIZE)
    writes = []
    for (data, off), (first, end) in zip(chunks, spans):
        sector = bytearray(b"\xff" * (end - first))
        sector[off - first:off - first + len(data)] = data
        writes.append((first, sector))
    write_spans(path, writes)
    return path


def make_flash(path, image=None, cm4_image=None):
    """Flash file with `image` at 0x08000000 (bank 1, or both banks for a
    combined image) and `cm4_image` at 0x08100000 (bank 2)."""
    chunks = []
    if image:
        chunks.append((open(image, "rb").read(), 0))
    if cm4_image:
        chunks.append((open(cm4_image, "rb").read(), BANK2))
    return program_flash(path, chunks)


NOR_SIZE = 32 * 1024 * 1024        # the NUCLEO-H7S3L8's MX25UW25645G
QSPI_NOR_SIZE = 64 * 1024 * 1024   # each of the STM32H747I-DISCO's two MT25QL512ABB


def qspi_nor_paths(flash):
    """The backing files of the DISCO's Quad-SPI NOR pair beside its flash
    file: FLASH 1 (even bytes of /flash's device) and FLASH 2."""
    stem, ext = os.path.splitext(flash)
    ext = ".qcow2" if ext == ".qcow2" else ".bin"
    return [f"{stem}-nor{i}{ext}" for i in (1, 2)]


def erase_qspi_nor(paths):
    """Blank (all 0xFF) backing files for the Quad-SPI NOR pair."""
    for p in paths:
        if os.path.exists(p):
            os.remove(p)
        make_blank(p, QSPI_NOR_SIZE)
    return paths


QSPI_BASE = 0x90000000                # the pair, memory-mapped (dual-flash mode)
QSPI_UNIT = 2 * 4096                  # erase unit of the pair: a subsector of each


def program_qspi_nor(paths, chunks):
    """Program (data, offset) chunks into the NOR pair's files as the
    controller lays them out in dual-flash mode: even bytes in FLASH 1, odd
    bytes in FLASH 2, each at half the offset.  The 8 KiB units a chunk
    covers are erased first; the rest keeps its content."""
    if not all(os.path.exists(p) for p in paths):
        erase_qspi_nor(paths)
    halves = ([], [])
    for data, off in chunks:
        if off < 0 or off + len(data) > 2 * QSPI_NOR_SIZE:
            raise QemuError(f"{len(data)} bytes at 0x{QSPI_BASE + off:08x} do not fit in "
                            f"the 128 MiB Quad-SPI NOR at 0x{QSPI_BASE:08x}")
        first = off // QSPI_UNIT * QSPI_UNIT
        end = -(-(off + len(data)) // QSPI_UNIT) * QSPI_UNIT
        span = bytearray(b"\xff" * (end - first))
        span[off - first:off - first + len(data)] = data
        halves[0].append((first // 2, span[0::2]))
        halves[1].append((first // 2, span[1::2]))
    for p, spans in zip(paths, halves):
        write_spans(p, spans)


def qspi_nor_args(flash):
    """-drive arguments for the NOR pair beside flash, made blank if missing."""
    paths = qspi_nor_paths(flash)
    if not all(os.path.exists(p) for p in paths):
        erase_qspi_nor(paths)
    return [a for i, p in enumerate(paths) for a in ("-drive", drive_arg("mtd", p, i))]


def erased_nor(path):
    """A blank (all 0xFF) NOR backing file, raw or qcow2 by its name."""
    if os.path.exists(path):
        os.remove(path)
    return make_blank(path, NOR_SIZE)


def nucleo(boot=None, nor=None, extra=(), **kw):
    """A NUCLEO-H7S3L8: boot is the raw image for the 64 KiB user flash
    (read-only, as scripts/run_h7s3.sh gives it: the build's image stays as
    built), nor the NOR backing file; USART3 is the serial port."""
    args = ["-drive", drive_arg("pflash", boot) + ",readonly=on"] if boot else []
    args += ["-drive", drive_arg("mtd", nor)] if nor else []
    return Qemu(machine="nucleo-h7s3l8", extra=args + list(extra), **kw)


# ---- boards started from a booted one, much faster than booting ----
DRIVES = ("pflash0", "mtd0", "mtd1")   # the DISCO's flash and NOR pair, as -drive names them


def overlay(path, base):
    """A new qcow2 file at path that reads as base (raw or qcow2) until
    written; base itself is never written through it."""
    if os.path.exists(path):
        os.remove(path)
    _tool(QEMU_IMG, "create", "-q", "-f", "qcow2", "-b", os.path.abspath(base),
          "-F", drive_format(base), path)


def freeze(q, flash, state, timeout=30):
    """Keep a running DISCO as a template: its flash and NOR files stay as
    they are now, and the board goes on in overlays on them at flash and its
    NOR names (QEMU's external snapshots, blockdev-snapshot-sync); its
    devices and RAM go to the file state (migration to a file).  The board
    is stopped meanwhile and runs on afterwards."""
    q.qmp("stop")
    for drive, path in zip(DRIVES, [flash] + qspi_nor_paths(flash)):
        q.qmp("blockdev-snapshot-sync", device=drive, format="qcow2",
              **{"snapshot-file": os.path.abspath(path)})
    q.qmp("migrate", uri=f"file:{os.path.abspath(state)}")
    deadline = time.monotonic() + timeout
    while (st := q.qmp("query-migrate").get("status")) != "completed":
        if st in ("failed", "cancelled") or time.monotonic() > deadline:
            raise QemuError(f"saving the template's state: {q.qmp('query-migrate')}")
        time.sleep(0.01)
    q.qmp("cont")


def thaw(base_flash, state, flash, extra=(), timeout=30, **kw):
    """A DISCO that starts where the board freeze() kept was: overlays at
    flash and its NOR names on the template's files, the state loaded
    (-incoming), running."""
    for path, base in zip([flash] + qspi_nor_paths(flash), [base_flash] + qspi_nor_paths(base_flash)):
        overlay(path, base)
    q = Qemu(flash=flash, extra=list(extra) + ["-incoming", f"file:{os.path.abspath(state)}"],
             timeout=timeout, **kw)
    deadline = time.monotonic() + timeout
    while (st := q.qmp("query-status")["status"]) == "inmigrate":
        if time.monotonic() > deadline or not q.alive():
            q.close()
            raise QemuError(f"loading the template's state: {st}; QEMU: {q.output()}")
        time.sleep(0.005)
    if st != "running":             # the template was saved stopped
        q.qmp("cont")
    return q


class _Listener:
    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(1)

    def accept(self, timeout):
        self.sock.settimeout(timeout)
        conn, _ = self.sock.accept()
        self.sock.close()
        return conn


class Qemu:
    """One QEMU process.  qtest=True runs no CPU: registers are poked by the
    test.  Otherwise the firmware in the flash file runs.  On the DISCO the
    Quad-SPI NOR pair (/flash) lives in files beside the flash file
    (qspi_nor_paths; nor=False: none, the chips start blank every run)."""

    def __init__(self, machine="stm32h747i-disco", flash=None, qtest=False,
                 extra=(), serial=True, trace=None, timeout=30, nor=True, icount=None):
        self.tmp = tempfile.mkdtemp(prefix="h7q-")
        self.irq_events = []        # qtest "IRQ raise/lower n" lines seen
        self.timeout = timeout
        self.log_path = os.path.join(self.tmp, "qemu.log")
        args = [QEMU, "-M", machine, "-display", "none", "-nodefaults",
                "-d", "guest_errors,unimp", "-D", self.log_path]
        lst = {}
        lst["qmp"] = _Listener(os.path.join(self.tmp, "qmp"))
        args += ["-chardev", f"socket,id=qmp,path={lst['qmp'].path}",
                 "-mon", "chardev=qmp,mode=control"]
        if qtest:
            lst["qtest"] = _Listener(os.path.join(self.tmp, "qtest"))
            args += ["-qtest", f"unix:{lst['qtest'].path}", "-accel", "qtest"]
        elif machine.startswith("stm32h747i-disco"):
            # the MicroPython board; the NUCLEO's boot tests wait on long
            # flash operations by polling, which counted instructions
            # would stretch
            icount = ICOUNT if icount is None else icount
            if icount != "off" and "-icount" not in extra:
                args += ["-icount", icount]
        if serial:
            lst["serial"] = _Listener(os.path.join(self.tmp, "serial"))
            args += ["-chardev", f"socket,id=ser0,path={lst['serial'].path}",
                     "-serial", "chardev:ser0"]
        if flash:
            args += ["-drive", drive_arg("pflash", flash)]
            if nor and machine.startswith("stm32h747i-disco"):
                args += qspi_nor_args(flash)
        if trace:
            args += ["--trace", trace]
        args += list(extra)
        self.args = args
        self.stderr = open(os.path.join(self.tmp, "stderr"), "w+")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.stderr, stderr=subprocess.STDOUT)
        self.serial_buf = b""
        self._ser_cond = threading.Condition()
        self._ser_closed = False
        self.ser = None
        try:
            self.qmp_sock = lst["qmp"].accept(timeout)
            self.qmp_sock.settimeout(timeout)      # a stuck QEMU fails the call
            # The guest may print before the QMP handshake: QEMU writes the
            # serial port a byte at a time, holding its big lock while the
            # socket is full, so it is drained from the start (else a slow
            # host deadlocks: QEMU waits for us, we wait for QMP).
            if serial:
                self.ser = lst["serial"].accept(timeout)
                threading.Thread(target=self._drain_serial, daemon=True).start()
            self._qmp = Qmp.over(self.qmp_sock, QemuError, lambda: ": " + self.output())
            self.qt = None
            if qtest:
                qt_sock = lst["qtest"].accept(timeout)
                qt_sock.settimeout(timeout)
                self.qt = qt_sock.makefile("rwb")
        except Exception:
            self.close()
            raise QemuError("QEMU did not start: " + self.output())

    # ---- QMP ----
    def qmp(self, cmd, /, **args):
        return self._qmp.cmd(cmd, **args)

    def hmp(self, line):
        return self._qmp.hmp(line)

    def prop(self, path, name):
        return self.qmp("qom-get", path=path, property=name)

    def set_prop(self, path, name, value):
        return self.qmp("qom-set", path=path, property=name, value=value)

    # ---- qtest ----
    def _qtest_reply(self):
        """The next answer line; IRQ notices on the way are logged."""
        while True:
            r = self.qt.readline().decode()
            if not r:
                raise QemuError("qtest closed: " + self.output())
            if not r.startswith("IRQ "):
                return r
            self.irq_events.append(r.split())

    def qtest(self, line):
        self.qt.write(line.encode() + b"\n")
        self.qt.flush()
        r = self._qtest_reply()
        if not r.startswith("OK"):
            raise QemuError(f"qtest {line!r}: {r.strip()}")
        return r.split()[1:]

    def qtest_batch(self, lines):
        """Send many qtest commands at once; return how many answered OK."""
        self.qt.write(("\n".join(lines) + "\n").encode())
        self.qt.flush()
        return sum(self._qtest_reply().startswith("OK") for _ in lines)

    def read(self, addr, size=4):
        op = {1: "readb", 2: "readw", 4: "readl", 8: "readq"}[size]
        return int(self.qtest(f"{op} 0x{addr:x}")[0], 16)

    def write(self, addr, value, size=4):
        op = {1: "writeb", 2: "writew", 4: "writel", 8: "writeq"}[size]
        self.qtest(f"{op} 0x{addr:x} 0x{value:x}")

    def memwrite(self, addr, data):
        self.qtest(f"b64write 0x{addr:x} 0x{len(data):x} {base64.b64encode(data).decode()}")

    def memread(self, addr, n):
        return base64.b64decode(self.qtest(f"b64read 0x{addr:x} 0x{n:x}")[0])

    def intercept_irqs(self, qom_path):
        self.irq_events = []
        self.qtest(f"irq_intercept_in {qom_path}")

    def irq_level(self, n):
        """Level of NVIC input n, from the raise/lower events seen so far."""
        level = 0
        for ev in self.irq_events:
            if int(ev[2]) == n:
                level = 1 if ev[1] == "raise" else 0
        return level

    def clock_step(self, ns):
        self.qtest(f"clock_step {ns}")

    # ---- serial ----
    def serial_write(self, data):
        self.ser.sendall(data)

    def _drain_serial(self):
        while True:
            try:
                chunk = self.ser.recv(65536)
            except OSError:
                chunk = b""
            with self._ser_cond:
                if not chunk:
                    self._ser_closed = True
                else:
                    self.serial_buf += chunk
                self._ser_cond.notify_all()
            if not chunk:
                return

    def serial_wait_output(self, timeout=None):
        """Wait until the guest has printed anything (the buffer stays)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._ser_cond:
            while not self.serial_buf:
                left = deadline - time.monotonic()
                if left <= 0 or self._ser_closed:
                    raise QemuError(f"nothing on the serial port; QEMU: {self.output()}")
                self._ser_cond.wait(min(left, 0.5))

    def serial_read_until(self, token, timeout=None):
        token = token.encode() if isinstance(token, str) else token
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._ser_cond:
            while token not in self.serial_buf:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise QemuError(f"no {token!r} on the serial port; got "
                                    f"{self.serial_buf[-500:]!r}; QEMU: {self.output()}")
                if self._ser_closed:
                    raise QemuError(f"serial closed before {token!r}; got "
                                    f"{self.serial_buf[-500:]!r}")
                self._ser_cond.wait(min(left, 0.5))
            i = self.serial_buf.index(token) + len(token)
            out, self.serial_buf = self.serial_buf[:i], self.serial_buf[i:]
        return out.decode("latin-1")

    # ---- MicroPython raw REPL (Ctrl-A; code; Ctrl-D -> OK out \x04 err \x04 >) ----
    RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"

    def enter_raw_repl(self, timeout=None):
        self.serial_write(b"\r\x03\x03\r\x01")
        self.serial_read_until(self.RAW_PROMPT, timeout)

    def run(self, code, timeout=60):
        """raw_exec that must not raise on the board: its output, else
        QemuError with the board's traceback."""
        out, err = self.raw_exec(code, timeout)
        if err:
            raise QemuError(f"the board raised:\n{err}")
        return out

    def errors(self, setup, calls, timeout=60):
        """Run each call (an expression) on the board after setup; the
        exception each raised, as "TypeName message", one line a call
        ("-" for one that raised nothing)."""
        code = [setup, "def err(f):", "    try:", "        f()", "        print('-')",
                "    except Exception as e:", "        print(type(e).__name__, e)"]
        code += [f"err(lambda: {c})" for c in calls]
        return self.run("\n".join(code) + "\n", timeout).splitlines()

    def raw_exec(self, code, timeout=None):
        """Run code in the raw REPL (entered already); return (out, err)."""
        self.raw_send(code, timeout)
        return self._raw_output(timeout)

    def raw_send(self, code, timeout=None):
        """Start code in the raw REPL and return while it runs (the test
        does its side meanwhile); raw_result collects what it printed."""
        if isinstance(code, str):
            code = code.encode()
        self.serial_write(code + b"\x04")
        self.serial_read_until(b"OK", timeout)

    def raw_result(self, timeout=None):
        """The output of what raw_send started, stripped; QemuError with the
        board's traceback if it raised."""
        out, err = self._raw_output(timeout)
        if err:
            raise QemuError(f"the board raised:\n{err}")
        return out.strip()

    def _raw_output(self, timeout):
        out = self.serial_read_until(b"\x04", timeout)[:-1]
        err = self.serial_read_until(b"\x04", timeout)[:-1]
        self.serial_read_until(b">", timeout)
        return out.replace("\r\n", "\n"), err.replace("\r\n", "\n")

    def raw_soft_reset(self, timeout=None):
        """Ctrl-D in the raw REPL: soft reset, back at the raw prompt."""
        self.serial_write(b"\x04")
        self.serial_read_until(b"soft reboot\r\n", timeout)
        self.serial_read_until(self.RAW_PROMPT, timeout)

    # ---- life cycle ----
    def output(self):
        try:
            self.stderr.flush()
            self.stderr.seek(0)
            return self.stderr.read()[-2000:]
        except Exception:
            return ""

    def guest_log(self):
        try:
            return open(self.log_path).read()
        except OSError:
            return ""

    # ---- the DISCO's panel ----
    def touch(self, x, y, down, size=(800, 480)):
        """A finger at pixel (x, y) put down or lifted, as QMP's absolute
        pointer events reach the touch controller."""
        ax, ay = (-(-v * 0x7FFF // (n - 1)) for v, n in zip((x, y), size))
        self.qmp("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}},
            {"type": "btn", "data": {"button": "left", "down": down}}])

    def screen(self, path):
        """The screen as RGB pixels, row by row (also saved as PNG at path)."""
        from PIL import Image
        self.qmp("screendump", filename=str(path), format="png")
        return list(Image.open(path).convert("RGB").getdata())

    def led_states(self, led, seconds):
        """The states a machine LED property ("led-ld1") shows within
        seconds; stops early once it has been seen both on and off."""
        seen, end = set(), time.monotonic() + seconds
        while time.monotonic() < end and len(seen) < 2:
            seen.add(self.prop("/machine", led))
            time.sleep(0.02)
        return seen

    def alive(self):
        return self.proc.poll() is None

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
