"""h7stack's Python helpers for tests, benchmarks and the command-line
scripts in scripts/: driving QEMU (qemu), Debian's btvirt (btvirt), the GDB
remote protocol (gdb_rsp), CMSIS-Pack flash algorithms (flm, h7s3_flash),
the H7S3 application header (h7s3_image), PSF console fonts (psf) and the
shared mp_rlvgl test cases (ui_cases).

pytest finds the package through pytest.ini's pythonpath; a script in
scripts/ puts the work tree on sys.path once (scripts/_h7path.py)."""
import os

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
