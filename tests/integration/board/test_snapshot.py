"""Snapshots of both virtual boards with QEMU's own savevm/loadvm, their
flash and NOR in qcow2 files as scripts/run_qemu.sh and run_h7s3.sh make
them: a counting MicroPython loop saved mid-run goes on in a fresh QEMU
from the next number; /flash is as it was at the save; a scene and a
finger still on the touch panel survive; timers, PWM, the analog inputs
and the RTC go on; blinky goes on running in place from the NOR; a board
with a Bluetooth controller on UART8 refuses to save, saying why."""
import os
import re
import time

import pytest
from h7tools import qemu as h7qemu
from h7tools import btvirt as btvirt_server

SOC = "/machine/soc"
FW = os.path.join(h7qemu.TOP, "build/firmware")

COUNT = """
import time
n = 0
while True:
    n += 1
    print('n', n)
    time.sleep_ms(20)
"""

WRITE = "with open('/flash/{}', 'w') as f:\n    f.write({})\n"


def disco(tmp_path, cm4=False):
    flash = str(tmp_path / "flash.qcow2")
    h7qemu.make_flash(flash, h7qemu.MPY_FIRMWARE, h7qemu.CM4_IMAGE if cm4 else None)
    return flash


def boot(flash, **kw):
    q = h7qemu.Qemu(flash=flash, **kw)
    q.serial_read_until(">>> ", timeout=30)
    q.enter_raw_repl()
    return q


def save(q, name):
    """Stop the board, let the serial port drain, save; what the guest had
    printed until then (all of it: it is stopped)."""
    q.qmp("stop")
    time.sleep(0.3)
    out = q.hmp(f"savevm {name}")
    assert out == "", out
    with q._ser_cond:
        printed, q.serial_buf = q.serial_buf, b""
    return printed.decode("latin-1")


def kill(q):
    q.proc.kill()                       # no clean exit: the snapshot must not need one
    q.proc.wait()
    q.close()


def written(q, timeout=10):
    """Wait until the NOR pair's files hold all the guest wrote, flushed."""
    deadline = time.monotonic() + timeout
    while any(q.prop(f"/machine/nor{i}", "writeback-pending") for i in (1, 2)):
        assert time.monotonic() < deadline, "the NOR files were not written"
        time.sleep(0.05)


def restored(flash, name, **kw):
    kw["extra"] = ["-loadvm", name] + list(kw.get("extra", ()))
    return h7qemu.Qemu(flash=flash, **kw)


def test_count_goes_on_and_the_flash_is_the_snapshots(tmp_path):
    flash = disco(tmp_path)
    q = boot(flash)
    try:
        q.run(WRITE.format("before.txt", "'written before the save'"))
        q.raw_send(COUNT)
        seen = q.serial_read_until("n 20\r\n")
        seen += save(q, "count")
        q.qmp("cont")
        q.serial_read_until("n 30\r\n")         # it runs on after the save
        q.serial_write(b"\x03")
        q.serial_read_until(">")
        q.run(WRITE.format("after.txt", "'written after the save'"))
        assert "after.txt" in q.run("import os; print(os.listdir('/flash'))\n")
        written(q)                              # in the qcow2 files before the kill
    finally:
        kill(q)

    with restored(flash, "count") as r:
        after = r.serial_read_until("n 60\r\n")
        counted = [int(n) for n in re.findall(r"n (\d+)\r\n", seen + after)]
        assert counted == list(range(1, 61)), "the count restarted, skipped or repeated"
        assert "MicroPython" not in after and "raw REPL" not in after
        r.serial_write(b"\x03")
        r.serial_read_until(">")
        files = r.run("import os; print(sorted(os.listdir('/flash')))\n")
        assert "'before.txt'" in files and "after.txt" not in files
        assert r.run("print(open('/flash/before.txt').read())\n").strip() == \
            "written before the save"
        # the filesystem in RAM and on the NOR agree: write, reset, read
        r.run(WRITE.format("later.txt", "'x' * 5000"))
        r.serial_write(b"import machine; machine.reset()\x04")
        r.serial_read_until(">>> ", timeout=30)
        r.enter_raw_repl()
        assert r.run("import os; print(len(open('/flash/later.txt').read()), "
                     "'after.txt' in os.listdir('/flash'))\n").split() == ["5000", "False"]


SCENE = r"""
import mp_rlvgl as ui
def on(e):
    if e["kind"] == "press":
        ui.stack_replace(2, {"kind": "rect", "x": e["x"] - 10, "y": e["y"] - 10, "w": 20,
                             "h": 20, "color": 0xFFFF00})
        ui.present()
    print("ev", e["kind"], e["x"], e["y"])
ui.stack_clear()
ui.stack_add(0, {"kind": "rect", "x": 0, "y": 0, "w": 800, "h": 480, "color": 0x102040})
ui.stack_add(1, {"kind": "text", "x": 40, "y": 40, "text": "saved and restored",
                 "fg": 0xFFFFFF})
ui.stack_add(2, {"kind": "rect", "x": 0, "y": 0, "w": 1, "h": 1, "color": 0})
ui.present()
ui.on_input(on)
print("ready")
"""


