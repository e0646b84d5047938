"""Fixtures of the board, register-level and desktop tests."""
import pytest
from h7tools import btvirt as btvirt_server
from h7tools import qemu as h7qemu


@pytest.fixture
def qt():
    """A board with no CPU running: registers are driven over qtest."""
    q = h7qemu.Qemu(qtest=True)
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


@pytest.fixture
def flash_file(tmp_path):
    return str(tmp_path / "flash.bin")


@pytest.fixture
def mpy_board(flash_file):
    """Boots the MicroPython image on a DISCO made with these arguments
    (machine=, extra=, as h7qemu.Qemu takes them) and enters the raw REPL;
    the board is checked alive and closed after the test."""
    boards = []

    def boot(**kw):
        h7qemu.make_flash(flash_file, h7qemu.MPY_FIRMWARE)
        q = h7qemu.Qemu(flash=flash_file, **kw)
        boards.append(q)
        q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
        return q

    yield boot
    for q in boards:
        alive = q.alive()
        q.close()
        assert alive, "QEMU died during the test"


@pytest.fixture
def btvirt():
    """Debian's btvirt serving LE controllers on /tmp/bt-server-le."""
    with btvirt_server.running() as p:
        yield p
