/*
 * STM32H7 embedded flash memory and its interface (RM0399 "Embedded flash
 * memory"), two banks of 1 MiB in eight 128 KiB sectors.
 *
 * Reads of the array go straight to memory (ROM device).  A write to the
 * array with CRx.PG set collects bytes into a 256-bit write buffer; once the
 * whole flash word is written (or CRx.FW forces it) the word is programmed.
 * Programming can only clear bits, as on NOR.  Sector and bank erase, the
 * unlock key sequences and the error flags follow the manual.  The array
 * changes when the operation starts; BSY and QW stay set for its time in
 * virtual time (properties: flash word program 100 us and sector erase
 * 1.1 s, bank erase eight sectors' worth: the data sheet's typical figures
 * at x32/x64 parallelism) and EOP comes at the end.  An operation started
 * while one runs waits for it (the time adds up), as the write queue does.
 * A power cut in that window (stm32h7_flash_power_cut) leaves the word or
 * sector half done.  The array content lives in the block backend "drive"
 * so it persists between runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/block/block.h"
#include "hw/registerfields.h"
#include "system/block-backend.h"
#include "migration/vmstate.h"
#include "qemu/guest-random.h"
#include "stm32h7_flash.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(ACR, 0x000)
REG32(KEYR, 0x004)
REG32(OPTKEYR, 0x008)
REG32(CR, 0x00C)
    FIELD(CR, LOCK, 0, 1)
    FIELD(CR, PG, 1, 1)
    FIELD(CR, SER, 2, 1)
    FIELD(CR, BER, 3, 1)
    FIELD(CR, PSIZE, 4, 2)
    FIELD(CR, FW, 6, 1)
    FIELD(CR, START, 7, 1)
    FIELD(CR, SNB, 8, 3)
    FIELD(CR, IE, 16, 12)        /* EOPIE .. CRCENDIE, same bits as SR */
REG32(SR, 0x010)
    FIELD(SR, BSY, 0, 1)
    FIELD(SR, WBNE, 1, 1)
    FIELD(SR, QW, 2, 1)
    FIELD(SR, EOP, 16, 1)
    FIELD(SR, WRPERR, 17, 1)
    FIELD(SR, PGSERR, 18, 1)
    FIELD(SR, STRBERR, 19, 1)
    FIELD(SR, INCERR, 21, 1)
    FIELD(SR, OPERR, 22, 1)
REG32(CCR, 0x014)
REG32(OPTCR, 0x018)
    FIELD(OPTCR, OPTLOCK, 0, 1)
REG32(OPTSR_CUR, 0x01C)
    FIELD(OPTSR, BCM7, 22, 1)
    FIELD(OPTSR, BCM4, 23, 1)
REG32(OPTSR_PRG, 0x020)
REG32(OPTCCR, 0x024)
REG32(BOOT7_CUR, 0x040)
REG32(BOOT4_CUR, 0x048)
/* clang-format on */

#define BANK2_OFFSET  0x100
#define KEY1          0x45670123
#define KEY2          0xCDEF89AB
#define OPTKEY1       0x08192A3B
#define OPTKEY2       0x4C5D6E7F
#define SR_FLAGS_MASK 0x0FEF0000u /* the clearable flags of SR / CCR */

static void flash_update_irq(Stm32h7FlashState *s)
{
    bool level = false;

    for (int b = 0; b < STM32H7_FLASH_BANKS; b++) {
        level |= !!(s->bank[b].sr & s->bank[b].cr & SR_FLAGS_MASK);
    }
    qemu_set_irq(s->irq, level);
}

static uint8_t *flash_ptr(Stm32h7FlashState *s)
{
    return memory_region_get_ram_ptr(&s->mem);
}

/* Push [off, off+len) of the array to the backing file and drop stale TBs. */
static void flash_commit(Stm32h7FlashState *s, uint32_t off, uint32_t len)
{
    memory_region_flush_rom_device(&s->mem, off, len);
    h7_writeback_mark(&s->wb, off, len);
}

static void flash_busy_done(Stm32h7FlashState *s, int b)
{
    Stm32h7FlashBank *bk = &s->bank[b];

    bk->sr &= ~(R_SR_BSY_MASK | R_SR_QW_MASK);
    bk->sr = FIELD_DP32(bk->sr, SR, EOP, 1);
    flash_update_irq(s);
}

