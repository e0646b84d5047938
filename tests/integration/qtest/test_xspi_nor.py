"""XSPI2 and the MX25UW25645G octal NOR on the virtual NUCLEO-H7S3L8, over
qtest: each command set (SPI, octal STR, octal DTR), program and erase with
their busy time in virtual time, automatic polling, memory-mapped reads,
and the error paths (no write enable, wrong interface, wrong dummy cycles)."""

from h7tools import qemu as h7qemu
import pytest

XSPI = 0x5200A000
CR, DCR1, SR, FCR, DLR, AR, DR = 0x00, 0x08, 0x20, 0x24, 0x40, 0x48, 0x50
PSMKR, PSMAR, PIR, CCR, TCR, IR = 0x80, 0x88, 0x90, 0x100, 0x108, 0x110
TEF, TCF, SMF, BUSY = 1, 2, 8, 0x20
MMAP = 0x70000000
SINGLE, OCTAL = 1, 4
MS = 1_000_000


@pytest.fixture
def nor_file(tmp_path):
    return str(tmp_path / "nor.bin")


PWR_CSR2, EN_XSPIM2 = 0x58024800 + 0x0C, 1 << 15
XSPIM_CR = 0x5200B400


def board(nor_file, supply=True):
    """qtest on the NUCLEO; supply: switch on port 2's I/O supply, as firmware must."""
    b = h7qemu.Qemu(machine="nucleo-h7s3l8", qtest=True,
                    extra=["-drive", f"if=mtd,format=raw,file={nor_file}"])
    if supply:
        b.write(PWR_CSR2, EN_XSPIM2)
    return b


@pytest.fixture
def q(nor_file):
    with open(nor_file, "wb") as f:
        f.write(b"\xff" * (32 << 20))
    b = board(nor_file)
    yield b
    alive = b.alive()
    b.close()
    assert alive


class Bus:
    """What a driver sets for one command: the mode of each phase."""
    def __init__(self, q, octal=None):
        self.q, self.octal = q, octal       # None: SPI; "str" or "dtr"

    def ccr(self, addr, data, dqs=False):
        if not self.octal:
            return SINGLE | (SINGLE << 8 if addr else 0) | (addr - 1 << 12 if addr else 0) \
                | (SINGLE << 24 if data else 0)
        dtr = self.octal == "dtr"
        return (OCTAL | dtr << 3 | 1 << 4 |                      # two-byte instruction
                (OCTAL << 8 | dtr << 11 | 3 << 12 if addr else 0) |
                (OCTAL << 24 | dtr << 27 if data else 0) | dqs << 29)

    def inst(self, op):
        return op if not self.octal else op << 8 | (~op & 0xFF)

    def run(self, op, addr=None, addr_bytes=4, dummy=0, read=0, write=b"", dqs=False):
        q = self.q
        q.write(XSPI + FCR, 0x1F)
        has_data = bool(read or write)
        mode = 1 if read else 0
        q.write(XSPI + CR, 1 | mode << 28)
        if has_data:
            q.write(XSPI + DLR, (read or len(write)) - 1)
        q.write(XSPI + CCR, self.ccr(addr_bytes if addr is not None else 0, has_data, dqs))
        q.write(XSPI + TCR, dummy)
        q.write(XSPI + IR, self.inst(op))
        if addr is not None:
            q.write(XSPI + AR, addr)
        for i in range(0, len(write), 4):
            chunk = write[i:i + 4]
            q.write(XSPI + DR, int.from_bytes(chunk, "little"), len(chunk) if len(chunk) in
                    (1, 2, 4) else 4)
        out = bytes(q.read(XSPI + DR, 1) for _ in range(read))
        return out, q.read(XSPI + SR)

    def status(self):
        if self.octal:
            return self.run(0x05, addr=0, dummy=4, read=1)[0][0]
        return self.run(0x05, read=1)[0][0]

    def wren(self):
        self.run(0x06)
        assert self.status() & 2, "WEL not set"


def test_spi_identify_erase_program_read(q):
    spi = Bus(q)
    ident, sr = spi.run(0x9F, read=3)
    assert ident == b"\xc2\x84\x39" and sr & TCF and not sr & TEF
    assert spi.run(0x5A, addr=0, addr_bytes=3, dummy=8, read=4)[0] == b"SFDP"
    # program without write enable: ignored
    _, sr = spi.run(0x12, addr=0x1000, write=b"\x00" * 8)
    assert sr & TEF and "write enable (WEL) is not set" in q.guest_log()
    spi.wren()
    data = bytes(range(16))
    spi.run(0x12, addr=0x1000, write=data)
    assert spi.status() & 1                                 # WIP
    _, sr = spi.run(0x13, addr=0x1000, read=4)
    assert sr & TEF and "in progress" in q.guest_log()      # busy: ignored
    q.clock_step(200_000)                                   # tPP 150 us
    assert spi.status() == 0
    assert spi.run(0x13, addr=0x1000, read=16)[0] == data
    assert spi.run(0x0C, addr=0x1000, dummy=8, read=4)[0] == data[:4]
    # programming only clears bits; a page program wraps in its page
    spi.wren()
    spi.run(0x12, addr=0x10FC, write=b"\x0f" * 8)
    q.clock_step(200_000)
    assert spi.run(0x13, addr=0x1000, read=4)[0] == bytes(b & 0x0f for b in data[:4])
    assert spi.run(0x13, addr=0x10FC, read=4)[0] == b"\x0f" * 4
    # 4 KiB sector erase takes 25 ms
    spi.wren()
    spi.run(0x21, addr=0x1234)
    q.clock_step(20 * MS)
    assert spi.status() & 1
    q.clock_step(6 * MS)
    assert spi.status() == 0
    assert spi.run(0x13, addr=0x1000, read=16)[0] == b"\xff" * 16
    assert q.prop("/machine/nor", "erases") == 1


