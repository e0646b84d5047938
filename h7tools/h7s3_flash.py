#!/usr/bin/env python3
"""Program an image into the virtual NUCLEO-H7S3L8's octal NOR the way a
debugger does it with a CMSIS flash algorithm: QEMU starts halted with its
gdbstub; the FLM (PrgCode + PrgData) is loaded into AXI SRAM; each FlashOS
function is called with PC, R0-R3, R9 (static base = PrgData), SP and
LR = a breakpoint; sectors are erased, pages programmed from RAM buffers,
and the result read back through the memory-mapped window after UnInit.

Buffers are filled through the gdbstub (which needs the core halted, so one
buffer) or, with --transport shm (the default), through AXI SRAM shared
with QEMU as a memory-backend file, which like a probe's memory access port
can be written while the core runs: then ProgramPage works on one buffer
while the next is filled (double buffering).  Used by scripts/flash.sh."""
import argparse
import mmap
import os
import sys
import tempfile
import time

from . import flm as flmlib
from . import gdb_rsp
from . import cli
from . import qemu as h7qemu

FLM = os.path.join(h7qemu.TOP, "build/firmware/h7s3-flm/h7stack_MX25UW25645G.FLM")
RAM, RAM_SIZE = 0x24000000, 456 * 1024
PAD = RAM                       # "b ." landing pad: LR points here, breakpoint on it
ALGO = RAM + 0x20
STACK_TOP = RAM + 0x10000
BUF = RAM + 0x10000             # two buffers of up to 64 KiB each
REG_R9, REG_SP, REG_LR, REG_PC, REG_XPSR = 9, 13, 14, 15, 25


class FlashError(RuntimeError):
    pass


class Algo:
    """An FLM loaded on a halted target, its functions callable."""

    def __init__(self, rsp, flm, ram_map=None, timeout=60):
        self.rsp, self.flm, self.ram, self.timeout = rsp, flm, ram_map, timeout
        rsp.write_mem(PAD, b"\xfe\xe7\x00\xbe")        # b . ; bkpt
        rsp.write_mem(ALGO, flm.blob)
        rsp.breakpoint(PAD)
        self.calls = 0

    def start(self, name, *args):
        e = self.flm.entries[name]
        for i, a in enumerate(args):
            self.rsp.set_reg(i, a & 0xFFFFFFFF)
        self.rsp.set_reg(REG_R9, ALGO + self.flm.data_offset)
        self.rsp.set_reg(REG_SP, STACK_TOP)
        self.rsp.set_reg(REG_LR, PAD | 1)
        self.rsp.set_reg(REG_PC, (ALGO + e) & ~1)
        self.rsp.set_reg(REG_XPSR, 1 << 24)            # Thumb
        self.rsp.resume()
        self.calls += 1

    def finish(self):
        self.rsp.wait_stop(self.timeout)
        pc = self.rsp.reg(REG_PC)
        if pc != PAD:
            raise FlashError(f"the algorithm stopped at 0x{pc:08x}, not at its return")
        return self.rsp.reg(0)

    def call(self, name, *args):
        self.start(name, *args)
        return self.finish()

    def fill(self, addr, data):
        """Write target RAM: through the shared file if there is one (the core
        may be running), else through the gdbstub (the core is halted)."""
        if self.ram is not None:
            self.ram[addr - RAM:addr - RAM + len(data)] = data
        else:
            self.rsp.write_mem(addr, data)


def sectors_of(dev, start, length):
    size = dev["sectors"][0][0]
    first = (start - dev["address"]) // size
    last = (start + length - 1 - dev["address"]) // size
    return [dev["address"] + s * size for s in range(first, last + 1)]


def program(algo, image, addr, page, double, vclock=lambda: 0):
    """Erase what the image covers, program it page by page, read it back;
    returns the wall (and, with vclock giving ns, virtual) programming time."""
    dev = algo.flm.device
    t0 = time.monotonic()
    if algo.call("Init", addr, 64_000_000, 1):
        raise FlashError("Init (erase) failed: the NOR did not answer")
    for s in sectors_of(dev, addr, len(image)):
        if algo.call("EraseSector", s):
            raise FlashError(f"EraseSector 0x{s:08x} failed")
    algo.call("UnInit", 1)
    t_erase = time.monotonic() - t0
    if algo.call("Init", addr, 64_000_000, 2):
        raise FlashError("Init (program) failed")
    chunks = [(addr + o, image[o:o + page]) for o in range(0, len(image), page)]
    t1, v1 = time.monotonic(), vclock()
    bufs = [BUF, BUF + 0x10000]
    algo.fill(bufs[0], chunks[0][1])
    for i, (a, data) in enumerate(chunks):
        buf = bufs[i % 2] if double else bufs[0]
        algo.start("ProgramPage", a, len(data), buf)
        if double and i + 1 < len(chunks):
            algo.fill(bufs[(i + 1) % 2], chunks[i + 1][1])   # while the core programs
        if algo.finish():
            raise FlashError(f"ProgramPage 0x{a:08x} (+{len(data)}) failed")
        if not double and i + 1 < len(chunks):
            algo.fill(bufs[0], chunks[i + 1][1])
    t_prog, v_prog = time.monotonic() - t1, (vclock() - v1) / 1e9
    if algo.call("UnInit", 2):
        raise FlashError("UnInit failed")
    back = algo.rsp.read_mem(addr, len(image))           # memory-mapped after UnInit
    if back != image:
        bad = next(i for i in range(len(image)) if back[i] != image[i])
        raise FlashError(f"verify failed at 0x{addr + bad:08x}")
    return dict(erase_s=t_erase, program_s=t_prog, program_vs=v_prog, calls=algo.calls)


