"""HSEM: 2-step and 1-step locking with core and process IDs, release rules,
key-protected clear, free-semaphore interrupts."""
HSEM = 0x58026400
RLR, C1IER, C1ICR, C1ISR, C1MISR, CR, KEYR = 0x80, 0x100, 0x104, 0x108, 0x10C, 0x140, 0x144
LOCK = 1 << 31
CM7, CM4 = 3 << 8, 1 << 8          # COREID fields
IRQ_HSEM1 = 125
PATH = "/machine/soc/hsem"


def r(n):
    return HSEM + 4 * n


def test_reset_all_free(qt):
    assert all(qt.read(r(n)) == 0 for n in range(32))
    assert qt.read(HSEM + C1ISR) == 0


def test_two_step_lock_and_release(qt):
    qt.write(r(5), LOCK | CM7 | 0x42)
    assert qt.read(r(5)) == LOCK | CM7 | 0x42
    qt.write(r(5), LOCK | CM7 | 0x43)                  # other process: no change
    assert qt.read(r(5)) == LOCK | CM7 | 0x42
    qt.write(r(5), CM7 | 0x43)                         # wrong process: no release
    assert qt.read(r(5)) == LOCK | CM7 | 0x42
    assert "held by core" in qt.guest_log()
    qt.write(r(5), CM7 | 0x42)
    assert qt.read(r(5)) == 0


def test_one_step_lock_by_read(qt):
    assert qt.read(HSEM + RLR + 4 * 7) == LOCK | CM7    # taken by the reader
    assert qt.read(r(7)) == LOCK | CM7
    qt.set_prop(PATH, "nocpu-coreid", 1)               # now accesses come from the CM4
    assert qt.read(HSEM + RLR + 4 * 7) == LOCK | CM7    # busy: the owner is returned
    qt.write(r(7), CM4)                                # the CM4 cannot release it
    assert qt.read(r(7)) == LOCK | CM7


def test_core_id_must_be_the_writers(qt):
    qt.write(r(1), LOCK | CM4 | 1)                     # the CM7 claims to be the CM4
    assert qt.read(r(1)) == 0
    assert "COREID" in qt.guest_log()


def test_free_interrupt_for_the_enabled_core(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(r(2), LOCK | CM7)
    qt.write(r(2), CM7)                                # freed before IER: no status
    assert qt.read(HSEM + C1ISR) == 0
    qt.write(HSEM + C1IER, 1 << 2)
    qt.write(r(2), LOCK | CM7)
    qt.write(r(2), CM7)
    assert qt.read(HSEM + C1ISR) == 1 << 2
    assert qt.read(HSEM + C1MISR) == 1 << 2
    assert qt.irq_level(IRQ_HSEM1) == 1
    qt.write(HSEM + C1ICR, 1 << 2)
    assert qt.read(HSEM + C1ISR) == 0
    assert qt.irq_level(IRQ_HSEM1) == 0


def test_clear_all_of_a_core_needs_the_key(qt):
    for n in (3, 4):
        qt.write(r(n), LOCK | CM7 | n)
    qt.set_prop(PATH, "nocpu-coreid", 1)
    qt.write(r(9), LOCK | CM4)
    qt.write(HSEM + KEYR, 0x1234 << 16)
    qt.write(HSEM + CR, 0x4321 << 16 | CM7)            # wrong key
    assert qt.read(r(3)) & LOCK
    qt.write(HSEM + CR, 0x1234 << 16 | CM7)
    assert qt.read(r(3)) == 0 and qt.read(r(4)) == 0
    assert qt.read(r(9)) == LOCK | CM4                 # the CM4's stays
