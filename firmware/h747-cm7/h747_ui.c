#include "py/mphal.h"
#include "py/runtime.h"
#include "h7_ipc.h"
#include "h747_ui.h"

static ui_app_t app;
static ipc_chan_t ch;
static h7_bell_t bell;
static bool bound;

typedef struct {
    mp_uint_t start, ms;
} deadline_t;
static deadline_t dl;

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

void h747_ui_start(void) {
    h7_ipc_bind_ui(&ch, H7_IPC_SHM, &bell);
    bell.expired = expired;
    ui_app_init(&app, &ch, make_deadline);
    bound = true;
}

ui_app_t *h747_ui_app(void (*on_ring)(void)) {
    ipc_shm_t *shm = H7_IPC_SHM;
    if (!bound || atomic_load(&shm->cm4_state) != IPC_CM4_RUNNING ||
        atomic_load(&shm->cm4_error) != 0) {
        return NULL;
    }
    bell.on_ring = on_ring;
    return &app;
}
