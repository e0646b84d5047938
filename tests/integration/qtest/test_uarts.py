"""The eight U(S)ARTs of the STM32H747: addresses, interrupt lines and
clocks; paced frames (a character takes its frame's time in virtual time);
jumpers between pins carrying one U(S)ART's TX to another's RX by the pins'
alternate functions; IDLE, break (FE/LBDF) and overrun on such a line;
RTS/CTS hardware flow control across jumpers."""
import pytest

from h7tools import qemu as h7qemu

CR1, CR2, CR3, BRR, RQR, ISR, ICR, RDR, TDR = 0x00, 0x04, 0x08, 0x0C, 0x18, 0x1C, 0x20, 0x24, 0x28
UE, RE, TE, TXEIE, FIFOEN = 1, 1 << 2, 1 << 3, 1 << 7, 1 << 29
FE, ORE, IDLE, RXNE, TC, TXE, LBDF, SBKF = 1 << 1, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 18
SBKRQ = 1 << 1
LINEN = 1 << 14
GPIOB = 0x58020400
KER_HZ = 64_000_000                     # HSI: the USART kernel clocks at reset

UARTS = [  # base, QOM name, NVIC line
    (0x40011000, "usart1", 37), (0x40004400, "usart2", 38),
    (0x40004800, "usart3", 39), (0x40004C00, "uart4", 52),
    (0x40005000, "uart5", 53), (0x40011400, "usart6", 71),
    (0x40007800, "uart7", 82), (0x40007C00, "uart8", 83),
]
UART4, USART3 = 0x40004C00, 0x40004800


