# The example of ../shared/API.md, as it stands.  Runs on the board
# (scripts/run_qemu.sh --exec examples/ui_hello.py --screenshot hello.png),
# under CPython (PYTHONPATH=build/cpython) and build/mpy-unix/micropython.
import mp_rlvgl as ui

ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 20, "y": 20, "w": 100, "h": 40, "color": 0xFF00FF})
ui.stack_add(1, {"kind": "text", "x": 24, "y": 30, "text": "hello", "fg": 0xFFFFFF})
ui.present()
if hasattr(ui, "save_png"):             # the desktop mirror
    ui.save_png("hello.png")
