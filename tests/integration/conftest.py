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
def btvirt():
    """Debian's btvirt serving LE controllers on /tmp/bt-server-le."""
    with btvirt_server.running() as p:
        yield p
