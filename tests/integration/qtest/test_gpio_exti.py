"""GPIO, SYSCFG and EXTI: pin levels, locking, the board's LEDs, button and
joystick, and edge interrupts through the EXTICR multiplexer."""
GPIO = 0x58020000
MODER, OTYPER, PUPDR, IDR, ODR, BSRR, LCKR = 0x00, 0x04, 0x0C, 0x10, 0x14, 0x18, 0x1C
SYSCFG_EXTICR = 0x58000408
EXTI = 0x58000000
RTSR1, FTSR1, SWIER1, C1IMR1, C1PR1 = 0x00, 0x04, 0x08, 0x80, 0x88


def port(c):
    return GPIO + 0x400 * (ord(c) - ord("A"))


def test_reset_values(qt):
    assert qt.read(port("A") + MODER) == 0xABFFFFFF
    assert qt.read(port("B") + MODER) == 0xFFFFFEBF
    assert qt.read(port("C") + MODER) == 0xFFFFFFFF
    assert qt.read(port("A") + PUPDR) == 0x64000000
    assert qt.read(port("K") + ODR) == 0


def test_bsrr_and_output_levels(qt):
    p = port("D")
    qt.write(p + MODER, 0x5555)                       # pins 0-7 outputs
    qt.write(p + BSRR, 0x00FF)
    assert qt.read(p + ODR) == 0xFF
    assert qt.read(p + IDR) & 0xFF == 0xFF
    qt.write(p + BSRR, 0x0003 << 16)
    assert qt.read(p + ODR) == 0xFC
    qt.write(p + BSRR, 0x0010 | 0x0010 << 16)         # set wins
    assert qt.read(p + ODR) & 0x10


def test_pulls_and_open_drain(qt):
    p = port("E")
    qt.write(p + MODER, 0xFFFFFFF0 | 0x4)             # pin0 input, pin1 output
    qt.write(p + PUPDR, 0x1 | 0x4)                    # pull-up on 0 and 1
    assert qt.read(p + IDR) & 1
    qt.write(p + OTYPER, 0x2)                          # pin1 open drain
    qt.write(p + ODR, 0x2)                             # released: pull-up
    assert qt.read(p + IDR) & 2
    qt.write(p + ODR, 0x0)                             # driven low
    assert not qt.read(p + IDR) & 2
    qt.write(p + PUPDR, 0x2)                           # pull-down on pin 0
    assert not qt.read(p + IDR) & 1


def test_lock_sequence(qt):
    p = port("F")
    qt.write(p + MODER, 0xFFFFFFF5)
    for k in (1 << 16 | 3, 3, 1 << 16 | 3):
        qt.write(p + LCKR, k)
    assert qt.read(p + LCKR) == 1 << 16 | 3
    qt.write(p + MODER, 0)
    assert qt.read(p + MODER) & 0xF == 0x5             # pins 0,1 frozen
    assert qt.read(p + MODER) >> 4 == 0                # the others not


def test_broken_lock_sequence_does_not_lock(qt):
    p = port("F")
    for k in (1 << 16 | 3, 1 << 16 | 3, 3):
        qt.write(p + LCKR, k)
    assert not qt.read(p + LCKR) & 1 << 16


def test_leds_follow_pins(qt):
    p = port("I")
    qt.write(p + MODER, 0x55000000 | 0x00FFFFFF)       # PI12..15 outputs
    qt.write(p + BSRR, 0xF000)                         # all high: LEDs off
    assert [qt.prop("/machine", f"led-ld{i}") for i in range(1, 5)] == [False] * 4
    qt.write(p + BSRR, 1 << (12 + 16) | 1 << (14 + 16))
    assert [qt.prop("/machine", f"led-ld{i}") for i in range(1, 5)] == [True, False, True, False]


def test_button_and_joystick_levels(qt):
    assert not qt.read(port("C") + IDR) & 1 << 13
    qt.set_prop("/machine", "button-user", True)
    assert qt.read(port("C") + IDR) & 1 << 13          # active high
    assert qt.read(port("K") + IDR) & 0x7C == 0x7C     # joystick idles high
    qt.set_prop("/machine", "joy-up", True)
    assert qt.read(port("K") + IDR) & 0x7C == 0x3C     # PK6 low when pressed
    qt.set_prop("/machine", "joy-up", False)
    assert qt.read(port("K") + IDR) & 0x7C == 0x7C
    assert qt.prop("/machine", "button-user") is True


def test_button_edge_interrupt_through_exti(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(SYSCFG_EXTICR + 12, 2 << 4)               # EXTICR4: line 13 <- port C
    qt.write(EXTI + RTSR1, 1 << 13)
    qt.write(EXTI + C1IMR1, 1 << 13)
    qt.set_prop("/machine", "button-user", True)
    assert qt.read(EXTI + C1PR1) == 1 << 13
    assert qt.irq_level(40) == 1                       # EXTI15_10
    qt.write(EXTI + C1PR1, 1 << 13)
    assert qt.irq_level(40) == 0
    qt.set_prop("/machine", "button-user", False)      # falling: not selected
    assert qt.read(EXTI + C1PR1) == 0


def test_exti_follows_the_selected_port_only(qt):
    qt.write(EXTI + FTSR1, 1 << 3)
    qt.write(EXTI + C1IMR1, 1 << 3)
    qt.set_prop("/machine", "joy-down", True)          # PK3 falls, line 3 is port A
    assert qt.read(EXTI + C1PR1) == 0
    qt.set_prop("/machine", "joy-down", False)
    qt.write(SYSCFG_EXTICR, 10 << 12)                  # EXTICR1: line 3 <- port K
    qt.set_prop("/machine", "joy-down", True)
    assert qt.read(EXTI + C1PR1) == 1 << 3


def test_software_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(EXTI + C1IMR1, 1 << 0)
    qt.write(EXTI + SWIER1, 1 << 0)
    assert qt.irq_level(6) == 1                        # EXTI0
    qt.write(EXTI + C1PR1, 1)
    assert qt.irq_level(6) == 0
