"""QUADSPI and the two MT25QL512ABB quad NOR flashes of the virtual
STM32H747I-DISCO, over qtest: single- and dual-flash mode (even bytes to
FLASH 1, odd to FLASH 2, each at half the address), 3- and 4-byte
addressing, quad reads and programs with their dummy cycles, program and
erase with their busy time in virtual time, automatic polling, memory-
mapped reads, FSIZE range errors, a power cut mid-erase, and the error
paths (no write enable, busy, wrong shape)."""
import pytest
from h7tools import qemu as h7qemu

QSPI = 0x52005000
CR, DCR, SR, FCR, DLR, CCR, AR, ABR, DR = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x20
PSMKR, PSMAR, PIR, LPTR = 0x24, 0x28, 0x2C, 0x30
TEF, TCF, FTF, SMF, BUSY = 1, 2, 4, 8, 0x20
EN, ABORT, DFM, FSEL, APMS = 1, 2, 1 << 6, 1 << 7, 1 << 22
MMAP = 0x90000000
MS, US = 1_000_000, 1000
LINES = {0: 0, 1: 1, 2: 2, 4: 3}


@pytest.fixture
def nor_files(tmp_path):
    paths = [str(tmp_path / f"nor{i}.bin") for i in (1, 2)]
    return h7qemu.erase_qspi_nor(paths)


def board(nor_files):
    extra = [a for i, p in enumerate(nor_files)
             for a in ("-drive", f"if=mtd,index={i},format=raw,file={p}")]
    return h7qemu.Qemu(qtest=True, extra=extra)


@pytest.fixture
def q(nor_files):
    b = board(nor_files)
    yield b
    alive = b.alive()
    b.close()
    assert alive


class Bus:
    """What a driver sets for one command, single (FLASH 1 or 2) or dual."""

    def __init__(self, q, dual=False, flash=0, fsize=26):
        self.q = q
        self.cr = EN | (DFM if dual else 0) | (FSEL if flash else 0) | 1 << 24
        q.write(QSPI + DCR, fsize << 16 | 2 << 8)

    def run(self, op, addr=None, addr_bytes=3, addr_lines=1, dummy=0, read=0, write=b"",
            data_lines=1, ddr=False):
        q = self.q
        q.write(QSPI + FCR, 0x1B)
        q.write(QSPI + CR, self.cr)
        n = read or len(write)
        if n:
            q.write(QSPI + DLR, n - 1)
        fmode = 1 if read else 0
        ccr = (op | 1 << 8 | dummy << 18 | fmode << 26 | ddr << 31 |
               (LINES[addr_lines] << 10 | (addr_bytes - 1) << 12 if addr is not None else 0) |
               (LINES[data_lines] << 24 if n else 0))
        q.write(QSPI + CCR, ccr)
        if addr is not None:
            q.write(QSPI + AR, addr)
        for i in range(0, len(write), 4):
            chunk = write[i:i + 4]
            q.write(QSPI + DR, int.from_bytes(chunk, "little"), len(chunk) if len(chunk) in
                    (1, 2, 4) else 4)
        out = bytes(q.read(QSPI + DR, 1) for _ in range(read))
        return out, q.read(QSPI + SR)

    def status(self, n=1):
        return self.run(0x05, read=n)[0]

    def wren(self, n=1):
        self.run(0x06)
        assert all(b & 2 for b in self.status(n)), "WEL not set"


def test_reset_values_and_reserved(q):
    for off in (CR, DCR, SR, DLR, CCR, AR, ABR, PSMKR, PSMAR, PIR, LPTR):
        assert q.read(QSPI + off) == 0, hex(off)
    q.write(QSPI + 0x40, 1)
    assert "reserved offset 0x40" in q.guest_log()
    q.write(QSPI + SR, 0x3F)
    assert q.read(QSPI + SR) == 0 and "SR is read-only" in q.guest_log()


