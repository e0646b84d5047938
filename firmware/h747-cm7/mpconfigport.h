/* h7stack MicroPython port for the STM32H747I-DISCO Cortex-M7. */
#include <stdint.h>

#define MICROPY_HW_BOARD_NAME   "STM32H747I-DISCO"
#define MICROPY_HW_MCU_NAME     "STM32H747"
#define MICROPY_PY_SYS_PLATFORM "pyboard" /* as MicroPython's stm32 boards */

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

/* code generation: native, viper and inline Thumb-2 assembler */
#define MICROPY_EMIT_THUMB               (1)
#define MICROPY_EMIT_INLINE_THUMB        (1)
#define MICROPY_EMIT_THUMB_ARMV7M        (1)
#define MICROPY_EMIT_INLINE_THUMB_FLOAT  (1)
#define MICROPY_MAKE_POINTER_CALLABLE(p) ((void *)((mp_uint_t)(p) | 1))
#define MICROPY_PERSISTENT_CODE_LOAD     (1)
/* machine code lives in ITCM (native_exec.c), the GC heap when that is full */
#define MP_PLAT_ALLOC_EXEC(min_size, ptr, size)  h747_alloc_exec(min_size, (void **)(ptr), size)
#define MP_PLAT_FREE_EXEC(ptr, size)             h747_free_exec(ptr, size)
#define MICROPY_PERSISTENT_CODE_TRACK_FUN_DATA   (1) /* heap-placed code must be traced */
#define MICROPY_PERSISTENT_CODE_TRACK_BSS_RODATA (1)
/* cache maintenance that py/emitglue.c does for code in cached memory */
#define __ICACHE_PRESENT                1
#define MP_HAL_CLEAN_DCACHE(addr, size) h7_dcache_clean((uint32_t)(addr), (uint32_t)(size))
#define SCB_InvalidateICache()          h7_icache_invalidate()
#include <stddef.h>
void h747_alloc_exec(size_t min_size, void **ptr, size_t *size);
void h747_free_exec(void *ptr, size_t size);
void h7_dcache_clean(uint32_t addr, uint32_t len);
void h7_icache_invalidate(void);

/* memory */
#define MICROPY_ENABLE_GC                      (1)
#define MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF (1)
#define MICROPY_EMERGENCY_EXCEPTION_BUF_SIZE   (0)
#define MICROPY_MALLOC_USES_ALLOCATED_SIZE     (1)
#define MICROPY_MEM_STATS                      (1)
#define MICROPY_STACK_CHECK                    (1)
#define MICROPY_GC_SPLIT_HEAP                  (1) /* AXI SRAM, then SDRAM */

/* numbers */
#define MICROPY_LONGINT_IMPL (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL   (MICROPY_FLOAT_IMPL_DOUBLE)
#define MP_NEED_LOG2         (1) /* lib/libm_dbl has no log2 */

/* REPL and runtime */
#define MICROPY_ENABLE_SCHEDULER                  (1)
#define MICROPY_SCHEDULER_DEPTH                   (16) /* soft timers catch up on 16 late ms */
#define MICROPY_KBD_EXCEPTION                     (1)
#define MICROPY_HELPER_REPL                       (1)
#define MICROPY_REPL_INFO                         (1)
#define MICROPY_WARNINGS                          (1)
#define MICROPY_READER_VFS                        (1)
#define MICROPY_USE_INTERNAL_ERRNO                (1)
#define MICROPY_PY_SYS_STDFILES                   (1)
#define MICROPY_PY_SYS_STDIO_BUFFER               (1)
#define MICROPY_PY_MICROPYTHON_HEAP_LOCKED        (1)
#define MICROPY_PY_SYS_EXC_INFO                   (1)
#define MICROPY_PY_SYS_GETSIZEOF                  (1)
#define MICROPY_PY_SYS_TRACEBACKLIMIT             (1)
#define MICROPY_PY_FUNCTION_ATTRS_CODE            (1)
#define MICROPY_PY_BUILTINS_RANGE_BINOP           (1)
#define MICROPY_PY_BUILTINS_MEMORYVIEW_ITEMSIZE   (1)
#define MICROPY_PY_ALL_INPLACE_SPECIAL_METHODS    (1)
#define MICROPY_PY_COLLECTIONS_NAMEDTUPLE__ASDICT (1)
#define MICROPY_PY_IO_BUFFEREDWRITER              (1)
#define MICROPY_PY_RE_MATCH_GROUPS                (1)
#define MICROPY_PY_RE_MATCH_SPAN_START_END        (1)
#define MICROPY_PY_RE_DEBUG                       (1)
#define MICROPY_PY_MARSHAL                        (1)

