"""DMA1/DMA2 behind DMAMUX1, the timers' TRGO and the DAC's triggers and
waves: memory-to-memory copies with their flags and interrupt, the TCMs
out of the DMA's reach, a DAC channel fed by DMA on each TIM6 update (once
and circular), TRGO on UG, the triangle and noise waves, and wrong guest
use logged."""
import pytest

DMA1, DMA2, DMAMUX1 = 0x40020000, 0x40020400, 0x40020800
LISR, HISR, LIFCR, HIFCR = 0x00, 0x04, 0x08, 0x0C
TCIF0, HTIF0, TEIF0 = 1 << 5, 1 << 4, 1 << 3
STREAM = 0x18


def s_reg(n, off):                           # SxCR +0, NDTR +4, PAR +8, M0AR +0xC, FCR +0x14
    return 0x10 + STREAM * n + off


CR, NDTR, PAR, M0AR, FCR = 0, 4, 8, 0xC, 0x14
EN, TEIE, HTIE, TCIE = 1, 1 << 2, 1 << 3, 1 << 4
M2P, M2M, CIRC, PINC, MINC = 1 << 6, 2 << 6, 1 << 8, 1 << 9, 1 << 10
PSIZE_WORD, MSIZE_WORD = 2 << 11, 2 << 13
IRQ_DMA1_S0, IRQ_DMA2_S7 = 11, 70
REQ_DAC1_CH1 = 67

DAC = 0x40007400
DAC_CR, DAC_SWTRGR, DAC_DHR12R1, DAC_DHR8R1, DAC_DOR1 = 0x00, 0x04, 0x08, 0x10, 0x2C
DAC_EN1, DAC_TEN1, DAC_DMAEN1 = 1, 1 << 1, 1 << 12
TSEL_TIM2, TSEL_TIM6 = 2, 5
WAVE_NOISE, WAVE_TRIANGLE = 1, 2

TIM2, TIM6 = 0x40000000, 0x40001000
TIM_CR1, TIM_CR2, TIM_EGR, TIM_PSC, TIM_ARR = 0x00, 0x04, 0x14, 0x28, 0x2C
MMS_RESET, MMS_UPDATE = 0 << 4, 2 << 4

SRAM = 0x24000000                            # AXI SRAM
DTCM = 0x20000000


def dac_cr(tsel=0, wave=0, mamp=0, dma=False):
    return DAC_EN1 | DAC_TEN1 | tsel << 2 | wave << 6 | mamp << 8 | (DAC_DMAEN1 if dma else 0)


def test_reset_values(qt):
    for dma in (DMA1, DMA2):
        assert qt.read(dma + LISR) == 0 and qt.read(dma + HISR) == 0
        for n in range(8):
            assert qt.read(dma + s_reg(n, CR)) == 0
            assert qt.read(dma + s_reg(n, FCR)) == 0x21   # FIFO empty, half-full threshold
    assert all(qt.read(DMAMUX1 + 4 * ch) == 0 for ch in range(16))


