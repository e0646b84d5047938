"""I2C1-4 (RM0399): each controller at its address with its event
interrupt, each a QEMU I2C bus named i2c1..i2c4 that -device attaches to;
a GPIO port driving the I2C1 wires (PB6/PB7, open drain) reaches the same
devices as the controller (a bit-banged I2C)."""
import pytest

from h7tools import qemu as h7qemu

I2CS = [(0x40005400, 31), (0x40005800, 33), (0x40005C00, 72), (0x58001C00, 95)]
CR1, CR2, ISR, ICR, RXDR = 0x00, 0x04, 0x18, 0x1C, 0x24
PE, NACKIE = 1, 1 << 4
START, AUTOEND, RD_WRN = 1 << 13, 1 << 25, 1 << 10
NACKF, STOPF, RXNE = 1 << 4, 1 << 5, 1 << 2
GPIOB = 0x58020400
MODER, OTYPER, PUPDR, IDR, BSRR = 0x00, 0x04, 0x0C, 0x10, 0x18


@pytest.fixture
def q():
    q = h7qemu.Qemu(qtest=True, extra=["-device", "tmp105,bus=i2c2,address=0x48,id=temp",
                                       "-device", "tmp105,bus=i2c1,address=0x49,id=t1"])
    yield q
    alive = q.alive()
    q.close()
    assert alive, "QEMU died during the test"


def test_each_controller_its_bus_and_interrupt(q):
    q.intercept_irqs("/machine/soc/cm7")
    for n, (base, irq) in enumerate(I2CS, 1):
        q.write(base + CR1, PE | NACKIE)
        q.write(base + CR2, 0x48 << 1 | RD_WRN | 1 << 16 | AUTOEND | START)
        isr = q.read(base + ISR)
        if n == 2:                                    # the TMP105 is on i2c2
            assert isr & RXNE and not isr & NACKF, n
            assert q.irq_level(irq) == 0
        else:
            assert isr & NACKF and isr & STOPF, n
            assert q.irq_level(irq) == 1, n
            q.write(base + ICR, NACKF | STOPF)
            assert q.irq_level(irq) == 0, n


def od(q, pin, level):
    q.write(GPIOB + BSRR, 1 << pin if level else 1 << (pin + 16))


def bitbang_byte(q, byte):
    """Clock out 8 bits on PB7 (SDA) with PB6 (SCL); returns the ACK bit."""
    for i in range(7, -1, -1):
        od(q, 7, byte >> i & 1)
        od(q, 6, 1)
        od(q, 6, 0)
    od(q, 7, 1)                                       # release SDA for the ACK
    od(q, 6, 1)
    ack = q.read(GPIOB + IDR) >> 7 & 1
    od(q, 6, 0)
    return ack


def test_gpio_wires_reach_the_bus(q):
    # the TMP105 at 0x49 on i2c1: PB6/PB7 open drain with pull-ups, high
    q.write(GPIOB + OTYPER, 3 << 6)
    q.write(GPIOB + PUPDR, q.read(GPIOB + PUPDR) & ~(0xF << 12) | 0x5 << 12)
    od(q, 6, 1)
    od(q, 7, 1)
    q.write(GPIOB + MODER, q.read(GPIOB + MODER) & ~(0xF << 12) | 0x5 << 12)
    od(q, 7, 0)                                       # START: SDA falls, SCL high
    od(q, 6, 0)
    assert bitbang_byte(q, 0x49 << 1) == 0            # ACK from the TMP105
    od(q, 7, 0)                                       # STOP
    od(q, 6, 1)
    od(q, 7, 1)
    od(q, 7, 0)                                       # START again, nobody at 0x33
    od(q, 6, 0)
    assert bitbang_byte(q, 0x33 << 1) == 1            # NACK: SDA stays high


TIMINGR = 0x10
US = 1000


def test_bus_time_from_timingr(q):
    """PRESC 1, SCLL = SCLH = 159 at the 64 MHz reset clock: a 10 us SCL
    period.  START and the address take 10 periods, each byte 9, STOP 1."""
    base = I2CS[1][0]                                 # I2C2, the TMP105 at 0x48
    q.write(base + TIMINGR, 1 << 28 | 159 << 8 | 159)
    q.write(base + CR1, PE)
    q.write(base + CR2, 0x48 << 1 | RD_WRN | 2 << 16 | AUTOEND | START)
    q.clock_step(185 * US)
    assert not q.read(base + ISR) & RXNE              # the first byte still on the wire
    q.clock_step(10 * US)
    assert q.read(base + ISR) & RXNE                  # 10 + 9 periods: 190 us
    q.read(base + RXDR)
    q.clock_step(85 * US)
    assert not q.read(base + ISR) & RXNE
    q.clock_step(10 * US)
    assert q.read(base + ISR) & RXNE                  # 9 periods later
    q.read(base + RXDR)                               # the last: AUTOEND's STOP
    assert not q.read(base + ISR) & STOPF
    q.clock_step(15 * US)
    assert q.read(base + ISR) & STOPF                 # 1 period
    q.write(base + ICR, STOPF)
    # nobody at 0x33: NACKF and STOPF after the address and the STOP, 110 us
    q.write(base + CR2, 0x33 << 1 | 1 << 16 | AUTOEND | START)
    q.clock_step(100 * US)
    assert not q.read(base + ISR) & NACKF
    q.clock_step(15 * US)
    assert q.read(base + ISR) & (NACKF | STOPF) == NACKF | STOPF
