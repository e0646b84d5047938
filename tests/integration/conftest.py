"""Fixtures of the board, register-level and desktop tests."""
import os
import time

import pytest
from h7tools import btvirt as btvirt_server
from h7tools import qemu as h7qemu


def close_checked(boards):
    """close every board, then fail if one had died during the test"""
    dead = [q for q in boards if not q.alive()]
    for q in boards:
        q.close()
    assert not dead, "QEMU died during the test"


@pytest.fixture
def qtest_board():
    """qtest_board(machine=..., **kw): a board with no CPU running, its
    registers driven over qtest (machine: the -M value, e.g. with jumpers=;
    kw as h7qemu.Qemu takes them); each is checked alive and closed after
    the test."""
    boards = []

    def make(machine="stm32h747i-disco", **kw):
        boards.append(h7qemu.Qemu(machine=machine, qtest=True, **kw))
        return boards[-1]

    yield make
    close_checked(boards)


@pytest.fixture
def qt(qtest_board):
    """The DISCO with no CPU running, driven over qtest."""
    return qtest_board()


@pytest.fixture
def flash_file(tmp_path):
    return str(tmp_path / "flash.bin")


# Boards start from a booted one with the same QEMU arguments where there
# is one (h7qemu.freeze/thaw): the first board of each kind boots and is
# kept as the template.  H7_BOOT_SNAPSHOTS=0 boots every board.
SNAPSHOTS = os.environ.get("H7_BOOT_SNAPSHOTS", "1") != "0"


@pytest.fixture(scope="session")
def boot_templates(tmp_path_factory):
    """{QEMU arguments: (flash file, state file)} of the kept boards."""
    return {"dir": tmp_path_factory.mktemp("templates"), "kept": {}}


@pytest.fixture
def mpy_board(flash_file, boot_templates, request):
    """Boots the MicroPython image on a DISCO made with these arguments
    (machine=, extra=, as h7qemu.Qemu takes them) and enters the raw REPL;
    the board is checked alive and closed after the test.  A new board
    starts from a kept one when it can (above); a second board on the same
    flash file boots from it.  Each start's time goes to the run's summary
    (tests/conftest.py)."""
    boards = []

    def started(how, t0):
        request.node.user_properties.append(("board_start", (how, time.monotonic() - t0)))

    def boot(**kw):
        t0 = time.monotonic()
        key = (repr(sorted(kw.items())), os.stat(h7qemu.MPY_FIRMWARE).st_mtime_ns)
        fresh = SNAPSHOTS and not os.path.exists(flash_file)
        kept = boot_templates["kept"].get(key) if fresh else None
        if kept:
            q = h7qemu.thaw(*kept, flash_file, **kw)
            boards.append(q)
            q.enter_raw_repl()            # it was kept at the raw REPL
            started("from a snapshot", t0)
            return q
        # a new template's files stay in the session's folder
        base = str(boot_templates["dir"] / f"{len(boot_templates['kept'])}-flash.bin") \
            if fresh else flash_file
        h7qemu.make_flash(base, h7qemu.MPY_FIRMWARE)
        q = h7qemu.Qemu(flash=base, **kw)
        boards.append(q)
        q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
        started("booted", t0)
        if fresh:
            state = base[:-len(".bin")] + ".state"
            h7qemu.freeze(q, flash_file, state)     # it goes on in overlays at flash_file
            boot_templates["kept"][key] = (base, state)
        return q

    yield boot
    close_checked(boards)


@pytest.fixture
def btvirt():
    """Debian's btvirt serving LE controllers on /tmp/bt-server-le."""
    with btvirt_server.running() as p:
        yield p

