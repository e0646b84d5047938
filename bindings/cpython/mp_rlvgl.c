/*
 * mp_rlvgl for CPython: the desktop mirror of the display-stack API
 * (../shared/API.md), on lib/ui with the render side in a second thread.
 * Extra for the desktop: save_png(path).
 *
 * SPDX-License-Identifier: MIT
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ui_host.h"
#include "ui_sdl.h"

static ui_host_t host;
static PyObject *callback;          /* on_input, or NULL */

static PyObject *raise_rc(int rc, const char *msg)
{
    PyErr_SetString(rc == UI_ETYPE ? PyExc_TypeError :
                    rc == UI_EVALUE ? PyExc_ValueError : PyExc_RuntimeError, msg);
    return NULL;
}

static int get_z(PyObject *o, int16_t *z)
{
    char err[160];
    if (!PyLong_Check(o) || PyBool_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "z must be an int");
        return -1;
    }
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow || ui_check_z(v, err, sizeof(err)) != UI_OK) {
        if (overflow) {
            snprintf(err, sizeof(err), "z out of range -32768..32767");
        }
        PyErr_SetString(PyExc_ValueError, err);
        return -1;
    }
    *z = (int16_t)v;
    return 0;
}

/* a value as the builder sees it: int (not bool), str, or other */
static ui_val_type_t classify(PyObject *v, int64_t *i, const char **s, Py_ssize_t *len,
                              bool *is_bool)
{
    *is_bool = PyBool_Check(v);
    if (PyLong_Check(v)) {
        int overflow;
        long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        *i = overflow ? (overflow > 0 ? INT64_MAX : INT64_MIN) : x;
        return (*is_bool && 0) ? UI_VAL_OTHER : UI_VAL_INT;
    }
    if (PyUnicode_Check(v)) {
        *s = PyUnicode_AsUTF8AndSize(v, len);
        return *s ? UI_VAL_STR : UI_VAL_OTHER;
    }
    return UI_VAL_OTHER;
}

static int build_node(PyObject *d, ui_node_t *out)
{
    ui_builder_t b;
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "node must be a dict");
        return -1;
    }
    PyObject *kind = PyDict_GetItemString(d, "kind");
    const char *ks = kind && PyUnicode_Check(kind) ? PyUnicode_AsUTF8(kind) : NULL;
    int rc = ui_build_begin(&b, ks);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (rc == UI_OK && PyDict_Next(d, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "node field names must be str");
            return -1;
        }
        const char *name = PyUnicode_AsUTF8(k);
        if (!strcmp(name, "kind")) {
            continue;
        }
        int64_t i = 0;
        const char *s = NULL;
        Py_ssize_t len = 0;
        bool is_bool;
        ui_val_type_t t = classify(v, &i, &s, &len, &is_bool);
        if (is_bool) {
            t = UI_VAL_OTHER;       /* True is not a coordinate */
        }
        rc = ui_build_field(&b, name, t, i, s, (size_t)len);
    }
    if (rc == UI_OK) {
        rc = ui_build_end(&b);
    }
    if (rc != UI_OK) {
        raise_rc(rc, b.err);
        return -1;
    }
    *out = b.node;
    return 0;
}

static PyObject *after_events(PyObject *result);

static PyObject *node_call(PyObject *args, int which)
{
    PyObject *zo, *d;
    int16_t z;
    ui_node_t n;
    if (!PyArg_ParseTuple(args, "OO", &zo, &d) || get_z(zo, &z) || build_node(d, &n)) {
        return NULL;
    }
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = which ? ui_app_replace(&host.app, z, &n) : ui_app_add(&host.app, z, &n);
    Py_END_ALLOW_THREADS
    if (rc != UI_OK) {
        return raise_rc(rc, host.app.err);
    }
    return after_events(Py_NewRef(Py_None));
}

static PyObject *py_stack_add(PyObject *self, PyObject *args) { return node_call(args, 0); }
static PyObject *py_stack_replace(PyObject *self, PyObject *args) { return node_call(args, 1); }

static PyObject *py_stack_remove(PyObject *self, PyObject *zo)
{
    int16_t z;
    if (get_z(zo, &z)) {
        return NULL;
    }
    int rc = ui_app_remove(&host.app, z);
    return rc == UI_OK ? Py_NewRef(Py_None) : raise_rc(rc, host.app.err);
}