def to_octal_dtr(q):
    spi = Bus(q)
    spi.wren()
    spi.run(0x72, addr=0, write=b"\x02")                    # WRCR2: DTR OPI
    return Bus(q, "dtr")


def test_octal_dtr_commands_and_dummy_cycles(q):
    opi = to_octal_dtr(q)
    _, sr = Bus(q).run(0x9F, read=3)                        # SPI now ignored
    assert sr & TEF and "octal DTR mode" in q.guest_log()
    assert opi.run(0x9F, addr=0, dummy=4, read=3)[0] == b"\xc2\x84\x39"
    opi.wren()
    payload = bytes((7 * i) & 0xFF for i in range(256))
    opi.run(0x12, addr=0x20000, write=payload)
    q.clock_step(200_000)
    assert opi.run(0xEE, addr=0x20000, dummy=20, read=256, dqs=True)[0] == payload
    data, sr = opi.run(0xEE, addr=0x20000, dummy=8, read=8, dqs=True)
    assert data == b"\xff" * 8 and sr & TEF
    assert "dummy cycles do not match" in q.guest_log()
    # the second byte must be the complement of the first
    q.write(XSPI + FCR, 0x1F)
    q.write(XSPI + CR, 1)
    q.write(XSPI + CCR, opi.ccr(0, False))
    q.write(XSPI + IR, 0x0606)
    assert q.read(XSPI + SR) & TEF and "not the complement" in q.guest_log()
    # software reset: back to SPI
    opi.run(0x66)
    opi.run(0x99)
    assert Bus(q).run(0x9F, read=3)[0] == b"\xc2\x84\x39"


def test_automatic_polling_waits_for_the_erase(q):
    opi = to_octal_dtr(q)
    opi.wren()
    opi.run(0xDC, addr=0x30000)                             # 64 KiB block: 220 ms
    q.write(XSPI + FCR, 0x1F)
    q.write(XSPI + PSMKR, 0x01)
    q.write(XSPI + PSMAR, 0x00)
    q.write(XSPI + PIR, 0x10)
    q.write(XSPI + DLR, 0)
    q.write(XSPI + CR, 1 | 2 << 28 | 1 << 22)               # polling, stop on match
    q.write(XSPI + CCR, opi.ccr(4, True))
    q.write(XSPI + TCR, 4)
    q.write(XSPI + IR, opi.inst(0x05))
    q.write(XSPI + AR, 0)
    assert q.read(XSPI + SR) & BUSY and not q.read(XSPI + SR) & SMF
    q.clock_step(100 * MS)
    assert not q.read(XSPI + SR) & SMF
    q.clock_step(130 * MS)
    sr = q.read(XSPI + SR)
    assert sr & SMF and not sr & BUSY


def test_memory_mapped_reads(q):
    opi = to_octal_dtr(q)
    opi.wren()
    opi.run(0x12, addr=0x40, write=b"h7stack boots from the NOR!\0\0\0\0\0")
    q.clock_step(200_000)
    q.write(XSPI + CR, 1 | 3 << 28)                         # memory-mapped
    q.write(XSPI + CCR, opi.ccr(4, True, dqs=True))
    q.write(XSPI + TCR, 20)
    q.write(XSPI + IR, opi.inst(0xEE))
    assert q.memread(MMAP + 0x40, 27) == b"h7stack boots from the NOR!"
    assert q.read(MMAP + 0x40) == int.from_bytes(b"h7st", "little")
    q.write(XSPI + CR, 1)                                   # indirect again: no window
    assert q.memread(MMAP + 0x40, 4) == b"\0\0\0\0"


def direct(q):
    return q.prop("/machine/xspi2", "direct-reads")


def memory_mapped(q, bus, dummy=20, dqs=True):
    q.write(XSPI + CR, 1 | 3 << 28)
    q.write(XSPI + CCR, bus.ccr(4, True, dqs=dqs))
    q.write(XSPI + TCR, dummy)
    q.write(XSPI + IR, bus.inst(0xEE))