def test_memory_to_memory_copy_flags_and_interrupt(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    data = bytes(range(64))
    qt.memwrite(SRAM, data)
    qt.write(DMA1 + s_reg(0, PAR), SRAM)
    qt.write(DMA1 + s_reg(0, M0AR), SRAM + 0x1000)
    qt.write(DMA1 + s_reg(0, NDTR), 16)
    qt.write(DMA1 + s_reg(0, CR), M2M | PINC | MINC | PSIZE_WORD | MSIZE_WORD | TCIE | EN)
    assert qt.memread(SRAM + 0x1000, 64) == data
    assert qt.read(DMA1 + s_reg(0, CR)) & EN == 0       # done: the stream stopped
    assert qt.read(DMA1 + s_reg(0, NDTR)) == 0
    assert qt.read(DMA1 + LISR) == TCIF0 | HTIF0
    assert qt.irq_level(IRQ_DMA1_S0) == 1
    qt.write(DMA1 + LIFCR, TCIF0 | HTIF0)
    assert qt.read(DMA1 + LISR) == 0
    assert qt.irq_level(IRQ_DMA1_S0) == 0


def test_stream_7_of_dma2_has_its_own_flags_and_vector(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.memwrite(SRAM, b"\x5a" * 8)
    qt.write(DMA2 + s_reg(7, PAR), SRAM)
    qt.write(DMA2 + s_reg(7, M0AR), SRAM + 0x100)
    qt.write(DMA2 + s_reg(7, NDTR), 8)
    qt.write(DMA2 + s_reg(7, CR), M2M | PINC | MINC | TCIE | EN)
    assert qt.memread(SRAM + 0x100, 8) == b"\x5a" * 8
    assert qt.read(DMA2 + HISR) == (TCIF0 | HTIF0) << 22   # stream 7: bits 22-27 of HISR
    assert qt.irq_level(IRQ_DMA2_S7) == 1
    qt.write(DMA2 + HIFCR, 0x3D << 22)
    assert qt.irq_level(IRQ_DMA2_S7) == 0


def test_the_tcms_are_out_of_reach(qt):
    qt.write(DTCM, 0x12345678)
    qt.write(DMA1 + s_reg(1, PAR), DTCM)
    qt.write(DMA1 + s_reg(1, M0AR), SRAM + 0x200)
    qt.write(DMA1 + s_reg(1, NDTR), 1)
    qt.write(DMA1 + s_reg(1, CR), M2M | PSIZE_WORD | MSIZE_WORD | TEIE | EN)
    assert qt.read(DMA1 + LISR) == TEIF0 << 6          # stream 1: bits 6-11
    assert qt.read(DMA1 + s_reg(1, CR)) & EN == 0
    assert qt.read(SRAM + 0x200) != 0x12345678
    assert "stream 1: transfer error moving 0x20000000" in qt.guest_log()


def start_tim6_at_1khz(qt):
    qt.write(TIM6 + TIM_PSC, 63)                        # 64 MHz / 64: 1 MHz
    qt.write(TIM6 + TIM_ARR, 999)                       # an update each 1 ms
    qt.write(TIM6 + TIM_EGR, 1)                         # UG (MMS still reset: TRGO too)
    qt.write(TIM6 + TIM_CR2, MMS_UPDATE)
    qt.write(TIM6 + TIM_CR1, 1)


@pytest.mark.parametrize("circular", [False, True])
def test_dac_fed_by_dma_on_each_tim6_update(qt, circular):
    samples = bytes([10, 20, 30, 40])
    qt.memwrite(SRAM, samples)
    qt.write(DMAMUX1 + 4 * 5, REQ_DAC1_CH1)             # channel 5: DMA1 stream 5
    qt.write(DMA1 + s_reg(5, PAR), DAC + DAC_DHR8R1)
    qt.write(DMA1 + s_reg(5, M0AR), SRAM)
    qt.write(DMA1 + s_reg(5, NDTR), len(samples))
    qt.write(DMA1 + s_reg(5, CR), M2P | MINC | (CIRC if circular else 0) | EN)
    qt.write(DAC + DAC_CR, dac_cr(TSEL_TIM6, dma=True))
    start_tim6_at_1khz(qt)
    qt.clock_step(500_000)
    seen = []
    for _ in range(10):
        qt.clock_step(1_000_000)                        # one update, mid-period
        seen.append(qt.read(DAC + DAC_DOR1))
    # each trigger puts DHR out, then the DMA loads the next sample into
    # DHR; the first trigger was UG's (DHR 0 out, the first sample in)
    feed = [s << 4 for s in samples]
    if circular:
        assert seen == (feed * 3)[:10]
        assert qt.read(DMA1 + s_reg(5, CR)) & EN
    else:
        assert seen == feed + [feed[-1]] * 6
        assert qt.read(DMA1 + s_reg(5, CR)) & EN == 0
        assert qt.read(DMA1 + HISR) & TCIF0 << 6      # stream 5: bits 6-11 of HISR


def test_trgo_on_ug_in_reset_mode(qt):
    qt.write(DAC + DAC_CR, dac_cr(TSEL_TIM2))
    qt.write(DAC + DAC_DHR12R1, 1234)
    assert qt.read(DAC + DAC_DOR1) == 0                 # waits for the trigger
    qt.write(TIM2 + TIM_CR2, MMS_RESET)
    qt.write(TIM2 + TIM_EGR, 1)
    assert qt.read(DAC + DAC_DOR1) == 1234


def test_triangle_wave_on_the_software_trigger(qt):
    qt.write(DAC + DAC_CR, dac_cr(0, WAVE_TRIANGLE, mamp=2))   # amplitude 7
    qt.write(DAC + DAC_DHR12R1, 100)
    out = []
    for _ in range(16):
        qt.write(DAC + DAC_SWTRGR, 1)
        out.append(qt.read(DAC + DAC_DOR1) - 100)
    assert out == [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2]


def lfsr_sequence(n):
    """RM0399's noise generator: X^12 + X^6 + X^4 + X + 1 from 0xAAA."""
    v, out = 0xAAA, []
    for _ in range(n):
        bit = bin(v & (1 << 11 | 1 << 5 | 1 << 3 | 1)).count("1") & 1
        v = ((v << 1) | bit) & 0xFFF
        out.append(v)
    return out


def test_noise_wave_masked_by_mamp(qt):
    qt.write(DAC + DAC_CR, dac_cr(0, WAVE_NOISE, mamp=11))
    full = []
    for _ in range(50):
        qt.write(DAC + DAC_SWTRGR, 1)
        full.append(qt.read(DAC + DAC_DOR1))
    assert full == lfsr_sequence(50)
    assert len(set(full)) == 50                         # no repeats this early
    qt.write(DAC + DAC_CR, 0)
    qt.write(DAC + DAC_CR, dac_cr(0, WAVE_NOISE, mamp=3))      # bits 3:0 only
    qt.write(DAC + DAC_DHR12R1, 0x800)
    for _ in range(20):
        qt.write(DAC + DAC_SWTRGR, 1)
        assert 0x800 <= qt.read(DAC + DAC_DOR1) <= 0x80F


def test_wrong_guest_use_is_logged(qt):
    qt.write(DMA1 + s_reg(2, NDTR), 0)
    qt.write(DMA1 + s_reg(2, CR), M2M | EN)             # nothing to move
    qt.write(DMA1 + s_reg(3, NDTR), 4)
    qt.write(DMA1 + s_reg(3, CR), M2P | EN)             # waits for requests
    qt.write(DMA1 + s_reg(3, PAR), 0)                   # while enabled
    qt.write(DMA1 + LISR, 0)
    qt.write(DMAMUX1 + 0x100, 1 << 16)                  # a request generator
    qt.write(TIM6 + TIM_CR2, 4 << 4)                    # TRGO on a compare
    qt.write(DAC + DAC_CR, dac_cr(tsel=13))             # EXTI9
    log = qt.guest_log()
    assert "dma1: stream 2 enabled with NDTR 0" in log
    assert "dma1: stream 3: register 0x08 written while enabled: ignored" in log
    assert "dma1: LISR is read-only" in log
    assert "dmamux1: the request generators are not modelled" in log
    assert "tim6: TRGO on compare events (MMS 4) is not modelled" in log
    assert "dac1: channel 1: the HRTIM, LPTIM and EXTI9 triggers are not modelled" in log
    assert qt.read(DMA1 + s_reg(2, CR)) & EN == 0