static void flash_bank1_done(void *opaque)
{
    flash_busy_done(opaque, 0);
}

static void flash_bank2_done(void *opaque)
{
    flash_busy_done(opaque, 1);
}

/* the operation's end at its deadline in virtual time as the guest sees
 * it, even if the timer's callback has not run yet (a busy host) */
static void flash_sync_busy(Stm32h7FlashState *s, int b)
{
    QEMUTimer *t = s->bank[b].busy_timer;
    if (timer_pending(t) &&
        timer_expire_time_ns(t) <= qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        timer_del(t);
        flash_busy_done(s, b);
    }
}

/* BSY and QW for us more, after what runs already */
static void flash_start_busy(Stm32h7FlashState *s, int b, uint32_t off,
                             uint32_t len, bool erase, uint32_t us)
{
    Stm32h7FlashBank *bk = &s->bank[b];
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t start = timer_pending(bk->busy_timer)
                        ? MAX(now, timer_expire_time_ns(bk->busy_timer))
                        : now;

    bk->op_off = off;
    bk->op_len = len;
    bk->op_erase = erase;
    bk->sr |= R_SR_BSY_MASK | R_SR_QW_MASK;
    timer_mod(bk->busy_timer, start + (int64_t)us * 1000);
}

static void flash_program_word(Stm32h7FlashState *s, int b)
{
    Stm32h7FlashBank *bk = &s->bank[b];
    uint32_t off = b * STM32H7_FLASH_BANK_SIZE + bk->wbuf_addr;
    uint8_t *p = flash_ptr(s) + off;

    memcpy(bk->op_before, p, STM32H7_FLASH_WORD);
    for (int i = 0; i < STM32H7_FLASH_WORD; i++) {
        /* bytes not written (forced write) stay erased */
        uint8_t v = (bk->wbuf_valid & (1u << i)) ? bk->wbuf[i] : 0xFF;
        p[i] &= v;
    }
    trace_stm32h7_flash_program(off);
    flash_commit(s, off, STM32H7_FLASH_WORD);
    bk->wbuf_valid = 0;
    bk->wbuf_addr = UINT32_MAX;
    bk->sr = FIELD_DP32(bk->sr, SR, WBNE, 0);
    flash_start_busy(s, b, off, STM32H7_FLASH_WORD, false, s->t_prog_us);
}

static void flash_erase(Stm32h7FlashState *s, int b, uint32_t off, uint32_t len)
{
    uint32_t abs = b * STM32H7_FLASH_BANK_SIZE + off;

    memset(flash_ptr(s) + abs, 0xFF, len);
    trace_stm32h7_flash_erase(abs, len);
    flash_commit(s, abs, len);
    flash_start_busy(s, b, abs, len, true,
                     s->t_erase_us * (len / STM32H7_FLASH_SECTOR_SIZE));
}

void stm32h7_flash_power_cut(Stm32h7FlashState *s)
{
    for (int b = 0; b < STM32H7_FLASH_BANKS; b++) {
        Stm32h7FlashBank *bk = &s->bank[b];
        if (!timer_pending(bk->busy_timer)) {
            continue;
        }
        /* an erase cut short leaves random cells, a program some of the
         * bits it was clearing (between the word before and after) */
        g_autofree uint8_t *noise = g_malloc(bk->op_len);
        uint8_t *p = flash_ptr(s) + bk->op_off;
        qemu_guest_getrandom_nofail(noise, bk->op_len);
        for (uint32_t i = 0; i < bk->op_len; i++) {
            p[i] = bk->op_erase
                       ? noise[i]
                       : (uint8_t)(p[i] | (bk->op_before[i] & noise[i]));
        }
        trace_stm32h7_flash_power_cut(bk->op_off, bk->op_len, bk->op_erase);
        flash_commit(s, bk->op_off, bk->op_len);
        timer_del(bk->busy_timer);
        bk->sr &= ~(R_SR_BSY_MASK | R_SR_QW_MASK);
    }
}

