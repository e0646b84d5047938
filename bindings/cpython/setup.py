"""mp_rlvgl for CPython (desktop mirror).  From this directory:
    pip install --no-build-isolation .
needs Debian's python3-dev and python3-setuptools; the font header is made
from the console font that scripts/deps.sh fetched."""
import os
import subprocess
import sys

from setuptools import Extension, setup

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
GEN = os.path.join(TOP, "build/ui")
FONT = os.path.join(TOP, ".deps/fonts/Lat15-Terminus16.psf.gz")
os.makedirs(GEN, exist_ok=True)
if not os.path.exists(FONT):
    sys.exit(f"mp_rlvgl: {FONT} missing: run scripts/deps.sh (or make build) first")
subprocess.run([sys.executable, os.path.join(TOP, "scripts/mkfont.py"), FONT,
                os.path.join(GEN, "ui_font_data.h")], check=True)

UI = ["ui_node.c", "ui_wire.c", "ui_render.c", "ui_app.c", "ui_server.c", "ui_png.c",
      "ui_host.c", "ui_sdl.c"]
IPC = ["ipc_ring.c", "ipc_chan.c", "ipc_host.c"]


setup(
    name="mp_rlvgl",
    version="0.1",
    description="h7stack display-stack API, desktop mirror",
    ext_modules=[Extension(
        "mp_rlvgl",
        sources=["mp_rlvgl.c"] + [os.path.join(TOP, "lib/ui", f) for f in UI] +
                [os.path.join(TOP, "lib/ipc", f) for f in IPC],
        include_dirs=[os.path.join(TOP, "lib/ui"), os.path.join(TOP, "lib/ipc"), GEN,
                      "/usr/include/SDL2"],
        extra_compile_args=["-std=c11", "-Wall", "-Wextra", "-Werror", "-Wno-missing-field-initializers", "-Wno-unused-parameter",
                            "-D_DEFAULT_SOURCE"],
        libraries=["pthread", "SDL2"],
    )],
)
