"""h7s3-flash-test on the virtual NUCLEO-H7S3L8: the firmware sets the
600 MHz clock, probes the NOR in SPI mode, switches it to octal DTR, erases,
programs and verifies sectors and an unaligned run across pages, reads the
same bytes memory-mapped, prints throughput and lights LD1."""
import os
import re

from h7tools import qemu as h7qemu
import pytest

IMAGE = os.path.join(h7qemu.TOP, "build/firmware/h7s3-flash-test.bin")
TEST_BASE = 0x100000
CODE_AT = TEST_BASE + 0x20000    # the counted loop (firmware/h7s3-flash-test/main.c)


@pytest.fixture
def nor(tmp_path):
    return h7qemu.erased_nor(str(tmp_path / "nor.bin"))


def run(nor):
    with h7qemu.nucleo(boot=IMAGE, nor=nor, timeout=60) as q:
        out = q.serial_read_until(b"flash-test: ok\r\n")
        assert q.prop("/machine", "led-ld1") is True
        assert q.prop("/machine", "led-ld3") is False
        assert q.prop("/machine/rcc", "cpuclk-hz") == 600_000_000
        assert q.prop("/machine/usart3", "baudrate") == 115207
        return out


def test_flash_test_passes_and_reports_throughput(nor):
    out = run(nor)
    assert "JEDEC ID 194 132 57, 32 MiB" in out          # C2 84 39: Macronix, 256 Mbit
    assert "octal DTR" in out
    rates = re.findall(r"flash-test: (.+?): 16 KiB in (\d+) ms", out)
    assert [r[0] for r in rates] == ["erase 4 KiB sectors", "program", "read + verify"]
    assert int(rates[0][1]) > 0                          # erase takes modelled time
    data = open(nor, "rb").read()
    # the pattern the firmware wrote (firmware/h7s3-flash-test/main.c: fill)
    want = bytes(((a * 2654435761 ^ 0x5A) & 0xFFFFFFFF) >> 24
                 for a in range(TEST_BASE, TEST_BASE + 0x4000))
    assert data[TEST_BASE:TEST_BASE + 0x4000] == want
    assert data[:TEST_BASE] == b"\xff" * TEST_BASE       # the image area untouched
    # code runs in place from the window, and runs changed once changed in the NOR
    # (the firmware fails with "code-in-place" or "code-changed-in-place" otherwise)
    assert re.search(r"loop of 16777216 rounds: \d+ ms in place from the NOR, \d+ ms from AXI", out)
    assert "code changed in the NOR runs changed" in out
    # the changed loop (adds r1, #2) is what the NOR holds
    assert data[CODE_AT:CODE_AT + 4] == bytes([0x00, 0x21, 0x02, 0x31])


def test_flash_test_runs_again_over_its_own_data(nor):
    run(nor)
    run(nor)        # sectors erased before programming, not just assumed blank