static void flash_mem_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    Stm32h7FlashState *s = opaque;
    int b = addr / STM32H7_FLASH_BANK_SIZE;
    Stm32h7FlashBank *bk = &s->bank[b];
    uint32_t off = addr % STM32H7_FLASH_BANK_SIZE;
    uint32_t word = off & ~(STM32H7_FLASH_WORD - 1);

    if (!FIELD_EX32(bk->cr, CR, PG) || FIELD_EX32(bk->cr, CR, LOCK)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-flash: write to bank %d at "
                      "0x%" HWADDR_PRIx " without CR%d.PG: PGSERR\n",
                      b + 1, addr, b + 1);
        bk->sr = FIELD_DP32(bk->sr, SR, PGSERR, 1);
        flash_update_irq(s);
        return;
    }
    if (bk->wbuf_valid && bk->wbuf_addr != word) {
        /* a new flash word before the last one was complete */
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-flash: bank %d write to a "
                      "second flash word before the first completed: "
                      "INCERR\n",
                      b + 1);
        bk->sr = FIELD_DP32(bk->sr, SR, INCERR, 1);
        bk->wbuf_valid = 0;
        bk->sr = FIELD_DP32(bk->sr, SR, WBNE, 0);
        flash_update_irq(s);
        return;
    }
    bk->wbuf_addr = word;
    for (unsigned i = 0; i < size; i++) {
        unsigned pos = (off - word) + i;
        bk->wbuf[pos] = val >> (8 * i);
        bk->wbuf_valid |= 1u << pos;
    }
    bk->sr = FIELD_DP32(bk->sr, SR, WBNE, 1);
    if (bk->wbuf_valid == UINT32_MAX) {
        flash_program_word(s, b);
    }
    flash_update_irq(s);
}

static uint64_t flash_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    /* only reached outside ROMD mode, which this model never leaves */
    return ldn_le_p(flash_ptr(opaque) + addr, size);
}

static const MemoryRegionOps flash_mem_ops = {
    .read = flash_mem_read,
    .write = flash_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void flash_write_cr(Stm32h7FlashState *s, int b, uint32_t val)
{
    Stm32h7FlashBank *bk = &s->bank[b];

    if (FIELD_EX32(bk->cr, CR, LOCK)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-flash: CR%d written while "
                      "locked: ignored\n",
                      b + 1);
        return;
    }
    bk->cr = val & ~(R_CR_START_MASK | R_CR_FW_MASK);
    if (FIELD_EX32(val, CR, FW) && bk->wbuf_valid) {
        flash_program_word(s, b);
    }
    if (FIELD_EX32(val, CR, START)) {
        if (FIELD_EX32(val, CR, BER)) {
            flash_erase(s, b, 0, STM32H7_FLASH_BANK_SIZE);
        } else if (FIELD_EX32(val, CR, SER)) {
            flash_erase(s, b,
                        FIELD_EX32(val, CR, SNB) * STM32H7_FLASH_SECTOR_SIZE,
                        STM32H7_FLASH_SECTOR_SIZE);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-flash: CR%d.START without "
                          "SER or BER\n",
                          b + 1);
        }
    }
}

static uint64_t flash_reg_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7FlashState *s = opaque;
    int b = addr >= BANK2_OFFSET;
    hwaddr r = addr % BANK2_OFFSET;
    uint32_t v = 0;

    switch (r) {
    case A_ACR: v = s->acr; break;
    case A_CR: v = s->bank[b].cr; break;
    case A_SR:
        flash_sync_busy(s, b);
        v = s->bank[b].sr;
        break;
    case A_OPTCR: v = s->optcr; break;
    case A_OPTSR_CUR:
    case A_OPTSR_PRG: v = s->optsr; break;
    case A_BOOT7_CUR: v = s->boot7; break;
    case A_BOOT4_CUR: v = s->boot4; break;
    case A_KEYR:
    case A_OPTKEYR:
    case A_CCR:
    case A_OPTCCR: break; /* write-only, read as zero */
    default:
        if (addr >= 0x200) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-flash: read of reserved "
                          "offset 0x%03" HWADDR_PRIx "\n",
                          addr);
        }
        break;
    }
    trace_stm32h7_flash_reg_read(addr, v);
    return v;
}