static PyObject *py_stack_clear(PyObject *self, PyObject *unused)
{
    int rc = ui_app_clear(&host.app);
    return rc == UI_OK ? Py_NewRef(Py_None) : raise_rc(rc, host.app.err);
}

/* Input events are queued as they arrive (perhaps while the GIL is let
 * go) and handed to the callback, in order and one at a time, when the API
 * call that received them returns: a callback that calls present() does
 * not get called again inside itself. */
#define EVQ 4096
static ui_event_t evq[EVQ];
static unsigned evq_head, evq_tail;
static int dispatching, overflow;

static void deliver(void *ctx, const ui_event_t *ev)
{
    if (evq_head - evq_tail == EVQ) {
        overflow = 1;           /* reported as an error, never silently lost */
        return;
    }
    evq[evq_head++ % EVQ] = *ev;
}

static PyObject *event_dict(const ui_event_t *ev)
{
    PyObject *d = Py_BuildValue("{s:s}", "kind", ui_ev_kind_name(ev->kind));
    PyObject *a, *b;
    const char *ka, *kb;
    switch (ev->kind) {
    case UI_EV_KEY:
        ka = "key"; a = PyLong_FromLong(ev->key);
        kb = "pressed"; b = PyBool_FromLong(ev->pressed);
        break;
    case UI_EV_SCROLL:
        ka = "dx"; a = PyLong_FromLong(ev->dx);
        kb = "dy"; b = PyLong_FromLong(ev->dy);
        break;
    default:
        ka = "x"; a = PyLong_FromLong(ev->x);
        kb = "y"; b = PyLong_FromLong(ev->y);
        break;
    }
    PyDict_SetItemString(d, ka, a);
    PyDict_SetItemString(d, kb, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return d;
}

static PyObject *after_events(PyObject *result)
{
    if (!result || dispatching) {
        return result;
    }
    if (overflow) {
        overflow = 0;
        Py_DECREF(result);
        PyErr_SetString(PyExc_RuntimeError, "mp_rlvgl: more than 4096 input events waited "
                        "for the callback");
        return NULL;
    }
    dispatching = 1;
    while (evq_tail != evq_head) {
        ui_event_t ev = evq[evq_tail++ % EVQ];
        if (!callback) {
            continue;
        }
        PyObject *d = event_dict(&ev);
        PyObject *cb = Py_NewRef(callback);
        PyObject *r = PyObject_CallOneArg(cb, d);
        Py_DECREF(cb);
        Py_DECREF(d);
        if (!r) {
            dispatching = 0;
            Py_DECREF(result);
            return NULL;        /* the callback's exception goes to the caller */
        }
        Py_DECREF(r);
    }
    dispatching = 0;
    return result;
}

static PyObject *py_present(PyObject *self, PyObject *unused)
{
    uint32_t frame;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ui_app_present(&host.app, &frame);
    Py_END_ALLOW_THREADS
    if (rc != UI_OK) {
        return raise_rc(UI_EIO, host.app.err);
    }
    return after_events(PyLong_FromUnsignedLong(frame));
}

static PyObject *py_stats(PyObject *self, PyObject *unused)
{
    ipc_ring_t *tx = host.app.ch->tx;
    return Py_BuildValue("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
                         "ops", host.app.ops, "frames", host.app.frame_done,
                         "nodes", host.app.nodes, "queue_depth", ipc_ring_depth(tx),
                         "queue_high_water", tx->high_water,
                         "producer_waits", tx->producer_waits, "dropped", 0u,
                         "render_us_last", host.app.render_us_last,
                         "events", host.app.events);
}

static PyObject *py_notify_input(PyObject *self, PyObject *d)
{
    ui_evbuild_t b;
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "event must be a dict");
        return NULL;
    }
    PyObject *kind = PyDict_GetItemString(d, "kind");
    int rc = ui_ev_begin(&b, kind && PyUnicode_Check(kind) ? PyUnicode_AsUTF8(kind) : NULL);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (rc == UI_OK && PyDict_Next(d, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "event field names must be str");
            return NULL;
        }
        const char *name = PyUnicode_AsUTF8(k);
        if (!strcmp(name, "kind")) {
            continue;
        }
        int64_t i = 0;
        const char *str;
        Py_ssize_t len;
        bool is_bool;
        ui_val_type_t t = classify(v, &i, &str, &len, &is_bool);
        rc = ui_ev_field(&b, name, t == UI_VAL_INT ? UI_VAL_INT : UI_VAL_OTHER, i, is_bool);
    }
    if (rc == UI_OK) {
        rc = ui_ev_end(&b);
    }
    if (rc != UI_OK) {
        return raise_rc(rc, b.err);
    }
    if ((rc = ui_app_input(&host.app, &b.ev)) != UI_OK) {
        return raise_rc(UI_EIO, host.app.err);
    }
    return after_events(Py_NewRef(Py_None));
}

