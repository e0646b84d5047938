"""The firmware calls down only: no object built from firmware/ refers to a
symbol that an object built from bindings/ defines (a binding's board glue
registers upward, e.g. with the tick dispatch, instead of being named)."""
import os
import subprocess

from h7tools import TOP

BUILD = os.path.join(TOP, "build/micropython")
# MicroPython's own objects (py, extmod, shared, lib) and the portable
# libraries are neither firmware nor bindings
NOT_FIRMWARE = ("py/", "extmod/", "shared/", "lib/", "genhdr/", "frozen_content", "ipc/")
BINDINGS = ("ble/", "mp_rlvgl/")             # USER_C_MODULES: bindings/micropython/*


def objects():
    out = []
    for d, _, files in os.walk(BUILD):
        out += [os.path.relpath(os.path.join(d, f), BUILD) for f in files if f.endswith(".o")]
    return out


def symbols(objs, flag):
    r = subprocess.run(["arm-none-eabi-nm", flag, *[os.path.join(BUILD, o) for o in objs]],
                       capture_output=True, text=True, check=True)
    return {line.split()[-1] for line in r.stdout.splitlines() if line and not line.endswith(":")
            and len(line.split()) >= 2}


def test_firmware_names_no_binding_symbol():
    objs = objects()
    firmware = [o for o in objs if not o.startswith(NOT_FIRMWARE + BINDINGS)]
    bindings = [o for o in objs if o.startswith(BINDINGS)]
    assert "main.o" in firmware and "mphalport.o" in firmware and "fw/h747/h7_tick.o" in firmware
    assert "ble/port_h747.o" in bindings and "mp_rlvgl/port_h747.o" in bindings
    wanted = symbols(firmware, "--undefined-only")
    provided = symbols(bindings, "--defined-only")
    assert wanted, "no undefined symbols read: the check would pass on anything"
    assert provided
    crossing = sorted(wanted & provided)
    assert not crossing, f"firmware/ refers to symbols defined under bindings/: {crossing}"