def test_single_flash_identify_program_read_erase(q):
    f1 = Bus(q)
    ident, sr = f1.run(0x9F, read=3)
    assert ident == b"\x20\xba\x20" and sr & TCF and not sr & TEF
    assert f1.run(0x5A, addr=0, dummy=8, read=4)[0] == b"SFDP"
    assert f1.run(0x70, read=1)[0] == b"\x80"                   # flag status: ready
    # program without write enable: ignored by the chip
    f1.run(0x02, addr=0x1000, write=b"\x00" * 8)
    assert "write enable (WEL) is not set" in q.guest_log()
    assert f1.run(0x03, addr=0x1000, read=4)[0] == b"\xff" * 4
    f1.wren()
    data = bytes(range(16))
    f1.run(0x02, addr=0x1000, write=data)
    assert f1.status() == b"\x03"                               # WIP, WEL
    assert f1.run(0x70, read=1)[0] == b"\x00"                   # not ready
    f1.run(0x03, addr=0x1000, read=4)
    assert "in progress" in q.guest_log()                       # busy: ignored
    q.clock_step(100 * US)
    assert f1.status() == b"\x03"
    q.clock_step(30 * US)                                       # tPP 120 us
    assert f1.status() == b"\x00"
    assert f1.run(0x03, addr=0x1000, read=16)[0] == data
    assert f1.run(0x0B, addr=0x1000, dummy=8, read=4)[0] == data[:4]
    assert f1.run(0x6B, addr=0x1000, dummy=8, read=4, data_lines=4)[0] == data[:4]
    assert f1.run(0xEB, addr=0x1000, addr_lines=4, dummy=10, read=4,
                  data_lines=4)[0] == data[:4]
    # programming clears bits only; a page program wraps in its page
    f1.wren()
    f1.run(0x32, addr=0x10FC, write=b"\x0f" * 8, data_lines=4)  # quad input program
    q.clock_step(200 * US)
    assert f1.run(0x03, addr=0x1000, read=4)[0] == bytes(b & 0x0f for b in data[:4])
    assert f1.run(0x03, addr=0x10FC, read=4)[0] == b"\x0f" * 4
    # 4 KiB subsector erase: 50 ms
    f1.wren()
    f1.run(0x20, addr=0x1234)
    q.clock_step(49 * MS)
    assert f1.status() == b"\x03"
    q.clock_step(2 * MS)
    assert f1.status() == b"\x00"
    assert f1.run(0x03, addr=0x1000, read=16)[0] == b"\xff" * 16
    assert q.prop("/machine/nor1", "erases") == 1
    assert q.prop("/machine/nor2", "erases") == 0


def test_second_flash_by_fsel(q):
    f2 = Bus(q, flash=1)
    f2.wren()
    f2.run(0x02, addr=0x40, write=b"FLASH 2!")
    q.clock_step(200 * US)
    assert f2.run(0x03, addr=0x40, read=8)[0] == b"FLASH 2!"
    assert Bus(q).run(0x03, addr=0x40, read=8)[0] == b"\xff" * 8
    assert q.prop("/machine/nor2", "programs") == 1


def test_shapes_the_chip_refuses(q):
    f1 = Bus(q)
    data, _ = f1.run(0x6B, addr=0, dummy=6, read=4, data_lines=4)
    assert data == b"\xff" * 4 and "dummy cycles do not match" in q.guest_log()
    f1.run(0x6B, addr=0, dummy=8, read=4, data_lines=2)
    assert "wrong number of lines" in q.guest_log()
    f1.run(0x13, addr=0, addr_bytes=3, read=4)                  # a 4-byte opcode
    assert "wrong address size" in q.guest_log()
    f1.run(0x0B, addr=0, dummy=8, read=4, ddr=True)
    assert "data phase in DTR" in q.guest_log()
    # the volatile configuration sets the dummy cycles of fast reads
    f1.run(0x06)
    f1.run(0x81, write=b"\x6b")                                 # 6 dummy cycles
    assert f1.run(0x85, read=1)[0] == b"\x6b"
    assert f1.run(0x0B, addr=0, dummy=6, read=2)[0] == b"\xff\xff"
    assert q.guest_log().count("dummy cycles do not match") == 1   # 6 accepted now
    f1.run(0x0B, addr=0, dummy=8, read=2)
    assert q.guest_log().count("dummy cycles do not match") == 2


