"""The flash algorithm (firmware/h7s3-flm) and scripts/flash.sh h7s3 on the
virtual NUCLEO-H7S3L8: flash.sh programs blinky through the FLM and the
bootloader starts it; each FlashOS function at its boundaries, with
unaligned sizes and addresses, and out of range (an error, the neighbours
untouched); calls before Init refused; the FLM file and the probe-rs
description it gives."""
import base64
import os
import re
import shutil
import struct
import subprocess

import yaml

from h7tools import flm as flmlib
from h7tools import qemu as h7qemu
from h7tools import h7s3_flash
import pytest

BASE, SIZE = 0x70000000, 32 << 20
FW = os.path.join(h7qemu.TOP, "build/firmware")
FLASH_SH = os.path.join(h7qemu.TOP, "scripts/flash.sh")
BLINKY = os.path.join(FW, "h7s3-blinky.img")


@pytest.fixture(scope="module")
def flm():
    return flmlib.Flm(h7s3_flash.FLM)


@pytest.fixture
def nor(tmp_path):
    return h7qemu.erased_nor(str(tmp_path / "nor.bin"))


class Target:
    """The FLM loaded on a halted board, a RAM buffer for data."""

    def __init__(self, nor, flm):
        # chip erase in 0.2 s of virtual time instead of the part's 60 s
        self.s = h7s3_flash.Session(nor, extra=["-global", "mx25uw25645g.t-ce-us=200000"])
        self.algo = h7s3_flash.Algo(self.s.rsp, flm, self.s.ram)

    def __getattr__(self, name):               # Init, EraseSector, ... as methods
        return lambda *args: self.algo.call(name, *args)

    def program(self, addr, data):
        self.algo.fill(h7s3_flash.BUF, data)
        return self.algo.call("ProgramPage", addr, len(data), h7s3_flash.BUF)

    def verify(self, addr, data):
        self.algo.fill(h7s3_flash.BUF, data)
        return self.algo.call("Verify", addr, len(data), h7s3_flash.BUF)

    def close(self):
        self.s.close()


@pytest.fixture
def t(nor, flm):
    target = Target(nor, flm)
    yield target
    target.close()


def nor_bytes(nor, off, n):
    with open(nor, "rb") as f:
        f.seek(off)
        return f.read(n)


# the FlashOS functions a debug probe calls, and the YAML key of each
PC_KEYS = {"Init": "pc_init", "UnInit": "pc_uninit", "ProgramPage": "pc_program_page",
           "EraseSector": "pc_erase_sector", "EraseChip": "pc_erase_all", "Verify": "pc_verify",
           "BlankCheck": "pc_blank_check"}


def elf_facts(path):
    """What binutils (not h7tools.flm) says about the FLM: its FUNC symbols,
    its sections (address, size) and their bytes."""
    syms = {}
    for line in subprocess.run(["arm-none-eabi-readelf", "-sW", path], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        f = line.split()
        if len(f) == 8 and f[3] in ("FUNC", "OBJECT") and f[4] == "GLOBAL":
            syms[f[7]] = (f[3], int(f[1], 16))
    sections = {}
    for line in subprocess.run(["arm-none-eabi-readelf", "-SW", path], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{8})\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            sections[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
    def section_bytes(name):
        out = path + "." + name + ".bin"
        subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", f"--only-section={name}", path,
                        out], check=True)
        data = open(out, "rb").read()
        os.remove(out)
        return data
    return syms, sections, section_bytes


