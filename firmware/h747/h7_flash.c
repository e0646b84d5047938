#include <stdbool.h>
#include <string.h>
#include "stm32h747.h"
#include "h7_flash.h"
#include "h7_wait.h"

#define FLASH_END          (FLASH_BANK1_BASE + 0x200000u)
#define ERASE_TIMEOUT_MS   4000u /* a sector: 1.1 s typical, 2.2 s at x32 max */
#define PROGRAM_TIMEOUT_MS 100u

static int bank_of(uint32_t addr) {
    return addr >= FLASH_BANK2_BASE;
}

static int unlock(int b) {
    if (FLASH_CR(b) & FLASH_CR_LOCK) {
        FLASH_KEYR(b) = FLASH_KEY1;
        FLASH_KEYR(b) = FLASH_KEY2;
    }
    return (FLASH_CR(b) & FLASH_CR_LOCK) ? H7_FLASH_ELOCK : H7_FLASH_OK;
}

/* the limit is the flash's time whatever the core's speed (h7_wait.h) */
static int wait_done(int b, uint32_t timeout_ms) {
    h7_wait_t w;
    h7_wait_start(&w, timeout_ms);
    do {
        uint32_t sr = FLASH_SR(b);
        if (!(sr & (FLASH_SR_BSY | FLASH_SR_QW))) {
            FLASH_CCR(b) = sr & (FLASH_SR_ERR_Msk | FLASH_SR_EOP);
            return (sr & FLASH_SR_ERR_Msk) ? H7_FLASH_EPROG : H7_FLASH_OK;
        }
    } while (!h7_wait_expired(&w));
    return H7_FLASH_ETIME;
}

int h7_flash_erase_sector(uint32_t addr) {
    if (addr < FLASH_BANK1_BASE || addr >= FLASH_END) {
        return H7_FLASH_EADDR;
    }
    int b = bank_of(addr), rc = unlock(b);
    if (rc) {
        return rc;
    }
    uint32_t snb = ((addr - FLASH_BANK1_BASE) % 0x100000u) / FLASH_SECTOR_SIZE;
    FLASH_CR(b) = FLASH_CR_PSIZE_X64 | FLASH_CR_SER | (snb << FLASH_CR_SNB_Pos);
    FLASH_CR(b) |= FLASH_CR_START;
    rc = wait_done(b, ERASE_TIMEOUT_MS);
    FLASH_CR(b) &= ~FLASH_CR_SER;
    return rc;
}

int h7_flash_program(uint32_t addr, const void *src, uint32_t len) {
    if (addr < FLASH_BANK1_BASE || addr + len > FLASH_END || addr % H7_FLASH_WORD ||
        bank_of(addr) != bank_of(addr + len - 1)) {
        return H7_FLASH_EADDR;
    }
    int b = bank_of(addr), rc = unlock(b);
    if (rc) {
        return rc;
    }
    const uint8_t *s = src;
    FLASH_CR(b) = FLASH_CR_PSIZE_X64 | FLASH_CR_PG;
    for (uint32_t off = 0; off < len && rc == H7_FLASH_OK; off += H7_FLASH_WORD) {
        uint32_t word[H7_FLASH_WORD / 4];
        uint32_t n = len - off < H7_FLASH_WORD ? len - off : H7_FLASH_WORD;
        memset(word, 0xFF, sizeof(word));
        memcpy(word, s + off, n);
        volatile uint32_t *dst = (volatile uint32_t *)(addr + off);
        for (unsigned i = 0; i < H7_FLASH_WORD / 4; i++) {
            dst[i] = word[i];
        }
        __asm volatile("dsb");
        rc = wait_done(b, PROGRAM_TIMEOUT_MS);
    }
    FLASH_CR(b) &= ~FLASH_CR_PG;
    return rc;
}
