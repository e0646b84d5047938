"""The MicroPython port on the virtual STM32H747I-DISCO: REPL, soft reset,
filesystem persistence, machine, pins and their interrupts, mpremote."""
import os
import re
import subprocess
import sys
import time

from h7tools import qemu as h7qemu
import pytest
from h7tools import TOP

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")


@pytest.fixture
def board(flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    q = h7qemu.Qemu(flash=flash_file)
    q.banner = q.serial_read_until(">>> ", timeout=30)
    yield q
    alive = q.alive()
    q.close()
    assert alive


def repl(q, line):
    q.serial_write(line.encode() + b"\r")
    out = q.serial_read_until(">>> ")
    # drop the echoed line and the prompt
    return out.split("\r\n", 1)[1].rsplit("\r\n", 1)[0] if "\r\n" in out else ""


def test_banner_and_friendly_repl(board):
    assert "STM32H747I-DISCO with STM32H747" in board.banner
    assert "MicroPython v1.25" in board.banner
    assert repl(board, "print(1+1)") == "2"
    assert repl(board, "import machine; machine.freq()") == "400000000"
    assert repl(board, "import sys; sys.implementation._machine") == \
        "'STM32H747I-DISCO with STM32H747'"


def test_ctrl_c_interrupts_a_loop(board):
    board.serial_write(b"while True: pass\r\r")
    board.serial_read_until("... \r\n")
    time.sleep(0.3)                                # the loop is running now
    board.serial_write(b"\x03")
    out = board.serial_read_until(">>> ")
    assert "KeyboardInterrupt" in out
    assert repl(board, "print('alive')") == "alive"


def test_boot_and_main_run_after_soft_reset(board):
    board.enter_raw_repl()
    board.raw_exec("open('/flash/boot.py','w').write('print(\"BOOT.PY RAN\")')\n"
                   "open('/flash/main.py','w').write('print(\"MAIN.PY RAN\")')")
    board.serial_write(b"\x02")                    # friendly REPL
    board.serial_read_until(">>> ")
    board.serial_write(b"\x04")                    # Ctrl-D: soft reset
    out = board.serial_read_until(">>> ")
    assert "soft reboot" in out
    assert out.index("BOOT.PY RAN") < out.index("MAIN.PY RAN")
    # a soft reset in the raw REPL (mpremote's, run-tests.py's) runs boot.py
    # too, as the stm32 port does, but not main.py
    board.enter_raw_repl()
    board.serial_write(b"\x04")
    out = board.serial_read_until(board.RAW_PROMPT)
    assert "BOOT.PY RAN" in out and "MAIN.PY RAN" not in out, out


def test_files_survive_a_restart_of_the_board(flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    with h7qemu.Qemu(flash=flash_file) as q:
        q.enter_raw_repl(timeout=30)
        out, err = q.raw_exec("import os\nwith open('keep.txt','w') as f: f.write('x'*5000)\n"
                              "os.sync()\nprint(os.getcwd(), os.listdir())")
        assert not err and "/flash" in out and "keep.txt" in out
    with h7qemu.Qemu(flash=flash_file) as q:
        q.enter_raw_repl(timeout=30)
        out, err = q.raw_exec("print(len(open('/flash/keep.txt').read()))")
        assert (out.strip(), err) == ("5000", "")


def test_soft_reset_100_times_frees_the_same_heap(board):
    """After each soft reset the free heap is the same, whatever the script
    before it allocated (and left behind in globals)."""
    board.enter_raw_repl()
    free = []
    for _ in range(100):
        board.raw_soft_reset()
        out, err = board.raw_exec("import gc\ngc.collect()\nprint(gc.mem_free())")
        assert not err, err
        free.append(int(out))
        out, err = board.raw_exec(
            "keep = [bytearray(1000) for i in range(50)]\n"
            "table = {i: str(i) for i in range(200)}\n"
            "import micropython\nmicropython.schedule(print, 'scheduled')\n"
            "from machine import Pin\nPin('USER', Pin.IN).irq(lambda p: None)\n")
        assert not err, err
    assert len(set(free)) == 1, free
    assert free[0] > 500_000


def test_machine_functions(board):
    board.enter_raw_repl()
    out, err = board.raw_exec(
        "import machine, os, time\n"
        "print(len(machine.unique_id()), machine.reset_cause() == machine.PWRON_RESET)\n"
        "print(len(os.urandom(33)), os.urandom(8) != os.urandom(8))\n"
        "print(machine.mem32[0x5C001000] & 0xFFF)\n"
        "s = machine.disable_irq(); machine.enable_irq(s)\n"
        "t = time.ticks_ms(); time.sleep_ms(50); print(40 <= time.ticks_diff(time.ticks_ms(), t) < 1000)\n"
        "import micropython; r=[]; micropython.schedule(r.append, 7)\n"
        "for i in range(3): machine.idle()\n"
        "print(r)")
    assert not err, err
    assert out.split("\n")[:5] == ["12 True", "33 True", str(0x450), "True", "[7]"]


def test_machine_reset_is_reported_as_soft_reset(board):
    board.enter_raw_repl()
    board.serial_write(b"import machine\nmachine.reset()\x04")
    board.serial_read_until(">>> ", timeout=30)     # rebooted to the friendly REPL
    assert repl(board, "import machine; machine.reset_cause() == machine.SOFT_RESET") == "True"


def test_led_pins_and_button_interrupt(board):
    board.enter_raw_repl()
    out, err = board.raw_exec(
        "from machine import Pin\n"
        "led = Pin('LED1', Pin.OUT, value=1)\nled.off()\n"
        "hits = []\n"
        "btn = Pin('USER', Pin.IN)\n"
        "btn.irq(lambda p: hits.append(p.value()), Pin.IRQ_RISING)\n"
        "print(Pin('LED1'), btn.value())")
    assert not err and out.strip() == "Pin(Pin.cpu.I12, mode=Pin.OUT) 0", (out, err)
    assert board.prop("/machine", "led-ld1") is True           # LD1 lit (pin low)
    board.set_prop("/machine", "button-user", True)
    out, err = board.raw_exec("import time\ntime.sleep_ms(20)\nprint(hits, btn.value())")
    assert (out.strip(), err) == ("[1] 1", "")
    out, err = board.raw_exec("led.on()\nprint(Pin('JOY_UP', Pin.IN).value())")
    assert board.prop("/machine", "led-ld1") is False
    assert out.strip() == "1"                                  # joystick idles high


def test_pin_names_modes_and_repr_as_the_stm32_port_has_them(board):
    """Pin.cpu and Pin.board name pins as upstream's stm32 port does, a pin
    prints its registers' mode, pull and alternate function the way that
    port prints them, and mode()/pull()/af() read the same registers."""
    board.enter_raw_repl()
    out = board.run(
        "from pyb import Pin\nimport machine, stm\n"
        "p = Pin(Pin.cpu.A7, Pin.IN, Pin.PULL_UP); print(p, p.value())\n"
        "p.init(p.IN, pull=p.PULL_DOWN); print(p, p.value())\n"
        "p.init(p.OUT); p.high(); print(p.value(), end=' '); p.low(); print(p.value())\n"
        "q = Pin(Pin.cpu.B6, Pin.ALT_OPEN_DRAIN, Pin.PULL_UP)\n"
        "stm.mem32[stm.GPIOB + stm.GPIO_AFR0] = (stm.mem32[stm.GPIOB + stm.GPIO_AFR0]"
        " & ~(0xF << 24)) | (4 << 24)\n"
        "print(q, q.mode() == Pin.ALT_OPEN_DRAIN, q.pull() == Pin.PULL_UP, q.af())\n"
        "print(stm.mem32[stm.GPIOB + stm.GPIO_OTYPER] >> 6 & 1)\n"
        "print(Pin(Pin.cpu.B6, Pin.OPEN_DRAIN, Pin.PULL_NONE))\n"
        "print(Pin('PB6', Pin.ANALOG))\n"
        "print(Pin.board.LED_RED, Pin.board.D13.name(), Pin.cpu.K15.name())\n"
        "print(hasattr(Pin.cpu, 'A16'), hasattr(Pin.cpu, 'LED1'), hasattr(Pin.board, 'PA0'))\n")
    assert out.splitlines() == [
        "Pin(Pin.cpu.A7, mode=Pin.IN, pull=Pin.PULL_UP) 1",
        "Pin(Pin.cpu.A7, mode=Pin.IN, pull=Pin.PULL_DOWN) 0",
        "1 0",
        "Pin(Pin.cpu.B6, mode=Pin.ALT_OPEN_DRAIN, pull=Pin.PULL_UP, alt=4) True True 4",
        "1",
        "Pin(Pin.cpu.B6, mode=Pin.OPEN_DRAIN)",
        "Pin(Pin.cpu.B6, mode=Pin.ANALOG)",
        "Pin(Pin.cpu.I14, mode=Pin.ANALOG) K0 K15",
        "False False False"], out


def test_bad_pin_arguments_name_the_field(board):
    board.enter_raw_repl()
    out, err = board.raw_exec("from machine import Pin\nPin('PZ3')")
    assert "ValueError" in err and "id" in err
    out, err = board.raw_exec("Pin('PA0', mode=77)")
    assert "ValueError" in err and "mode" in err


def test_mpremote_runs_copies_and_lists(tmp_path, flash_file):
    h7qemu.make_flash(flash_file, FIRMWARE)
    qemu = subprocess.Popen([os.path.join(TOP, "scripts/run_qemu.sh"), "--serial", "pty",
                             "--flash", flash_file], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        line = qemu.stdout.readline().decode()
        pty = re.search(r"/dev/pts/\d+", line).group()
        local = tmp_path / "hello.txt"
        local.write_text("from the host\n")
        env = dict(os.environ, PYTHONPATH=os.path.join(TOP, ".deps/micropython/tools/mpremote"))
        r = subprocess.run([sys.executable, "-m", "mpremote", "connect", pty,
                            "exec", "print(6*7)", "+", "cp", str(local), ":/flash/hello.txt",
                            "+", "ls", "/flash", "+", "cat", "/flash/hello.txt"],
                           capture_output=True, text=True, timeout=60, env=env)
        assert r.returncode == 0, r.stderr
        assert "42" in r.stdout
        assert re.search(r"\d+ hello.txt", r.stdout)
        assert "from the host" in r.stdout
    finally:
        os.killpg(qemu.pid, 15)
        qemu.wait(10)


def test_native_code_beyond_the_itcm_falls_back_to_the_heap(board):
    """Machine code goes to the 64 KiB ITCM; more than that must still run.
    160 viper functions of 40 statements each need well over 64 KiB."""
    board.enter_raw_repl()
    out, err = board.raw_exec(
        "import micropython, gc\n"
        "fs = []\n"
        "for i in range(160):\n"
        "    lines = ['@micropython.viper', 'def f(x: int) -> int:', '    y = x']\n"
        "    lines += ['    y = (y * %d + %d) & 0xFFFF' % (k + 1, i) for k in range(40)]\n"
        "    lines.append('    return y')\n"
        "    g = {'micropython': micropython}\n"
        "    exec('\\n'.join(lines), g)\n"
        "    fs.append(g['f'])\n"
        "gc.collect()\n"
        "print(sum(f(5) for f in fs))", timeout=120)
    assert not err, err
    expect = 0
    for i in range(160):
        y = 5
        for k in range(40):
            y = (y * (k + 1) + i) & 0xFFFF
        expect += y
    assert out.split() == [str(expect)]


def test_arduino_names_and_a_wire_between_two_header_pins(mpy_board):
    """The Arduino connector's names (docs/board-connectors.md) name the
    chip's pins; D2 jumpered to D4 carries a level and an edge interrupt."""
    board = mpy_board(machine="stm32h747i-disco,jumpers=PJ3-PJ4")
    board.enter_raw_repl()
    out, err = board.raw_exec(
        "from machine import Pin\nimport time\n"
        "print(Pin('D0'), Pin('D13'), Pin('A0'), Pin('SDA'))\n"
        "hits = []\n"
        "d4 = Pin('D4', Pin.IN, Pin.PULL_DOWN)\n"
        "d4.irq(lambda p: hits.append(p.value()), Pin.IRQ_RISING)\n"
        "d2 = Pin('D2', Pin.OUT, value=0)\n"
        "print(d4.value()); d2(1); time.sleep_ms(1); print(d4.value(), hits)\n"
        "d2.init(Pin.IN); print(d4.value())\n"   # released: D4's pull-down
        "try:\n Pin('D16')\nexcept ValueError as e: print('ValueError', e)")
    assert not err, err
    assert out.split("\n")[:5] == [
        # untouched since reset: analog (MODER's reset value for these ports)
        "Pin(Pin.cpu.J9, mode=Pin.ANALOG) Pin(Pin.cpu.K0, mode=Pin.ANALOG) "
        "Pin(Pin.cpu.A4, mode=Pin.ANALOG) Pin(Pin.cpu.D13, mode=Pin.ANALOG)", "0", "1 [1]", "0",
        "ValueError id: unknown pin 'D16'"], out