def test_flm_file_describes_the_nor(flm, tmp_path):
    """The FlashDevice record and entry points, read with binutils and CMSIS's
    struct layout (Vers u16, DevName[128], DevType u16, DevAdr, szDev, szPage,
    Res, valEmpty u8 + 3, toProg, toErase, then {szSector, AddrSector} pairs
    up to 0xFFFFFFFF), not through h7tools.flm."""
    path = str(tmp_path / "algo.FLM")
    shutil.copy(h7s3_flash.FLM, path)
    syms, sections, section_bytes = elf_facts(path)
    dev = section_bytes("DevDscr")
    vers, = struct.unpack_from("<H", dev, 0)
    dev_type, = struct.unpack_from("<H", dev, 130)
    adr, size, page, _res = struct.unpack_from("<IIII", dev, 132)
    empty = dev[148]
    sectors = []
    for off in range(160, len(dev), 8):
        sz, a = struct.unpack_from("<II", dev, off)
        if sz == 0xFFFFFFFF:
            break
        sectors.append((sz, a))
    assert vers == 0x0101 and dev_type == 5                    # EXTSPI
    assert (adr, size, empty) == (BASE, SIZE, 0xFF) and page == 4096
    assert sectors == [(4096, 0)]
    assert syms["FlashDevice"][0] == "OBJECT"
    code_addr, code_size = sections["PrgCode"]
    for name in PC_KEYS:
        kind, value = syms[name]
        assert kind == "FUNC" and value & 1, name              # Thumb code ...
        assert code_addr <= value - 1 < code_addr + code_size, name   # ... in PrgCode
    # h7tools.flm reads the same
    assert flm.device["sectors"] == sectors and flm.data_offset == sections["PrgData"][0]
    assert flm.entries == {n: syms[n][1] for n in PC_KEYS}


class _Tagged(yaml.SafeLoader):
    """probe-rs's YAML tags (!Nvm, !Arm, !v1): keep the value, drop the tag."""


