"""RCC register tests (RM0399 offsets and reset values)."""
RCC = 0x58024400
CR, CFGR, D1CFGR, D2CFGR, D3CFGR = 0x00, 0x10, 0x18, 0x1C, 0x20
PLLCKSELR, PLLCFGR, PLL1DIVR, PLL1FRACR, D2CCIP2R = 0x28, 0x2C, 0x30, 0x34, 0x54
RSR, AHB4ENR, C1_AHB4ENR, C1_RSR = 0xD0, 0xE0, 0x140, 0x130
PATH = "/machine/soc/rcc"


def hz(q, name):
    return q.prop(PATH, name + "-hz")


def setup_400mhz(q):
    q.write(RCC + CR, q.read(RCC + CR) | 1 << 16)                 # HSEON
    q.write(RCC + PLLCKSELR, 2 | 5 << 4 | 32 << 12 | 32 << 20)    # HSE, M1=5
    q.write(RCC + PLLCFGR, 2 << 2 | 7 << 16)                      # RGE, P/Q/R en
    q.write(RCC + PLL1DIVR, 159 | 1 << 9 | 3 << 16 | 1 << 24)     # N160 P2 Q4 R2
    q.write(RCC + CR, q.read(RCC + CR) | 1 << 24)                 # PLL1ON
    q.write(RCC + D1CFGR, 8 | 4 << 4)                             # HPRE/2 D1PPRE/2
    q.write(RCC + D2CFGR, 4 << 4 | 4 << 8)
    q.write(RCC + D3CFGR, 4 << 4)
    q.write(RCC + CFGR, 3)                                        # SW = PLL1


def test_reset_values(qt):
    assert qt.read(RCC + CR) & 0x3F == 0x25          # HSION, HSIRDY, HSIDIVF
    assert qt.read(RCC + CR) & (1 << 14 | 1 << 15)   # D1CKRDY, D2CKRDY
    assert qt.read(RCC + CFGR) == 0
    assert qt.read(RCC + PLLCKSELR) == 0x02020200
    assert qt.read(RCC + PLLCFGR) == 0x01FF0000
    assert qt.read(RCC + PLL1DIVR) == 0x01010280
    assert hz(qt, "cpu1-clk") == 64_000_000          # HSI after reset
    assert hz(qt, "cpu1-refclk") == 8_000_000


def test_oscillator_ready_flags(qt):
    cr = qt.read(RCC + CR)
    assert not cr & (1 << 17)
    qt.write(RCC + CR, cr | 1 << 16 | 1 << 7 | 1 << 12)   # HSE, CSI, HSI48
    cr = qt.read(RCC + CR)
    assert cr & (1 << 17) and cr & (1 << 8) and cr & (1 << 13)
    qt.write(RCC + CR, cr & ~(1 << 16))
    assert not qt.read(RCC + CR) & (1 << 17)


def test_pll1_400mhz_and_bus_clocks(qt):
    setup_400mhz(qt)
    assert qt.read(RCC + CR) & 1 << 25                   # PLL1RDY
    assert (qt.read(RCC + CFGR) >> 3) & 7 == 3           # SWS = PLL1
    assert qt.prop(PATH, "sysclk-hz") == 400_000_000
    assert hz(qt, "cpu1-clk") == 400_000_000
    assert hz(qt, "cpu1-refclk") == 50_000_000
    assert hz(qt, "hclk") == 200_000_000
    for p in ("pclk1", "pclk2", "pclk3", "pclk4", "usart16-ker"):
        assert hz(qt, p) == 100_000_000, p


def test_switch_to_unready_clock_is_refused(qt):
    qt.write(RCC + CFGR, 3)                              # PLL1 is off
    assert (qt.read(RCC + CFGR) >> 3) & 7 == 0
    assert hz(qt, "cpu1-clk") == 64_000_000
    assert "not ready" in qt.guest_log()


def test_pll_config_locked_while_on(qt):
    setup_400mhz(qt)
    qt.write(RCC + PLL1DIVR, 99)
    assert qt.read(RCC + PLL1DIVR) & 0x1FF == 159
    assert "while PLL1 is on" in qt.guest_log()
    assert hz(qt, "cpu1-clk") == 400_000_000


def test_fractional_pll(qt):
    setup_400mhz(qt)
    qt.write(RCC + CFGR, 0)                              # back to HSI
    qt.write(RCC + CR, qt.read(RCC + CR) & ~(1 << 24))
    qt.write(RCC + PLLCFGR, qt.read(RCC + PLLCFGR) | 1)  # FRACEN
    qt.write(RCC + PLL1FRACR, 4096 << 3)                 # +0.5
    qt.write(RCC + CR, qt.read(RCC + CR) | 1 << 24)
    qt.write(RCC + CFGR, 3)
    # 5 MHz * 160.5 / 2
    assert qt.prop(PATH, "sysclk-hz") == 401_250_000


def test_prescaler_encodings(qt):
    # D1CPRE: 0xxx=1, 1000=2 .. 1011=16, 1100=64 .. 1111=512
    for v, div in [(0, 1), (7, 1), (8, 2), (9, 4), (10, 8), (11, 16), (12, 64),
                   (13, 128), (14, 256), (15, 512)]:
        qt.write(RCC + D1CFGR, v << 8)
        assert hz(qt, "cpu1-clk") == 64_000_000 // div, v
    qt.write(RCC + D1CFGR, 0)
    # D2PPRE2: 0xx=1, 100=2 .. 111=16
    for v, div in [(3, 1), (4, 2), (5, 4), (6, 8), (7, 16)]:
        qt.write(RCC + D2CFGR, v << 8)
        assert hz(qt, "pclk2") == 64_000_000 // div, v


def test_usart16_kernel_clock_selection(qt):
    qt.write(RCC + D2CCIP2R, 3 << 3)                     # hsi_ker_ck
    assert hz(qt, "usart16-ker") == 64_000_000
    qt.write(RCC + D2CCIP2R, 4 << 3)                     # csi_ker_ck
    assert hz(qt, "usart16-ker") == 4_000_000


def test_reset_flags(qt):
    assert qt.read(RCC + RSR) & 1 << 23                  # PORRSTF after power-on
    qt.write(RCC + RSR, 1 << 16)                         # RMVF
    assert qt.read(RCC + RSR) == 0
    qt.qmp("system_reset")
    assert qt.read(RCC + RSR) & 1 << 24                  # SFT1RSTF, not POR
    assert not qt.read(RCC + RSR) & 1 << 23


def test_per_core_enable_alias(qt):
    qt.write(RCC + AHB4ENR, 0x1FF)
    assert qt.read(RCC + C1_AHB4ENR) == 0x1FF
    qt.write(RCC + C1_AHB4ENR, 0x3)
    assert qt.read(RCC + AHB4ENR) == 0x3