/* modules */
#define MICROPY_PY_TIME                         (1)
#define MICROPY_PY_TIME_GMTIME_LOCALTIME_MKTIME (1)
#define MICROPY_PY_TIME_TIME_TIME_NS            (1)
#define MICROPY_PY_TIME_INCLUDEFILE             "modtime_port.c"
#define MICROPY_PY_OS                           (1)
#define MICROPY_PY_OS_INCLUDEFILE               "modos_port.c"
#define MICROPY_PY_OS_URANDOM                   (1)
#define MICROPY_PY_OS_UNAME                     (1)
#define MICROPY_PY_OS_SYNC                      (1)
/* os.dupterm: a second terminal beside USART1 (WebREPL's websocket) */
#define MICROPY_PY_OS_DUPTERM            (1)
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC (h747_rng_word())
#define MICROPY_PY_SELECT                (1)
/* network: lwIP (MICROPY_PY_LWIP from the Makefile) behind socket, and
 * network.LAN on the Ethernet port */
#define MICROPY_PY_NETWORK                  (1)
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT "mpy-h747"
#define MICROPY_PY_LWIP_SOCK_RAW            (1)
#define MICROPY_PY_WEBSOCKET                (1)
#define MICROPY_PY_WEBREPL                  (1) /* _webrepl; webrepl.py in mpy-lib */
/* TLS, DTLS, the md5 and sha1 hashes and AES from mbedtls (MICROPY_PY_SSL and
 * MICROPY_SSL_MBEDTLS from the Makefile); mbedtls allocates on the GC heap,
 * tracked so that the GC keeps its blocks */
