/* h7stack MicroPython port, STM32H747I-DISCO Cortex-M7: boot, heap, REPL,
 * boot.py/main.py, soft reset. */
#include <string.h>
#include "py/compile.h"
#include "py/runtime.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/stackctrl.h"
#include "py/mphal.h"
#include "shared/readline/readline.h"
#include "shared/runtime/gchelper.h"
#include "shared/runtime/pyexec.h"
#include "shared/runtime/softtimer.h"
#include "shared/timeutils/timeutils.h"
#include "stm32h747.h"
#include "h7_clock.h"
#include "h7_power.h"
#include "h7_system.h"
#include "h7_uart.h"
#include "h747_port.h"
#include "extmod/modnetwork.h"
#include "lwip_port.h"

extern uint32_t _heap_start, _heap_end, _estack, _sstack;

uint32_t h747_reset_flags;
bool h747_woke_from_standby;
uint32_t h747_cpu_hz;
/* the GC heap's second part: the board's SDRAM above what the CM4 owns
 * (the 800x480x4 framebuffer at 0xD0000000, lib/ui's nodes at +2 MiB),
 * 18 MiB: room for a 16 MiB object, while a program that fills the heap
 * object by object (MicroPython's extreme_exc test) still ends within the
 * test runner's 10 s; the last 10 MiB of the SDRAM are left unused */
#define SDRAM_HEAP_START 0xD0400000u
#define SDRAM_HEAP_END   0xD1600000u
static bool sdram_heap;
static int clock_status;
static h747_soft_reset_hook_t *reset_hooks;

void h747_soft_reset_hook_add(h747_soft_reset_hook_t *hook) {
    for (h747_soft_reset_hook_t *h = reset_hooks; h; h = h->next) {
        if (h == hook) {
            return;
        }
    }
    hook->next = reset_hooks;
    reset_hooks = hook;
}

static void run_soft_reset_hooks(void) {
    while (reset_hooks) {
        h747_soft_reset_hook_t *h = reset_hooks;
        reset_hooks = h->next;
        h->fn();
    }
}

static void board_init(void) {
    h7_mpu_init();
    h7_cache_enable();
    clock_status = h7_clock_init_400mhz();
    h7_clocks_t c;
    h7_clock_read(&c);
    h747_cpu_hz = c.cpu;
    h7_uart_init(c.pclk2, 115200);
    /* RNG from HSI48 */
    RCC_CR |= RCC_CR_HSI48ON;
    while (!(RCC_CR & RCC_CR_HSI48RDY)) {
    }
    RCC_AHB2ENR |= RCC_AHB2ENR_RNGEN;
    RNG_CR = RNG_CR_RNGEN;
    h747_reset_flags = RCC_RSR;
    RCC_RSR = RCC_RSR_RMVF;
    h747_woke_from_standby = h7_power_woke_from_standby();
}

int main(void) {
    board_init();
    mp_hal_init(h747_cpu_hz);
    h747_rtc_init();
    h747_net_init();
    if (clock_status != H7_OK) {
        /* the board runs on, at the clock it has; say so once */
        mp_printf(&mp_plat_print, "WARNING: clock set-up failed (%d): running at %u Hz\n",
                  clock_status, (unsigned)h747_cpu_hz);
    }
    /* shared memory and doorbells, then the CM4 is released */
    h747_ipc_start();
    /* without the CM4 (no image, or its display set-up failed) the heap is
     * the AXI SRAM alone; gc.mem_free() tells */
    sdram_heap = h747_sdram_ready();

soft_reset:
    mp_stack_set_top(&_estack);
    mp_stack_set_limit((char *)&_estack - (char *)&_sstack - 1024);
    gc_init(&_heap_start, &_heap_end);
    if (sdram_heap) {
        gc_add((void *)SDRAM_HEAP_START, (void *)SDRAM_HEAP_END);
    }
    h747_exec_reset();
    mp_init();
    readline_init0();
    h747_pin_init();
    h747_heap_stats_init();
    mod_network_init();

    /* mounts the littlefs filesystem on the Quad-SPI NOR at /flash */
    pyexec_frozen_module("_boot.py", false);
    /* boot.py at every reset, the raw REPL's too (as the stm32 port: it is
     * where a board brings its network up for mpremote and run-tests.py);
     * main.py only on the way to the friendly REPL */
    int ret = pyexec_file_if_exists("boot.py");
    if (ret & PYEXEC_FORCED_EXIT) {
        goto soft_reset_exit;
    }
    if (pyexec_mode_kind == PYEXEC_MODE_FRIENDLY_REPL) {
        ret = pyexec_file_if_exists("main.py");
        if (ret & PYEXEC_FORCED_EXIT) {
            goto soft_reset_exit;
        }
    }

    for (;;) {
        if (pyexec_mode_kind == PYEXEC_MODE_RAW_REPL) {
            if (pyexec_raw_repl() != 0) {
                break;
            }
        } else {
            if (pyexec_friendly_repl() != 0) {
                break;
            }
        }
    }

soft_reset_exit:
    mp_printf(&mp_plat_print, "MPY: soft reboot\n");
    run_soft_reset_hooks();
    mod_network_deinit();
    h747_pin_deinit();
    machine_uart_deinit_all();
    h747_timers_deinit_all();
    soft_timer_deinit();
    gc_sweep_all();
    mp_deinit();
    goto soft_reset;
}

/* FAT timestamps from the RTC */
uint32_t get_fattime(void) {
    timeutils_struct_time_t tm;
    timeutils_seconds_since_epoch_to_struct_time(mp_hal_time_ns() / 1000000000ULL, &tm);
    return ((tm.tm_year - 1980) << 25) | (tm.tm_mon << 21) | (tm.tm_mday << 16) |
           (tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2);
}

void gc_collect(void) {
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    soft_timer_gc_mark_all();
    gc_collect_end();
}

void nlr_jump_fail(void *val) {
    mp_printf(&mp_plat_print, "FATAL: uncaught NLR %p\n", val);
    for (;;) {
        __asm volatile("wfi");
    }
}

void NORETURN __fatal_error(const char *msg) {
    mp_printf(&mp_plat_print, "FATAL: %s\n", msg);
    for (;;) {
        __asm volatile("wfi");
    }
}

#ifndef NDEBUG
void MP_WEAK __assert_func(const char *file, int line, const char *func, const char *expr) {
    mp_printf(&mp_plat_print, "Assertion '%s' failed, at file %s:%d\n", expr, file, line);
    __fatal_error("assertion failed");
}
#endif

void HardFault_Handler(void) {
    h7_uart_puts("\nFATAL: HardFault\n");
    for (;;) {
    }
}
