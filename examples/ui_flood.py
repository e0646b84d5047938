# Flood: 100000 operations on 64 layers with present() every 100, then the
# statistics (ops, frames, queue high water, producer waits, dropped = 0).
import time

import mp_rlvgl as ui

N = 100000
ui.stack_clear()
t0 = time.time()
for i in range(N):
    node = {"kind": "rect", "x": (i * 7) % 780, "y": (i * 13) % 460, "w": 20, "h": 20,
            "color": i & 0xFFFFFF}
    if i < 64:
        ui.stack_add(i, node)
    else:
        ui.stack_replace(i % 64, node)
    if i % 100 == 99:
        ui.present()
ui.present()
print(N, "operations in", time.time() - t0, "s:", ui.stats())
