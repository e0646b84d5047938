"""SPI1-6 on QEMU's SSI bus: FIFOs and data packing, frame timing from the
kernel clock and MBR, TSIZE and end of transfer, 8/16-bit frames MSB and
LSB first, chip selects on GPIO pins reaching devices added with -device,
an undriven MISO reading as ones, overrun, the interrupt, and wrong guest
use logged."""
import pytest
from h7tools import qemu as h7qemu

SPI1, SPI4 = 0x40013000, 0x40013400
CR1, CR2, CFG1, CFG2, IER, SR, IFCR, TXDR, RXDR, CRCPOLY = (
    0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x20, 0x30, 0x40)
SPE, CSTART, CSUSP = 1, 1 << 9, 1 << 10
RXP, TXP, EOT, TXTF, OVR, SUSP, TXC = 1, 2, 8, 16, 64, 1 << 11, 1 << 12
MASTER, SSM, LSBFRST = 1 << 22, 1 << 26, 1 << 23
RCC = 0x58024400
D2CCIP1R = RCC + 0x50
GPIOE = 0x58021000
IRQ_SPI4 = 84
HZ = 64_000_000          # qtest boards run on HSI: pclk2, SPI4's kernel clock


def mbr(n):
    return n << 28


def dsize(bits):
    return bits - 1


@pytest.fixture
def qtf():
    """A board with an SPI NOR flash (m25p80, JEDEC ID 20 20 14) on SPI4's
    chip select 0 (PE4)."""
    q = h7qemu.Qemu(qtest=True, extra=["-device", "m25p80,bus=spi4,cs=0"])
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def cs_low(qt, port_base, pin):
    qt.write(port_base + 0x14, 0)                        # ODR 0
    moder = qt.read(port_base) & ~(3 << 2 * pin)
    qt.write(port_base, moder | 1 << 2 * pin)            # output


def master(qt, base, bits=8, div=0, lsb=False, tsize=0):
    qt.write(base + CFG1, dsize(bits) | mbr(div))
    qt.write(base + CFG2, MASTER | SSM | (LSBFRST if lsb else 0))
    qt.write(base + CR2, tsize)
    qt.write(base + CR1, SPE | 1 << 12)                  # SPE, SSI
    qt.write(base + CR1, SPE | 1 << 12 | CSTART)


def xfer(qt, base, data, size=1):
    out = []
    for b in data:
        qt.write(base + TXDR, b, size)
        qt.clock_step(100_000)
        out.append(qt.read(base + RXDR, size))
    return out


def test_reset_values(qt):
    for base in (SPI1, SPI4, 0x58001400):
        assert qt.read(base + CFG1) == 0x00070007
        assert qt.read(base + SR) == TXP | TXC
        assert qt.read(base + CRCPOLY) == 0x107
        assert qt.read(base + CR1) == 0


def test_jedec_id_from_a_flash_on_spi4(qtf):
    cs_low(qtf, GPIOE, 4)
    master(qtf, SPI4, div=2)
    # the selected flash drives MISO low while it takes the command
    assert xfer(qtf, SPI4, [0x9F, 0, 0, 0]) == [0x00, 0x20, 0x20, 0x14]


def test_chip_select_high_deselects(qtf):
    master(qtf, SPI4)                                    # PE4 left as input: high
    assert xfer(qtf, SPI4, [0x9F, 0, 0]) == [0xFF, 0xFF, 0xFF]


def test_no_device_reads_ones_and_frames_take_their_time(qt):
    # SPI1 on per_ck (HSI, 64 MHz): MBR=7 divides by 256, 250 kHz, 4 us a bit
    qt.write(D2CCIP1R, 4 << 12)
    master(qt, SPI1, div=7)
    qt.write(SPI1 + TXDR, 0x5A, 1)
    qt.clock_step(31_000)
    assert not qt.read(SPI1 + SR) & RXP                  # 8 bits take 32 us
    qt.clock_step(2_000)
    assert qt.read(SPI1 + SR) & RXP
    assert qt.read(SPI1 + RXDR, 1) == 0xFF


def test_no_kernel_clock_no_transfer(qt):
    # SPI1's reset kernel clock is pll1_q, off on a board nobody set up
    master(qt, SPI1)
    qt.write(SPI1 + TXDR, 1, 1)
    qt.clock_step(1_000_000)
    assert not qt.read(SPI1 + SR) & RXP


