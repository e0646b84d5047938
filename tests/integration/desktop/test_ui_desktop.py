"""mp_rlvgl on the desktop: the CPython extension and the MicroPython unix
port draw the same pixels, scene by scene, and both equal an independent
Python renderer; errors, random input, floods and input callbacks."""
import os
import subprocess

import pytest
from h7tools import TOP
from h7tools.ui_cases import (ERRORS, EXPECTED_ERRORS, FLOOD, RANDOM, UI_TESTS,
                             cpython, micropython)
from PIL import Image

@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    out = {}
    for name, run in (("cpython", cpython), ("unix", micropython)):
        d = tmp_path_factory.mktemp(name)
        r = run(os.path.join(UI_TESTS, "run_scenes.py"), str(d))
        assert r.returncode == 0, r.stdout + r.stderr
        out[name] = d
    return out


def test_scenes_identical_on_cpython_and_unix(frames):
    import scenes
    names = sorted(os.listdir(frames["cpython"]))
    assert len(names) == len(scenes.SCENES) >= 20
    for n in names:
        a = open(os.path.join(frames["cpython"], n), "rb").read()
        b = open(os.path.join(frames["unix"], n), "rb").read()
        assert a == b, f"{n}: CPython and MicroPython-unix frames differ"


def test_scenes_equal_the_reference_renderer(frames):
    """The C renderer redraws only dirty rectangles; the reference redraws
    every frame in full: the frames must be the same."""
    import reference
    import scenes
    for n, name in enumerate(scenes.NAMES):
        ref = reference.Reference()
        scenes.run(ref, n)
        img = Image.open(os.path.join(frames["cpython"], f"{n:02d}_{name}.png"))
        assert img.size == (800, 480)
        assert list(img.convert("RGB").getdata()) == ref.rgb(), f"scene {name}"


@pytest.mark.parametrize("run", [cpython, micropython], ids=["cpython", "unix"])
def test_every_invalid_node_and_event_raises_the_documented_error(run, tmp_path):
    script = tmp_path / "errors.py"
    script.write_text(ERRORS)
    r = run(str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout == EXPECTED_ERRORS


@pytest.mark.parametrize("run", [cpython, micropython], ids=["cpython", "unix"])
def test_random_dicts_leave_the_stack_intact(run, tmp_path, frames):
    script = tmp_path / "random_dicts.py"
    script.write_text(RANDOM)
    r = run(str(script), str(tmp_path / "after.png"))
    assert r.returncode == 0, r.stderr
    ok, errors, consistent = r.stdout.split()
    assert int(ok) + int(errors) == 10000 and int(ok) > 0 and int(errors) > 3000
    assert consistent == "True"
    # the stack still renders the first scene exactly
    assert open(tmp_path / "after.png", "rb").read() == \
        open(os.path.join(frames["cpython"], "00_overlap.png"), "rb").read()


@pytest.mark.parametrize("n", [1000, 100000])
def test_flood_applies_everything_in_order(tmp_path, n):
    script = tmp_path / "flood.py"
    script.write_text(FLOOD)
    outs = []
    for run in (cpython, micropython):
        png = tmp_path / f"{run.__name__}.png"
        r = run(str(script), str(n), "100", str(png))
        assert r.returncode == 0, r.stderr
        ops, frames, nodes, dropped, hw = r.stdout.split()
        assert int(ops) == n + 1 + n // 100 + 1       # clear, n nodes, presents
        assert int(frames) == n // 100 + 1 and nodes == "64" and dropped == "0"
        outs.append(png.read_bytes())
    assert outs[0] == outs[1]
    # the final frame is the last 64 rectangles, whatever came before
    import reference
    ref = reference.Reference()
    for i in range(n - 64, n):
        ref.stack[i % 64] = {"kind": "rect", "x": (i * 7) % 780, "y": (i * 13) % 460,
                             "w": 20, "h": 20, "color": i & 0xFFFFFF}
    ref.present()
    assert list(Image.open(tmp_path / "cpython.png").convert("RGB").getdata()) == ref.rgb()


INPUT = r"""
import mp_rlvgl as ui
got = []
ui.on_input(got.append)
for i in range(200):
    ui.notify_input({"kind": ("press", "move", "release")[i % 3], "x": i, "y": 2 * i})
ui.notify_input({"kind": "key", "key": 13, "pressed": True})
ui.notify_input({"kind": "scroll", "dx": -3, "dy": 4})
ui.present()
ok = all(got[i] == {"kind": ("press", "move", "release")[i % 3], "x": i, "y": 2 * i}
         for i in range(200))
print(len(got), ok, got[200]["key"], got[200]["pressed"], got[201]["dx"], got[201]["dy"])
ui.on_input(None)
ui.notify_input({"kind": "press", "x": 0, "y": 0})
ui.present()
print(len(got))
"""


@pytest.mark.parametrize("run", [cpython, micropython], ids=["cpython", "unix"])
def test_input_events_reach_the_callback_in_order(run, tmp_path):
    script = tmp_path / "input.py"
    script.write_text(INPUT)
    r = run(str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["202", "True", "13", "True", "-3", "4", "202"]


def test_pip_install_works_offline(tmp_path):
    r = subprocess.run(["/usr/bin/python3", "-m", "pip", "install", "-q", "--no-build-isolation",
                        "--no-index", "--target", str(tmp_path / "site"),
                        os.path.join(TOP, "bindings/cpython")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(["/usr/bin/python3", "-c", "import mp_rlvgl; print(mp_rlvgl.WIDTH, "
                        "mp_rlvgl.HEIGHT)"], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(tmp_path / "site")))
    assert r.stdout.split() == ["800", "480"]


WINDOW = r"""
import time
import mp_rlvgl as ui
got = []
ui.on_input(got.append)
ui.stack_add(0, {"kind": "rect", "x": 10, "y": 10, "w": 50, "h": 50, "color": 0xFF0000})
ui.present()
ui.window(True)
ui._window_inject(1, 100, 120)      # mouse down, drag, up: press, move, release
ui._window_inject(3, 110, 125)
ui._window_inject(2, 110, 125)
for i in range(100):
    ui.present()
    if len(got) >= 3:
        break
    time.sleep(0.02)
print(got)
ui.window(False)
print(ui.present() > 1)
"""


@pytest.mark.parametrize("run", [cpython, micropython], ids=["cpython", "unix"])
def test_window_with_the_mouse_as_touch_panel(run, tmp_path, monkeypatch):
    """SDL's offscreen driver stands in for a display: the window opens, the
    frame goes to it, mouse events in its queue come back as input events."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "offscreen")
    script = tmp_path / "window.py"
    script.write_text(WINDOW)
    r = run(str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "[{'kind': 'press', 'x': 100, 'y': 120}, {'kind': 'move', 'x': 110, 'y': 125}, "
        "{'kind': 'release', 'x': 110, 'y': 125}]", "True"]
    monkeypatch.setenv("SDL_VIDEODRIVER", "nonexistent")
    script.write_text("import mp_rlvgl as ui\ntry:\n    ui.window(True)\n"
                      "except OSError as e:\n    print(e)\n")
    r = run(str(script))
    assert r.stdout.strip() == "no window: nonexistent not available"