def test_scene_and_a_finger_on_the_panel_survive(tmp_path):
    flash = disco(tmp_path, cm4=True)
    q = boot(flash, timeout=60)
    try:
        out, err = q.raw_exec(SCENE)
        assert err == "" and "ready" in out, err
        q.serial_write(b"\x02")                     # friendly REPL: callbacks run
        q.serial_read_until(b">>> ")
        q.touch(300, 200, True)                    # the finger stays down
        q.serial_read_until(b"ev press 300 200\r\n")
        save(q, "ui")
        before = q.screen(tmp_path / "before.png")
    finally:
        kill(q)
    assert before[200 * 800 + 300] == (255, 255, 0)

    with restored(flash, "ui", extra=["-S"]) as r:
        assert r.screen(tmp_path / "after.png") == before
        r.qmp("cont")
        # lifted where it was put down: the panel and the CM4 kept the touch
        r.touch(300, 200, False)
        r.serial_read_until(b"ev release 300 200\r\n")
        r.touch(600, 100, True)                    # and the CM4 renders on
        r.serial_read_until(b"ev press 600 100\r\n")
        time.sleep(0.5)
        now = r.screen(tmp_path / "now.png")
        assert now[100 * 800 + 600] == (255, 255, 0) and now[200 * 800 + 300] != (255, 255, 0)


PERIPHERALS = """
import machine, pyb, time
ticks = [0]
def cb(t):
    ticks[0] += 1
tim = pyb.Timer(7, freq=1000, callback=cb)
pwm = machine.PWM(machine.Pin("PA0"), freq=1000, duty_u16=16384)
adc = machine.ADC("PC0")
rtc = machine.RTC()
rtc.datetime((2031, 5, 6, 2, 7, 8, 9, 0))
uart = machine.UART(4, 9600, timeout=0)      # TX jumpered to RX
time.sleep_ms(50)                            # the timer has counted before the save
uart.write(b"in flight")                     # 9.4 ms on the line: saved mid-frame
"""


JUMPERED = "stm32h747i-disco,jumpers=PB9-PB8"     # UART4's TX to its RX


def test_timers_pwm_analog_rtc_and_uart_go_on(tmp_path):
    flash = disco(tmp_path)
    q = boot(flash, machine=JUMPERED)
    try:
        q.set_prop(SOC, "ain-PC0", 1.25)
        q.set_prop(SOC, "ain-PF3-wave", "square:0.5:2.5:7")
        q.run(PERIPHERALS)
        # saved while UART4 still shifts "in flight" out at 9600 baud
        q.qmp("stop")
        assert q.hmp("savevm periph") == ""
    finally:
        kill(q)

    with restored(flash, "periph", machine=JUMPERED) as r:
        r.enter_raw_repl()
        out = r.run("t0 = ticks[0]; time.sleep_ms(500); t1 = ticks[0]\n"
                    "print(t0, t1 - t0, adc.read_uv(), rtc.datetime()[:3], "
                    "uart.read())\n")
        m = re.fullmatch(r"(\d+) (\d+) (\d+) (.*?)\s*", out, re.S)
        assert m, out
        t0, dt, uv, rest = int(m[1]), int(m[2]), int(m[3]), m[4]
        assert 40 <= t0 < 200 and 490 <= dt <= 510, out  # went on from where it was
        assert abs(uv - 1_250_000) < 1000, uv
        assert rest.startswith("(2031, 5, 6) b'in flight'"), rest
        assert r.prop(SOC + "/tim2", "ch1-freq-hz") == 1000
        assert r.prop(SOC + "/tim2", "ch1-duty") == pytest.approx(16384 / 65535, abs=1e-5)
        assert r.prop(SOC, "ain-PF3-wave") == "square:0.5:2.5:7"
        assert r.prop(SOC, "ain-PC0") == 1.25


def test_h7s3_blinky_goes_on_in_place(tmp_path):
    nor = h7qemu.erased_nor(str(tmp_path / "nor.qcow2"))
    h7qemu.write_spans(nor, [(0, open(os.path.join(FW, "h7s3-blinky.img"), "rb").read())])
    boot_img = os.path.join(FW, "h7s3-boot.bin")
    q = h7qemu.nucleo(boot=boot_img, nor=nor)
    try:
        seen = q.serial_read_until("blinky: LD1 off 4\r\n")
        seen += save(q, "blink")
    finally:
        kill(q)
    with h7qemu.nucleo(boot=boot_img, nor=nor, extra=["-loadvm", "blink"]) as r:
        after = r.serial_read_until("blinky: LD1 off 10\r\n")
        assert "boot:" not in after and "running in place" not in after   # no restart
        counts = [int(n) for n in re.findall(r"blinky: LD1 o(?:n|ff) (\d+)\r\n", seen + after)]
        assert counts == list(range(counts[0], 11)), counts
        assert r.led_states("led-ld1", 10) == {True, False}
        pcs = set()
        for _ in range(20):
            regs = r.hmp("info registers")
            pcs.add(int(re.search(r"R15=([0-9a-f]{8})", regs).group(1), 16))
        assert any(0x70000000 <= pc < 0x72000000 for pc in pcs), [hex(p) for p in pcs]


def test_savevm_with_a_bluetooth_controller_is_refused(tmp_path, btvirt):
    flash = disco(tmp_path)
    hci = ["-chardev", f"socket,id=hci,path={btvirt_server.LE_SOCKET}", "-serial", "chardev:hci"]
    with boot(flash, extra=hci, timeout=60) as q:
        q.run("import bluetooth; ble = bluetooth.BLE(); ble.active(True)\n"
              "ble.gap_advertise(100_000, b'\\x02\\x01\\x06')\n")
        out = q.hmp("savevm ble")
        assert "UART8" in out and "Bluetooth" in out and "--ble" in out, out
        assert not re.search(r"\sble\s", q.hmp("info snapshots"))
        # the board was not stopped by the refusal
        assert q.run("print(ble.active())\n").strip() == "True"
