"""The mp_rlvgl test cases that the desktop tests (CPython, MicroPython
unix) and the board tests share: how each desktop interpreter runs a
script, the error table, the random-dict and the flood scripts."""
import os
import subprocess

from . import TOP

UI_TESTS = os.path.join(TOP, "tests/ui")
MPY_UNIX = os.path.join(TOP, "build/mpy-unix/micropython")
CPY_PATH = os.path.join(TOP, "build/cpython")


def cpython(script, *args, timeout=300):
    env = dict(os.environ, PYTHONPATH=f"{CPY_PATH}:{UI_TESTS}")
    return subprocess.run(["/usr/bin/python3", script, *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=UI_TESTS)


def micropython(script, *args, timeout=300):
    env = dict(os.environ, MICROPYPATH=f".frozen:{UI_TESTS}")
    return subprocess.run([MPY_UNIX, "-X", "heapsize=8M", script, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=UI_TESTS, env=env)


ERRORS = r"""
import mp_rlvgl as ui
R = {"kind": "rect", "x": 1, "y": 2, "w": 3, "h": 4, "color": 5}
T = {"kind": "text", "x": 1, "y": 2, "text": "t", "fg": 5}
def without(d, k):
    d = dict(d); del d[k]; return d
def with_(d, k, v):
    d = dict(d); d[k] = v; return d
cases = []
for k in ("x", "y", "w", "h", "color"):
    cases.append(("missing " + k, without(R, k)))
for k in ("x", "y", "text", "fg"):
    cases.append(("text missing " + k, without(T, k)))
cases += [
    ("no kind", without(R, "kind")), ("kind not str", with_(R, "kind", 1)),
    ("unknown kind", with_(R, "kind", "circle")), ("unknown field", with_(R, "radius", 3)),
    ("x str", with_(R, "x", "1")), ("x float", with_(R, "x", 1.5)), ("x bool", with_(R, "x", True)),
    ("x low", with_(R, "x", -32769)), ("x high", with_(R, "x", 32768)),
    ("w negative", with_(R, "w", -1)), ("h high", with_(R, "h", 65536)),
    ("color high", with_(R, "color", 0x1000000)), ("color negative", with_(R, "color", -1)),
    ("alpha high", with_(R, "alpha", 256)), ("alpha str", with_(R, "alpha", "x")),
    ("huge int", with_(R, "x", 1 << 100)), ("text not str", with_(T, "text", 5)),
    ("text too long", with_(T, "text", "a" * 129)), ("bg high", with_(T, "bg", 1 << 24)),
    ("fg on rect", with_(R, "fg", 1)), ("w on text", with_(T, "w", 1)),
    ("not a dict", [1, 2]), ("key not str", with_(R, 5, 1)),
]
ui.stack_clear()
for name, node in cases:
    try:
        ui.stack_add(0, node)
        print(name, "-> accepted")
    except (ValueError, TypeError) as e:
        print(name, "->", type(e).__name__, e)
for z in (32768, -32769, "1", 1.0, None):
    try:
        ui.stack_add(z, R)
    except (ValueError, TypeError) as e:
        print("z", repr(z), "->", type(e).__name__, e)
ui.stack_add(7, R)
for call, args in (("stack_add", (7, R)), ("stack_replace", (8, R)), ("stack_remove", (8,))):
    try:
        getattr(ui, call)(*args)
    except ValueError as e:
        print(call, "->", e)
E = {"kind": "press", "x": 1, "y": 2}
for name, ev in (("event no kind", {"x": 1, "y": 2}), ("event unknown kind", {"kind": "tap"}),
                 ("event missing y", {"kind": "move", "x": 1}),
                 ("event unknown field", with_(E, "z", 1)),
                 ("key pressed not bool", {"kind": "key", "key": 1, "pressed": 1}),
                 ("key not int", {"kind": "key", "key": "a", "pressed": True}),
                 ("scroll out of range", {"kind": "scroll", "dx": 40000, "dy": 0}),
                 ("event not dict", 5)):
    try:
        ui.notify_input(ev)
        print(name, "-> accepted")
    except (ValueError, TypeError) as e:
        print(name, "->", type(e).__name__, e)
try:
    ui.on_input(5)
except TypeError as e:
    print("on_input ->", e)
print("nodes", ui.stats()["nodes"], "frame", ui.present())
"""

EXPECTED_ERRORS = """\
missing x -> ValueError field 'x' missing for kind 'rect'
missing y -> ValueError field 'y' missing for kind 'rect'
missing w -> ValueError field 'w' missing for kind 'rect'
missing h -> ValueError field 'h' missing for kind 'rect'
missing color -> ValueError field 'color' missing for kind 'rect'
text missing x -> ValueError field 'x' missing for kind 'text'
text missing y -> ValueError field 'y' missing for kind 'text'
text missing text -> ValueError field 'text' missing for kind 'text'
text missing fg -> ValueError field 'fg' missing for kind 'text'
no kind -> ValueError field 'kind' missing or not a str
kind not str -> ValueError field 'kind' missing or not a str
unknown kind -> ValueError field 'kind': unknown kind 'circle' (rect, text)
unknown field -> ValueError field 'radius': unknown for kind 'rect'
x str -> TypeError field 'x' must be an int
x float -> TypeError field 'x' must be an int
x bool -> TypeError field 'x' must be an int
x low -> ValueError field 'x' = -32769 out of range -32768..32767
x high -> ValueError field 'x' = 32768 out of range -32768..32767
w negative -> ValueError field 'w' = -1 out of range 0..65535
h high -> ValueError field 'h' = 65536 out of range 0..65535
color high -> ValueError field 'color' = 16777216 out of range 0..16777215
color negative -> ValueError field 'color' = -1 out of range 0..16777215
alpha high -> ValueError field 'alpha' = 256 out of range 0..255
alpha str -> TypeError field 'alpha' must be an int
huge int -> ValueError field 'x' = 9223372036854775807 out of range -32768..32767
text not str -> TypeError field 'text' must be a str
text too long -> ValueError field 'text' longer than 128 characters
bg high -> ValueError field 'bg' = 16777216 out of range 0..16777215
fg on rect -> ValueError field 'fg': unknown for kind 'rect'
w on text -> ValueError field 'w': unknown for kind 'text'
not a dict -> TypeError node must be a dict
key not str -> TypeError node field names must be str
z 32768 -> ValueError z = 32768 out of range -32768..32767
z -32769 -> ValueError z = -32769 out of range -32768..32767
z '1' -> TypeError z must be an int
z 1.0 -> TypeError z must be an int
z None -> TypeError z must be an int
stack_add -> layer z=7 is taken
stack_replace -> layer z=8 is empty
stack_remove -> layer z=8 is empty
event no kind -> ValueError field 'kind' missing or not a str
event unknown kind -> ValueError field 'kind': unknown event kind 'tap' (press, release, move, key, scroll)
event missing y -> ValueError field 'y' missing for event kind 'move'
event unknown field -> ValueError field 'z': unknown for event kind 'press'
key pressed not bool -> TypeError field 'pressed' must be a bool
key not int -> TypeError field 'key' must be an int
scroll out of range -> ValueError field 'dx' = 40000 out of range -32768..32767
event not dict -> TypeError event must be a dict
on_input -> on_input takes a callable or None
nodes 1 frame 1
"""


FLOOD = r"""
import mp_rlvgl as ui
import sys
n, every = int(sys.argv[1]), int(sys.argv[2])
ui.stack_clear()
for i in range(n):
    z = i % 64
    node = {"kind": "rect", "x": (i * 7) % 780, "y": (i * 13) % 460, "w": 20, "h": 20,
            "color": i & 0xFFFFFF}
    if i < 64:
        ui.stack_add(z, node)
    else:
        ui.stack_replace(z, node)
    if i % every == every - 1:
        ui.present()
frame = ui.present()
st = ui.stats()
print(st["ops"], st["frames"], st["nodes"], st["dropped"], st["queue_high_water"] > 0)
ui.save_png(sys.argv[3])
"""


RANDOM = r"""
import mp_rlvgl as ui
import scenes
seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
KEYS = ["kind", "x", "y", "w", "h", "color", "alpha", "text", "fg", "bg", "zz", 7]
VALS = [0, 1, -1, 255, 256, 65535, 65536, 32767, -32768, 1 << 24, 1 << 70, "rect", "text",
        "t\u00e9\u20ac", "", None, 1.5, True, [1], {"a": 1}, "a" * 200]
ok = errors = 0
ui.stack_clear()
BASE = ({"kind": "rect", "x": 1, "y": 2, "w": 3, "h": 4, "color": 5},
        {"kind": "text", "x": 1, "y": 2, "text": "t", "fg": 5})
for i in range(10000):
    d = dict(BASE[rnd(2)]) if rnd(4) else {}
    for _ in range(rnd(4)):
        k = KEYS[rnd(len(KEYS))]
        if rnd(3):
            d[k] = VALS[rnd(len(VALS))]
        elif k in d:
            del d[k]
    try:
        ui.stack_add(rnd(50), d)
        ok += 1
    except (ValueError, TypeError):
        errors += 1
ui.present()
st = ui.stats()
print(ok, errors, st["nodes"] == ok and ok <= 50)
scenes.run(ui, 0)
import sys
ui.save_png(sys.argv[1])
"""
