"""Embedded flash interface: keys, 256-bit programming, erase, errors,
interrupt, BSY/QW for the operation's time in virtual time, a power cut in
that window, and persistence of the array in the backing file."""
import pytest
from h7tools import qemu as h7qemu

FL = 0x52002000
KEYR, CR, SR, CCR = 0x04, 0x0C, 0x10, 0x14
BANK2 = 0x100
B1, B2 = 0x08000000, 0x08100000
LOCK, PG, SER, BER, FW, START = 1, 2, 4, 8, 1 << 6, 1 << 7
EOP, WRPERR, PGSERR, INCERR = 1 << 16, 1 << 17, 1 << 18, 1 << 21
BSY, QW = 1, 4
US = 1000
T_PROG, T_ERASE = 100 * US, 1_100_000 * US             # the model's defaults (ns)


def unlock(q, bank=0):
    q.write(FL + bank + KEYR, 0x45670123)
    q.write(FL + bank + KEYR, 0xCDEF89AB)
    assert not q.read(FL + bank + CR) & LOCK


def program_word(q, addr, words, bank=0, cr_extra=0):
    q.write(FL + bank + CR, 3 << 4 | PG | cr_extra)
    for i, w in enumerate(words):
        q.write(addr + 4 * i, w)


def test_reset_values(qt):
    assert qt.read(FL + 0x00) == 0x37                  # ACR: 7 WS, WRHIGHFREQ 3
    assert qt.read(FL + CR) == 0x31                    # LOCK, PSIZE x64
    assert qt.read(FL + BANK2 + CR) == 0x31
    assert qt.read(B1) == 0xFFFFFFFF


def test_locked_cr_ignores_writes(qt):
    qt.write(FL + CR, PG)
    assert qt.read(FL + CR) == 0x31
    assert "locked" in qt.guest_log()


def test_wrong_key_locks_until_reset(qt):
    qt.write(FL + KEYR, 0x12345678)
    qt.write(FL + KEYR, 0x45670123)
    qt.write(FL + KEYR, 0xCDEF89AB)
    assert qt.read(FL + CR) & LOCK
    qt.qmp("system_reset")
    unlock(qt)


def test_program_flash_word(qt):
    unlock(qt)
    words = [0x11111111 * (i + 1) for i in range(8)]
    program_word(qt, B1 + 0x40, words)
    assert [qt.read(B1 + 0x40 + 4 * i) for i in range(8)] == words
    assert qt.read(FL + SR) & (BSY | QW | EOP) == BSY | QW   # programming
    qt.clock_step(T_PROG - US)
    assert qt.read(FL + SR) & BSY
    qt.clock_step(2 * US)
    assert qt.read(FL + SR) & (BSY | QW | EOP) == EOP
    qt.write(FL + CCR, EOP)
    assert not qt.read(FL + SR) & EOP


def test_partial_word_waits_then_force_write(qt):
    unlock(qt)
    program_word(qt, B1 + 0x80, [0xA5A5A5A5, 0x5A5A5A5A])
    assert qt.read(FL + SR) & 2                        # WBNE: buffer waits
    assert qt.read(B1 + 0x80) == 0xFFFFFFFF
    qt.write(FL + CR, 3 << 4 | PG | FW)
    assert qt.read(B1 + 0x80) == 0xA5A5A5A5
    assert qt.read(B1 + 0x84) == 0x5A5A5A5A
    assert qt.read(B1 + 0x88) == 0xFFFFFFFF


def test_programming_only_clears_bits(qt):
    unlock(qt)
    program_word(qt, B1, [0xF0F0F0F0] * 8)
    program_word(qt, B1, [0x0FFF0FFF] * 8)
    assert qt.read(B1) == 0x00F000F0


def test_write_without_pg_is_pgserr(qt):
    unlock(qt)
    qt.write(B1 + 0x100, 0)
    assert qt.read(FL + SR) & PGSERR
    assert qt.read(B1 + 0x100) == 0xFFFFFFFF


def test_second_word_before_first_complete_is_incerr(qt):
    unlock(qt)
    program_word(qt, B1, [1, 2])
    qt.write(B1 + 0x20, 3)
    assert qt.read(FL + SR) & INCERR
    qt.write(FL + CCR, INCERR)
    assert not qt.read(FL + SR) & INCERR


