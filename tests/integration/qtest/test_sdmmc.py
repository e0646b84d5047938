"""SDMMC1 with QEMU's SD card (-drive if=sd): the card detect pin, the SD
initialisation through the command path (responses short, long and
without CRC, a timeout when nothing answers), block reads and writes
through the IDMA reaching the card image, the interrupt, and wrong guest
use logged.  (A qtest board has no PLL, so transfers take no time here;
test_sdcard_board.py times them on the running board.)"""
import os

import pytest
from h7tools import qemu as h7qemu

SD = 0x52007000
POWER, CLKCR, ARGR, CMDR, RESPCMDR, RESP1 = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14
DTIMER, DLENR, DCTRL, DCNTR, STAR, ICR, MASKR, IDMACTRLR, IDMABASE0R = (
    0x24, 0x28, 0x2C, 0x30, 0x34, 0x38, 0x3C, 0x50, 0x58)
CTIMEOUT, DTIMEOUT, CMDREND, CMDSENT, DATAEND, DPSMACT, IDMATE = (
    1 << 2, 1 << 3, 1 << 6, 1 << 7, 1 << 8, 1 << 12, 1 << 27)
SHORT, NOCRC, LONG, CPSMEN, CMDTRANS, CMDSTOP = 1 << 8, 2 << 8, 3 << 8, 1 << 12, 1 << 6, 1 << 7
RCC_AHB3 = 0x58024400 + 0xD4
GPIOI_IDR = 0x58022000 + 0x10
BUF = 0x24010000                                         # AXI SRAM
IRQ_SDMMC1 = 49
CARD_BYTES = 64 * 1024 * 1024                            # SDSC: byte addresses


@pytest.fixture
def card(tmp_path):
    path = tmp_path / "card.img"
    with open(path, "wb") as f:
        f.truncate(CARD_BYTES)
        f.seek(512 * 5)
        f.write(bytes(range(256)) * 2)                   # block 5: a pattern
    return path


@pytest.fixture
def qsd(card):
    q = h7qemu.Qemu(qtest=True, extra=["-drive", f"if=sd,format=raw,file={card}"])
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def cmd(qt, index, arg=0, flags=0):
    qt.write(SD + ICR, 0xFFFFFFFF)
    qt.write(SD + ARGR, arg)
    qt.write(SD + CMDR, index | flags | CPSMEN)
    return qt.read(SD + STAR)


def init_card(qt):
    qt.write(SD + POWER, 3)
    qt.write(SD + CLKCR, 250)                            # 400 kHz from a 200 MHz kernel clock
    assert cmd(qt, 0) & CMDSENT                          # GO_IDLE_STATE
    assert cmd(qt, 8, 0x1AA, SHORT) & CMDREND            # SEND_IF_COND
    assert qt.read(SD + RESP1) & 0xFFF == 0x1AA
    for _ in range(100):
        assert cmd(qt, 55, 0, SHORT) & CMDREND
        assert cmd(qt, 41, 0x40FF8000, NOCRC) & CMDREND
        ocr = qt.read(SD + RESP1)
        if ocr & 1 << 31:
            break
    assert ocr & 1 << 31 and not ocr & 1 << 30           # ready, standard capacity
    assert cmd(qt, 2, 0, LONG) & CMDREND                 # CID
    assert cmd(qt, 3, 0, SHORT) & CMDREND
    rca = qt.read(SD + RESP1) >> 16
    assert cmd(qt, 9, rca << 16, LONG) & CMDREND         # CSD
    csd = [qt.read(SD + RESP1 + 4 * i) for i in range(4)]
    assert cmd(qt, 7, rca << 16, SHORT) & CMDREND        # select
    assert cmd(qt, 16, 512, SHORT) & CMDREND
    return rca, csd


