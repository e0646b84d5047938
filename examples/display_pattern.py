# Draw known patterns on the STM32H747I-DISCO's screen from MicroPython,
# register by register: SDRAM (FMC), the panel (DSI), two LTDC layers with
# blending.  Run it with:
#   scripts/run_qemu.sh --exec examples/display_pattern.py --screenshot out.png
import framebuf
import machine
import uctypes

m = machine.mem32
RCC, FMC, LTDC, DSI = 0x58024400, 0x52004000, 0x50001000, 0x50000000
W, H = 800, 480
FB1, FB2 = 0xD0000000, 0xD0200000


def wait(addr, mask, what):
    for _ in range(100000):
        if m[addr] & mask:
            return
    raise OSError("timeout waiting for " + what)


# clocks: FMC, DMA2D (AHB3), LTDC, DSI (APB3); PLL3 gives the pixel clock
m[RCC + 0x0D4] |= (1 << 12) | (1 << 4)
m[RCC + 0x0E4] |= (1 << 3) | (1 << 4)
m[RCC + 0x000] |= 1 << 28
wait(RCC + 0x000, 1 << 29, "PLL3")

# SDRAM on bank 2: 9 column / 12 row bits, 32-bit, 4 banks, CAS 3
m[FMC + 0x000] |= 1 << 31                       # FMCEN
m[FMC + 0x140] = (2 << 10) | (1 << 12)          # SDCLK = hclk/2, read burst
m[FMC + 0x144] = 1 | (1 << 2) | (2 << 4) | (1 << 6) | (3 << 7)
m[FMC + 0x14C] = 0x01115351                     # timings (TMRD..TRCD)
m[FMC + 0x150] = 1 | 8                          # clock configuration enable
machine.idle()
m[FMC + 0x150] = 2 | 8                          # precharge all
m[FMC + 0x150] = 3 | 8 | (7 << 5)               # 8 auto-refresh cycles
m[FMC + 0x150] = 4 | 8 | (0x230 << 9)           # mode register: CAS 3, burst 1
m[FMC + 0x154] = 0x603 << 1                     # refresh rate

# DSI: regulator, PLL, then the panel out of sleep and on
m[DSI + 0x430] = 1 << 24
wait(DSI + 0x40C, 1 << 12, "DSI regulator")
m[DSI + 0x430] = (1 << 24) | (100 << 2) | (5 << 11) | 1
wait(DSI + 0x40C, 1 << 8, "DSI PLL")
m[DSI + 0x404] = 1 << 3                         # DSIEN
for dcs in (0x11, 0x29):                        # SLPOUT, DISPON
    m[DSI + 0x06C] = 0x05 | (dcs << 8)

# layer 1: RGB565, 760x460 at (20, 10); rectangles drawn with framebuf
L1W, L1H = 760, 460
fb = framebuf.FrameBuffer(uctypes.bytearray_at(FB1, W * H * 2), L1W, L1H,
                          framebuf.RGB565, W)
RECTS = [(0, 0, L1W, L1H, 0x001F), (40, 30, 300, 200, 0xF800),
         (400, 60, 300, 120, 0x07E0), (100, 300, 600, 100, 0xFFE0),
         (500, 250, 200, 200, 0x8410)]
for r in RECTS:
    fb.fill_rect(*r)

# layer 2: ARGB8888, 320x240 at (200, 120): four bands of colour and alpha
L2W, L2H = 320, 240
BANDS = [(0xFF, 0xFF0000), (0x80, 0x00FF00), (0x40, 0x0000FF), (0x00, 0xFFFFFF)]
buf2 = uctypes.bytearray_at(FB2, L2W * L2H * 4)
for i, (a, rgb) in enumerate(BANDS):
    row = bytes([rgb & 0xFF, rgb >> 8 & 0xFF, rgb >> 16, a]) * L2W
    for y in range(i * 60, i * 60 + 60):
        buf2[y * L2W * 4:(y + 1) * L2W * 4] = row

# timing: HSYNC 2, HBP 34, 800, HFP 34; VSYNC 1, VBP 15, 480, VFP 16
AHBP, AVBP = 35, 15
m[LTDC + 0x08] = (1 << 16) | 0
m[LTDC + 0x0C] = (AHBP << 16) | AVBP
m[LTDC + 0x10] = ((AHBP + W) << 16) | (AVBP + H)
m[LTDC + 0x14] = ((AHBP + W + 34) << 16) | (AVBP + H + 16)
m[LTDC + 0x2C] = 0x102030                       # background


def layer(n, x, y, w, h, pf, bpp, addr, ca, bf):
    b = LTDC + 0x84 + 0x80 * n
    m[b + 0x04] = ((AHBP + x + w) << 16) | (AHBP + x + 1)
    m[b + 0x08] = ((AVBP + y + h) << 16) | (AVBP + y + 1)
    m[b + 0x10] = pf
    m[b + 0x14] = ca
    m[b + 0x1C] = bf
    m[b + 0x28] = addr
    pitch = W * bpp if n == 0 else w * bpp
    m[b + 0x2C] = (pitch << 16) | (w * bpp + 7)
    m[b + 0x30] = h
    m[b + 0x00] = 1                             # LEN


layer(0, 20, 10, L1W, L1H, 2, 2, FB1, 0xFF, 0x607)
layer(1, 200, 120, L2W, L2H, 0, 4, FB2, 0xC0, 0x607)
m[LTDC + 0x24] = 1                              # immediate reload
m[LTDC + 0x18] |= 1                             # LTDCEN
print("pattern drawn")
