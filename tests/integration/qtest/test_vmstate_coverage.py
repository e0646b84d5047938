"""Every device in both machines has VMState, so savevm keeps it: each QOM
child of /machine that is a device (with the parts docs/devices.md attaches
with -device) is of a type, or a subtype of one, that QEMU's -dump-vmstate
lists.  The exceptions are named: the CPUs, which QEMU's CPU code saves
itself (registers, NVIC and SysTick are their own devices, checked here),
and QEMU's stateless helpers."""
import json
import subprocess

import pytest
from h7tools import qemu as h7qemu

# saved by QEMU's CPU code (cpu_exec_realizefn registers "cpu_common" and
# the Arm CPU's own VMState), not through a device class's vmsd
SAVED_BY_THE_CPU_CODE = {"cortex-m4-arm-cpu", "cortex-m7-arm-cpu"}
# QEMU's own devices without state: an IRQ fan-out, a logging hole
STATELESS = {"split-irq", "unimplemented-device"}

DEVICES = ["bme280,bus=i2c1,address=0x76", "lis3dh,bus=spi2", "tmp105,bus=i2c3,address=0x48",
           "bridge-i2c,bus=i2c2,address=0x50,socket=unix:/nonexistent/peer"]    # no peer


def types_without_vmstate(machine, extra, tmp_path):
    dump = tmp_path / f"{machine}.json"
    subprocess.run([h7qemu.QEMU, "-M", machine, "-display", "none", "-dump-vmstate", str(dump)],
                   check=True, capture_output=True)
    with_vmsd = set(json.loads(dump.read_text()))
    with h7qemu.Qemu(machine=machine, qtest=True, serial=False, extra=extra) as q:
        parents = {t["name"]: t.get("parent")
                   for t in q.qmp("qom-list-types", implements="device", abstract=True)}
        found = {}

        def walk(path):
            for p in q.qmp("qom-list", path=path):
                if p["type"].startswith("child<"):
                    child = f"{path}/{p['name']}"
                    found.setdefault(p["type"][len("child<"):-1], child)
                    walk(child)
        walk("/machine")
    missing = {}
    for t, path in found.items():
        c = t
        while c and c not in with_vmsd:
            c = parents.get(c)
        if t in parents and not c:
            missing[t] = path
    assert len([t for t in found if t in parents]) > 10, found     # the walk saw the SoC
    return missing


@pytest.mark.parametrize("machine,extra", [
    ("stm32h747i-disco", [a for d in DEVICES for a in ("-device", d)]),
    ("nucleo-h7s3l8", []),
])
def test_every_device_has_vmstate(machine, extra, tmp_path):
    missing = types_without_vmstate(machine, extra, tmp_path)
    assert set(missing) <= SAVED_BY_THE_CPU_CODE | STATELESS, missing
