/*
 * mp_rlvgl for MicroPython: the display-stack API (../shared/API.md) on
 * lib/ui.  On the unix port the render side is a second thread (ui_host);
 * on the STM32H747 it is the CM4 (port_h747.c), whose doorbell schedules the
 * event pump.  Input callbacks run through micropython.schedule.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "py/runtime.h"
#include "py/objstr.h"
#include "py/objint.h"
#include "py/mperrno.h"
#if MP_RLVGL_HOST
#include "ui_host.h"
#include "ui_sdl.h"
static ui_host_t host;
#else
#include "port_h747.h"
#endif

static ui_app_t *app;

MP_REGISTER_ROOT_POINTER(mp_obj_t mp_rlvgl_callback);

static NORETURN void raise_rc(int rc, const char *msg) {
    const mp_obj_type_t *t = rc == UI_ETYPE    ? &mp_type_TypeError
                             : rc == UI_EVALUE ? &mp_type_ValueError
                                               : &mp_type_RuntimeError;
    mp_raise_msg_varg(t, MP_ERROR_TEXT("%s"), msg);
}

/* Input events wait here, in order, for the scheduled dispatcher, which
 * calls the callback for each (outside any interrupt, as the API says). */
#define EVQ 256
static ui_event_t evq[EVQ];
static unsigned evq_head, evq_tail; /* free-running */

static mp_obj_t event_dict(const ui_event_t *ev) {
    mp_obj_t d = mp_obj_new_dict(3);
    const char *k = ui_ev_kind_name(ev->kind);
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_kind), mp_obj_new_str(k, strlen(k)));
    switch (ev->kind) {
        case UI_EV_KEY:
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_key), mp_obj_new_int(ev->key));
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_pressed), mp_obj_new_bool(ev->pressed));
            break;
        case UI_EV_SCROLL:
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_dx), MP_OBJ_NEW_SMALL_INT(ev->dx));
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_dy), MP_OBJ_NEW_SMALL_INT(ev->dy));
            break;
        default:
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_x), MP_OBJ_NEW_SMALL_INT(ev->x));
            mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_y), MP_OBJ_NEW_SMALL_INT(ev->y));
            break;
    }
    return d;
}

static bool dispatching;

/* callbacks one after the other, in order: a callback that calls present()
 * (which pumps more events) does not get called again inside itself */
static mp_obj_t dispatch(mp_obj_t unused) {
    (void)unused;
    if (dispatching) {
        return mp_const_none;
    }
    dispatching = true;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) != 0) {
        dispatching = false;
        nlr_jump(nlr.ret_val);
    }
    while (evq_tail != evq_head) {
        ui_event_t ev = evq[evq_tail % EVQ];
        evq_tail++;
        mp_obj_t cb = MP_STATE_VM(mp_rlvgl_callback);
        if (cb != MP_OBJ_NULL && cb != mp_const_none) {
            mp_call_function_1(cb, event_dict(&ev));
        }
    }
    nlr_pop();
    dispatching = false;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(dispatch_obj, dispatch);

static void deliver(void *ctx, const ui_event_t *ev) {
    (void)ctx;
    if (evq_head - evq_tail == EVQ) {
        if (dispatching) {
            /* a callback that floods without returning: the oldest waits
             * in the ring instead (ui_app_pump stops taking) */
            mp_raise_msg(&mp_type_RuntimeError,
                         MP_ERROR_TEXT("mp_rlvgl: input callback queue full inside a callback"));
        }
        dispatch(mp_const_none); /* full: hand them over now, in order */
    }
    bool was_empty = evq_head == evq_tail;
    evq[evq_head % EVQ] = *ev;
    evq_head++;
    if (was_empty) {
        mp_sched_schedule(MP_OBJ_FROM_PTR(&dispatch_obj), mp_const_none);
    }
}

#if !MP_RLVGL_HOST
static mp_obj_t poll(void);
static mp_obj_t poll_scheduled(mp_obj_t unused) {
    (void)unused;
    return poll();
}
static MP_DEFINE_CONST_FUN_OBJ_1(poll_scheduled_obj, poll_scheduled);

/* from the doorbell interrupt: events wait in the ring, pump them soon */
static void ring_hook(void) {
    mp_sched_schedule(MP_OBJ_FROM_PTR(&poll_scheduled_obj), mp_const_none);
}
#endif

