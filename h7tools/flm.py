#!/usr/bin/env python3
"""Read a CMSIS-Pack flash algorithm (FLM: an ELF file with PrgCode, PrgData
and DevDscr sections and the FlashOS entry points as symbols), and write the
matching probe-rs target description.

    flm.py check FILE.FLM           print what the algorithm is, or fail
    flm.py yaml FILE.FLM OUT.yaml   probe-rs definition.yaml for the NUCLEO-H7S3L8
"""
import base64
import struct
import sys

ENTRIES = ("Init", "UnInit", "EraseSector", "ProgramPage", "EraseChip", "Verify", "BlankCheck")


class FlmError(ValueError):
    pass


class Flm:
    """The parts of an FLM a debugger needs: blob = PrgCode + PrgData (what
    is loaded into RAM), entry offsets in it, the data offset (R9 is the
    load address plus this), and the device descriptor."""

    def __init__(self, path):
        self.path = path
        data = open(path, "rb").read()
        if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
            raise FlmError(f"{path}: not a 32-bit little-endian ELF file")
        shoff, = struct.unpack_from("<I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
        secs = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
        names = secs[shstrndx]

        def name_at(table, off):
            start = table[4] + off
            return data[start:data.index(b"\0", start)].decode()

        self.sections = {}
        for s in secs:
            self.sections[name_at(names, s[0])] = s
        for need in ("PrgCode", "PrgData", "DevDscr"):
            if need not in self.sections:
                raise FlmError(f"{path}: no {need} section")
        code, rw = self.sections["PrgCode"], self.sections["PrgData"]
        if code[3] != 0:
            raise FlmError(f"{path}: PrgCode must be linked at 0 (is 0x{code[3]:x})")
        if rw[3] != code[3] + code[5]:
            raise FlmError(f"{path}: PrgData must follow PrgCode")
        self.data_offset = rw[3]
        rw_bytes = data[rw[4]:rw[4] + rw[5]] if rw[1] != 8 else bytes(rw[5])   # NOBITS: zeros
        self.blob = data[code[4]:code[4] + code[5]] + rw_bytes
        self.entries = {}
        symtab = next(s for s in secs if s[1] == 2)
        strtab = secs[symtab[6]]
        for i in range(symtab[5] // 16):
            st_name, value, _size, info, _other, _shndx = struct.unpack_from(
                "<IIIBBH", data, symtab[4] + 16 * i)
            sym = name_at(strtab, st_name)
            if sym in ENTRIES and info & 0xF == 2:          # STT_FUNC
                self.entries[sym] = value                   # Thumb bit set
        missing = [e for e in ENTRIES if e not in self.entries]
        if missing:
            raise FlmError(f"{path}: no entry point {', '.join(missing)}")
        dd = self.sections["DevDscr"]
        self.device = self._device(data[dd[4]:dd[4] + dd[5]])

    @staticmethod
    def _device(d):
        vers, = struct.unpack_from("<H", d, 0)
        name = d[2:130].split(b"\0")[0].decode()
        dev_type, = struct.unpack_from("<H", d, 130)
        adr, size, page, _res = struct.unpack_from("<IIII", d, 132)
        empty = d[148]
        to_prog, to_erase = struct.unpack_from("<II", d, 152)
        sectors, off = [], 160
        while off + 8 <= len(d):
            ssize, saddr = struct.unpack_from("<II", d, off)
            if (ssize, saddr) == (0xFFFFFFFF, 0xFFFFFFFF):
                break
            sectors.append((ssize, saddr))
            off += 8
        return dict(version=vers, name=name, type=dev_type, address=adr, size=size,
                    page_size=page, empty=empty, program_timeout_ms=to_prog,
                    erase_timeout_ms=to_erase, sectors=sectors)


def probe_rs_yaml(flm, ram=(0x24000000, 0x24072000)):
    d = flm.device
    words = flm.blob + bytes(-len(flm.blob) % 4)
    e = flm.entries
    sectors = "".join(f"      - size: 0x{s:x}\n        address: 0x{a:x}\n" for s, a in d["sectors"])
    return f"""# probe-rs target description: the NUCLEO-H7S3L8's STM32H7S3L8 with the
# h7stack flash algorithm for its external octal NOR (generated from
# {flm.path.split('/')[-1]} by scripts/flm.py; use with --chip-description-path)
name: h7stack STM32H7S3
manufacturer:
  id: 0x20
  cc: 0x0
variants:
  - name: STM32H7S3L8-h7stack
    cores:
      - name: main
        type: armv7em
        core_access_options: !Arm
          ap: !v1 0
    memory_map:
      - !Nvm
        name: NOR (XSPI2, memory-mapped)
        range:
          start: 0x{d['address']:x}
          end: 0x{d['address'] + d['size']:x}
        cores:
          - main
      - !Ram
        name: AXI SRAM
        range:
          start: 0x{ram[0]:x}
          end: 0x{ram[1]:x}
        cores:
          - main
    flash_algorithms:
      - h7stack-mx25uw25645g
flash_algorithms:
  - name: h7stack-mx25uw25645g
    description: {d['name']}
    default: true
    instructions: {base64.b64encode(words).decode()}
    pc_init: 0x{e['Init']:x}
    pc_uninit: 0x{e['UnInit']:x}
    pc_program_page: 0x{e['ProgramPage']:x}
    pc_erase_sector: 0x{e['EraseSector']:x}
    pc_erase_all: 0x{e['EraseChip']:x}
    pc_verify: 0x{e['Verify']:x}
    pc_blank_check: 0x{e['BlankCheck']:x}
    data_section_offset: 0x{flm.data_offset:x}
    flash_properties:
      address_range:
        start: 0x{d['address']:x}
        end: 0x{d['address'] + d['size']:x}
      page_size: 0x{d['page_size']:x}
      erased_byte_value: 0x{d['empty']:x}
      program_page_timeout: {d['program_timeout_ms']}
      erase_sector_timeout: {d['erase_timeout_ms']}
      sectors:
{sectors}"""


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "check":
            f = Flm(argv[2])
            d = f.device
            print(f"{argv[2]}: {d['name']}; 0x{d['address']:08x} + {d['size'] >> 20} MiB, "
                  f"page {d['page_size']}, {len(d['sectors'])} sector kind(s); "
                  f"code {f.data_offset} B, data {len(f.blob) - f.data_offset} B")
        elif len(argv) == 4 and argv[1] == "yaml":
            text = probe_rs_yaml(Flm(argv[2]))
            with open(argv[3], "w") as out:
                out.write(text)
        else:
            sys.exit(__doc__.strip())
    except (OSError, FlmError) as e:
        sys.exit(f"flm.py: {e}")