def test_sector_and_bank_erase(qt):
    unlock(qt)
    unlock(qt, BANK2)
    program_word(qt, B2 + 3 * 0x20000, [0] * 8, BANK2)
    program_word(qt, B2 + 4 * 0x20000, [0] * 8, BANK2)
    qt.clock_step(2 * T_PROG)
    qt.write(FL + BANK2 + CR, 3 << 4 | SER | 3 << 8 | START)
    assert qt.read(B2 + 3 * 0x20000) == 0xFFFFFFFF     # sector 3 erased
    assert qt.read(B2 + 4 * 0x20000) == 0              # sector 4 untouched
    qt.clock_step(T_ERASE - 1000 * US)
    assert qt.read(FL + BANK2 + SR) & (BSY | QW) == BSY | QW
    qt.clock_step(2000 * US)
    assert qt.read(FL + BANK2 + SR) & (BSY | QW | EOP) == EOP
    qt.write(FL + BANK2 + CR, 3 << 4 | BER | START)
    assert qt.read(B2 + 4 * 0x20000) == 0xFFFFFFFF
    assert not qt.read(FL + BANK2 + CR) & START        # START self-clears
    qt.clock_step(8 * T_ERASE - 1000 * US)             # a bank: eight sectors' time
    assert qt.read(FL + BANK2 + SR) & BSY
    qt.clock_step(2000 * US)
    assert not qt.read(FL + BANK2 + SR) & BSY


def test_operations_queue_behind_a_running_one(qt):
    unlock(qt)
    qt.write(FL + CR, 3 << 4 | SER | 1 << 8 | START)   # sector 1: 1.1 s
    program_word(qt, B1, [0] * 8)                      # sector 0, while busy
    qt.clock_step(T_ERASE + T_PROG - 10 * US)
    assert qt.read(FL + SR) & BSY
    qt.clock_step(20 * US)
    assert not qt.read(FL + SR) & BSY


def cut(q):
    q.qmp("stop")
    q.qmp("qom-set", path="/machine", property="power-cut", value=True)


def test_power_cut_during_erase_leaves_the_sector_neither(qt):
    unlock(qt)
    program_word(qt, B1 + 0x20000, [0] * 8)
    program_word(qt, B1 + 0x40000, [0] * 8)            # sector 2: not erased
    qt.clock_step(3 * T_PROG)
    qt.write(FL + CR, 3 << 4 | SER | 1 << 8 | START)
    qt.clock_step(T_ERASE // 2)
    cut(qt)
    words = [qt.read(B1 + 0x20000 + 4 * i) for i in range(0x8000)]
    erased = sum(w == 0xFFFFFFFF for w in words)
    assert erased < len(words) // 100                  # random, not erased ...
    assert len(set(words)) > len(words) // 2           # ... and not the old zeros
    assert qt.read(B1 + 0x40000) == 0                  # the next sector untouched
    assert not qt.read(FL + SR) & BSY


def test_power_cut_during_program_clears_only_some_bits(qt):
    unlock(qt)
    program_word(qt, B1, [0x0000FFFF] * 8)
    qt.clock_step(2 * T_PROG)
    program_word(qt, B1, [0] * 8)                      # clears the low halves
    cut(qt)
    words = [qt.read(B1 + 4 * i) for i in range(8)]
    assert all(w & 0xFFFF0000 == 0 for w in words)     # never set a cleared bit
    assert any(w & 0xFFFF for w in words)              # some bits not yet cleared


def test_power_cut_needs_a_stopped_machine(qt):
    with pytest.raises(h7qemu.QemuError, match="stop the machine first"):
        qt.set_prop("/machine", "power-cut", True)


def test_eop_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    unlock(qt)
    program_word(qt, B1, [7] * 7, cr_extra=1 << 16)    # EOPIE
    assert qt.irq_level(4) == 0                        # word not complete yet
    qt.write(B1 + 28, 7)
    assert qt.irq_level(4) == 0                        # programming: no EOP yet
    qt.clock_step(T_PROG + US)
    assert qt.irq_level(4) == 1                        # FLASH IRQ line
    qt.write(FL + CCR, EOP)
    assert qt.irq_level(4) == 0


def test_content_persists_in_backing_file(flash_file):
    h7qemu.make_flash(flash_file)
    with h7qemu.Qemu(qtest=True, flash=flash_file) as q:
        unlock(q, BANK2)
        program_word(q, B2 + 0x1000, list(range(8)), BANK2)
    with h7qemu.Qemu(qtest=True, flash=flash_file) as q:
        assert [q.read(B2 + 0x1000 + 4 * i) for i in range(8)] == list(range(8))