/* idle: let the render side's next event ring our bell */
static void rearm(void) {
#if !MP_RLVGL_HOST
    if (ui_app_arm(app)) {
        ring_hook();
    }
#endif
}

static void ensure_started(void) {
    if (app) {
        return;
    }
#if MP_RLVGL_HOST
    if (ui_host_start(&host) != UI_OK) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("mp_rlvgl: render thread"));
    }
    app = &host.app;
#else
    ui_app_t *a = h747_ui_app(ring_hook);
    if (!a) {
        mp_raise_msg(&mp_type_RuntimeError,
                     MP_ERROR_TEXT("mp_rlvgl: the CM4 render core is not running"));
    }
    a->on_event = deliver;
    if (ui_app_hello(a) != UI_OK) { /* the CM4 sends input from now on */
        raise_rc(UI_EIO, a->err);
    }
    app = a;
    rearm();
    return;
#endif
    app->on_event = deliver;
}

/* an int that is not a bool, widened to int64 (huge ones saturate) */
static ui_val_type_t classify(mp_obj_t v, int64_t *i, const char **s, size_t *len) {
    if (mp_obj_is_bool(v)) {
        return UI_VAL_OTHER;
    }
    if (mp_obj_is_small_int(v)) {
        *i = MP_OBJ_SMALL_INT_VALUE(v);
        return UI_VAL_INT;
    }
    if (mp_obj_is_int(v)) {
        /* a long int: its value if it fits a machine word, else saturated */
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            *i = mp_obj_int_get_checked(v);
            nlr_pop();
        } else {
            *i = mp_obj_int_sign(v) > 0 ? INT64_MAX : INT64_MIN;
        }
        return UI_VAL_INT;
    }
    if (mp_obj_is_str(v)) {
        *s = mp_obj_str_get_data(v, len);
        return UI_VAL_STR;
    }
    return UI_VAL_OTHER;
}

static int16_t get_z(mp_obj_t o) {
    char err[96];
    int64_t z;
    const char *s;
    size_t len;
    if (classify(o, &z, &s, &len) != UI_VAL_INT) {
        mp_raise_TypeError(MP_ERROR_TEXT("z must be an int"));
    }
    if (ui_check_z(z, err, sizeof(err)) != UI_OK) {
        raise_rc(UI_EVALUE, err);
    }
    return (int16_t)z;
}

static const char *kind_of(mp_obj_t d) {
    mp_map_elem_t *e =
        mp_map_lookup(mp_obj_dict_get_map(d), MP_OBJ_NEW_QSTR(MP_QSTR_kind), MP_MAP_LOOKUP);
    return e && mp_obj_is_str(e->value) ? mp_obj_str_get_str(e->value) : NULL;
}

static void build_node(mp_obj_t d, ui_node_t *out) {
    static ui_builder_t b;
    if (!mp_obj_is_type(d, &mp_type_dict)) {
        mp_raise_TypeError(MP_ERROR_TEXT("node must be a dict"));
    }
    int rc = ui_build_begin(&b, kind_of(d));
    mp_map_t *map = mp_obj_dict_get_map(d);
    for (size_t k = 0; rc == UI_OK && k < map->alloc; k++) {
        if (!mp_map_slot_is_filled(map, k)) {
            continue;
        }
        mp_obj_t key = map->table[k].key;
        if (!mp_obj_is_str(key)) {
            mp_raise_TypeError(MP_ERROR_TEXT("node field names must be str"));
        }
        const char *name = mp_obj_str_get_str(key);
        if (!strcmp(name, "kind")) {
            continue;
        }
        int64_t i = 0;
        const char *s = NULL;
        size_t len = 0;
        ui_val_type_t t = classify(map->table[k].value, &i, &s, &len);
        rc = ui_build_field(&b, name, t, i, s, len);
    }
    if (rc == UI_OK) {
        rc = ui_build_end(&b);
    }
    if (rc != UI_OK) {
        raise_rc(rc, b.err);
    }
    *out = b.node;
}

