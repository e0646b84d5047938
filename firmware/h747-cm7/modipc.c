/*
 * The inter-core channel on the CM7: start-up of the CM4 and the `ipc`
 * module (send, recv, stats) over lib/ipc.
 *
 *   ipc.send(data, type=0, timeout=1000)   # OSError(ETIMEDOUT, text) when full
 *   ipc.recv(timeout=1000)                 # (type, seq, bytes) or None
 *   ipc.stats()  ipc.cm4_running()  ipc.max_payload()
 *
 * The CM4 firmware echoes every command as an event, so a caller that
 * sends much more than it reads fills the event ring, the CM4 then waits,
 * and the command ring fills in turn: send() times out, nothing is lost.
 */
#include <stdarg.h>
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "stm32h747.h"
#include "h7_system.h"
#include "h7_ipc.h"
#include "h747_port.h"

#define CM4_START_MS 100 /* how long boot waits for the CM4 to attach */

static ipc_chan_t ch;
static ipc_chan_t ui_ch; /* the display-stack channel (lib/ui's) */
static h7_bell_t ui_bell;
static bool started;

typedef struct {
    mp_uint_t start, ms;
} deadline_t;

static int deadline_expired(void *p) {
    deadline_t *d = p;
    /* Ctrl-C ends the wait too; the caller raises it */
    return MP_STATE_THREAD(mp_pending_exception) != MP_OBJ_NULL ||
           mp_hal_ticks_ms() - d->start >= d->ms;
}

/* a program where the CM4 boots (BOOT_CM4_ADD0): an erased vector table
 * means there is none, and no CM4 to wait for */
static bool cm4_image_present(void) {
    const volatile uint32_t *vt =
        (const volatile uint32_t *)((FLASH_BOOT4_CUR & FLASH_BOOT4_ADD0_Msk) << 16);
    return vt[0] != 0xFFFFFFFFu && vt[1] != 0xFFFFFFFFu;
}

/* once per power-on or system reset, before the first soft reset */
void h747_ipc_start(void) {
    h7_shm_t *shm = H7_IPC_SHM;

    RCC_AHB4ENR |= RCC_AHB4ENR_HSEMEN;
    h7_hsem_lock(H7_SEM_BOOT); /* a CM4 started by BCM4=1 waits for it */
    h7_shm_init(shm);
    h7_ipc_bind(&ch, shm, deadline_expired);
    h7_ipc_bind_ui(&ui_ch, shm, &ui_bell);
    h7_irq_set(H7_IRQ_HSEM1, h7_ipc_irq);
    h7_nvic_enable(H7_IRQ_HSEM1, 6);
    h7_hsem_unlock(H7_SEM_BOOT);
    RCC_GCR |= RCC_GCR_BOOT_C2;
    started = true;
    mp_uint_t t0 = mp_hal_ticks_ms();
    while (cm4_image_present() && atomic_load(&shm->cm4_state) != H7_CM4_RUNNING &&
           mp_hal_ticks_ms() - t0 < CM4_START_MS) {
        __asm volatile("wfi");
    }
}

bool h747_sdram_ready(void) {
    /* the CM4 runs the FMC's SDRAM sequence in display_init(), before it
     * says it is running */
    return started && atomic_load(&H7_IPC_SHM->cm4_state) == H7_CM4_RUNNING &&
           (H7_IPC_SHM->cm4_display & 0xFFFF) == 0;
}

ipc_chan_t *h747_ui_channel(h7_bell_t **bell) {
    *bell = &ui_bell;
    return started ? &ui_ch : NULL;
}

static bool cm4_running(void) {
    return started && atomic_load(&H7_IPC_SHM->cm4_state) == H7_CM4_RUNNING &&
           atomic_load(&H7_IPC_SHM->cm4_error) == 0;
}

/* OSError(errno, text), as CPython's socket timeouts look */
static NORETURN void raise_os(int err, const char *fmt, ...) {
    vstr_t v;
    vstr_init(&v, 80);
    va_list ap;
    va_start(ap, fmt);
    mp_vprintf(&(mp_print_t){ &v, (mp_print_strn_t)vstr_add_strn }, fmt, ap);
    va_end(ap);
    mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(err), mp_obj_new_str_from_vstr(&v) };
    nlr_raise(mp_obj_new_exception_args(&mp_type_OSError, 2, args));
}

static NORETURN void raise_rc(int rc, const char *what) {
    mp_handle_pending(true); /* Ctrl-C while waiting */
    if (rc == IPC_ETIMEOUT) {
        raise_os(MP_ETIMEDOUT, "ipc %s: the CM4 did not %s in time", what,
                 strcmp(what, "send") == 0 ? "make room" : "answer");
    }
    raise_os(MP_EIO, "ipc %s: %s (%d)", what,
             rc == IPC_ECORRUPT ? "corrupt record in the ring" : "error", rc);
}

static void check_cm4(const char *what) {
    if (!cm4_running()) {
        raise_os(MP_ENODEV,
                 "ipc %s: the CM4 is not running (no image in flash bank 2, "
                 "or it stopped with error %d)",
                 what, (int)atomic_load(&H7_IPC_SHM->cm4_error));
    }
}

static mp_int_t arg_timeout(mp_obj_t o) {
    mp_int_t t = mp_obj_get_int(o);
    if (t < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("timeout must be >= 0 (milliseconds)"));
    }
    return t;
}

