"""Jumpers between pins (-M stm32h747i-disco,jumpers=...) beyond the UARTs:
a GPIO output drives the pin at the other end (its input register and a
timer's capture input), a released end falls back to its own pull, the DAC
reaches an ADC input across a jumper; and timer input capture with it
(both edges, overcapture, the PWM input set-up with the slave reset mode)."""
import pytest
from h7tools import qemu as h7qemu
from test_adc_dac import ADC1, DAC, DAC_CR, DAC_DHR12R1, SOC, convert, power_up

GPIOA, GPIOB = 0x58020000, 0x58020400
MODER, OTYPER, PUPDR, IDR, BSRR, AFRL = 0x00, 0x04, 0x0C, 0x10, 0x18, 0x20
IN, OUT, AF, ANALOG = 0, 1, 2, 3
PULL_UP, PULL_DOWN = 1, 2
TIM2 = 0x40000000
CR1, SMCR, SR, EGR, CCMR1, CCER, CCR1, CCR2 = 0x00, 0x08, 0x10, 0x14, 0x18, 0x20, 0x34, 0x38
CC1IF, CC2IF, TIF, CC1OF = 1 << 1, 1 << 2, 1 << 6, 1 << 9
TIM_HZ = 64_000_000                      # timx_ker_ck after reset


def field(qt, addr, pin, width, value):
    mask = (1 << width) - 1
    old = qt.read(addr) & ~(mask << (width * pin))
    qt.write(addr, old | value << (width * pin))


def mode(qt, port, pin, m, pull=0, open_drain=False):
    field(qt, port + PUPDR, pin, 2, pull)
    field(qt, port + OTYPER, pin, 1, int(open_drain))
    field(qt, port + MODER, pin, 2, m)


def drive(qt, port, pin, level):
    qt.write(port + BSRR, 1 << (pin if level else pin + 16))


def level(qt, port, pin):
    return qt.read(port + IDR) >> pin & 1


@pytest.fixture
def board():
    with h7qemu.Qemu(machine="stm32h747i-disco,jumpers=PB0-PB1:PA4-PC0:PB2-PA0",
                     qtest=True) as q:
        yield q


def test_an_output_drives_the_other_end(board):
    mode(board, GPIOB, 1, IN, PULL_DOWN)
    mode(board, GPIOB, 0, OUT)
    drive(board, GPIOB, 0, 1)
    assert level(board, GPIOB, 1) == 1                 # over its pull-down
    drive(board, GPIOB, 0, 0)
    assert level(board, GPIOB, 1) == 0
    # the other way round: PB1 drives, PB0 listens
    mode(board, GPIOB, 0, IN, PULL_UP)
    mode(board, GPIOB, 1, OUT)
    drive(board, GPIOB, 1, 0)
    assert level(board, GPIOB, 0) == 0


def test_a_released_end_has_its_own_pull(board):
    mode(board, GPIOB, 1, IN, PULL_UP)
    mode(board, GPIOB, 0, OUT)
    drive(board, GPIOB, 0, 0)
    assert level(board, GPIOB, 1) == 0
    mode(board, GPIOB, 0, IN)                           # PB0 lets go
    assert level(board, GPIOB, 1) == 1
    # open drain: only its low is driven
    mode(board, GPIOB, 0, OUT, open_drain=True)
    drive(board, GPIOB, 0, 1)
    assert level(board, GPIOB, 1) == 1
    field(board, GPIOB + PUPDR, 1, 2, PULL_DOWN)
    assert level(board, GPIOB, 1) == 0                  # nothing holds it up
    drive(board, GPIOB, 0, 0)
    mode(board, GPIOB, 1, IN, PULL_UP)
    assert level(board, GPIOB, 1) == 0


