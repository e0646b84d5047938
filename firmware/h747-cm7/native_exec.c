/* Memory for machine code (native, viper, inline assembler, .mpy native
 * code): the 64 KiB ITCM, which the Cortex-M7 fetches from with no wait
 * state and no cache (so no cache maintenance is needed for it).  A bump
 * allocator, emptied at soft reset; the last allocation can be given back.
 * When the ITCM is full, code goes to the GC heap (AXI SRAM), and
 * mp_emit_glue cleans the D-cache and invalidates the I-cache for it. */
#include "py/runtime.h"
#include "h747_port.h"

#define ITCM_START 0x00000020u /* not 0: NULL means "no memory" */
#define ITCM_END   0x00010000u
#define ALIGN8(n)  (((n) + 7u) & ~7u)

static uint32_t itcm_next = ITCM_START;

void h747_exec_reset(void) {
    itcm_next = ITCM_START;
}

void h747_alloc_exec(size_t min_size, void **ptr, size_t *size) {
    if (ALIGN8(min_size) <= ITCM_END - itcm_next) {
        *ptr = (void *)itcm_next;
        itcm_next += ALIGN8(min_size);
    } else {
        *ptr = m_new(byte, min_size);
    }
    *size = min_size;
}

void h747_free_exec(void *ptr, size_t size) {
    uint32_t a = (uint32_t)ptr;
    if (a >= ITCM_START && a < ITCM_END) {
        if (a + ALIGN8(size) == itcm_next) {
            itcm_next = a; /* the newest block: give it back */
        }
    } else {
        m_del(byte, ptr, size);
    }
}