static void flash_reg_write(void *opaque, hwaddr addr, uint64_t val64,
                            unsigned size)
{
    Stm32h7FlashState *s = opaque;
    int b = addr >= BANK2_OFFSET;
    hwaddr r = addr % BANK2_OFFSET;
    Stm32h7FlashBank *bk = &s->bank[b];
    uint32_t val = val64;

    trace_stm32h7_flash_reg_write(addr, val);
    switch (r) {
    case A_ACR:
        s->acr = val & 0x3F; /* LATENCY, WRHIGHFREQ: one register */
        break;
    case A_KEYR:
        if (bk->key_error || !FIELD_EX32(bk->cr, CR, LOCK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-flash: KEYR%d write %s\n",
                          b + 1,
                          bk->key_error ? "after a wrong key: bank "
                                          "stays locked until reset"
                                        : "while unlocked");
            bk->key_error = true;
            break;
        }
        if (bk->keyr_state == 0 && val == KEY1) {
            bk->keyr_state = 1;
        } else if (bk->keyr_state == 1 && val == KEY2) {
            bk->keyr_state = 0;
            bk->cr = FIELD_DP32(bk->cr, CR, LOCK, 0);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-flash: wrong key 0x%08x "
                          "in KEYR%d: locked until reset\n",
                          val, b + 1);
            bk->key_error = true;
        }
        break;
    case A_OPTKEYR:
        if (s->optkey_state == 0 && val == OPTKEY1) {
            s->optkey_state = 1;
        } else if (s->optkey_state == 1 && val == OPTKEY2) {
            s->optkey_state = 0;
            s->optcr &= ~R_OPTCR_OPTLOCK_MASK;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-flash: wrong option key\n");
            s->optkey_state = 0;
        }
        break;
    case A_CR: flash_write_cr(s, b, val); break;
    case A_CCR: bk->sr &= ~(val & SR_FLAGS_MASK); break;
    case A_OPTCR:
        if (s->optcr & R_OPTCR_OPTLOCK_MASK) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-flash: OPTCR locked\n");
            break;
        }
        /* option byte programming (OPTSTART) is not modelled */
        s->optcr = val & ~2u;
        if (val & 2) {
            qemu_log_mask(LOG_UNIMP, "stm32h7-flash: option byte "
                                     "programming is not modelled\n");
        }
        break;
    case A_OPTCCR: break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-flash: write to reserved or "
                      "read-only offset 0x%03" HWADDR_PRIx "\n",
                      addr);
        return;
    }
    flash_update_irq(s);
}

static const MemoryRegionOps flash_reg_ops = {
    .read = flash_reg_read,
    .write = flash_reg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void flash_reset_hold(Object *obj, ResetType type)
{
    Stm32h7FlashState *s = STM32H7_FLASH(obj);

    s->acr = 0x37;
    s->optkey_state = 0;
    s->optcr = R_OPTCR_OPTLOCK_MASK;
    s->optsr = FIELD_DP32(0, OPTSR, BCM7, 1);
    s->optsr = FIELD_DP32(s->optsr, OPTSR, BCM4, s->boot_cm4);
    s->boot7 = 0x1FF00800; /* BOOT_CM7_ADD1 0x1FF0, ADD0 0x0800 */
    s->boot4 = 0x1FF00000 | (s->boot_cm4_addr0 >> 16);
    for (int b = 0; b < STM32H7_FLASH_BANKS; b++) {
        Stm32h7FlashBank *bk = &s->bank[b];
        QEMUTimer *t = bk->busy_timer;
        timer_del(t); /* the cells finish what they were doing */
        memset(bk, 0, sizeof(*bk));
        bk->busy_timer = t;
        bk->cr = R_CR_LOCK_MASK | (3 << R_CR_PSIZE_SHIFT);
        bk->wbuf_addr = UINT32_MAX;
    }
}

static void flash_reset_exit(Object *obj, ResetType type)
{
    flash_update_irq(STM32H7_FLASH(obj));
}

static void flash_realize(DeviceState *dev, Error **errp)
{
    Stm32h7FlashState *s = STM32H7_FLASH(dev);
    uint64_t size = STM32H7_FLASH_BANKS * STM32H7_FLASH_BANK_SIZE;

    if (!memory_region_init_rom_device(&s->mem, OBJECT(dev), &flash_mem_ops, s,
                                       "stm32h7.flash", size, errp)) {
        return;
    }
    memset(flash_ptr(s), 0xFF, size);
    if (s->blk) {
        bool writable = blk_supports_write_perm(s->blk);
        uint64_t perm = BLK_PERM_CONSISTENT_READ |
                        (writable ? BLK_PERM_WRITE : 0);
        if (blk_set_perm(s->blk, perm, BLK_PERM_ALL, errp) < 0) {
            return;
        }
        int64_t len = blk_getlength(s->blk);
        if (len < 0 || len > size) {
            error_setg(errp,
                       "stm32h7-flash: the drive must be at most %" PRIu64
                       " bytes (2 banks of 1 MiB)",
                       size);
            return;
        }
        if (len && blk_pread(s->blk, 0, len, flash_ptr(s), 0) < 0) {
            error_setg(errp, "stm32h7-flash: cannot read the drive");
            return;
        }
        h7_writeback_init(&s->wb, writable ? s->blk : NULL, flash_ptr(s), size,
                          "stm32h7-flash");
    }
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mem);
}