static PyObject *py_on_input(PyObject *self, PyObject *cb)
{
    if (cb != Py_None && !PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "on_input takes a callable or None");
        return NULL;
    }
    Py_XSETREF(callback, cb == Py_None ? NULL : Py_NewRef(cb));
    Py_RETURN_NONE;
}

static PyObject *py_poll(PyObject *self, PyObject *unused)
{
    if (ui_app_pump(&host.app) != UI_OK) {
        return raise_rc(UI_EIO, "event ring error");
    }
    return after_events(Py_NewRef(Py_None));
}

static PyObject *py_save_png(PyObject *self, PyObject *arg)
{
    PyObject *path;
    if (!PyUnicode_FSConverter(arg, &path)) {
        return NULL;
    }
    int rc = ui_host_save_png(&host, PyBytes_AS_STRING(path));
    Py_DECREF(path);
    if (rc != UI_OK) {
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    Py_RETURN_NONE;
}

static PyObject *py_window(PyObject *self, PyObject *arg)
{
    int open = PyObject_IsTrue(arg);
    if (open < 0) {
        return NULL;
    }
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ui_host_window(&host, open);
    Py_END_ALLOW_THREADS
    if (rc != UI_OK) {
        PyErr_SetString(PyExc_OSError, host.win_err);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *py_window_inject(PyObject *self, PyObject *args)
{
    int kind, x, y;
    if (!PyArg_ParseTuple(args, "iii", &kind, &x, &y)) {
        return NULL;
    }
    ui_sdl_inject(kind, x, y);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    { "window", py_window, METH_O, "window(True): show the frame in a window, the mouse "
      "as the touch panel; window(False) closes it" },
    { "_window_inject", py_window_inject, METH_VARARGS, "tests: a mouse event into the window" },
    { "stack_add", py_stack_add, METH_VARARGS, "stack_add(z, node)" },
    { "stack_replace", py_stack_replace, METH_VARARGS, "stack_replace(z, node)" },
    { "stack_remove", py_stack_remove, METH_O, "stack_remove(z)" },
    { "stack_clear", py_stack_clear, METH_NOARGS, "stack_clear()" },
    { "present", py_present, METH_NOARGS, "present() -> frame number" },
    { "stats", py_stats, METH_NOARGS, "stats() -> dict" },
    { "notify_input", py_notify_input, METH_O, "notify_input(event)" },
    { "on_input", py_on_input, METH_O, "on_input(callback or None)" },
    { "poll", py_poll, METH_NOARGS, "poll(): hand waiting input events to the callback" },
    { "save_png", py_save_png, METH_O, "save_png(path): the frame on screen, as PNG" },
    { NULL, NULL, 0, NULL },
};

static void module_free(void *m)
{
    ui_host_stop(&host);
    Py_CLEAR(callback);
}

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "mp_rlvgl", "The display-stack API (desktop mirror).", -1,
    methods, NULL, NULL, NULL, module_free,
};

PyMODINIT_FUNC PyInit_mp_rlvgl(void)
{
    if (ui_host_start(&host) != UI_OK) {
        PyErr_SetString(PyExc_RuntimeError, "mp_rlvgl: could not start the render thread");
        return NULL;
    }
    host.app.on_event = deliver;
    PyObject *m = PyModule_Create(&module);
    if (m) {
        PyModule_AddIntConstant(m, "WIDTH", UI_W);
        PyModule_AddIntConstant(m, "HEIGHT", UI_H);
        static const char *const keys[] = { "KEY_SEL", "KEY_DOWN", "KEY_LEFT", "KEY_RIGHT",
                                            "KEY_UP", "KEY_USER" };
        for (int i = 0; i < 6; i++) {
            PyModule_AddIntConstant(m, keys[i], i + 1);
        }
    }
    return m;
}
