# Play every scene and save each frame: the desktop mirrors (CPython,
# MicroPython-unix) run this with the output directory as argument.
import sys

import mp_rlvgl as ui
import scenes

out = sys.argv[1]
for n in range(len(scenes.SCENES)):
    scenes.run(ui, n)
    ui.save_png("%s/%02d_%s.png" % (out, n, scenes.NAMES[n]))
print(len(scenes.SCENES), "scenes", ui.stats()["frames"], "frames")
