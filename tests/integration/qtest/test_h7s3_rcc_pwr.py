"""RCC, PWR and FLASH_ACR of the virtual NUCLEO-H7S3L8 at register level
(qtest): ready bits, the board's 600 MHz set-up and the clocks it gives the
CPU, SysTick and USART3, the switch refused for a clock that is off, the
running clock protected, PLL1 locked while on, VOS ready, reset values."""
from h7tools import qemu as h7qemu
import pytest

RCC, PWR, FLASH_ACR = 0x58024400, 0x58024800, 0x52002000
CR, CFGR, CDCFGR, BMCFGR, APBCFGR = 0x00, 0x10, 0x18, 0x1C, 0x20
PLLCKSELR, PLLCFGR, PLL1DIVR1, PLL1FRACR = 0x28, 0x2C, 0x30, 0x34
PLL1ON, PLL1RDY, HSEON, HSERDY = 1 << 24, 1 << 25, 1 << 16, 1 << 17
SR1, CSR2, CSR4 = 0x04, 0x0C, 0x14
MHZ = 1_000_000


@pytest.fixture
def q():
    with h7qemu.Qemu(machine="nucleo-h7s3l8", qtest=True, serial=False) as b:
        yield b


def hz(q, clk):
    return q.prop("/machine/rcc", f"{clk}-hz")


def pll1_600(q):
    """The firmware's sequence (firmware/h7s3/board.c)."""
    q.write(PWR + CSR4, 1)
    q.write(RCC + PLLCKSELR, 4 << 4)                 # HSI, DIVM1 4
    q.write(RCC + PLL1DIVR1, (q.read(RCC + PLL1DIVR1) & ~0xFFFF) | 74 | 1 << 9)
    q.write(RCC + CR, q.read(RCC + CR) | PLL1ON)
    q.write(RCC + BMCFGR, 8)
    q.write(RCC + APBCFGR, 0x4444)
    q.write(RCC + CFGR, 3)


def test_reset_state_runs_from_hsi(q):
    assert q.read(RCC + CR) & 0b101 == 0b101           # HSION, HSIRDY
    assert q.read(RCC + CFGR) == 0
    assert hz(q, "cpuclk") == 64 * MHZ and hz(q, "pclk1") == 64 * MHZ
    assert hz(q, "refclk") == 8 * MHZ
    assert q.read(FLASH_ACR) == 0x13
    assert q.read(PWR + SR1) == 0b10                    # ACTVOSRDY, low range


def test_ready_bits_follow_the_on_bits(q):
    q.write(RCC + CR, q.read(RCC + CR) | HSEON | PLL1ON)
    cr = q.read(RCC + CR)
    assert cr & HSERDY and cr & PLL1RDY
    q.write(RCC + CR, cr & ~(HSEON | PLL1ON))
    cr = q.read(RCC + CR)
    assert not cr & (HSERDY | PLL1RDY)


def test_board_setup_gives_600_mhz(q):
    pll1_600(q)
    assert q.read(RCC + CFGR) >> 3 & 7 == 3              # SWS = PLL1
    assert hz(q, "cpuclk") == 600 * MHZ
    assert hz(q, "refclk") == 75 * MHZ
    assert hz(q, "pclk1") == 150 * MHZ
    assert q.read(PWR + CSR4) & 3 == 3                  # VOS, VOSRDY
    assert q.read(PWR + SR1) == 0b11                    # ACTVOS follows
    q.write(0x40004800 + 0x0C, 1302)                    # USART3 BRR for 115200
    assert abs(q.prop("/machine/usart3", "baudrate") - 115200) < 100


def test_fracn_and_cpu_prescaler(q):
    q.write(RCC + PLLCKSELR, 4 << 4)
    q.write(RCC + PLL1DIVR1, 74 | 1 << 9)
    q.write(RCC + PLLCFGR, 1)                           # PLL1FRACEN
    q.write(RCC + PLL1FRACR, 4096 << 3)                 # + 0.5
    q.write(RCC + CR, q.read(RCC + CR) | PLL1ON)
    q.write(RCC + CFGR, 3)
    assert hz(q, "cpuclk") == 604 * MHZ                 # 16 MHz * 75.5 / 2
    q.write(RCC + CDCFGR, 9)                            # CPRE /4
    assert hz(q, "cpuclk") == 151 * MHZ


def test_switch_to_a_stopped_clock_is_refused(q):
    q.write(RCC + CFGR, 2)                              # HSE is off
    assert q.read(RCC + CFGR) >> 3 & 7 == 0
    assert hz(q, "cpuclk") == 64 * MHZ
    assert "not ready" in q.guest_log()
    q.write(RCC + CFGR, 5)                              # no such source
    assert q.read(RCC + CFGR) >> 3 & 7 == 0


def test_running_clock_cannot_be_stopped_and_pll_is_locked(q):
    pll1_600(q)
    q.write(RCC + CR, 0)                                # try to stop everything
    cr = q.read(RCC + CR)
    assert cr & PLL1RDY and cr & 0b100                  # PLL1 and its HSI stay
    q.write(RCC + PLLCKSELR, 3)                         # locked while PLL1 runs
    assert q.read(RCC + PLLCKSELR) == 4 << 4
    assert hz(q, "cpuclk") == 600 * MHZ
    assert "while PLL1 is on" in q.guest_log()


def test_pwr_and_flash_keep_settings(q):
    q.write(PWR + CSR2, 1 << 15 | 1 << 2)
    assert q.read(PWR + CSR2) == 1 << 15 | 1 << 2
    q.write(PWR + SR1, 0)                               # read-only
    assert q.read(PWR + SR1) == 0b10
    assert "read-only" in q.guest_log()
    q.write(FLASH_ACR, 0x37)
    assert q.read(FLASH_ACR) == 0x37
    q.qmp("system_reset")
    assert q.read(FLASH_ACR) == 0x13 and q.read(PWR + CSR2) == 0