def test_the_dac_reaches_an_adc_pin_across_a_jumper(board):
    mode(board, GPIOA, 4, ANALOG)
    mode(board, 0x58020800, 0, ANALOG)                  # PC0: ADC1 channel 10
    board.set_prop(SOC, "ain-PC0", 0.5)                  # overridden by the DAC
    board.write(DAC + DAC_CR, 1)                         # EN1
    board.write(DAC + DAC_DHR12R1, 3000)
    board.clock_step(10_000)
    volts = board.prop(SOC + "/dac1", "out1-volts")
    assert abs(volts - 3000 / 4095 * 3.3) < 0.01
    power_up(board, ADC1)
    assert abs(convert(board, ADC1, 10) - volts / 3.3 * 65535) <= 2
    board.write(DAC + DAC_CR, 0)                         # DAC off: PC0's own volts
    assert abs(convert(board, ADC1, 10) - 0.5 / 3.3 * 65535) <= 2


def tim2_ch1_on_pa0(qt):
    """PA0 in AF1 (TIM2_CH1), driven from PB2 over the jumper."""
    mode(qt, GPIOB, 2, OUT)
    drive(qt, GPIOB, 2, 0)
    field(qt, GPIOA + AFRL, 0, 4, 1)
    mode(qt, GPIOA, 0, AF)


def start(qt):
    qt.write(TIM2 + EGR, 1)
    qt.write(TIM2 + SR, 0)
    qt.write(TIM2 + CR1, 1)


def test_capture_on_both_edges_and_overcapture(board):
    tim2_ch1_on_pa0(board)
    board.write(TIM2 + CCMR1, 1)                          # CC1S = TI1
    board.write(TIM2 + CCER, 1 | 1 << 1 | 1 << 3)         # CC1E, both edges
    start(board)
    board.clock_step(1_000)
    drive(board, GPIOB, 2, 1)
    assert board.read(TIM2 + SR) & (CC1IF | CC1OF) == CC1IF
    board.clock_step(2_500)
    drive(board, GPIOB, 2, 0)
    sr = board.read(TIM2 + SR)
    assert sr & CC1IF and sr & CC1OF                     # the first was not read
    assert board.read(TIM2 + CCR1) == 3_500 * TIM_HZ // 10**9
    assert not board.read(TIM2 + SR) & CC1IF              # reading CCR1 clears it


def test_rising_edge_only_and_prescaler(board):
    tim2_ch1_on_pa0(board)
    board.write(TIM2 + CCMR1, 1 | 1 << 2)                  # TI1, IC1PSC /2
    board.write(TIM2 + CCER, 1)                            # rising edges
    start(board)
    for t in range(4):                                     # rising at 1, 3, 5, 7 us
        board.clock_step(1_000)
        drive(board, GPIOB, 2, 1)
        if t == 0:
            assert not board.read(TIM2 + SR) & CC1IF       # one edge of two
        board.clock_step(1_000)
        drive(board, GPIOB, 2, 0)
    assert board.read(TIM2 + CCR1) == 7_000 * TIM_HZ // 10**9


def test_pwm_input_measures_period_and_pulse(board):
    """CH1 captures TI1's rising edges, CH2 its falling ones, and each rising
    edge resets the counter (SMS = reset, TS = TI1FP1): CCR1 is the period,
    CCR2 the pulse width, as a pulse-measuring application sets it up."""
    tim2_ch1_on_pa0(board)
    board.write(TIM2 + CCMR1, 1 | 2 << 8)                  # CC1S = TI1, CC2S = TI1
    board.write(TIM2 + CCER, 1 | (1 | 1 << 1) << 4)        # CC1 rising, CC2 falling
    board.write(TIM2 + SMCR, 4 | 5 << 4)                   # reset mode on TI1FP1
    start(board)
    for _ in range(3):                                     # 20 us period, 5 us high
        drive(board, GPIOB, 2, 1)
        board.clock_step(5_000)
        drive(board, GPIOB, 2, 0)
        board.clock_step(15_000)
    drive(board, GPIOB, 2, 1)
    assert board.read(TIM2 + SR) & (CC1IF | CC2IF | TIF) == CC1IF | CC2IF | TIF
    assert board.read(TIM2 + CCR1) == 20_000 * TIM_HZ // 10**9
    assert board.read(TIM2 + CCR2) == 5_000 * TIM_HZ // 10**9
