/* mp_rlvgl on the STM32H747I-DISCO CM7 (port_h747.h). */
#include "py/mphal.h"
#include "py/runtime.h"
#include "h7_ipc.h"
#include "h747_port.h"
#include "port_h747.h"

static ui_app_t app;
static bool ready;

typedef struct {
    mp_uint_t start, ms;
} deadline_t;
static deadline_t dl;

/* a wait for the CM4 ends at its deadline or at Ctrl-C */
static int expired(void *p) {
    deadline_t *d = p;
    return MP_STATE_THREAD(mp_pending_exception) != MP_OBJ_NULL ||
           mp_hal_ticks_ms() - d->start >= d->ms;
}

static void *make_deadline(ui_app_t *a, uint32_t ms) {
    (void)a;
    dl.start = mp_hal_ticks_ms();
    dl.ms = ms;
    return &dl;
}

ui_app_t *h747_ui_app(void (*on_ring)(void)) {
    h7_bell_t *bell;
    ipc_chan_t *ch = h747_ui_channel(&bell);
    if (!ch || atomic_load(&H7_IPC_SHM->cm4_state) != H7_CM4_RUNNING ||
        atomic_load(&H7_IPC_SHM->cm4_error) != 0) {
        return NULL;
    }
    if (!ready) {
        bell->expired = expired;
        ui_app_init(&app, ch, make_deadline);
        ready = true;
    }
    bell->on_ring = on_ring;
    return &app;
}