static mp_obj_t ipc_send(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    enum {
        ARG_data,
        ARG_type,
        ARG_timeout
    };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } },
        { MP_QSTR_type, MP_ARG_INT, { .u_int = 0 } },
        { MP_QSTR_timeout, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_obj = MP_OBJ_NEW_SMALL_INT(1000) } },
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos, kw, MP_ARRAY_SIZE(allowed), allowed, a);
    mp_buffer_info_t b;
    mp_get_buffer_raise(a[ARG_data].u_obj, &b, MP_BUFFER_READ);
    mp_int_t type = a[ARG_type].u_int;
    if (type < 0 || type >= IPC_TYPE_PAD) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("type must be 0..%d"),
                          IPC_TYPE_PAD - 1);
    }
    if (b.len > ipc_ring_max_payload(ch.tx)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("data is %u bytes; at most %u"),
                          (unsigned)b.len, (unsigned)ipc_ring_max_payload(ch.tx));
    }
    deadline_t d = { mp_hal_ticks_ms(), arg_timeout(a[ARG_timeout].u_obj) };
    check_cm4("send");
    int rc = ipc_chan_send(&ch, b.buf, (uint16_t)b.len, (uint16_t)type, &d);
    if (rc != IPC_OK) {
        raise_rc(rc, "send");
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(ipc_send_obj, 1, ipc_send);

static mp_obj_t ipc_recv(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    static const mp_arg_t allowed[] = {
        { MP_QSTR_timeout, MP_ARG_OBJ, { .u_obj = MP_OBJ_NEW_SMALL_INT(1000) } },
    };
    mp_arg_val_t a[1];
    mp_arg_parse_all(n_args, pos, kw, 1, allowed, a);
    deadline_t d = { mp_hal_ticks_ms(), arg_timeout(a[0].u_obj) };
    check_cm4("recv");
    vstr_t v;
    vstr_init_len(&v, ipc_ring_max_payload(ch.rx));
    uint16_t len, type;
    uint32_t seq;
    int rc = ipc_chan_recv(&ch, v.buf, v.len, &len, &type, &seq, &d);
    if (rc == IPC_ETIMEOUT) {
        vstr_clear(&v);
        mp_handle_pending(true);
        return mp_const_none;
    }
    if (rc != IPC_OK) {
        vstr_clear(&v);
        raise_rc(rc, "recv");
    }
    v.len = len;
    mp_obj_t t[3] = { MP_OBJ_NEW_SMALL_INT(type), mp_obj_new_int_from_uint(seq),
                      mp_obj_new_bytes_from_vstr(&v) };
    return mp_obj_new_tuple(3, t);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(ipc_recv_obj, 0, ipc_recv);

static void put(mp_obj_t dict, qstr key, mp_uint_t v) {
    mp_obj_dict_store(dict, MP_OBJ_NEW_QSTR(key), mp_obj_new_int_from_uint(v));
}

static mp_obj_t ipc_stats(void) {
    h7_shm_t *shm = H7_IPC_SHM;
    ipc_ring_t *cmd = h7_shm_cmd(shm), *evt = h7_shm_evt(shm);
    mp_obj_t d = mp_obj_new_dict(16);
    put(d, MP_QSTR_cmd_sent, cmd->records_written);
    put(d, MP_QSTR_cmd_depth, ipc_ring_depth(cmd));
    put(d, MP_QSTR_cmd_high_water, cmd->high_water);
    put(d, MP_QSTR_cmd_waits, cmd->producer_waits);
    put(d, MP_QSTR_evt_received, evt->records_read);
    put(d, MP_QSTR_evt_depth, ipc_ring_depth(evt));
    put(d, MP_QSTR_evt_high_water, evt->high_water);
    put(d, MP_QSTR_evt_waits, evt->producer_waits);
    put(d, MP_QSTR_ring_size, cmd->size);
    put(d, MP_QSTR_bells, ch.bells_rung);
    put(d, MP_QSTR_sleeps, ch.sleeps);
    put(d, MP_QSTR_timeouts, ch.timeouts);
    put(d, MP_QSTR_cm4_boots, atomic_load(&shm->cm4_boots));
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_cm4_running), mp_obj_new_bool(cm4_running()));
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_0(ipc_stats_obj, ipc_stats);

static mp_obj_t ipc_cm4_running(void) {
    return mp_obj_new_bool(cm4_running());
}
static MP_DEFINE_CONST_FUN_OBJ_0(ipc_cm4_running_obj, ipc_cm4_running);

static mp_obj_t ipc_max_payload(void) {
    return MP_OBJ_NEW_SMALL_INT(ipc_ring_max_payload(h7_shm_cmd(H7_IPC_SHM)));
}
static MP_DEFINE_CONST_FUN_OBJ_0(ipc_max_payload_obj, ipc_max_payload);

static const mp_rom_map_elem_t ipc_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_ipc) },
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&ipc_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_recv), MP_ROM_PTR(&ipc_recv_obj) },
    { MP_ROM_QSTR(MP_QSTR_stats), MP_ROM_PTR(&ipc_stats_obj) },
    { MP_ROM_QSTR(MP_QSTR_cm4_running), MP_ROM_PTR(&ipc_cm4_running_obj) },
    { MP_ROM_QSTR(MP_QSTR_max_payload), MP_ROM_PTR(&ipc_max_payload_obj) },
};
static MP_DEFINE_CONST_DICT(ipc_globals, ipc_globals_table);

const mp_obj_module_t ipc_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&ipc_globals,
};
MP_REGISTER_MODULE(MP_QSTR_ipc, ipc_module);