#define MICROPY_TRACKED_ALLOC           (MICROPY_SSL_MBEDTLS)
#define MICROPY_PY_HASHLIB_MD5          (MICROPY_PY_SSL)
#define MICROPY_PY_HASHLIB_SHA1         (MICROPY_PY_SSL)
#define MICROPY_PY_CRYPTOLIB            (MICROPY_PY_SSL)
#define MICROPY_PY_CRYPTOLIB_CTR        (MICROPY_PY_SSL) /* MBEDTLS_CIPHER_MODE_CTR */
#define MICROPY_PORT_NETWORK_INTERFACES { MP_ROM_QSTR(MP_QSTR_LAN), MP_ROM_PTR(&network_lan_type) },
extern const struct _mp_obj_type_t network_lan_type;
/* lwIP runs in PendSV; Python code masks that one exception to enter it */
uint32_t h747_net_lock(void);
void h747_net_unlock(uint32_t state);
#define MICROPY_PY_LWIP_ENTER                      uint32_t lwip_state = h747_net_lock();
#define MICROPY_PY_LWIP_REENTER                    lwip_state = h747_net_lock();
#define MICROPY_PY_LWIP_EXIT                       h747_net_unlock(lwip_state);
#define MICROPY_PY_ASYNCIO                         (1)
#define MICROPY_PY_DEFLATE_COMPRESS                (1)
#define MICROPY_PY_FRAMEBUF                        (1)
#define MICROPY_PY_MACHINE                         (1)
#define MICROPY_PY_MACHINE_INCLUDEFILE             "modmachine_port.c"
#define MICROPY_PY_MACHINE_RESET                   (1)
#define MICROPY_PY_MACHINE_BARE_METAL_FUNCS        (1)
#define MICROPY_PY_MACHINE_DISABLE_IRQ_ENABLE_IRQ  (1)
#define MICROPY_PY_MACHINE_MEMX                    (1)
#define MICROPY_PY_MACHINE_SIGNAL                  (1)
#define MICROPY_PY_MACHINE_PIN_BASE                (1)
#define MICROPY_PY_MACHINE_PIN_MAKE_NEW            mp_pin_make_new
#define MICROPY_PY_MACHINE_TIMER                   (1) /* soft timers */
#define MICROPY_PY_MACHINE_PULSE                   (1)
#define MICROPY_PY_MACHINE_PWM                     (1)
#define MICROPY_PY_MACHINE_SPI                     (1)
#define MICROPY_PY_MACHINE_BITSTREAM               (1)
#define MICROPY_PY_MACHINE_ADC                     (1)
#define MICROPY_PY_MACHINE_ADC_INCLUDEFILE         "machine_adc_port.c"
#define MICROPY_PY_MACHINE_ADC_READ_UV             (1)
#define MICROPY_PY_MACHINE_SOFTSPI                 (1)
#define MICROPY_PY_MACHINE_PWM_INCLUDEFILE         "machine_pwm_port.c"
#define MICROPY_PY_MACHINE_I2C                     (1)
#define MICROPY_PY_MACHINE_SOFTI2C                 (1)
#define MICROPY_PY_MACHINE_WDT                     (1)
#define MICROPY_PY_MACHINE_WDT_INCLUDEFILE         "machine_wdt_port.c"
#define MICROPY_PY_MACHINE_UART                    (1)
#define MICROPY_PY_MACHINE_UART_INCLUDEFILE        "machine_uart_port.c"
#define MICROPY_PY_MACHINE_UART_SENDBREAK          (1)
#define MICROPY_PY_MACHINE_UART_READCHAR_WRITECHAR (1)
#define MICROPY_PY_MACHINE_UART_IRQ                (1)
#define MICROPY_VFS                                (1)
#define MICROPY_VFS_ROM                            (1)
#define MICROPY_VFS_ROM_IOCTL                      (0) /* no ROM partition: VfsRom over buffers */
#define MICROPY_FATFS_ENABLE_LFN                   (1)
#define MICROPY_FATFS_LFN_CODE_PAGE                437
#define MICROPY_FATFS_RPATH                        (2)
#define MICROPY_FATFS_MAX_SS                       (4096)

/* types */
#define MP_SSIZE_MAX (0x7fffffff)
#define UINT_FMT     "%u"
#define INT_FMT      "%d"
typedef int32_t mp_int_t;
typedef uint32_t mp_uint_t;
typedef long mp_off_t;

#include <alloca.h>

/* atomic sections mask every interrupt (PRIMASK) */
static inline uint32_t h747_disable_irq(void) {
    uint32_t state;
    __asm volatile("mrs %0, primask\n cpsid i" : "=r"(state) : : "memory");
    return state;
}
static inline void h747_enable_irq(uint32_t state) {
    __asm volatile("msr primask, %0" : : "r"(state) : "memory");
}
#define MICROPY_BEGIN_ATOMIC_SECTION()    h747_disable_irq()
#define MICROPY_END_ATOMIC_SECTION(state) h747_enable_irq(state)
/* soft timers run in the SysTick interrupt: their sections mask it */
#define MICROPY_PY_PENDSV_ENTER uint32_t atomic_state = h747_disable_irq()
#define MICROPY_PY_PENDSV_EXIT  h747_enable_irq(atomic_state)

/* sleep until the next interrupt while waiting */
#define MICROPY_EVENT_POLL_HOOK_FAST \
    do { \
        extern void mp_handle_pending(bool); \
        mp_handle_pending(true); \
    } while (0);
#define MICROPY_EVENT_POLL_HOOK \
    do { \
        MICROPY_EVENT_POLL_HOOK_FAST; \
        __asm volatile("wfi"); \
    } while (0);
#define MICROPY_INTERNAL_WFE(TIMEOUT_MS) __asm volatile("wfi")

uint32_t h747_rng_word(void);

#define MICROPY_PORT_ROOT_POINTERS
#define MP_STATE_PORT MP_STATE_VM
