"""mp_rlvgl on the virtual board: the CM7 builds the stack, the CM4 renders
it into the SDRAM framebuffer on screen.  Every scene's screenshot equals
the desktop mirror's frame; floods, errors and touches from QMP."""
import os
import time

from h7tools import qemu as h7qemu
import pytest
from h7tools import TOP
from PIL import Image
from h7tools.ui_cases import ERRORS, EXPECTED_ERRORS, FLOOD, RANDOM, UI_TESTS, cpython

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    flash = str(tmp_path_factory.mktemp("board") / "flash.bin")
    h7qemu.make_flash(flash, FIRMWARE, h7qemu.CM4_IMAGE)
    q = h7qemu.Qemu(flash=flash, timeout=120)
    q.enter_raw_repl()
    yield q
    alive = q.alive()
    q.close()
    assert alive


def run(q, code, timeout=None):
    out, err = q.raw_exec(code, timeout)
    assert err == "", err
    return out.replace("\r\n", "\n")


def test_scenes_on_the_board_equal_the_desktop(board, tmp_path):
    desk = tmp_path / "desktop"
    desk.mkdir()
    r = cpython(os.path.join(UI_TESTS, "run_scenes.py"), str(desk))
    assert r.returncode == 0, r.stderr
    import scenes
    run(board, "import mp_rlvgl as ui\n" + open(os.path.join(UI_TESTS, "scenes.py")).read())
    for n, name in enumerate(scenes.NAMES):
        before = board.prop("/machine/soc/dma2d", "transfers")
        run(board, f"run(ui, {n})")
        got = board.screen(tmp_path / f"board_{n:02d}.png")
        if name == "text_ascii":
            # six opaque text nodes and no large fill: each a DMA2D transfer
            assert board.prop("/machine/soc/dma2d", "transfers") - before >= 6
        want = list(Image.open(desk / f"{n:02d}_{name}.png").convert("RGB").getdata())
        assert got == want, f"scene {name}: the board's screen differs from the desktop frame"
    st = run(board, "s = ui.stats(); print(s['frames'], s['dropped'], s['render_us_last'] > 0)")
    assert st.split()[1:] == ["0", "True"]
    # large fills and opaque text went through the DMA2D, the rest through
    # the CPU: same pixels
    assert board.prop("/machine/soc/dma2d", "transfers") > 20


def test_errors_on_the_board(board):
    out = run(board, ERRORS)
    # the frame number depends on what ran before on this board
    lines, want = out.splitlines(), EXPECTED_ERRORS.splitlines()
    assert lines[:-1] == want[:-1]
    assert lines[-1].startswith("nodes 1 frame ")


@pytest.mark.parametrize("n", [1000, 100000])
def test_flood_on_the_board(board, tmp_path, n):
    script = tmp_path / "flood.py"
    script.write_text(FLOOD)
    r = cpython(str(script), str(n), "100", str(tmp_path / "desktop.png"))
    assert r.returncode == 0, r.stderr
    code = FLOOD.replace("import sys\n", "").replace("int(sys.argv[1]), int(sys.argv[2])",
                                                     f"{n}, 100")
    code = code.replace('ui.save_png(sys.argv[3])', "print(st['producer_waits'], "
                        "st['queue_high_water'])")
    # counters since the start of this flood (the board ran other tests)
    code = "import mp_rlvgl as ui\ns0 = ui.stats()\n" + code.replace(
        'print(st["ops"], st["frames"]', 'print(st["ops"] - s0["ops"], st["frames"] - s0["frames"]')
    out = run(board, code, timeout=900).split()
    ops, frames, nodes, dropped, hw_seen, waits, hw = out
    assert int(ops) == n + 1 + n // 100 + 1
    assert int(frames) == n // 100 + 1 and nodes == "64" and dropped == "0"
    if n == 100000:
        print(f"board flood: {waits} producer waits, queue high water {hw} of 8192 bytes")
    assert board.screen(tmp_path / "board.png") == \
        list(Image.open(tmp_path / "desktop.png").convert("RGB").getdata())


ECHO = r"""
import mp_rlvgl as ui
got = []
def on(e):
    got.append(e)
    if e["kind"] == "press":
        ui.stack_replace(1, {"kind": "rect", "x": e["x"] - 10, "y": e["y"] - 10, "w": 20,
                             "h": 20, "color": 0xFFFF00})
        ui.present()
    print("ev", e["kind"], e["x"], e["y"])
ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 0, "y": 0, "w": 800, "h": 480, "color": 0x000040})
ui.stack_add(1, {"kind": "rect", "x": 0, "y": 0, "w": 1, "h": 1, "color": 0})
ui.present()
ui.on_input(on)
print("ready")
"""


def test_touches_from_qmp_reach_the_callback(board, tmp_path):
    board.serial_write(b"\x02")                         # friendly REPL: callbacks run
    board.serial_read_until(b">>> ")
    board.enter_raw_repl()
    out, err = board.raw_exec(ECHO)
    assert err == "" and "ready" in out
    board.serial_write(b"\x02")
    board.serial_read_until(b">>> ")
    # the callback runs while the REPL waits for input (scheduled)
    points = [((37 * i) % 780 + 10, (53 * i) % 460 + 10) for i in range(200)]
    for i, (x, y) in enumerate(points):
        for down in (True, False):
            board.touch(x, y, down)
            kind = "press" if down else "release"
            board.serial_read_until(f"ev {kind} {x} {y}\r\n".encode(), timeout=30)
    board.enter_raw_repl()
    out = run(board, "print(len(got), ui.stats()['events'])")
    assert out.split()[0] == "400"
    # the highlight sits at the last touch
    img = board.screen(tmp_path / "echo.png")
    x, y = points[-1]
    assert img[y * 800 + x] == (255, 255, 0)
    assert img[(y + 15) % 480 * 800 + x] != (255, 255, 0) or y + 15 >= 480