def test_eight_uarts_with_their_lines_and_clocks(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    for base, name, irq in UARTS:
        assert qt.read(base + CR1) == 0, name
        qt.write(base + BRR, 556)
        qt.write(base + CR1, UE | TE | RE)
        assert qt.read(base + ISR) & (3 << 21) == 3 << 21, name     # TEACK REACK
        assert qt.prop(f"/machine/soc/{name}", "baudrate") == KER_HZ // 556, name
        assert qt.irq_level(irq) == 0, name
        qt.write(base + CR1, UE | TE | RE | TXEIE)
        assert qt.irq_level(irq) == 1, name
        qt.write(base + CR1, 0)
        assert qt.irq_level(irq) == 0, name


def pin_af(q, port_base, pin, af):
    moder = q.read(port_base)
    q.write(port_base, moder & ~(3 << 2 * pin) | 2 << 2 * pin)
    reg = port_base + (0x20 if pin < 8 else 0x24)
    sh = 4 * (pin % 8)
    q.write(reg, q.read(reg) & ~(0xF << sh) | af << sh)


def uart_on(q, base, baud, cr1=0):
    q.write(base + BRR, KER_HZ // baud)
    q.write(base + CR1, UE | TE | RE | cr1)
    return 10 * 1_000_000_000 * (KER_HZ // baud) // KER_HZ   # 8N1 frame in ns


@pytest.fixture
def jumpered(qtest_board):
    return qtest_board("stm32h747i-disco,jumpers=PB9-PB8:PB13-PB11")


def test_paced_transmitter_takes_a_frame_per_character(qt):
    frame = uart_on(qt, UART4, 9600, FIFOEN)
    for ch in b"abc":
        qt.write(UART4 + TDR, ch)
    assert not qt.read(UART4 + ISR) & TC
    qt.clock_step(3 * frame - 20_000)                 # 20 us short of three
    assert not qt.read(UART4 + ISR) & TC
    qt.clock_step(40_000)
    assert qt.read(UART4 + ISR) & TC


def test_console_runs_at_host_speed(qt):
    uart_on(qt, 0x40011000, 9600, FIFOEN)
    for ch in b"abc":
        qt.write(0x40011000 + TDR, ch)
    assert qt.read(0x40011000 + ISR) & TC              # no virtual time passed
    assert qt.serial_read_until("abc") == "abc"


def test_jumper_carries_tx_to_rx_by_alternate_function(jumpered):
    q = jumpered
    frame = uart_on(q, UART4, 115200, FIFOEN)
    for ch in b"hi":
        q.write(UART4 + TDR, ch)
    q.clock_step(3 * frame)
    assert not q.read(UART4 + ISR) & RXNE              # pins still GPIO inputs
    pin_af(q, GPIOB, 9, 8)                             # PB9 UART4_TX
    pin_af(q, GPIOB, 8, 8)                             # PB8 UART4_RX
    for ch in b"hi":
        q.write(UART4 + TDR, ch)
    q.clock_step(frame + frame // 2)
    assert q.read(UART4 + ISR) & RXNE                  # the first frame is in
    assert q.read(UART4 + RDR) == ord("h")
    assert not q.read(UART4 + ISR) & RXNE              # the second still on the wire
    q.clock_step(frame)
    assert q.read(UART4 + RDR) == ord("i")


def test_jumper_between_two_uarts(jumpered):
    q = jumpered
    pin_af(q, GPIOB, 13, 14)                           # PB13 UART5_TX
    pin_af(q, GPIOB, 11, 7)                            # PB11 USART3_RX
    frame = uart_on(q, 0x40005000, 57600, FIFOEN)
    uart_on(q, USART3, 57600, FIFOEN)
    for ch in b"xyz":
        q.write(0x40005000 + TDR, ch)
    q.clock_step(4 * frame)
    assert bytes(q.read(USART3 + RDR) for _ in range(3)) == b"xyz"
    assert not q.read(UART4 + ISR) & RXNE              # UART4 is not on that wire


def test_idle_line_one_frame_after_the_last_character(jumpered):
    q = jumpered
    pin_af(q, GPIOB, 9, 8)
    pin_af(q, GPIOB, 8, 8)
    frame = uart_on(q, UART4, 9600, FIFOEN)
    for ch in b"12":
        q.write(UART4 + TDR, ch)
    q.clock_step(2 * frame + frame // 2)
    isr = q.read(UART4 + ISR)
    assert isr & RXNE and not isr & IDLE
    q.clock_step(frame)
    assert q.read(UART4 + ISR) & IDLE
    q.write(UART4 + ICR, IDLE)                         # IDLECF
    assert not q.read(UART4 + ISR) & IDLE


def test_break_is_a_framing_error_on_zero(jumpered):
    q = jumpered
    pin_af(q, GPIOB, 9, 8)
    pin_af(q, GPIOB, 8, 8)
    frame = uart_on(q, UART4, 9600, FIFOEN)
    q.write(UART4 + RQR, SBKRQ)
    assert q.read(UART4 + ISR) & SBKF
    q.clock_step(frame)
    assert q.read(UART4 + ISR) & SBKF                  # 10 bits low + 2 stop
    q.clock_step(frame // 2)
    isr = q.read(UART4 + ISR)
    assert not isr & SBKF
    assert isr & FE and isr & RXNE and not isr & LBDF
    assert q.read(UART4 + RDR) == 0
    q.write(UART4 + ICR, FE)
    q.write(UART4 + CR1, 0)
    q.write(UART4 + CR2, LINEN)                        # LIN mode: break detection
    uart_on(q, UART4, 9600, FIFOEN)
    q.write(UART4 + RQR, SBKRQ)
    q.clock_step(2 * frame)
    assert q.read(UART4 + ISR) & LBDF


def test_overrun_when_nobody_reads(jumpered):
    q = jumpered
    pin_af(q, GPIOB, 9, 8)
    pin_af(q, GPIOB, 8, 8)
    frame = uart_on(q, UART4, 115200)                  # no FIFO: RDR alone
    q.write(UART4 + TDR, ord("a"))
    q.clock_step(frame + 1000)
    q.write(UART4 + TDR, ord("b"))
    q.clock_step(frame + 1000)
    isr = q.read(UART4 + ISR)
    assert isr & ORE and isr & RXNE
    assert q.read(UART4 + RDR) == ord("a")             # the kept character


# USART2 looped back on itself: TX PD5 to RX PD6, RTS PD4 to CTS PD3 (AF7)
USART2, GPIOD = 0x40004400, 0x58020C00
RTSE, CTSE, CTSIE = 1 << 8, 1 << 9, 1 << 10
CTSIF, CTS, CTSCF = 1 << 9, 1 << 10, 1 << 9


@pytest.fixture
def looped(qtest_board):
    return qtest_board("stm32h747i-disco,jumpers=PD5-PD6:PD4-PD3")


def pd4_output(q, level):
    """PD4 as a GPIO output: across the jumper it is PD3's, USART2's nCTS"""
    q.write(GPIOD, q.read(GPIOD) & ~(3 << 8) | 1 << 8)
    q.write(GPIOD + 0x18, 1 << 4 if level else 1 << 20)        # BSRR


def test_cts_reflects_ncts_and_holds_the_transmitter(looped):
    q = looped
    q.intercept_irqs("/machine/soc/cm7")
    for pin in (3, 5, 6):
        pin_af(q, GPIOD, pin, 7)
    q.write(USART2 + CR3, CTSE | CTSIE)
    frame = uart_on(q, USART2, 115200)
    assert q.read(USART2 + ISR) & (CTS | CTSIF) == CTS    # nCTS low (pulled): asserted
    pd4_output(q, 1)                                     # nCTS high: deasserted
    isr = q.read(USART2 + ISR)
    assert isr & (CTS | CTSIF) == CTSIF
    assert q.irq_level(38) == 1                          # CTSIE
    q.write(USART2 + ICR, CTSCF)
    assert not q.read(USART2 + ISR) & CTSIF and q.irq_level(38) == 0
    q.write(USART2 + TDR, ord("x"))
    q.clock_step(5 * frame)
    isr = q.read(USART2 + ISR)
    assert not isr & TC and not isr & RXNE               # the frame waits for nCTS
    pd4_output(q, 0)
    assert q.read(USART2 + ISR) & (CTS | CTSIF) == CTS | CTSIF
    q.clock_step(frame + 1000)
    isr = q.read(USART2 + ISR)
    assert isr & TC and isr & RXNE
    assert q.read(USART2 + RDR) == ord("x")
    q.write(USART2 + CR3, 0)                             # CTSE off: nCTS no longer matters
    pd4_output(q, 1)
    q.write(USART2 + TDR, ord("y"))
    q.clock_step(frame + 1000)
    assert q.read(USART2 + RDR) == ord("y")


def test_rts_stops_the_sender_when_the_receiver_is_full(looped):
    q = looped
    for pin in (3, 4, 5, 6):
        pin_af(q, GPIOD, pin, 7)
    q.write(USART2 + CR3, RTSE | CTSE)
    frame = uart_on(q, USART2, 115200)                   # no FIFO: RDR alone
    assert not q.read(GPIOD + 0x10) & 1 << 4             # nRTS low: ready
    q.write(USART2 + TDR, ord("a"))
    q.clock_step(frame + 1000)
    assert q.read(GPIOD + 0x10) & 1 << 4                 # RDR full: nRTS high
    assert not q.read(USART2 + ISR) & CTS                # ... on its own nCTS
    q.write(USART2 + TDR, ord("b"))
    q.clock_step(10 * frame)
    isr = q.read(USART2 + ISR)
    assert not isr & ORE and not isr & TC                # "b" waits, no overrun
    assert q.read(USART2 + RDR) == ord("a")              # room: nRTS low, "b" goes
    assert not q.read(GPIOD + 0x10) & 1 << 4
    q.clock_step(frame + 1000)
    assert q.read(USART2 + RDR) == ord("b")
    assert not q.read(USART2 + ISR) & ORE
    q.write(USART2 + CR3, 0)                             # RTSE off: the pin is let go
    assert q.read(GPIOD + 0x10) & 1 << 4 == 0            # PD4 pulls nothing: low


@pytest.mark.parametrize("spec", ["PZ1-PA1", "PA0", "PA0-PA0", "PA16-PA1", "PA0-PA1,,PB1-PB2"])
def test_bad_jumpers_are_refused(spec):
    with pytest.raises(h7qemu.QemuError) as e:
        h7qemu.Qemu(machine=f"stm32h747i-disco,jumpers={spec}", qtest=True, timeout=10)
    assert "jumpers:" in str(e.value)