def test_tsize_ends_the_transfer(qtf):
    cs_low(qtf, GPIOE, 4)
    qtf.intercept_irqs("/machine/soc/cm7")
    master(qtf, SPI4, tsize=4)
    qtf.write(SPI4 + IER, EOT)
    # four frames packed in one 32-bit write: read ID, then three dummies
    qtf.write(SPI4 + TXDR, 0x0000009F)
    assert qtf.read(SPI4 + SR) & TXTF                    # all TSIZE written
    assert qtf.read(SPI4 + SR) >> 16 == 4                # CTSIZE
    assert qtf.irq_level(IRQ_SPI4) == 0
    qtf.clock_step(10_000)                               # 4 x 8 bits at 32 MHz
    sr = qtf.read(SPI4 + SR)
    assert sr & EOT and sr & TXC and sr >> 16 == 0
    assert qtf.irq_level(IRQ_SPI4) == 1
    assert qtf.read(SPI4 + CR1) & CSTART == 0            # hardware cleared it
    assert qtf.read(SPI4 + RXDR) == 0x14202000           # packed, first frame lowest
    qtf.write(SPI4 + IFCR, EOT | TXTF)
    assert qtf.irq_level(IRQ_SPI4) == 0


def test_16_bit_frames_and_lsb_first(qtf):
    cs_low(qtf, GPIOE, 4)
    master(qtf, SPI4, bits=16)
    # 0x9F00 MSB first: the command, then the ID's first byte
    assert xfer(qtf, SPI4, [0x9F00, 0x0000], size=2) == [0x0020, 0x2014]
    qtf.write(SPI4 + CR1, 0)
    qtf.write(GPIOE + 0x14, 1 << 4)                      # deselect: restart
    qtf.write(GPIOE + 0x14, 0)
    master(qtf, SPI4, bits=8, lsb=True)
    # LSB first: 0xF9 is 0x9F on the wire, and the ID's 0x20 reads as 0x04
    assert xfer(qtf, SPI4, [0xF9, 0, 0]) == [0x00, 0x04, 0x04]


def test_rx_overrun_and_suspend(qt):
    qt.write(D2CCIP1R, 4 << 12)
    master(qt, SPI1)
    for i in range(17):                                  # one frame more than the FIFO
        qt.write(SPI1 + TXDR, i, 1)
        qt.clock_step(1_000)
    sr = qt.read(SPI1 + SR)
    assert sr & OVR and sr & RXP
    qt.write(SPI1 + IFCR, OVR)
    assert not qt.read(SPI1 + SR) & OVR
    qt.write(SPI1 + CR1, SPE | CSUSP)
    assert qt.read(SPI1 + SR) & SUSP and not qt.read(SPI1 + CR1) & CSTART
    qt.write(SPI1 + CR1, 0)                              # SPE off empties the FIFOs
    assert not qt.read(SPI1 + SR) & RXP


def test_slave_mode_receives_nothing(qt):
    qt.write(D2CCIP1R, 4 << 12)
    qt.write(SPI1 + CR1, SPE)
    qt.write(SPI1 + TXDR, 0x55, 1)
    qt.clock_step(1_000_000)
    assert not qt.read(SPI1 + SR) & RXP


def test_wrong_guest_use_is_logged(qt):
    qt.write(SPI1 + CR1, SPE)
    qt.write(SPI1 + CFG1, 0x1F)                          # locked while SPE
    assert qt.read(SPI1 + CFG1) == 0x00070007
    for i in range(20):
        qt.write(SPI1 + TXDR, i, 1)                      # no clock: FIFO fills
    qt.write(SPI1 + SR, 0)
    qt.write(SPI1 + 0x60, 0)
    log = qt.guest_log()
    assert "spi1: CFG1 written with SPE set: ignored" in log
    assert "spi1: TXDR written with the TX FIFO full: frame dropped" in log
    assert "spi1: write to read-only offset 0x14" in log
    assert "spi1: write to reserved offset 0x60" in log


def test_cs_index_without_a_pin_is_refused(tmp_path):
    with pytest.raises(h7qemu.QemuError) as e:
        h7qemu.Qemu(qtest=True, extra=["-device", "m25p80,bus=spi2,cs=1"])
    assert "spi2: no pin for chip select 1" in str(e.value)
    q = h7qemu.Qemu(qtest=True, machine="stm32h747i-disco,spi-cs=spi2.1=PB4",
                    extra=["-device", "m25p80,bus=spi2,cs=1"])
    assert q.alive()
    q.close()
