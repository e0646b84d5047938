# Input echo: a highlight follows each touch (or mouse press), the last event
# is printed on screen.  On the board, touch the window (or inject touches
# with QMP input-send-event); on the desktop, events come from notify_input.
import mp_rlvgl as ui

ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 0, "y": 0, "w": 800, "h": 480, "color": 0x101830})
ui.stack_add(1, {"kind": "text", "x": 8, "y": 8, "text": "touch the screen", "fg": 0xFFFFFF})
ui.stack_add(2, {"kind": "rect", "x": -40, "y": -40, "w": 30, "h": 30, "color": 0xFFFF00})
ui.present()


def on_input(e):
    if "x" in e:
        ui.stack_replace(2, {"kind": "rect", "x": e["x"] - 15, "y": e["y"] - 15, "w": 30,
                             "h": 30, "color": 0xFFFF00, "alpha": 200})
    ui.stack_replace(1, {"kind": "text", "x": 8, "y": 8, "text": repr(e), "fg": 0xFFFFFF,
                         "bg": 0x000000})
    ui.present()
    print(e)


ui.on_input(on_input)
if hasattr(ui, "save_png"):
    # the desktop: play a few events through the same path as hardware ones
    for x, y in ((100, 100), (400, 240), (700, 400)):
        ui.notify_input({"kind": "press", "x": x, "y": y})
        ui.notify_input({"kind": "release", "x": x, "y": y})
    ui.present()
    ui.save_png("input_echo.png")
else:
    print("touch the screen; Ctrl-C to stop")
    import time
    while True:
        time.sleep_ms(50)
