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
        # the table form
        r = subprocess.run([f"{TOP}/scripts/h7top", qmp, "--count", "1", "--interval", "0.5"],
                           capture_output=True, text=True, timeout=60)
        assert "CM7 load" in r.stdout and "SysTick" in r.stdout, r.stdout
    r = subprocess.run([f"{TOP}/scripts/h7top", str(tmp_path / "none.qmp")], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0 and "no QMP socket" in r.stderr
