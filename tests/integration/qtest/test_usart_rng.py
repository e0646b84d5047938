"""USART1 (baud maths from the RCC clock, TX/RX, FIFO, interrupts), UART8 and RNG."""
import time

U = 0x40011000
CR1, CR3, BRR, RQR, ISR, ICR, RDR, TDR, PRESC = 0x00, 0x08, 0x0C, 0x18, 0x1C, 0x20, 0x24, 0x28, 0x2C
UE, RE, TE, RXNEIE, FIFOEN, OVER8 = 1, 4, 8, 1 << 5, 1 << 29, 1 << 15
RCC = 0x58024400
RNG = 0x48021800


def test_reset_and_enable_flags(qt):
    assert qt.read(U + CR1) == 0
    isr = qt.read(U + ISR)
    assert isr & 0xC0 == 0xC0                          # TXE, TC
    qt.write(U + CR1, UE | TE | RE)
    assert qt.read(U + ISR) & (1 << 21 | 1 << 22) == 1 << 21 | 1 << 22  # TEACK REACK


def test_baud_from_kernel_clock(qt):
    qt.write(U + BRR, 556)                             # 64 MHz HSI / 556
    qt.write(U + CR1, UE | TE)
    assert qt.prop("/machine/soc/usart1", "baudrate") == 64_000_000 // 556
    qt.write(RCC + 0x1C, 4 << 8)                       # D2PPRE2 /2
    assert qt.prop("/machine/soc/usart1", "baudrate") == 32_000_000 // 556
    qt.write(U + CR1, 0)
    qt.write(U + CR1, UE | TE | OVER8)
    qt.write(U + BRR, (556 // 2 & ~0xF) | (556 // 2 & 0xF) >> 1)
    assert abs(qt.prop("/machine/soc/usart1", "baudrate") - 2 * 32_000_000 // 278) < 300
    qt.write(U + PRESC, 1)                             # /2
    assert qt.prop("/machine/soc/usart1", "baudrate") == 2 * 16_000_000 // 278


def test_transmit(qt):
    qt.write(U + CR1, UE | TE)
    for ch in b"hi!":
        qt.write(U + TDR, ch)
    assert qt.serial_read_until("hi!") == "hi!"


def test_transmit_disabled_is_logged(qt):
    qt.write(U + TDR, 0x41)
    assert "transmitter disabled" in qt.guest_log()


def wait_rxne(q, n=1):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        q.clock_step(1000)
        if q.read(U + ISR) & (1 << 24 if n > 1 else 1 << 5):
            return
    raise AssertionError("no receive flag")


def test_receive_single_byte_and_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(U + CR1, UE | RE | RXNEIE)
    qt.serial_write(b"AB")
    wait_rxne(qt)
    assert qt.irq_level(37) == 1
    assert qt.read(U + RDR) == ord("A")
    wait_rxne(qt)                                      # B was held back
    assert qt.read(U + RDR) == ord("B")
    assert not qt.read(U + ISR) & 1 << 5
    assert qt.irq_level(37) == 0


def test_receive_fifo(qt):
    qt.write(U + CR1, FIFOEN | UE | RE)
    data = bytes(range(0x30, 0x30 + 20))
    qt.serial_write(data)
    wait_rxne(qt, 16)                                  # RXFF: 16 bytes in
    got = bytes(qt.read(U + RDR) for _ in range(16))
    wait_rxne(qt)
    got += bytes(qt.read(U + RDR) for _ in range(4))
    assert got == data
    qt.serial_write(b"xyz")
    deadline = time.monotonic() + 5
    while not qt.read(U + ISR) & 1 << 26 and time.monotonic() < deadline:
        qt.clock_step(1000)                            # wait for RXFT: 2 of 16 in
    time.sleep(0.05)                                   # let the rest arrive too
    qt.clock_step(1000)
    qt.write(U + RQR, 1 << 3)                          # RXFRQ flushes the FIFO
    assert not qt.read(U + ISR) & 1 << 5               # nothing left to read
    qt.serial_write(b"!")                              # and reception goes on
    wait_rxne(qt)
    assert qt.read(U + RDR) == ord("!")


def test_rng_needs_its_kernel_clock(qt):
    qt.write(RNG + 0x00, 1 << 2)                       # RNGEN, HSI48 off
    assert not qt.read(RNG + 0x04) & 1                 # no DRDY
    assert qt.read(RNG + 0x04) & 1 << 1                # CECS
    qt.write(RCC + 0x00, qt.read(RCC + 0x00) | 1 << 12)   # HSI48ON
    assert qt.read(RNG + 0x04) & 1
    words = [qt.read(RNG + 0x08) for _ in range(64)]
    assert len(set(words)) > 60
    # 32 random bits each: every bit is set in about half the words (a
    # binomial(64, 1/2) outside 10..54 is a 1e-7 chance), which a counter,
    # a shifted or a constant pattern is not
    for bit in range(32):
        ones = sum(w >> bit & 1 for w in words)
        assert 10 <= ones <= 54, f"bit {bit} set in {ones} of 64 words"


def test_uart8_is_mapped_with_its_clock_and_interrupt(qt):
    """UART8 (0x40007C00, the Arduino connector's D0/D1: the port's HCI UART)
    is the same USART on the APB1 kernel clock, NVIC line 83."""
    u8 = 0x40007C00
    assert qt.read(u8 + CR1) == 0
    qt.write(u8 + BRR, 556)
    qt.write(u8 + CR1, UE | TE | RE)
    assert qt.read(u8 + ISR) & (1 << 21 | 1 << 22) == 1 << 21 | 1 << 22  # TEACK REACK
    assert qt.prop("/machine/soc/uart8", "baudrate") == 64_000_000 // 556
    qt.write(RCC + 0x1C, 4 << 4)                       # D2PPRE1 /2: APB1 only
    assert qt.prop("/machine/soc/uart8", "baudrate") == 32_000_000 // 556
    qt.intercept_irqs("/machine/soc/cm7")
    assert qt.irq_level(83) == 0
    qt.write(u8 + CR1, UE | TE | RE | 1 << 7)          # TXEIE: TXE is set
    assert qt.irq_level(83) == 1
    assert qt.irq_level(37) == 0
