"""Display hardware of the virtual STM32H747I-DISCO: SDRAM behind the FMC,
LTDC scan-out and blending, DSI host and panel, DMA2D against a C reference,
the FT5336 touch controller on I2C4, keys, screenshots."""
import ctypes
import os
import random
import subprocess

from h7tools import qemu as h7qemu
from h7tools import TOP
from PIL import Image

FIRMWARE = os.path.join(TOP, "build/micropython/firmware.bin")
RCC, FMC, LTDC, DSI, DMA2D, I2C4 = (0x58024400, 0x52004000, 0x50001000, 0x50000000,
                                   0x52001000, 0x58001C00)
GPIOC_IDR, GPIOK_IDR = 0x58020810, 0x58022810
SDRAM = 0xD0000000
W, H = 800, 480


def sdram_init(q, sdcr2=0x1E5, mrd=0x230):
    q.write(FMC + 0x000, 0x30DB | 1 << 31)
    q.write(FMC + 0x140, (2 << 10) | (1 << 12))
    q.write(FMC + 0x144, sdcr2)
    for cmd in (1, 2, 3 | 7 << 5, 4 | mrd << 9):
        q.write(FMC + 0x150, cmd | 8)
    q.write(FMC + 0x154, 0x603 << 1)


def screenshot(q, path):
    q.qmp("screendump", filename=str(path), format="png")
    return Image.open(path).convert("RGB")


# ---- FMC / SDRAM ----

def test_sdram_answers_only_after_the_init_sequence(qt):
    qt.memwrite(SDRAM, b"\x11\x22\x33\x44")
    assert qt.memread(SDRAM, 4) == b"\0\0\0\0"          # no memory yet
    # out of order: load mode register before the precharge
    qt.write(FMC + 0x000, 0x30DB | 1 << 31)
    qt.write(FMC + 0x140, 2 << 10)
    qt.write(FMC + 0x144, 0x1E5)
    qt.write(FMC + 0x150, 1 | 8)
    qt.write(FMC + 0x150, 4 | 8 | 0x230 << 9)
    assert "out of order" in qt.guest_log()
    qt.memwrite(SDRAM, b"\x11\x22\x33\x44")
    assert qt.memread(SDRAM, 4) == b"\0\0\0\0"
    sdram_init(qt)
    data = bytes(range(256)) * 16
    qt.memwrite(SDRAM + 32 * 1024 * 1024 - len(data), data)  # the last 4 KiB
    assert qt.memread(SDRAM + 32 * 1024 * 1024 - len(data), len(data)) == data
    assert qt.read(FMC + 0x158) == 0                          # SDSR: normal, not busy


def test_sdram_rejects_a_wrong_geometry_or_cas(qt):
    sdram_init(qt, sdcr2=0x1E4)                 # 8 column bits: not this chip
    assert "does not match the board's SDRAM" in qt.guest_log()
    qt.memwrite(SDRAM, b"\x55")
    assert qt.memread(SDRAM, 1) == b"\0"
    sdram_init(qt, mrd=0x220)                   # CAS 2 in the mode register, 3 in SDCR
    assert "CAS latency 2 differs" in qt.guest_log()
    qt.write(FMC + 0x154, 10 << 1)
    assert "not a valid refresh rate" in qt.guest_log()


# ---- LTDC ----

def pll3_on(q):
    q.write(RCC + 0x000, q.read(RCC + 0x000) | 1 << 28)
    assert q.read(RCC + 0x000) & 1 << 29


def ltdc_timing(q):
    q.write(LTDC + 0x08, 1 << 16)
    q.write(LTDC + 0x0C, 35 << 16 | 15)
    q.write(LTDC + 0x10, (35 + W) << 16 | (15 + H))
    q.write(LTDC + 0x14, (35 + W + 34) << 16 | (15 + H + 16))


