"""$H7_BLE_BTSNOOP: the unix port's bluetooth module logs its HCI traffic
as btsnoop, and BlueZ's own reader (btmon -r) decodes it: the start-up
commands with their completions, the advertising data we set, both
directions, in order."""
import os
import subprocess

from h7tools import qemu as h7qemu

MICROPYTHON = os.path.join(h7qemu.TOP, "build/mpy-unix/micropython")

SCRIPT = """
import bluetooth
ble = bluetooth.BLE()
ble.active(1)
ble.gap_advertise(100_000, b"\\x02\\x01\\x06\\x08\\x09h7snoop")
ble.gap_advertise(None)
ble.active(0)
print("done")
"""


def test_btsnoop_log_reads_back_in_btmon(btvirt, tmp_path):
    log = str(tmp_path / "hci.btsnoop")
    r = subprocess.run([MICROPYTHON, "-c", SCRIPT], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, H7_BLE_BTSNOOP=log))
    assert r.stdout.strip() == "done", r.stdout + r.stderr
    with open(log, "rb") as f:
        assert f.read(16) == b"btsnoop\0\0\0\0\x01\0\0\x03\xea"      # version 1, H4
    out = subprocess.run(["btmon", "-r", log], capture_output=True, text=True, timeout=30).stdout
    sent = [ln.split("Command: ")[1].split(" (")[0] for ln in out.splitlines()
            if "< HCI Command: " in ln]
    assert sent[:3] == ["Reset", "Set Event Mask", "LE Set Event Mask"]
    assert "LE Set Advertising Data" in sent and "LE Set Advertise Enable" in sent
    assert sent.index("LE Set Advertising Data") < sent.index("LE Set Advertise Enable")
    assert out.count("> HCI Event: Command Complete") >= len(sent) - out.count("Command Status")
    assert "h7snoop" in out                                         # the name in the AD