def test_four_byte_addresses(q):
    f1 = Bus(q)
    f1.wren()
    f1.run(0x12, addr=0x3FFFF00, addr_bytes=4, write=b"top of 64 MiB")  # PP4B
    q.clock_step(200 * US)
    assert f1.run(0x13, addr=0x3FFFF00, addr_bytes=4, read=13)[0] == b"top of 64 MiB"
    # 3-byte commands see the low 16 MiB until ENTER 4-BYTE ADDRESS MODE
    assert f1.run(0x03, addr=0xFFFF00, read=3)[0] == b"\xff" * 3
    f1.run(0xB7)
    assert f1.run(0x70, read=1)[0][0] & 1                       # flag status: 4-byte
    assert f1.run(0x03, addr=0x3FFFF00, addr_bytes=4, read=3)[0] == b"top"
    f1.run(0x03, addr=0x3FFFF00, addr_bytes=3, read=3)
    assert "4-byte address mode wants 4" in q.guest_log()
    f1.run(0x66)
    f1.run(0x99)                                                # reset: 3-byte again
    assert not f1.run(0x70, read=1)[0][0] & 1


def test_dual_flash_interleaves_bytes(q):
    dual = Bus(q, dual=True)
    assert dual.run(0x9F, read=6)[0] == b"\x20\x20\xba\xba\x20\x20"
    dual.wren(2)
    data = bytes(range(64))
    dual.run(0x12, addr=0x2000, addr_bytes=4, write=data)
    assert dual.status(2) == b"\x03\x03"                        # both programming
    q.clock_step(200 * US)
    assert dual.run(0x13, addr=0x2000, addr_bytes=4, read=64)[0] == data
    # each flash holds every other byte at half the address
    f1, f2 = Bus(q), Bus(q, flash=1)
    assert f1.run(0x13, addr=0x1000, addr_bytes=4, read=32)[0] == data[0::2]
    assert f2.run(0x13, addr=0x1000, addr_bytes=4, read=32)[0] == data[1::2]
    # an odd length is rounded up: DLR bit 0 stays 1 in dual-flash mode
    q.write(QSPI + CR, EN | DFM)
    q.write(QSPI + DLR, 4)
    assert q.read(QSPI + DLR) == 5
    # a 4 KiB subsector of each: 8 KiB of the pair
    dual.wren(2)
    dual.run(0x21, addr=0x2000, addr_bytes=4)
    q.clock_step(51 * MS)
    assert dual.status(2) == b"\x00\x00"
    assert dual.run(0x13, addr=0x2000, addr_bytes=4, read=8)[0] == b"\xff" * 8


def test_fifo_level_and_transfer_complete(q):
    q.write(QSPI + FCR, 0x1B)
    q.write(QSPI + CR, EN)
    q.write(QSPI + DCR, 26 << 16)
    q.write(QSPI + DLR, 99)
    q.write(QSPI + CCR, 0x03 | 1 << 8 | 1 << 10 | 2 << 12 | 1 << 24 | 1 << 26)
    q.write(QSPI + AR, 0)
    sr = q.read(QSPI + SR)
    assert sr & BUSY and sr & FTF and not sr & TCF and (sr >> 8) & 0x3F == 32
    for _ in range(17):
        q.read(QSPI + DR)                                       # 68 bytes read
    sr = q.read(QSPI + SR)
    assert sr & TCF and (sr >> 8) & 0x3F == 32                  # the rest is in the FIFO
    for _ in range(8):
        q.read(QSPI + DR)
    sr = q.read(QSPI + SR)
    assert not sr & BUSY and (sr >> 8) & 0x3F == 0
    # registers are locked while busy
    q.write(QSPI + DLR, 3)
    q.write(QSPI + CCR, 0x03 | 1 << 8 | 1 << 10 | 2 << 12 | 1 << 24 | 1 << 26)
    q.write(QSPI + AR, 0)
    q.write(QSPI + DLR, 7)
    assert q.read(QSPI + DLR) == 3 and "written while BUSY" in q.guest_log()
    q.write(QSPI + CR, EN | ABORT)
    sr = q.read(QSPI + SR)
    assert not sr & BUSY and sr & TCF                           # an abort completes


