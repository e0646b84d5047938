"""scripts/h7top against known loads: an idle board shows both cores near
0 %, a `while True: pass` on the REPL shows the CM7 near 100 %, the CM7's
SysTick is 1000 interrupts per virtual second, and a 500 Hz pyb.Timer's
interrupts show 500 per second on TIM2's line."""
import json
import os
import subprocess

from h7tools import qemu as h7qemu

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def h7top(qmp, count=2):
    r = subprocess.run([f"{TOP}/scripts/h7top", qmp, "--json", "--count", str(count),
                        "--interval", "1"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_loads_systick_and_interrupts(tmp_path, flash_file):
    h7qemu.make_flash(flash_file, h7qemu.MPY_FIRMWARE, h7qemu.CM4_IMAGE)
    qmp = str(tmp_path / "h7.qmp")
    with h7qemu.Qemu(flash=flash_file, extra=["-qmp", f"unix:{qmp},server=on,wait=off"]) as q:
        q.serial_read_until(">>> ", timeout=30)
        idle = h7top(qmp)[-1]
        assert idle["load_samples"] >= 300, idle             # about one a virtual ms
        assert idle["cm7_load"] < 0.05 and idle["cm4_load"] < 0.05, idle
        assert abs(idle["systick_per_s"]["cm7"] - 1000) <= 20, idle
        q.serial_write(b"import pyb\r\nt = pyb.Timer(2, freq=500, callback=lambda t: None)\r\n"
                       b"while True: pass\r\n\r\n")      # the blank line ends the block
        spin = h7top(qmp)[-1]
        assert spin["cm7_load"] > 0.95 and spin["cm4_load"] < 0.05, spin
        assert abs(spin["systick_per_s"]["cm7"] - 1000) <= 20, spin
        assert abs(spin["irq_per_s"].get("28 TIM2", 0) - 500) <= 10, spin
        # the rings (the display channel after a present()) and the heap
        assert idle["heap"]["total"] > 16_000_000 and 0 < idle["heap"]["used"] < idle["heap"]["total"]
        assert set(idle["rings"]) == {"cmd", "evt", "ui_cmd", "ui_evt"}, idle
        q.serial_write(b"\x03")
        q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
        q.run("import mp_rlvgl as ui\nbig = bytearray(1_000_000)\n"
              "ui.stack_add(0, {'kind': 'text', 'x': 0, 'y': 0, 'text': 'x' * 120, 'fg': 0xFFFFFF})\n"
              "ui.present()\n")
        # the figures are refreshed every 5 virtual s while the REPL waits: wait
        # for one taken after the allocation (one due during the spin loop may
        # have been taken at the prompt before it)
        allocated_ms = int(q.run("import time\nprint(time.ticks_ms())"))
        for _ in range(15):
            after = h7top(qmp)[-1]
            if after["heap"]["updated_ms"] > allocated_ms:
                break
        assert after["rings"]["ui_cmd"]["high_water"] >= 120, after
        assert after["rings"]["ui_cmd"]["depth"] == 0, after            # the CM4 took it all
        assert after["heap"]["used"] >= idle["heap"]["used"] + 1_000_000, (idle, after)
        # the table form
        r = subprocess.run([f"{TOP}/scripts/h7top", qmp, "--count", "1", "--interval", "0.5"],
                           capture_output=True, text=True, timeout=60)
        assert "CM7 load" in r.stdout and "SysTick" in r.stdout, r.stdout
    r = subprocess.run([f"{TOP}/scripts/h7top", str(tmp_path / "none.qmp")], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0 and "no QMP socket" in r.stderr


def test_ring_offsets_match_the_shared_memory_header(tmp_path, monkeypatch):
    """h7top's ring offsets are those of h7_shm_t, compiled here."""
    import importlib.machinery
    import importlib.util
    monkeypatch.syspath_prepend(f"{TOP}/scripts")      # its _h7path, as when it runs
    loader = importlib.machinery.SourceFileLoader("h7top", f"{TOP}/scripts/h7top")
    spec = importlib.util.spec_from_loader("h7top", loader)
    h7top_mod = importlib.util.module_from_spec(spec)
    loader.exec_module(h7top_mod)
    src = tmp_path / "off.c"
    src.write_text('#include <stdio.h>\n#include "h7_shm.h"\nint main(void) {\n' +
                   "".join(f'printf("%zu\\n", offsetof(h7_shm_t, {n}));\n' for n in h7top_mod.RINGS) +
                   "return 0;\n}\n")
    subprocess.run(["gcc", f"-I{TOP}/firmware/h747", f"-I{TOP}/lib/ipc", "-o", str(tmp_path / "off"),
                    str(src)], check=True)
    got = subprocess.run([str(tmp_path / "off")], capture_output=True, text=True).stdout.split()
    assert [int(v) for v in got] == list(h7top_mod.RINGS.values())
