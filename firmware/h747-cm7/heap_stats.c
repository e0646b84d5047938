/*
 * The heap figures scripts/h7top reads from outside: a small block at the
 * start of DTCM (0x20000000), refreshed every five seconds while the heap
 * changes.  gc_info() walks the allocation table (104 ms of the CM7 with
 * the SDRAM heap, measured: 2 % of its time at this rate), so it is not
 * work for the SysTick interrupt: the tick marks a refresh due, and the
 * wait for console input (the REPL's, or a program's) does it.  Not any
 * wait: in time.sleep it would stretch the sleep by those 104 ms.  A
 * program that never reads the console does not refresh the figures.  Not micropython.schedule(): an entry of ours
 * in the queue would change what MicroPython's own schedule tests see.  It
 * is skipped while nothing was allocated since the last one: an idle
 * board pays nothing.
 */
#include "py/gc.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "h7_tick.h"
#include "h747_port.h"

#define STATS_MAGIC     0x54533748u /* "H7ST" */
#define STATS_VERSION   1u
#define STATS_PERIOD_MS 5000u

/* the layout h7top reads: ten words */
typedef struct {
    uint32_t magic;
    uint32_t version;
    uint32_t updated_ms; /* mp_hal_ticks_ms() at the last refresh */
    uint32_t total;      /* heap bytes, every area */
    uint32_t used;
    uint32_t free;
    uint32_t max_free; /* the largest free run, in bytes */
    uint32_t refreshes;
    uint32_t reserved[2];
} h747_stats_t;

__attribute__((section(".h7stats"), used)) static volatile h747_stats_t h747_stats;

static size_t refreshed_at_alloc = (size_t)-1;

static volatile bool refresh_due;

static void stats_refresh(void) {
    gc_info_t info;
    refresh_due = false;
    if (MP_STATE_MEM(gc_alloc_amount) == refreshed_at_alloc) {
        return; /* no allocation since: the figures hold */
    }
    refreshed_at_alloc = MP_STATE_MEM(gc_alloc_amount);
    gc_info(&info);
    h747_stats.total = info.total;
    h747_stats.used = info.used;
    h747_stats.free = info.free;
    h747_stats.max_free = info.max_free * MICROPY_BYTES_PER_GC_BLOCK;
    h747_stats.updated_ms = mp_hal_ticks_ms();
    h747_stats.refreshes++;
}

void h747_heap_stats_poll(void) {
    if (refresh_due) {
        stats_refresh();
    }
}

static void stats_tick(void) {
    static uint32_t ms;
    if (++ms >= STATS_PERIOD_MS) {
        ms = 0;
        refresh_due = true;
    }
}

void h747_heap_stats_init(void) {
    refreshed_at_alloc = (size_t)-1; /* a fresh heap after a soft reset */
    h747_stats.magic = STATS_MAGIC;
    h747_stats.version = STATS_VERSION;
    stats_refresh();
    h7_tick_enable_dispatch(H7_TICK_SLOT_STATS, stats_tick);
}