def test_memory_mapped_reads_go_straight_to_the_contents_only_when_exact(q):
    """With a read command the flash answers with its bytes, the window is
    the contents themselves (code runs in place at RAM speed); with a wrong
    one, or while the flash is busy, each access is a command again, failing
    and logged as before; contents changed in indirect mode show at once."""
    opi = to_octal_dtr(q)
    opi.wren()
    opi.run(0x12, addr=0x80, write=b"first")
    q.clock_step(200_000)
    memory_mapped(q, opi)
    assert direct(q) and q.memread(MMAP + 0x80, 5) == b"first"
    memory_mapped(q, opi, dummy=8)                          # wrong dummy cycles
    assert not direct(q)
    q.memread(MMAP + 0x80, 4)                               # a bus error, TEF
    assert q.read(XSPI + SR) & TEF and "dummy cycles do not match" in q.guest_log()
    memory_mapped(q, opi, dqs=False)                        # no DQS: logged each time
    assert not direct(q)
    memory_mapped(q, opi)
    assert direct(q)
    # beyond the 32 MiB chip the window is commands again (the address wraps)
    assert q.memread(MMAP + (32 << 20) + 0x80, 5) == b"first"
    q.write(XSPI + CR, 1)                                   # indirect: erase, program
    assert not direct(q)
    opi.wren()
    opi.run(0x21, addr=0)
    assert opi.status() & 1
    memory_mapped(q, opi)
    assert not direct(q)                                    # busy: reads are commands
    q.clock_step(30 * MS)
    q.memread(MMAP, 4)                                      # the next one finds it ready
    assert direct(q) and q.memread(MMAP + 0x80, 5) == b"\xff" * 5
    q.write(XSPI + CR, 1)
    opi.wren()
    opi.run(0x12, addr=0x80, write=b"again")
    q.clock_step(200_000)
    memory_mapped(q, opi)
    assert direct(q) and q.memread(MMAP + 0x80, 5) == b"again"
    # a write into the window with no write command is a bus error, logged
    q.write(MMAP + 0x80, 0)
    assert "no write command configured" in q.guest_log()
    assert q.memread(MMAP + 0x80, 5) == b"again"


def test_contents_persist_in_the_backing_file(nor_file):
    with open(nor_file, "wb") as f:
        f.write(b"\xff" * (32 << 20))
    q = board(nor_file)
    spi = Bus(q)
    spi.wren()
    spi.run(0x12, addr=0x123400, write=b"persist!")
    q.clock_step(200_000)
    q.close()
    q = board(nor_file)
    try:
        assert Bus(q).run(0x13, addr=0x123400, read=8)[0] == b"persist!"
    finally:
        q.close()
    assert open(nor_file, "rb").read()[0x123400:0x123408] == b"persist!"


def test_io_manager_routing_and_supply(q):
    """The NOR answers only on XSPIM port 2, routed direct and powered: with
    the supply off or the ports swapped its lines read high, and nothing is
    written; the controller itself notices nothing (no TEF)."""
    spi = Bus(q)
    assert spi.run(0x9F, read=3)[0] == b"\xc2\x84\x39"
    q.write(PWR_CSR2, 0)                                         # I/O supply off
    ident, sr = spi.run(0x9F, read=3)
    assert ident == b"\xff\xff\xff" and not sr & TEF
    spi.wren()
    spi.run(0x12, addr=0x1000, write=b"lost")                    # goes nowhere
    q.write(PWR_CSR2, EN_XSPIM2)
    assert spi.run(0x13, addr=0x1000, read=4)[0] == b"\xff" * 4
    assert spi.run(0x05, read=1)[0] == b"\x00"                  # no WEL latched either
    q.write(XSPIM_CR, 1 << 1)                                    # MODE: swapped
    assert q.read(XSPIM_CR) == 2
    assert spi.run(0x9F, read=3)[0] == b"\xff\xff\xff"
    q.write(XSPIM_CR, 0)
    assert spi.run(0x9F, read=3)[0] == b"\xc2\x84\x39"
    q.write(XSPIM_CR, 1)                                         # MUXEN: logged
    assert "port with no memory" in q.guest_log()
    assert "MUXEN" in q.guest_log()
    q.qmp("system_reset")                                        # supply off again
    assert q.read(XSPIM_CR) == 0
    assert spi.run(0x9F, read=3)[0] == b"\xff\xff\xff"


def test_nucleo_leds_and_button(q):
    GPIOD, GPIOB, GPIOC = 0x58020C00, 0x58020400, 0x58020800
    q.write(GPIOD + 0x00, 0xFFFFFFFF & ~(3 << 20) | 1 << 20)   # PD10 output
    q.write(GPIOD + 0x18, 1 << 10)                            # BSRR: set
    assert q.prop("/machine", "led-ld1") is True
    q.write(GPIOD + 0x18, 1 << 26)                            # reset
    assert q.prop("/machine", "led-ld1") is False
    q.set_prop("/machine", "button-user", True)
    assert q.read(GPIOC + 0x10) >> 13 & 1 == 1
    assert q.read(0x58024400) & 4                             # RCC_CR.HSIRDY
    q.write(0x58024400, 1 | 1 << 24)                          # PLL1ON
    assert q.read(0x58024400) & 1 << 25                       # PLL1RDY