def _untag(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_Tagged.add_multi_constructor("!", _untag)


def test_probe_rs_description(tmp_path):
    """scripts/flm.py's YAML, parsed as YAML, against binutils' view of the
    same FLM: each pc_* is its function's symbol, data_section_offset is
    PrgData's address, the instructions are PrgCode then PrgData byte for
    byte, and the flash properties are the FlashDevice record's."""
    path = str(tmp_path / "algo.FLM")
    shutil.copy(h7s3_flash.FLM, path)
    out = tmp_path / "definition.yaml"
    subprocess.run(["/usr/bin/python3", os.path.join(h7qemu.TOP, "scripts/flm.py"), "yaml",
                    path, str(out)], check=True)
    doc = yaml.load(out.read_text(), Loader=_Tagged)
    syms, sections, section_bytes = elf_facts(path)
    algo, = doc["flash_algorithms"]
    for name, key in PC_KEYS.items():
        assert algo[key] == syms[name][1], key
    assert algo["data_section_offset"] == sections["PrgData"][0]
    assert base64.b64decode(algo["instructions"]) == section_bytes("PrgCode") + \
        section_bytes("PrgData")
    dev = section_bytes("DevDscr")
    adr, size, page = struct.unpack_from("<III", dev, 132)
    to_prog, to_erase = struct.unpack_from("<II", dev, 152)
    props = algo["flash_properties"]
    assert props["address_range"] == {"start": adr, "end": adr + size}
    assert props["page_size"] == page and props["erased_byte_value"] == dev[148]
    assert (props["program_page_timeout"], props["erase_sector_timeout"]) == (to_prog, to_erase)
    assert props["sectors"] == [{"size": 4096, "address": 0}]
    nvm = [m for m in doc["variants"][0]["memory_map"] if "NOR" in m["name"]]
    assert [m["range"] for m in nvm] == [{"start": adr, "end": adr + size}]


def test_flash_sh_programs_blinky_and_the_bootloader_starts_it(nor):
    r = subprocess.run([FLASH_SH, "h7s3", "--nor", nor, BLINKY], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "programmed and verified (double buffering" in r.stdout
    img = open(BLINKY, "rb").read()
    assert nor_bytes(nor, 0, len(img)) == img
    assert nor_bytes(nor, len(img), 4096) == b"\xff" * 4096
    with h7qemu.nucleo(boot=os.path.join(FW, "h7s3-boot.bin"), nor=nor) as q:
        out = q.serial_read_until("blinky: LD1 off 2\r\n")
        assert "CRC ok" in out
        assert q.led_states("led-ld1", 10) == {True, False}        # blinking


@pytest.mark.parametrize("opts", [["--single"], ["--single", "--transport", "gdb"],
                                  ["--page-size", "256"], ["--page-size", "1000"]])
def test_flash_sh_modes_write_the_same(nor, opts, tmp_path):
    data = os.urandom(10000)
    src = tmp_path / "data.bin"
    src.write_bytes(data)
    r = subprocess.run([FLASH_SH, "h7s3", "--nor", nor, *opts, f"{src}@0x70001003"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert nor_bytes(nor, 0x1003, len(data)) == data
    assert nor_bytes(nor, 0x1000, 3) == b"\xff" * 3             # same sector, untouched
    assert nor_bytes(nor, 0x1003 + len(data), 0x100) == b"\xff" * 0x100


def test_flash_sh_refuses_bad_requests(nor, tmp_path):
    src = tmp_path / "d.bin"
    src.write_bytes(b"x" * 100)
    for args, msg in [([f"{src}@0x71fffff0"], "does not fit"),
                      ([f"{src}@0x60000000"], "does not fit"),
                      (["--transport", "gdb", str(src)], "double buffering needs"),
                      (["--page-size", "0", str(src)], "--page-size"),
                      ([str(tmp_path / "missing.bin")], "no such file")]:
        r = subprocess.run([FLASH_SH, "h7s3", "--nor", nor, *args], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode != 0 and msg in r.stderr, (args, r.stderr)


def test_calls_before_init_are_refused(t):
    assert t.EraseSector(BASE) == 1
    assert t.program(BASE, b"abc") == 1
    assert t.BlankCheck(BASE, 16, 0xFF) == 1
    assert t.UnInit(1) == 1


def test_erase_sector_bounds(t, nor):
    assert t.Init(BASE, 64_000_000, 2) == 0
    assert t.program(BASE + SIZE - 4096, b"\x00" * 4096) == 0
    assert t.program(BASE + 0x2000, b"\x11" * 16) == 0
    for bad in (BASE - 4096, BASE + SIZE, BASE + 0x2001, 0, 0xFFFFF000):
        assert t.EraseSector(bad) == 1, hex(bad)
    assert t.EraseSector(BASE + SIZE - 4096) == 0                # the last sector
    assert t.BlankCheck(BASE + SIZE - 4096, 4096, 0xFF) == 0
    assert t.BlankCheck(BASE + 0x2000, 16, 0x11) == 0             # not touched by the refusals
    t.close()
    assert nor_bytes(nor, 0x2000, 16) == b"\x11" * 16


def test_program_page_boundaries(t, nor):
    assert t.Init(BASE, 64_000_000, 2) == 0
    assert t.program(BASE + SIZE - 5, b"ABCDE") == 0              # exact fit at the end
    assert t.program(BASE + SIZE - 4, b"12345") == 1              # one past the end
    assert t.program(BASE - 1, b"zz") == 1
    assert t.algo.call("ProgramPage", BASE + 0x100, 0xFFFFFFF0, h7s3_flash.BUF) == 1
    odd = bytes((7 * i + 3) & 0xFF for i in range(301))
    assert t.program(BASE + 0x30FD, odd) == 0                     # across two page boundaries
    assert t.verify(BASE + 0x30FD, odd) == BASE + 0x30FD + 301
    wrong = odd[:100] + b"\x00" + odd[101:]
    assert t.verify(BASE + 0x30FD, wrong) == BASE + 0x30FD + 100  # first difference
    assert t.algo.call("Verify", BASE + SIZE, 4, h7s3_flash.BUF) == BASE + SIZE
    assert t.BlankCheck(BASE + SIZE - 8, 16, 0xFF) == 1           # out of range
    assert t.BlankCheck(BASE + 0x3000, 0xFD, 0xFF) == 0
    assert t.UnInit(2) == 0
    t.close()
    assert nor_bytes(nor, SIZE - 8, 8) == b"\xff\xff\xffABCDE"
    assert nor_bytes(nor, 0x30FD - 3, 3) == b"\xff" * 3
    assert nor_bytes(nor, 0x30FD, 301) == odd
    assert nor_bytes(nor, 0x30FD + 301, 3) == b"\xff" * 3
    assert nor_bytes(nor, 0, 16) == b"\xff" * 16                  # nothing at the refused ones


def test_erase_chip(t, nor):
    assert t.Init(BASE, 64_000_000, 1) == 0
    assert t.program(BASE + 0x1234, b"\x00" * 64) == 0
    assert t.program(BASE + SIZE - 64, b"\x00" * 64) == 0
    assert t.EraseChip() == 0
    assert t.BlankCheck(BASE, 0x10000, 0xFF) == 0
    assert t.BlankCheck(BASE + SIZE - 0x1000, 0x1000, 0xFF) == 0