static mp_obj_t node_call(mp_obj_t zo, mp_obj_t d, bool replace) {
    ensure_started();
    int16_t z = get_z(zo);
    ui_node_t n;
    build_node(d, &n);
    int rc;
    MP_THREAD_GIL_EXIT();
    rc = replace ? ui_app_replace(app, z, &n) : ui_app_add(app, z, &n);
    MP_THREAD_GIL_ENTER();
    if (rc != UI_OK) {
        raise_rc(rc, app->err);
    }
    return mp_const_none;
}

static mp_obj_t stack_add(mp_obj_t z, mp_obj_t d) {
    return node_call(z, d, false);
}
static MP_DEFINE_CONST_FUN_OBJ_2(stack_add_obj, stack_add);

static mp_obj_t stack_replace(mp_obj_t z, mp_obj_t d) {
    return node_call(z, d, true);
}
static MP_DEFINE_CONST_FUN_OBJ_2(stack_replace_obj, stack_replace);

static mp_obj_t stack_remove(mp_obj_t zo) {
    ensure_started();
    int rc = ui_app_remove(app, get_z(zo));
    if (rc != UI_OK) {
        raise_rc(rc, app->err);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(stack_remove_obj, stack_remove);

static mp_obj_t stack_clear(void) {
    ensure_started();
    int rc = ui_app_clear(app);
    if (rc != UI_OK) {
        raise_rc(rc, app->err);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(stack_clear_obj, stack_clear);

static mp_obj_t present(void) {
    ensure_started();
    uint32_t frame;
    int rc;
    MP_THREAD_GIL_EXIT();
    rc = ui_app_present(app, &frame);
    MP_THREAD_GIL_ENTER();
    if (rc != UI_OK) {
        raise_rc(UI_EIO, app->err);
    }
    rearm();
    mp_handle_pending(true); /* callbacks for events that came with the frame */
    return mp_obj_new_int_from_uint(frame);
}
static MP_DEFINE_CONST_FUN_OBJ_0(present_obj, present);

static void put(mp_obj_t d, qstr k, mp_uint_t v) {
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(k), mp_obj_new_int_from_uint(v));
}

static mp_obj_t stats(void) {
    ensure_started();
    ipc_ring_t *tx = app->ch->tx;
    mp_obj_t d = mp_obj_new_dict(9);
    put(d, MP_QSTR_ops, app->ops);
    put(d, MP_QSTR_frames, app->frame_done);
    put(d, MP_QSTR_nodes, app->nodes);
    put(d, MP_QSTR_queue_depth, ipc_ring_depth(tx));
    put(d, MP_QSTR_queue_high_water, tx->high_water);
    put(d, MP_QSTR_producer_waits, tx->producer_waits);
    put(d, MP_QSTR_dropped, 0);
    put(d, MP_QSTR_render_us_last, app->render_us_last);
    put(d, MP_QSTR_events, app->events);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_0(stats_obj, stats);

static mp_obj_t notify_input(mp_obj_t d) {
    ensure_started();
    static ui_evbuild_t b;
    if (!mp_obj_is_type(d, &mp_type_dict)) {
        mp_raise_TypeError(MP_ERROR_TEXT("event must be a dict"));
    }
    int rc = ui_ev_begin(&b, kind_of(d));
    mp_map_t *map = mp_obj_dict_get_map(d);
    for (size_t k = 0; rc == UI_OK && k < map->alloc; k++) {
        if (!mp_map_slot_is_filled(map, k)) {
            continue;
        }
        mp_obj_t key = map->table[k].key, v = map->table[k].value;
        if (!mp_obj_is_str(key)) {
            mp_raise_TypeError(MP_ERROR_TEXT("event field names must be str"));
        }
        const char *name = mp_obj_str_get_str(key);
        if (!strcmp(name, "kind")) {
            continue;
        }
        int64_t i = 0;
        const char *s;
        size_t len;
        bool is_bool = mp_obj_is_bool(v);
        ui_val_type_t t = is_bool ? UI_VAL_INT : classify(v, &i, &s, &len);
        if (is_bool) {
            i = v == mp_const_true;
        }
        rc = ui_ev_field(&b, name, t == UI_VAL_INT ? UI_VAL_INT : UI_VAL_OTHER, i, is_bool);
    }
    if (rc == UI_OK) {
        rc = ui_ev_end(&b);
    }
    if (rc != UI_OK) {
        raise_rc(rc, b.err);
    }
    if (ui_app_input(app, &b.ev) != UI_OK) {
        raise_rc(UI_EIO, app->err);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(notify_input_obj, notify_input);

static mp_obj_t on_input(mp_obj_t cb) {
    ensure_started();
    if (cb != mp_const_none && !mp_obj_is_callable(cb)) {
        mp_raise_TypeError(MP_ERROR_TEXT("on_input takes a callable or None"));
    }
    MP_STATE_VM(mp_rlvgl_callback) = cb;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(on_input_obj, on_input);

static mp_obj_t poll(void) {
    ensure_started();
    if (ui_app_pump(app) != UI_OK) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("event ring error"));
    }
    rearm();
    mp_handle_pending(true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(poll_obj, poll);

#if MP_RLVGL_HOST
static mp_obj_t save_png(mp_obj_t path) {
    ensure_started();
    if (ui_host_save_png(&host, mp_obj_str_get_str(path)) != UI_OK) {
        mp_raise_OSError(MP_EIO);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(save_png_obj, save_png);

static mp_obj_t window(mp_obj_t on) {
    ensure_started();
    if (ui_host_window(&host, mp_obj_is_true(on)) != UI_OK) {
        mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("%s"), host.win_err);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(window_obj, window);

static mp_obj_t window_inject(mp_obj_t kind, mp_obj_t x, mp_obj_t y) {
    ui_sdl_inject(mp_obj_get_int(kind), mp_obj_get_int(x), mp_obj_get_int(y));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(window_inject_obj, window_inject);
#endif

static const mp_rom_map_elem_t globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_mp_rlvgl) },
    { MP_ROM_QSTR(MP_QSTR_stack_add), MP_ROM_PTR(&stack_add_obj) },
    { MP_ROM_QSTR(MP_QSTR_stack_replace), MP_ROM_PTR(&stack_replace_obj) },
    { MP_ROM_QSTR(MP_QSTR_stack_remove), MP_ROM_PTR(&stack_remove_obj) },
    { MP_ROM_QSTR(MP_QSTR_stack_clear), MP_ROM_PTR(&stack_clear_obj) },
    { MP_ROM_QSTR(MP_QSTR_present), MP_ROM_PTR(&present_obj) },
    { MP_ROM_QSTR(MP_QSTR_stats), MP_ROM_PTR(&stats_obj) },
    { MP_ROM_QSTR(MP_QSTR_notify_input), MP_ROM_PTR(&notify_input_obj) },
    { MP_ROM_QSTR(MP_QSTR_on_input), MP_ROM_PTR(&on_input_obj) },
    { MP_ROM_QSTR(MP_QSTR_poll), MP_ROM_PTR(&poll_obj) },
#if MP_RLVGL_HOST
    { MP_ROM_QSTR(MP_QSTR_save_png), MP_ROM_PTR(&save_png_obj) },
    { MP_ROM_QSTR(MP_QSTR_window), MP_ROM_PTR(&window_obj) },
    { MP_ROM_QSTR(MP_QSTR__window_inject), MP_ROM_PTR(&window_inject_obj) },
#endif
    { MP_ROM_QSTR(MP_QSTR_WIDTH), MP_ROM_INT(UI_W) },
    { MP_ROM_QSTR(MP_QSTR_KEY_SEL), MP_ROM_INT(1) },
    { MP_ROM_QSTR(MP_QSTR_KEY_DOWN), MP_ROM_INT(2) },
    { MP_ROM_QSTR(MP_QSTR_KEY_LEFT), MP_ROM_INT(3) },
    { MP_ROM_QSTR(MP_QSTR_KEY_RIGHT), MP_ROM_INT(4) },
    { MP_ROM_QSTR(MP_QSTR_KEY_UP), MP_ROM_INT(5) },
    { MP_ROM_QSTR(MP_QSTR_KEY_USER), MP_ROM_INT(6) },
    { MP_ROM_QSTR(MP_QSTR_HEIGHT), MP_ROM_INT(UI_H) },
};
static MP_DEFINE_CONST_DICT(globals, globals_table);

const mp_obj_module_t mp_rlvgl_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&globals,
};
MP_REGISTER_MODULE(MP_QSTR_mp_rlvgl, mp_rlvgl_module);
