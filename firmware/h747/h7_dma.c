#include "stm32h747.h"
#include "h7_dma.h"
#include "h7_system.h"
#include "h7_wait.h"

/* registers (RM0399 "DMA registers", "DMAMUX registers") */
#define DMA1_BASE           0x40020000u
#define DMA_IFCR(n)         REG32(DMA1_BASE + ((n) < 4 ? 0x08 : 0x0C))
#define DMA_FLAGS_SHIFT(n)  (((n) % 4 & 1) * 6 + ((n) % 4 >> 1) * 16)
#define DMA_FLAGS_ALL       0x3Du /* FEIF, DMEIF, TEIF, HTIF, TCIF */
#define DMA_SCR(n)          REG32(DMA1_BASE + 0x10 + 0x18 * (n))
#define DMA_SCR_EN          (1u << 0)
#define DMA_SCR_DIR_M2P     (1u << 6)
#define DMA_SCR_CIRC        (1u << 8)
#define DMA_SCR_MINC        (1u << 10)
#define DMA_SCR_PSIZE_Pos   11
#define DMA_SCR_MSIZE_Pos   13
#define DMA_SNDTR(n)        REG32(DMA1_BASE + 0x14 + 0x18 * (n))
#define DMA_SPAR(n)         REG32(DMA1_BASE + 0x18 + 0x18 * (n))
#define DMA_SM0AR(n)        REG32(DMA1_BASE + 0x1C + 0x18 * (n))
#define DMA_SFCR(n)         REG32(DMA1_BASE + 0x24 + 0x18 * (n))
#define DMA_SFCR_DIRECT     0x21u                         /* reset value: direct mode */
#define DMAMUX1_CCR(ch)     REG32(0x40020800u + 4 * (ch)) /* channel n: DMA1 stream n */
#define RCC_AHB1ENR         REG32(RCC_BASE + 0x0D8)
#define RCC_AHB1ENR_DMA1EN  (1u << 0)
#define DMA_MAX_ITEMS       0xFFFFu
#define DTCM_BASE           0x20000000u
#define DTCM_SIZE           0x20000u
#define ITCM_SIZE           0x10000u
#define DMA_STOP_TIMEOUT_MS 10

int h7_dma_start_m2p(unsigned stream, unsigned request, uint32_t periph, const void *mem,
                     uint32_t n, unsigned size, bool circular) {
    uint32_t addr = (uint32_t)(uintptr_t)mem;
    if (stream >= H7_DMA_STREAMS || n == 0 || n > DMA_MAX_ITEMS ||
        (size != 1 && size != 2 && size != 4)) {
        return H7_DMA_EINVAL;
    }
    if (addr < ITCM_SIZE || addr - DTCM_BASE < DTCM_SIZE) {
        return H7_DMA_ENOTCM;
    }
    RCC_AHB1ENR |= RCC_AHB1ENR_DMA1EN;
    h7_dma_stop(stream);
    h7_dcache_clean(addr, n * size); /* the stream reads memory, not the cache */
    unsigned log2 = size == 4 ? 2 : size == 2 ? 1 : 0;
    DMAMUX1_CCR(stream) = request;
    DMA_SPAR(stream) = periph;
    DMA_SM0AR(stream) = addr;
    DMA_SNDTR(stream) = n;
    DMA_SFCR(stream) = DMA_SFCR_DIRECT;
    DMA_SCR(stream) = DMA_SCR_DIR_M2P | DMA_SCR_MINC | (circular ? DMA_SCR_CIRC : 0) |
                      log2 << DMA_SCR_PSIZE_Pos | log2 << DMA_SCR_MSIZE_Pos;
    DMA_SCR(stream) |= DMA_SCR_EN;
    return H7_DMA_OK;
}

void h7_dma_stop(unsigned stream) {
    if (stream >= H7_DMA_STREAMS) {
        return;
    }
    DMA_SCR(stream) &= ~DMA_SCR_EN;
    h7_wait_t w; /* EN reads 1 until the current item has moved */
    h7_wait_start(&w, DMA_STOP_TIMEOUT_MS);
    while ((DMA_SCR(stream) & DMA_SCR_EN) && !h7_wait_expired(&w)) {
    }
    DMA_IFCR(stream) = DMA_FLAGS_ALL << DMA_FLAGS_SHIFT(stream);
}

uint32_t h7_dma_remaining(unsigned stream) {
    return stream < H7_DMA_STREAMS && (DMA_SCR(stream) & DMA_SCR_EN) ? DMA_SNDTR(stream) : 0;
}