class Session:
    """QEMU halted at reset with the gdbstub on a unix socket, the NOR file
    attached, AXI SRAM optionally shared with this process."""

    def __init__(self, nor, shm=True, boot=None, extra=()):
        self.tmp = tempfile.mkdtemp(prefix="h7s3-flash-")
        gdb = os.path.join(self.tmp, "gdb")
        extra = list(extra) + ["-S", "-chardev", f"socket,id=gdb0,path={gdb},server=on,wait=off",
                 "-gdb", "chardev:gdb0"]
        self.ram = None
        if shm:
            ram_file = os.path.join(self.tmp, "axi-sram")
            with open(ram_file, "wb") as f:
                f.truncate(RAM_SIZE)
            extra += ["-object", f"memory-backend-file,id=axi,mem-path={ram_file},"
                      f"size={RAM_SIZE},share=on", "-machine", "memory-backend=axi"]
            self._fd = os.open(ram_file, os.O_RDWR)
            self.ram = mmap.mmap(self._fd, RAM_SIZE)
        self.q = h7qemu.nucleo(boot=boot, nor=nor, extra=extra)
        self.rsp = gdb_rsp.Rsp(gdb)

    def vclock_ns(self):
        return self.q.prop("/machine", "vclock-ns")

    def close(self):
        if self.q is None:
            return
        self.rsp.close()
        self.q.close()
        self.q = None
        if self.ram is not None:
            self.ram.close()
            os.close(self._fd)
        for f in os.listdir(self.tmp):
            os.unlink(os.path.join(self.tmp, f))
        os.rmdir(self.tmp)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="flash.sh h7s3", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image", type=cli.image_arg(0x70000000), metavar="IMAGE[@ADDR]",
                    help="raw image for the NOR at ADDR (default 0x70000000)")
    ap.add_argument("--nor", default=os.path.join(h7qemu.TOP, "build/h7s3-nor.qcow2"),
                    help="NOR backing file (default build/h7s3-nor.qcow2; .bin: raw; made erased if missing)")
    ap.add_argument("--flm", default=FLM, help="flash algorithm (default: h7stack's)")
    ap.add_argument("--page-size", type=int, default=4096,
                    help="bytes per ProgramPage call (default 4096, at most 65536)")
    ap.add_argument("--transport", choices=("shm", "gdb"), default="shm",
                    help="fill buffers through shared RAM (default) or the gdbstub")
    ap.add_argument("--single", action="store_true", help="one buffer (no double buffering)")
    args = ap.parse_args(argv)
    path, addr = args.image
    image = open(path, "rb").read()
    try:
        algo_file = flmlib.Flm(args.flm)
    except (OSError, flmlib.FlmError) as e:
        sys.exit(f"flash.sh h7s3: {e}")
    dev = algo_file.device
    if not image:
        sys.exit(f"flash.sh h7s3: {path} is empty")
    if addr < dev["address"] or addr + len(image) > dev["address"] + dev["size"]:
        sys.exit(f"flash.sh h7s3: {path} at 0x{addr:08x} does not fit the NOR "
                 f"(0x{dev['address']:08x} + {dev['size'] >> 20} MiB)")
    if not 0 < args.page_size <= 0x10000:
        sys.exit("flash.sh h7s3: --page-size must be 1..65536")
    double = not args.single
    if double and args.transport == "gdb":
        sys.exit("flash.sh h7s3: the gdbstub writes memory only while the core is halted: "
                 "double buffering needs --transport shm (or use --single)")
    if not os.path.exists(args.nor):
        h7qemu.erased_nor(args.nor)
    s = Session(args.nor, shm=args.transport == "shm")
    try:
        st = program(Algo(s.rsp, algo_file, s.ram), image, addr, args.page_size, double,
                     s.vclock_ns)
    except (FlashError, gdb_rsp.RspError, h7qemu.QemuError) as e:
        sys.exit(f"flash.sh h7s3: {e}")
    finally:
        s.close()
    kib = len(image) / 1024
    print(f"flash.sh h7s3: {path}: {len(image)} bytes at 0x{addr:08x} erased, programmed "
          f"and verified ({'double' if double else 'single'} buffering, {args.page_size}-byte "
          f"pages, {args.transport}); programming {kib / st['program_s']:.0f} KiB/s wall, "
          f"{kib / max(st['program_vs'], 1e-9):.0f} KiB/s virtual")

