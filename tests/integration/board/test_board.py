"""The bare-metal bring-up program on the virtual board: clocks set up as on
the real board, USART1 at 115200 from that clock, flash persistence, LED."""
import os
import re

from h7tools import TOP
from h7tools import qemu as h7qemu

HELLO = os.path.join(TOP, "build/firmware/h747-bringup.bin")


def boot(flash_file):
    h7qemu.make_flash(flash_file, HELLO)
    q = h7qemu.Qemu(flash=flash_file)
    out = q.serial_read_until("ready", timeout=30)
    return q, out


def fields(out):
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", out)}


def test_clock_tree_and_uart_baud(flash_file):
    q, out = boot(flash_file)
    with q:
        assert "STM32H747I-DISCO" in out and "clock_init=ok" in out
        f = fields(out)
        assert f["SYSCLK"] == 400_000_000 and f["CPU"] == 400_000_000
        assert f["HCLK"] == 200_000_000
        assert all(f[p] == 100_000_000 for p in ("PCLK1", "PCLK2", "PCLK3", "PCLK4"))
        assert f["BRR"] == 868 and f["ACR_LATENCY"] == 2
        # the model's own view of the same clocks
        assert q.prop("/machine/soc/rcc", "cpu1-clk-hz") == 400_000_000
        baud = q.prop("/machine/soc/usart1", "baudrate")
        assert abs(baud - 115200) / 115200 < 0.001, baud
        # SysTick reference: the core clock / 8
        assert q.prop("/machine/soc/rcc", "cpu1-refclk-hz") == 50_000_000


def test_console_echo_and_led(flash_file):
    q, _ = boot(flash_file)
    with q:
        # after "ready\r\n" the program only echoes: the bytes back, each once
        q.serial_write(b"ping-42")
        assert q.serial_read_until("2") == "\r\nping-42"
        assert q.prop("/machine", "led-ld1") is True
        assert q.prop("/machine", "led-ld2") is False


def test_flash_write_survives_restart(flash_file):
    counts = []
    for _ in range(3):
        q, out = boot(flash_file)
        with q:
            f = fields(out)
            assert f["PROGRAM_STATUS"] == 0
            counts.append(f["BOOT_COUNT"])
    assert counts == [1, 2, 3]


def test_reset_flags_power_on_then_software_reset(flash_file):
    q, out = boot(flash_file)
    with q:
        assert "RSR=0x00fa0000" in out                 # power-on flags
        q.qmp("system_reset")
        out = q.serial_read_until("ready", timeout=30)
        rsr = int(re.search(r"RSR=0x([0-9a-f]+)", out).group(1), 16)
        assert rsr & 1 << 24 and not rsr & 1 << 23     # SFT1RSTF, no PORRSTF