def test_ltdc_shadow_registers_and_reloads(qt):
    pll3_on(qt)
    ltdc_timing(qt)
    qt.intercept_irqs("/machine/soc/cm7")
    L2_CACR = LTDC + 0x84 + 0x80 + 0x14
    qt.write(L2_CACR, 0x40)
    assert qt.read(L2_CACR) == 0x40             # the shadow copy reads back
    qt.write(LTDC + 0x34, 1 << 3)               # RRIE
    qt.write(LTDC + 0x18, 1)                    # LTDCEN
    qt.write(LTDC + 0x24, 2)                    # VBR: at the next blanking
    assert qt.read(LTDC + 0x24) == 2 and not qt.read(LTDC + 0x38) & 8
    # one frame: 870 x 512 pixel clocks at pll3_r_ck
    hz = qt.prop("/machine/soc/rcc", "ltdc-ker-hz")
    frame_ns = 870 * 512 * 10**9 // hz
    qt.clock_step(frame_ns + 1000)
    assert qt.read(LTDC + 0x24) == 0            # reload done
    assert qt.read(LTDC + 0x38) & 8             # RRIF
    assert qt.irq_level(88) == 1
    qt.write(LTDC + 0x3C, 8)
    assert qt.irq_level(88) == 0
    # line interrupt at line 100, and the position counter moves
    qt.write(LTDC + 0x40, 100)
    qt.write(LTDC + 0x34, 1)
    qt.clock_step(frame_ns)
    assert qt.read(LTDC + 0x38) & 1 and qt.irq_level(88) == 1
    p1 = qt.read(LTDC + 0x44)
    qt.clock_step(frame_ns // 7)
    assert qt.read(LTDC + 0x44) != p1
    assert qt.read(LTDC + 0x18) & 0x2220 == 0x2220   # DBW/DGW/DRW read 8 bits


def expected_pattern(l2_alpha):
    """The screen examples/display_pattern.py should give, from its own
    description (rectangles, bands, windows), with the blending rule of
    docs/qemu-models.md."""
    img = [(0x10, 0x20, 0x30)] * (W * H)

    def w5(v): return v << 3 | v >> 2
    def w6(v): return v << 2 | v >> 4
    rects = [(0, 0, 760, 460, 0x001F), (40, 30, 300, 200, 0xF800),
             (400, 60, 300, 120, 0x07E0), (100, 300, 600, 100, 0xFFE0),
             (500, 250, 200, 200, 0x8410)]
    for x0, y0, rw, rh, c in rects:
        rgb = (w5(c >> 11), w6(c >> 5 & 63), w5(c & 31))
        for y in range(y0, y0 + rh):
            row = (10 + y) * W + 20
            img[row + x0:row + x0 + rw] = [rgb] * rw
    bands = [(0xFF, 0xFF0000), (0x80, 0x00FF00), (0x40, 0x0000FF), (0x00, 0xFFFFFF)]
    for i, (a, c) in enumerate(bands):
        f = (a * l2_alpha + 127) // 255
        src = (c >> 16, c >> 8 & 255, c & 255)
        for y in range(120 + 60 * i, 180 + 60 * i):
            for x in range(200, 520):
                u = img[y * W + x]
                img[y * W + x] = tuple((s * f + d * (255 - f) + 127) // 255
                                       for s, d in zip(src, u))
    return img


def test_pattern_program_screenshot_is_exact(flash_file, tmp_path):
    """A program on the board sets up SDRAM, the panel and two blended LTDC
    layers; the screenshot equals the image computed here, pixel for pixel.
    Then a shadowed change shows only after its vertical-blanking reload."""
    h7qemu.make_flash(flash_file, FIRMWARE, h7qemu.CM4_IMAGE)
    with h7qemu.Qemu(flash=flash_file, timeout=60) as q:
        q.enter_raw_repl()
        out, err = q.raw_exec(open(os.path.join(TOP, "examples/display_pattern.py")).read())
        assert err == "" and "pattern drawn" in out
        assert q.prop("/machine/soc/dsi", "panel-on") is True
        shot = screenshot(q, tmp_path / "a.png")
        assert shot.size == (W, H)
        assert list(shot.getdata()) == expected_pattern(0xC0)

        # a new constant alpha for layer 2 waits in the shadow register
        out, err = q.raw_exec("m[LTDC + 0x84 + 0x80 + 0x14] = 0x40")
        assert err == ""
        assert list(screenshot(q, tmp_path / "b.png").getdata()) == expected_pattern(0xC0)
        out, err = q.raw_exec("m[LTDC + 0x24] = 2\nwait_clear = 0\n"
                              "while m[LTDC + 0x24] & 2: wait_clear += 1\nprint('reloaded')")
        assert err == "" and "reloaded" in out
        assert list(screenshot(q, tmp_path / "c.png").getdata()) == expected_pattern(0x40)


def test_run_qemu_screenshot_headless(tmp_path):
    out = tmp_path / "boot.png"
    r = subprocess.run([os.path.join(TOP, "scripts/run_qemu.sh"), "--headless",
                        "--flash", str(tmp_path / "flash.bin"), "--screenshot", str(out),
                        "--at", "1"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.size == (W, H)
    assert img.convert("RGB").getextrema() == ((0, 0), (0, 0), (0, 0))   # LTDC off: dark


# ---- DSI ----

def test_dsi_start_up_panel_and_refresh(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    assert qt.read(DSI + 0x000) == 0x3133302A
    qt.write(DSI + 0x430, 1)                    # PLL without the regulator
    assert not qt.read(DSI + 0x40C) & 0x100
    assert "regulator off" in qt.guest_log()
    qt.write(DSI + 0x430, 1 << 24)
    assert qt.read(DSI + 0x40C) & 0x1000        # RRS
    qt.write(DSI + 0x430, 1 << 24 | 1)
    assert qt.read(DSI + 0x40C) & 0x100         # PLLLS
    qt.write(DSI + 0x410, 0x2200)               # clear RRIF, PLLLIF
    assert qt.read(DSI + 0x40C) & 0x2200 == 0
    # DCS: read the panel ID, then sleep out and display on
    qt.write(DSI + 0x06C, 0x37 | 1 << 8)        # max return packet size 1
    qt.write(DSI + 0x06C, 0x06 | 0xDA << 8)
    assert not qt.read(DSI + 0x074) & 0x10      # PRDFE clear: data waiting
    assert qt.read(DSI + 0x070) & 0xFF == 0x40
    assert qt.read(DSI + 0x074) == 0x15
    assert qt.prop("/machine/soc/dsi", "panel-on") is False
    qt.write(DSI + 0x06C, 0x05 | 0x11 << 8)
    qt.write(DSI + 0x070, 0x00000029)           # a long DCS write: DISPON
    qt.write(DSI + 0x06C, 0x39 | 1 << 8)
    assert qt.prop("/machine/soc/dsi", "panel-on") is True
    # adapted command mode: one refresh per LTDCEN, end-of-refresh interrupt
    qt.write(DSI + 0x400, 1)
    qt.write(DSI + 0x408, 2)                    # ERIE
    qt.write(DSI + 0x404, 0xC)                  # DSIEN | LTDCEN
    assert qt.read(DSI + 0x40C) & 4             # BUSY
    qt.clock_step(17_000_000)
    assert qt.read(DSI + 0x404) & 4 == 0 and qt.read(DSI + 0x40C) & 6 == 2
    assert qt.irq_level(123) == 1
    qt.write(DSI + 0x410, 2)
    assert qt.irq_level(123) == 0
    assert qt.prop("/machine/soc/dsi", "refreshes") == 1


# ---- DMA2D ----

REF = None


def reference():
    global REF
    if REF is None:
        so = os.path.join(TOP, "build/unit/libdma2d_ref.so")
        subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests/unit"), so], check=True)
        REF = ctypes.CDLL(so)
        REF.dma2d_ref.restype = ctypes.c_uint32
    return REF


MEM, MEM_LEN = 0x24000000, 0x8000       # AXI SRAM window the cases use
BPP = [4, 3, 2, 2, 2]


UNMAPPED = 0x60000000                   # FMC bank 1: nothing answers there


A8, A4 = 9, 10                          # alpha-only input formats
HCLK_RESET = 64_000_000                 # the RCC at reset: HSI, no prescaler


def input_format(rng):
    """Mostly a direct or alpha-only format; now and then a CLUT one (not
    modelled) or a reserved code: both a configuration error."""
    if rng.random() < 0.03:
        return rng.choice([5, 6, 7, 8, 11, 15])
    return rng.choice([0, 1, 2, 3, 4, A8, A4])


def random_case(rng):
    """Registers of one random transfer: every mode and format, lines of 1
    to 200 pixels with random offsets, a random line watermark, and now and
    then an address where nothing answers (a transfer error)."""
    mode = rng.choice([0, 1, 2, 3, 4, 5])
    fcm, bcm, ocm = input_format(rng), input_format(rng), rng.randrange(5)
    if mode == 0:
        fcm = ocm if rng.random() < 0.95 else fcm    # a few invalid copies
    if rng.random() < 0.04:
        ocm = rng.randint(5, 7)                     # a reserved output format
    pl = rng.choice([rng.randint(1, 24), rng.randint(25, 200)])
    nl = rng.randint(1, 8)
    four_bit = A4 in (fcm, bcm)
    if four_bit and rng.random() < 0.9:
        pl += pl & 1                                # mostly even, as A4 needs

    def pfccr(cm):
        return (cm | rng.randrange(3) << 16 | rng.randrange(2) << 20 |
                rng.randrange(2) << 21 | rng.randrange(256) << 24)
    regs = [0] * 20
    regs[0] = mode << 16 | 1 << 9                   # TCIE
    offsets = [rng.randrange(6) for _ in range(3)]
    if four_bit and rng.random() < 0.9:
        offsets = [o & ~1 for o in offsets]
    regs[3], regs[4] = MEM + rng.randrange(0, 64) * 4, offsets[0]
    regs[5], regs[6] = MEM + 0x2000 + rng.randrange(0, 64) * 4, offsets[1]
    regs[7], regs[8] = pfccr(fcm), rng.getrandbits(24)
    regs[9], regs[10] = pfccr(bcm), rng.getrandbits(24)
    regs[13] = ocm | rng.randrange(2) << 8 | rng.randrange(2) << 20 | rng.randrange(2) << 21
    regs[14] = rng.getrandbits(32)
    regs[15], regs[16] = MEM + 0x4000 + rng.randrange(0, 64) * 4, offsets[2]
    regs[17] = pl << 16 | nl
    regs[18] = rng.choice([0, rng.randint(1, nl), rng.randint(nl + 1, 0xFFFF)])   # LWR
    if rng.random() < 0.08:                         # foreground, background or output
        regs[rng.choice([3, 5, 15])] = UNMAPPED + rng.randrange(64) * 4
    return regs


def test_dma2d_matches_the_c_reference(qt):
    ref = reference()
    rng = random.Random(2026)
    names = {0: "copy", 1: "convert", 2: "blend", 3: "fill", 4: "blend-fixed-fg",
             5: "blend-fixed-bg"}
    seen, flags, long_lines, alpha_only = set(), {0: 0, 1: 0, 2: 0, 5: 0}, 0, 0
    for case in range(1000):
        regs = random_case(rng)
        mem = bytearray(rng.getrandbits(8) for _ in range(MEM_LEN))
        qt.memwrite(MEM, bytes(mem))
        lines = [f"writel 0x{DMA2D + 4 * i:x} 0x{v:x}" for i, v in enumerate(regs)
                 if i not in (0, 1, 2)]
        lines.append(f"writel 0x{DMA2D + 8:x} 0x3f")               # clear flags
        lines.append(f"writel 0x{DMA2D:x} 0x{regs[0] | 1:x}")      # START
        lines.append("clock_step 1000000")          # 1 ms: 64,000 pixels' time
        assert qt.qtest_batch(lines) == len(lines)
        isr = qt.read(DMA2D + 4)
        got = qt.memread(MEM, MEM_LEN)
        buf = (ctypes.c_uint8 * MEM_LEN).from_buffer(mem)
        want_isr = ref.dma2d_ref((ctypes.c_uint32 * 20)(*regs), buf, MEM, MEM_LEN)
        mode = regs[0] >> 16
        assert isr & 0x27 == want_isr, f"case {case} ({names[mode]}, regs {regs}): ISR {isr:#x}"
        assert got == bytes(mem), f"case {case} ({names[mode]}, regs {regs}): pixels differ"
        seen.add((mode, regs[13] & 7, regs[7] & 15))
        alpha_only += mode in (1, 2, 5) and regs[7] & 15 in (A8, A4) and want_isr & 2 != 0
        for bit in flags:
            flags[bit] += bool(want_isr >> bit & 1)
        long_lines += regs[17] >> 16 > 24 and want_isr & 2 != 0
    assert len({m for m, _, _ in seen}) == 6
    assert len(seen) > 60                       # many mode/format combinations
    # every outcome was reached: transfer errors, completions, watermarks,
    # configuration errors; and lines longer than 24 pixels completed
    assert all(n >= 20 for n in flags.values()), flags
    assert long_lines >= 100, long_lines
    assert alpha_only >= 50, alpha_only         # A8/A4 foregrounds drawn


def test_dma2d_transfer_complete_interrupt_and_errors(qt):
    qt.intercept_irqs("/machine/soc/cm7")
    qt.write(DMA2D + 0x34, 2)                   # output RGB565
    qt.write(DMA2D + 0x38, 0xF800)
    qt.write(DMA2D + 0x3C, MEM)
    qt.write(DMA2D + 0x44, 4 << 16 | 2)
    qt.write(DMA2D + 0x00, 3 << 16 | 1 << 9 | 1)
    qt.clock_step(1000)
    assert qt.read(DMA2D + 0x04) & 2 and qt.irq_level(90) == 1
    assert qt.read(DMA2D) & 1 == 0
    assert qt.memread(MEM, 16) == b"\x00\xf8" * 8
    qt.write(DMA2D + 0x08, 2)
    assert qt.irq_level(90) == 0
    qt.write(DMA2D + 0x3C, 0x60000000)          # nothing there: transfer error
    qt.write(DMA2D + 0x00, 3 << 16 | 1 << 8 | 1)
    qt.clock_step(1000)
    assert qt.read(DMA2D + 0x04) & 1 and qt.irq_level(90) == 1
    assert "transfer error" in qt.guest_log()


def test_dma2d_takes_a_bus_cycle_a_pixel_and_holds_its_registers(qt):
    """A transfer of 1000 x 100 pixels at the reset HCLK (64 MHz) takes
    1.5625 ms: START stays set and nothing is written before; writes to its
    configuration meanwhile are refused and logged; it ends with TCIF and
    the memory written; ABORT ends one with nothing written."""
    pixels = 1000 * 100
    ns = pixels * 1_000_000_000 // HCLK_RESET
    qt.memwrite(MEM, bytes(64))
    qt.write(DMA2D + 0x34, 0)                   # ARGB8888 out
    qt.write(DMA2D + 0x38, 0x11223344)
    qt.write(DMA2D + 0x3C, MEM)
    qt.write(DMA2D + 0x40, 0)
    qt.write(DMA2D + 0x44, 1000 << 16 | 100)
    qt.write(DMA2D + 0x00, 3 << 16 | 1)
    qt.clock_step(ns - 20_000)
    assert qt.read(DMA2D) & 1 and qt.read(DMA2D + 4) & 2 == 0
    assert qt.memread(MEM, 8) == bytes(8)
    qt.write(DMA2D + 0x38, 0x55667788)          # OCOLR while running
    assert "written during a transfer" in qt.guest_log()
    assert qt.read(DMA2D + 0x38) == 0x11223344
    qt.clock_step(40_000)
    assert qt.read(DMA2D) & 1 == 0 and qt.read(DMA2D + 4) & 2
    assert qt.memread(MEM, 8) == bytes.fromhex("44332211") * 2
    assert qt.memread(MEM + 4 * (pixels - 1), 4) == bytes.fromhex("44332211")

    qt.write(DMA2D + 0x08, 0x3F)
    qt.write(DMA2D + 0x38, 0x55667788)
    qt.write(DMA2D + 0x00, 3 << 16 | 1)
    qt.clock_step(ns // 2)
    qt.write(DMA2D + 0x00, 1 << 2)              # ABORT
    assert qt.read(DMA2D) & 1 == 0
    qt.clock_step(ns)
    assert qt.read(DMA2D + 4) & 0x3F == 0
    assert qt.memread(MEM, 8) == bytes.fromhex("44332211") * 2


def test_dma2d_a8_and_a4_text_over_the_frame(qt):
    """Glyph-style masks: A8 (a byte a pixel) and A4 (two a byte, the first
    in the low nibble) in FGCOLR over an ARGB8888 frame, opaque where the
    mask is full and the frame untouched where it is empty, exactly; a
    4-bit foreground with an odd line offset is a configuration error."""
    frame = bytes.fromhex("10203000") * 8
    cases = {A8: bytes([0xFF, 0, 0xFF, 0, 0, 0xFF, 0, 0xFF]),
             A4: bytes([0x0F, 0x0F, 0xF0, 0xF0])}
    for cm, mask in cases.items():
        qt.memwrite(MEM, mask)
        qt.memwrite(MEM + 0x1000, frame)
        regs = {0x0C: MEM, 0x10: 0, 0x1C: cm, 0x20: 0xAABBCC,
                0x14: MEM + 0x1000, 0x18: 0, 0x24: 1 << 16 | 255 << 24,
                0x34: 1 << 20, 0x3C: MEM + 0x1000, 0x40: 0, 0x44: 8 << 16 | 1}
        for off, v in regs.items():
            qt.write(DMA2D + off, v)
        qt.write(DMA2D + 0x08, 0x3F)
        qt.write(DMA2D + 0x00, 2 << 16 | 1)     # blend
        qt.clock_step(1000)
        assert qt.read(DMA2D + 4) & 0x23 == 2, cm
        want = [1, 0, 1, 0, 0, 1, 0, 1]
        got = qt.memread(MEM + 0x1000, 32)
        assert got == b"".join(bytes.fromhex("ccbbaa00") if w else bytes.fromhex("10203000")
                               for w in want), (cm, got.hex())
    qt.write(DMA2D + 0x10, 1)                   # odd offset with A4
    qt.write(DMA2D + 0x08, 0x3F)
    qt.write(DMA2D + 0x00, 2 << 16 | 1)
    assert qt.read(DMA2D + 4) & 0x20
    assert "4-bit foreground needs an even" in qt.guest_log()


# ---- I2C4 and the FT5336 ----

def i2c_read_regs(q, reg, n, addr=0x38):
    q.write(I2C4 + 0x00, 1)                                       # PE
    q.write(I2C4 + 0x04, addr << 1 | 1 << 16 | 1 << 13)           # write 1 byte
    if q.read(I2C4 + 0x18) & 0x10:
        q.write(I2C4 + 0x1C, 0x30)
        return None                                               # NACK
    q.write(I2C4 + 0x28, reg)
    assert q.read(I2C4 + 0x18) & 0x40                             # TC
    q.write(I2C4 + 0x04, addr << 1 | 1 << 10 | n << 16 | 1 << 25 | 1 << 13)
    out = []
    for _ in range(n):
        assert q.read(I2C4 + 0x18) & 4                            # RXNE
        out.append(q.read(I2C4 + 0x24))
    assert q.read(I2C4 + 0x18) & 0x20                             # STOPF
    q.write(I2C4 + 0x1C, 0x20)
    return out


def abs_value(v, size):
    """QEMU's absolute axis (0..0x7FFF) for panel coordinate v"""
    return -(-v * 0x7FFF // (size - 1))


def touch(q, x, y, down):
    q.qmp("input-send-event", events=[
        {"type": "abs", "data": {"axis": "x", "value": abs_value(x, W)}},
        {"type": "abs", "data": {"axis": "y", "value": abs_value(y, H)}},
        {"type": "btn", "data": {"button": "left", "down": down}}])


def test_touch_read_over_i2c4(qt):
    assert i2c_read_regs(qt, 0xA8, 1) == [0x51]                  # chip ID
    assert i2c_read_regs(qt, 0x02, 1) == [0]
    assert qt.read(GPIOK_IDR) >> 7 & 1 == 1                       # INT idle high
    touch(qt, 123, 456, True)
    r = i2c_read_regs(qt, 0x02, 7)
    assert r[0] == 1
    assert ((r[1] & 0xF) << 8 | r[2], (r[3] & 0xF) << 8 | r[4]) == (123, 456)
    assert r[1] >> 6 == 0                                         # press down
    assert qt.read(GPIOK_IDR) >> 7 & 1 == 0                       # INT low
    r = i2c_read_regs(qt, 0x03, 1)
    assert r[0] >> 6 == 2                                         # then contact
    touch(qt, 123, 456, False)
    assert i2c_read_regs(qt, 0x02, 1) == [0]
    assert qt.read(GPIOK_IDR) >> 7 & 1 == 1
    # two fingers through multi-touch events
    ev = []
    for slot, (x, y) in enumerate([(10, 20), (700, 400)]):
        for axis, v, size in (("x", x, W), ("y", y, H)):
            ev.append({"type": "mtt", "data": {"type": "begin", "slot": slot,
                       "tracking-id": slot + 1, "axis": axis,
                       "value": abs_value(v, size)}})
    qt.qmp("input-send-event", events=ev)
    r = i2c_read_regs(qt, 0x02, 13)
    assert r[0] == 2
    pts = [((r[1 + 6 * i] & 0xF) << 8 | r[2 + 6 * i], (r[3 + 6 * i] & 0xF) << 8 | r[4 + 6 * i],
            r[3 + 6 * i] >> 4) for i in range(2)]
    assert pts == [(10, 20, 0), (700, 400, 1)]
    assert qt.prop("/machine/touch", "touches") == 3


def test_i2c_nack_for_an_absent_device(qt):
    assert i2c_read_regs(qt, 0, 1, addr=0x50) is None
    assert qt.read(I2C4 + 0x18) & 0x8000 == 0                     # not busy


def test_keys_press_joystick_and_button(qt):
    def key(k, down):
        qt.qmp("input-send-event", events=[
            {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": k}}}])
    assert qt.read(GPIOK_IDR) >> 6 & 1 == 1
    key("up", True)
    assert qt.read(GPIOK_IDR) >> 6 & 1 == 0
    assert qt.prop("/machine", "joy-up") is True
    key("up", False)
    assert qt.read(GPIOK_IDR) >> 6 & 1 == 1
    key("spc", True)
    assert qt.read(GPIOC_IDR) >> 13 & 1 == 1
    key("spc", False)
    assert qt.read(GPIOC_IDR) >> 13 & 1 == 0


def test_ltdc_rgb888_argb4444_colour_key_and_default_colour(qt, tmp_path):
    """Other formats, qtest-driven: layer 1 RGB888 with a colour key, layer 2
    ARGB4444 with constant alpha only (BF1 = CA), and the default colour
    beyond the lines its frame buffer has."""
    sdram_init(qt)
    pll3_on(qt)
    ltdc_timing(qt)
    rng = random.Random(5)
    px1 = bytes(rng.getrandbits(8) for _ in range(64 * 32 * 3))
    px1 = px1[:3 * 70] + b"\x11\x22\x33" + px1[3 * 71:]           # one keyed pixel
    px2 = bytes(rng.getrandbits(8) for _ in range(16 * 16 * 2))
    qt.memwrite(SDRAM, px1)
    qt.memwrite(SDRAM + 0x10000, px2)

    def layer(n, x, y, w, h, pf, bpp, addr, lines, ca, bf, cr, ckcr=0, dccr=0):
        b = LTDC + 0x84 + 0x80 * n
        qt.write(b + 0x04, (35 + x + w) << 16 | (35 + x + 1))
        qt.write(b + 0x08, (15 + y + h) << 16 | (15 + y + 1))
        qt.write(b + 0x0C, ckcr)
        qt.write(b + 0x10, pf)
        qt.write(b + 0x14, ca)
        qt.write(b + 0x18, dccr)
        qt.write(b + 0x1C, bf)
        qt.write(b + 0x28, addr)
        qt.write(b + 0x2C, (w * bpp) << 16 | (w * bpp + 7))
        qt.write(b + 0x30, lines)
        qt.write(b + 0x00, cr)
    qt.write(LTDC + 0x2C, 0x000080)
    layer(0, 10, 5, 64, 32, 1, 3, SDRAM, 32, 0xFF, 0x607, 3, ckcr=0x332211)
    layer(1, 50, 20, 16, 24, 4, 2, SDRAM + 0x10000, 16, 0x99, 0x405, 1, dccr=0xFF00FF00)
    qt.write(LTDC + 0x24, 1)
    qt.write(LTDC + 0x18, 1)
    got = list(screenshot(qt, tmp_path / "s.png").getdata())

    img = [(0, 0, 0x80)] * (W * H)
    for y in range(32):
        for x in range(64):
            p = px1[3 * (y * 64 + x):3 * (y * 64 + x) + 3]
            if p != b"\x11\x22\x33":                             # keyed: background stays
                img[(5 + y) * W + 10 + x] = (p[2], p[1], p[0])
    for y in range(24):
        for x in range(16):
            if y < 16:
                v = px2[2 * (y * 16 + x)] | px2[2 * (y * 16 + x) + 1] << 8
                c = [(v >> s & 15) * 17 for s in (8, 4, 0)]
            else:
                c = [0x00, 0xFF, 0x00]                           # DCCR beyond 16 lines
            u = img[(20 + y) * W + 50 + x]
            img[(20 + y) * W + 50 + x] = tuple((s * 0x99 + d * (255 - 0x99) + 127) // 255
                                               for s, d in zip(c, u))
    assert got == img