# the display stack's command ring in SRAM4 (firmware/h747/h7_shm.h, whose
# _Static_asserts pin these offsets): after the header line and the two
# 16 KiB general rings, the UI flags (two lines), then the 8 KiB ring, whose
# control block has head on its first line and tail on its second
IPC_LINE, RING_CTRL = 32, 3 * 32
UI_CMD_RING = 0x38000000 + 0x80 + 2 * (RING_CTRL + 16384) + 2 * IPC_LINE
RING_FULL = 7000                # of 8192 bytes: no 64-byte record fits any more


def ui_ring_used(board):
    def word(addr):
        return int(board.hmp(f"xp /1wx 0x{addr:x}").split(":")[1], 16)
    return (word(UI_CMD_RING) - word(UI_CMD_RING + IPC_LINE)) & 0xFFFFFFFF


def test_full_queue_makes_the_producer_wait_and_loses_nothing(board, tmp_path):
    """The CM4 halted from QMP while the CM7 floods: the 8 KiB command ring
    fills, stack_replace waits (counted), and once the CM4 runs again
    everything is applied: the final frame equals the desktop's."""
    n = 3000
    script = tmp_path / "flood.py"
    script.write_text(FLOOD)
    r = cpython(str(script), str(n), "1000", str(tmp_path / "desktop.png"))
    assert r.returncode == 0, r.stderr
    code = ("import mp_rlvgl as ui\ns0 = ui.stats()\n" +
            FLOOD.replace("import sys\n", "").replace("int(sys.argv[1]), int(sys.argv[2])",
                                                      f"{n}, 1000")
            .replace('ui.save_png(sys.argv[3])', "print(st['producer_waits'] - "
                     "s0['producer_waits'], st['queue_high_water'])"))
    board.set_prop("/machine", "cm4-halted", True)
    board.serial_write(code.encode() + b"\x04")
    board.serial_read_until(b"OK")
    # the CM7 fills the ring (read in SRAM4 over QMP) and waits
    deadline = time.monotonic() + 60
    while ui_ring_used(board) < RING_FULL:
        assert time.monotonic() < deadline, f"the ring holds {ui_ring_used(board)} bytes"
        time.sleep(0.05)
    board.set_prop("/machine", "cm4-halted", False)
    out = board.serial_read_until(b"\x04", 120)[:-1]
    err = board.serial_read_until(b"\x04", 120)[:-1]
    board.serial_read_until(b">")
    assert err == "", err
    ops, frames, nodes, dropped, _, waits, hw = out.split()
    assert nodes == "64" and dropped == "0" and int(waits) > 0 and int(hw) > 7000
    assert board.screen(tmp_path / "board.png") == \
        list(Image.open(tmp_path / "desktop.png").convert("RGB").getdata())


def test_joystick_and_button_are_key_events(board):
    """Each key press and release becomes one event.  The CM4 reads the pins
    after the edge interrupt, as a person presses keys: one change at a time
    (two changes between two reads are seen together, by design)."""
    run(board, "import mp_rlvgl as ui\nkeys = []\nui.on_input(keys.append)")
    n = 0
    for key in ("up", "ret", "spc", "left"):
        for down in (True, False):
            board.qmp("input-send-event", events=[
                {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": key}}}])
            n += 1
            deadline = time.monotonic() + 10
            while int(run(board, "ui.poll()\nprint(len(keys))")) < n:
                assert time.monotonic() < deadline, f"no event for {key} down={down}"
    out = run(board, "print([(k['key'], k['pressed']) for k in keys if k['kind'] == "
                     "'key'], ui.KEY_UP, ui.KEY_USER)")
    pairs, up, user = out.rsplit(" ", 2)
    assert (int(up), int(user)) == (5, 6)
    assert pairs == "[(5, True), (5, False), (1, True), (1, False), (6, True), (6, False), " \
                    "(3, True), (3, False)]"
    run(board, "ui.on_input(None)")


def test_random_dicts_on_the_board(board, tmp_path):
    code = "import mp_rlvgl as ui\n" + open(os.path.join(UI_TESTS, "scenes.py")).read() + \
        RANDOM.replace("import scenes\n", "").replace("scenes.run", "run").replace(
            "import sys\nui.save_png(sys.argv[1])\n", "")
    out = run(board, code, timeout=600).split()
    assert int(out[0]) + int(out[1]) == 10000 and out[2] == "True"
    desk = tmp_path / "desk"
    desk.mkdir()
    r = cpython(os.path.join(UI_TESTS, "run_scenes.py"), str(desk))
    assert r.returncode == 0
    assert board.screen(tmp_path / "after.png") == \
        list(Image.open(desk / "00_overlap.png").convert("RGB").getdata())