def test_address_past_fsize_is_a_transfer_error(q):
    f1 = Bus(q, fsize=19)                                       # 1 MiB
    _, sr = f1.run(0x03, addr=0x100000, read=4)
    assert sr & TEF and "past the memory size" in q.guest_log()
    q.write(QSPI + FCR, TEF)
    assert not q.read(QSPI + SR) & TEF


def test_automatic_polling_waits_for_the_erase(q):
    dual = Bus(q, dual=True)
    dual.wren(2)
    dual.run(0xDC, addr=0x40000, addr_bytes=4)                  # 64 KiB sector: 150 ms
    q.write(QSPI + FCR, 0x1B)
    q.write(QSPI + PSMKR, 0x0101)                               # WIP of both
    q.write(QSPI + PSMAR, 0)
    q.write(QSPI + PIR, 0x100)
    q.write(QSPI + DLR, 1)
    q.write(QSPI + CR, dual.cr | APMS | 1 << 19)                # stop on match, SMIE
    q.intercept_irqs("/machine/soc/cm7")
    q.write(QSPI + CCR, 0x05 | 1 << 8 | 1 << 24 | 2 << 26)
    assert q.read(QSPI + SR) & BUSY and not q.read(QSPI + SR) & SMF
    q.clock_step(140 * MS)
    assert not q.read(QSPI + SR) & SMF and q.irq_level(92) == 0
    q.clock_step(20 * MS)
    sr = q.read(QSPI + SR)
    assert sr & SMF and not sr & BUSY and q.irq_level(92) == 1
    assert q.read(QSPI + DR) & 0xFFFF == 0                      # both status bytes


def test_memory_mapped_reads(q):
    dual = Bus(q, dual=True)
    dual.wren(2)
    dual.run(0x12, addr=0x80, addr_bytes=4, write=b"h7stack files live on the NOR!!!")
    q.clock_step(200 * US)
    q.write(QSPI + CR, dual.cr)
    q.write(QSPI + CCR, 0x6C | 1 << 8 | 1 << 10 | 3 << 12 | 8 << 18 | 3 << 24 | 3 << 26)
    assert q.memread(MMAP + 0x80, 32) == b"h7stack files live on the NOR!!!"
    assert q.read(MMAP + 0x81) == int.from_bytes(b"7sta", "little")
    q.write(QSPI + CCR, 0x6C | 1 << 8 | 1 << 10 | 3 << 12 | 8 << 18 | 3 << 24 | 1 << 26)
    assert q.memread(MMAP + 0x80, 4) == b"\0\0\0\0"             # indirect: no window


def test_power_cut_mid_erase_and_persistence(nor_files):
    with board(nor_files) as q:
        f1 = Bus(q)
        for addr in (0x10000, 0x11000):
            f1.wren()
            f1.run(0x02, addr=addr, write=b"\x00" * 256)
            q.clock_step(200 * US)
        f1.wren()
        f1.run(0x20, addr=0x10000)                              # erase the first: 50 ms
        q.clock_step(20 * MS)
        q.qmp("stop")
        q.set_prop("/machine", "power-cut", True)
        q.qmp("quit")
    sub = open(nor_files[0], "rb").read()[0x10000:0x12000]
    first, second = sub[:4096], sub[4096:]
    assert first.count(0xFF) < 2048 and first.count(0) < 2048   # neither erased nor old
    assert second[:256] == b"\0" * 256 and second[256:] == b"\xff" * 3840
    with board(nor_files) as q:
        assert Bus(q).run(0x03, addr=0x11000, read=4)[0] == b"\0" * 4
        assert Bus(q).status() == b"\x00"                       # the cut ended the erase