static void flash_init(Object *obj)
{
    Stm32h7FlashState *s = STM32H7_FLASH(obj);

    memory_region_init_io(&s->regs, obj, &flash_reg_ops, s,
                          "stm32h7.flash-regs", 0x1000);
    s->bank[0].busy_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, flash_bank1_done,
                                         s);
    s->bank[1].busy_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, flash_bank2_done,
                                         s);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->regs);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static const VMStateDescription vmstate_flash_bank = {
    .name = "stm32h7-flash-bank",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(keyr_state, Stm32h7FlashBank),
            VMSTATE_BOOL(key_error, Stm32h7FlashBank),
            VMSTATE_UINT32(cr, Stm32h7FlashBank),
            VMSTATE_UINT32(sr, Stm32h7FlashBank),
            VMSTATE_UINT32(wbuf_addr, Stm32h7FlashBank),
            VMSTATE_UINT8_ARRAY(wbuf, Stm32h7FlashBank, STM32H7_FLASH_WORD),
            VMSTATE_UINT32(wbuf_valid, Stm32h7FlashBank),
            VMSTATE_TIMER_PTR(busy_timer, Stm32h7FlashBank),
            VMSTATE_UINT32(op_off, Stm32h7FlashBank),
            VMSTATE_UINT32(op_len, Stm32h7FlashBank),
            VMSTATE_BOOL(op_erase, Stm32h7FlashBank),
            VMSTATE_UINT8_ARRAY(op_before, Stm32h7FlashBank,
                                STM32H7_FLASH_WORD),
            VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_flash = {
    .name = TYPE_STM32H7_FLASH,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(acr, Stm32h7FlashState),
            VMSTATE_UINT32(optkey_state, Stm32h7FlashState),
            VMSTATE_UINT32(optcr, Stm32h7FlashState),
            VMSTATE_UINT32(optsr, Stm32h7FlashState),
            VMSTATE_UINT32(boot7, Stm32h7FlashState),
            VMSTATE_UINT32(boot4, Stm32h7FlashState),
            VMSTATE_STRUCT_ARRAY(bank, Stm32h7FlashState, STM32H7_FLASH_BANKS,
                                 1, vmstate_flash_bank, Stm32h7FlashBank),
            VMSTATE_END_OF_LIST() }
};

static const Property flash_props[] = {
    DEFINE_PROP_DRIVE("drive", Stm32h7FlashState, blk),
    DEFINE_PROP_BOOL("boot-cm4", Stm32h7FlashState, boot_cm4, false),
    DEFINE_PROP_UINT32("boot-cm4-addr", Stm32h7FlashState, boot_cm4_addr0,
                       0x08100000),
    DEFINE_PROP_UINT32("t-prog-us", Stm32h7FlashState, t_prog_us, 100),
    DEFINE_PROP_UINT32("t-erase-us", Stm32h7FlashState, t_erase_us, 1100000),
};

static void flash_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = flash_realize;
    dc->vmsd = &vmstate_flash;
    device_class_set_props(dc, flash_props);
    rc->phases.hold = flash_reset_hold;
    rc->phases.exit = flash_reset_exit;
}

static const TypeInfo flash_types[] = {
    {
        .name = TYPE_STM32H7_FLASH,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7FlashState),
        .instance_init = flash_init,
        .class_init = flash_class_init,
    },
};
DEFINE_TYPES(flash_types)