def transfer(qt, index, addr, nbytes, read):
    qt.write(SD + DTIMER, 0xFFFFFFFF)
    qt.write(SD + DLENR, nbytes)
    qt.write(SD + DCTRL, 9 << 4 | (2 if read else 0))
    qt.write(SD + IDMABASE0R, BUF)
    qt.write(SD + IDMACTRLR, 1)
    return cmd(qt, index, addr, SHORT | CMDTRANS)


def test_reset_values_and_card_detect(qsd):
    assert qsd.read(SD + POWER) == 0
    assert qsd.read(SD + STAR) == 0
    assert qsd.read(GPIOI_IDR) & 1 << 8 == 0             # a card in: PI8 low


def test_no_card_no_answer(qt):
    assert qt.read(GPIOI_IDR) & 1 << 8                   # empty slot: PI8 high
    qt.write(SD + POWER, 3)
    assert cmd(qt, 8, 0x1AA, SHORT) & CTIMEOUT


def test_init_reads_the_card_size(qsd):
    rca, csd = init_card(qsd)
    assert rca != 0
    # CSD 1.0: (C_SIZE + 1) << (C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN
    assert csd[0] >> 30 == 0
    read_bl_len = csd[1] >> 16 & 0xF
    c_size = (csd[1] & 0x3FF) << 2 | csd[2] >> 30
    mult = csd[2] >> 15 & 7
    assert ((c_size + 1) << (mult + 2) << read_bl_len) == CARD_BYTES


def test_read_and_write_blocks_through_the_idma(qsd, card):
    init_card(qsd)
    qsd.write(SD + CLKCR, 1 << 14)                       # 4-bit bus
    qsd.intercept_irqs("/machine/soc/cm7")
    qsd.write(SD + MASKR, DATAEND)
    assert transfer(qsd, 17, 5 * 512, 512, read=True) & CMDREND
    qsd.clock_step(10_000_000)
    assert qsd.read(SD + STAR) & DATAEND
    assert qsd.irq_level(IRQ_SDMMC1) == 1
    assert qsd.memread(BUF, 512) == bytes(range(256)) * 2
    # two blocks written at block 8, then a stop
    qsd.memwrite(BUF, b"h7stack!" * 128)
    assert transfer(qsd, 25, 8 * 512, 1024, read=False) & CMDREND
    qsd.clock_step(10_000_000)
    assert qsd.read(SD + STAR) & DATAEND
    assert cmd(qsd, 12, 0, SHORT | CMDSTOP) & CMDREND
    qsd.qmp("stop")
    with open(card, "rb") as f:
        f.seek(8 * 512)
        assert f.read(1024) == b"h7stack!" * 128


def test_wrong_guest_use_is_logged(qsd):
    qsd.write(SD + ARGR, 0)
    qsd.write(SD + CMDR, 8 | SHORT | CPSMEN)             # power off
    init_card(qsd)
    qsd.write(SD + IDMACTRLR, 0)                         # FIFO mode
    qsd.write(SD + DLENR, 512)
    qsd.write(SD + DCTRL, 9 << 4 | 2)
    assert cmd(qsd, 17, 0, SHORT | CMDTRANS) & (1 << 11)  # DABORT
    qsd.read(SD + 0x80)
    cmd(qsd, 12, 0, SHORT | CMDSTOP)                     # the card back to transfer state
    qsd.write(SD + IDMABASE0R, 0x60000000)               # nothing there
    qsd.write(SD + IDMACTRLR, 1)
    assert transfer_to(qsd, 0x60000000) & IDMATE
    log = qsd.guest_log()
    assert "sdmmc1: command 8 with the power off" in log
    assert "only single-buffer IDMA block transfers are modelled" in log
    assert "FIFO access is not modelled" in log
    assert "IDMA transfer error at 0x60000000" in log


def transfer_to(qt, addr):
    qt.write(SD + DLENR, 512)
    qt.write(SD + DCTRL, 9 << 4 | 2)
    qt.write(SD + IDMABASE0R, addr)
    qt.write(SD + IDMACTRLR, 1)
    cmd(qt, 17, 0, SHORT | CMDTRANS)
    return qt.read(SD + STAR)
