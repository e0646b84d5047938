import os
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(TOP, "scripts"))
FIRMWARE = os.path.join(TOP, "build/firmware")

import pytest  # noqa: E402
import btvirt_server  # noqa: E402
import h7qemu  # noqa: E402


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
