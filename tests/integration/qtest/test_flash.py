"""Embedded flash interface: keys, 256-bit programming, erase, errors,
interrupt, and persistence of the array in the backing file."""
from h7tools import qemu as h7qemu

FL = 0x52002000
KEYR, CR, SR, CCR = 0x04, 0x0C, 0x10, 0x14
BANK2 = 0x100
B1, B2 = 0x08000000, 0x08100000
LOCK, PG, SER, BER, FW, START = 1, 2, 4, 8, 1 << 6, 1 << 7
EOP, WRPERR, PGSERR, INCERR = 1 << 16, 1 << 17, 1 << 18, 1 << 21


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
    assert qt.read(FL + SR) & EOP
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
    qt.write(FL + BANK2 + CR, 3 << 4 | SER | 3 << 8 | START)
    assert qt.read(B2 + 3 * 0x20000) == 0xFFFFFFFF     # sector 3 erased
    assert qt.read(B2 + 4 * 0x20000) == 0              # sector 4 untouched
    qt.write(FL + BANK2 + CR, 3 << 4 | BER | START)
    assert qt.read(B2 + 4 * 0x20000) == 0xFFFFFFFF
    assert not qt.read(FL + BANK2 + CR) & START        # START self-clears


def test_eop_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    unlock(qt)
    program_word(qt, B1, [7] * 7, cr_extra=1 << 16)    # EOPIE
    assert qt.irq_level(4) == 0                        # word not complete yet
    qt.write(B1 + 28, 7)
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
