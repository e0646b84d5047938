/* Node and event schemas: every check names the field it is about.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include "ui.h"

typedef struct {
    const char *name;
    ui_val_type_t type;
    int64_t min, max;
    bool required;
} field_t;

enum { F_X, F_Y, F_W, F_H, F_COLOR, F_ALPHA, F_TEXT, F_FG, F_BG, F_NUM };

static const field_t fields[F_NUM] = {
    [F_X] = { "x", UI_VAL_INT, -32768, 32767, true },
    [F_Y] = { "y", UI_VAL_INT, -32768, 32767, true },
    [F_W] = { "w", UI_VAL_INT, 0, 65535, true },
    [F_H] = { "h", UI_VAL_INT, 0, 65535, true },
    [F_COLOR] = { "color", UI_VAL_INT, 0, 0xFFFFFF, true },
    [F_ALPHA] = { "alpha", UI_VAL_INT, 0, 255, false },
    [F_TEXT] = { "text", UI_VAL_STR, 0, UI_TEXT_MAX, true },
    [F_FG] = { "fg", UI_VAL_INT, 0, 0xFFFFFF, true },
    [F_BG] = { "bg", UI_VAL_INT, 0, 0xFFFFFF, false },
};

/* the fields each kind takes */
static const uint32_t kind_fields[] = {
    [UI_KIND_RECT] = 1u << F_X | 1u << F_Y | 1u << F_W | 1u << F_H | 1u << F_COLOR | 1u << F_ALPHA,
    [UI_KIND_TEXT] = 1u << F_X | 1u << F_Y | 1u << F_TEXT | 1u << F_FG | 1u << F_BG | 1u << F_ALPHA,
};
static const char *const kind_names[] = { [UI_KIND_RECT] = "rect", [UI_KIND_TEXT] = "text" };

/* decimal text of v: the MicroPython ports' own printf knows no long long */
static const char *dec(char *buf, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    char *p = buf;
    if (v < 0) {
        *p++ = '-';
    }
    while (n) {
        *p++ = tmp[--n];
    }
    *p = 0;
    return buf;
}

static int out_of_range(char *err, size_t n, const char *what, int64_t v, int64_t lo,
                        int64_t hi)
{
    char a[24], b[24], c[24];
    snprintf(err, n, "%s = %s out of range %s..%s", what, dec(a, v), dec(b, lo), dec(c, hi));
    return UI_EVALUE;
}

int ui_check_z(int64_t z, char *err, size_t errlen)
{
    if (z < -32768 || z > 32767) {
        return out_of_range(err, errlen, "z", z, -32768, 32767);
    }
    return UI_OK;
}

int ui_build_begin(ui_builder_t *b, const char *kind)
{
    memset(b, 0, sizeof(*b));
    b->node.alpha = 255;
    b->node.bg = -1;
    if (!kind) {
        snprintf(b->err, sizeof(b->err), "field 'kind' missing or not a str");
        return UI_EVALUE;
    }
    for (unsigned k = UI_KIND_RECT; k <= UI_KIND_TEXT; k++) {
        if (!strcmp(kind, kind_names[k])) {
            b->node.kind = k;
            return UI_OK;
        }
    }
    snprintf(b->err, sizeof(b->err), "field 'kind': unknown kind '%.40s' (rect, text)", kind);
    return UI_EVALUE;
}

/* UTF-8 to Latin-1; anything else (and bad UTF-8) becomes 0, the
 * replacement glyph.  Returns the number of characters, or -1 if more than
 * UI_TEXT_MAX. */
static int decode_text(uint8_t *out, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    int n = 0;
    while (p < end) {
        uint32_t c;
        unsigned extra;
        if (*p < 0x80) { c = *p; extra = 0; }
        else if ((*p & 0xE0) == 0xC0) { c = *p & 0x1F; extra = 1; }
        else if ((*p & 0xF0) == 0xE0) { c = *p & 0x0F; extra = 2; }
        else if ((*p & 0xF8) == 0xF0) { c = *p & 0x07; extra = 3; }
        else { c = 0xFFFD; extra = 0; }
        p++;
        for (unsigned i = 0; i < extra; i++, p++) {
            if (p >= end || (*p & 0xC0) != 0x80) {
                c = 0xFFFD;
                break;
            }
            c = c << 6 | (*p & 0x3F);
        }
        if (n == UI_TEXT_MAX) {
            return -1;
        }
        bool printable = (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF);
        out[n++] = printable ? (uint8_t)c : 0;
    }
    return n;
}

int ui_build_field(ui_builder_t *b, const char *name, ui_val_type_t t, int64_t i,
                   const char *s, size_t len)
{
    const char *kn = kind_names[b->node.kind];
    int f;
    for (f = 0; f < F_NUM; f++) {
        if ((kind_fields[b->node.kind] & (1u << f)) && !strcmp(name, fields[f].name)) {
            break;
        }
    }
    if (f == F_NUM) {
        snprintf(b->err, sizeof(b->err), "field '%.32s': unknown for kind '%s'", name, kn);
        return UI_EVALUE;
    }
    if (t != fields[f].type) {
        snprintf(b->err, sizeof(b->err), "field '%s' must be %s", name,
                 fields[f].type == UI_VAL_INT ? "an int" : "a str");
        return UI_ETYPE;
    }
    if (t == UI_VAL_INT && (i < fields[f].min || i > fields[f].max)) {
        char what[48];
        snprintf(what, sizeof(what), "field '%s'", name);
        return out_of_range(b->err, sizeof(b->err), what, i, fields[f].min, fields[f].max);
    }
    ui_node_t *n = &b->node;
    switch (f) {
    case F_X: n->x = (int16_t)i; break;
    case F_Y: n->y = (int16_t)i; break;
    case F_W: n->w = (uint16_t)i; break;
    case F_H: n->h = (uint16_t)i; break;
    case F_COLOR: case F_FG: n->color = (uint32_t)i; break;
    case F_BG: n->bg = (int32_t)i; break;
    case F_ALPHA: n->alpha = (uint8_t)i; break;
    case F_TEXT: {
        int c = decode_text(n->text, s, len);
        if (c < 0) {
            snprintf(b->err, sizeof(b->err), "field 'text' longer than %d characters",
                     UI_TEXT_MAX);
            return UI_EVALUE;
        }
        n->len = (uint16_t)c;
        break;
    }
    }
    b->seen |= 1u << f;
    return UI_OK;
}

int ui_build_end(ui_builder_t *b)
{
    uint32_t want = kind_fields[b->node.kind];
    for (int f = 0; f < F_NUM; f++) {
        if ((want & (1u << f)) && fields[f].required && !(b->seen & (1u << f))) {
            snprintf(b->err, sizeof(b->err), "field '%s' missing for kind '%s'",
                     fields[f].name, kind_names[b->node.kind]);
            return UI_EVALUE;
        }
    }
    return UI_OK;
}

/* ---- input events ---- */
static const char *const ev_names[] = {
    [UI_EV_PRESS] = "press", [UI_EV_RELEASE] = "release", [UI_EV_MOVE] = "move",
    [UI_EV_KEY] = "key", [UI_EV_SCROLL] = "scroll",
};

const char *ui_ev_kind_name(uint8_t kind)
{
    return kind >= UI_EV_PRESS && kind <= UI_EV_SCROLL ? ev_names[kind] : "?";
}

enum { E_X, E_Y, E_KEY, E_PRESSED, E_DX, E_DY, E_NUM };
static const field_t ev_fields[E_NUM] = {
    [E_X] = { "x", UI_VAL_INT, -32768, 32767, true },
    [E_Y] = { "y", UI_VAL_INT, -32768, 32767, true },
    [E_KEY] = { "key", UI_VAL_INT, -2147483647 - 1, 2147483647, true },
    [E_PRESSED] = { "pressed", UI_VAL_INT, 0, 1, true },
    [E_DX] = { "dx", UI_VAL_INT, -32768, 32767, true },
    [E_DY] = { "dy", UI_VAL_INT, -32768, 32767, true },
};
static const uint32_t ev_kind_fields[] = {
    [UI_EV_PRESS] = 1u << E_X | 1u << E_Y, [UI_EV_RELEASE] = 1u << E_X | 1u << E_Y,
    [UI_EV_MOVE] = 1u << E_X | 1u << E_Y, [UI_EV_KEY] = 1u << E_KEY | 1u << E_PRESSED,
    [UI_EV_SCROLL] = 1u << E_DX | 1u << E_DY,
};

int ui_ev_begin(ui_evbuild_t *b, const char *kind)
{
    memset(b, 0, sizeof(*b));
    if (!kind) {
        snprintf(b->err, sizeof(b->err), "field 'kind' missing or not a str");
        return UI_EVALUE;
    }
    for (unsigned k = UI_EV_PRESS; k <= UI_EV_SCROLL; k++) {
        if (!strcmp(kind, ev_names[k])) {
            b->ev.kind = k;
            return UI_OK;
        }
    }
    snprintf(b->err, sizeof(b->err), "field 'kind': unknown event kind '%.40s' "
             "(press, release, move, key, scroll)", kind);
    return UI_EVALUE;
}

int ui_ev_field(ui_evbuild_t *b, const char *name, ui_val_type_t t, int64_t i, bool is_bool)
{
    int f;
    for (f = 0; f < E_NUM; f++) {
        if ((ev_kind_fields[b->ev.kind] & (1u << f)) && !strcmp(name, ev_fields[f].name)) {
            break;
        }
    }
    if (f == E_NUM) {
        snprintf(b->err, sizeof(b->err), "field '%.32s': unknown for event kind '%s'", name,
                 ev_names[b->ev.kind]);
        return UI_EVALUE;
    }
    if (t != UI_VAL_INT || (f == E_PRESSED) != is_bool) {
        snprintf(b->err, sizeof(b->err), "field '%s' must be %s", name,
                 f == E_PRESSED ? "a bool" : "an int");
        return UI_ETYPE;
    }
    if (i < ev_fields[f].min || i > ev_fields[f].max) {
        char what[48];
        snprintf(what, sizeof(what), "field '%s'", name);
        return out_of_range(b->err, sizeof(b->err), what, i, ev_fields[f].min, ev_fields[f].max);
    }
    switch (f) {
    case E_X: b->ev.x = (int16_t)i; break;
    case E_Y: b->ev.y = (int16_t)i; break;
    case E_KEY: b->ev.key = (int32_t)i; break;
    case E_PRESSED: b->ev.pressed = (uint8_t)i; break;
    case E_DX: b->ev.dx = (int16_t)i; break;
    case E_DY: b->ev.dy = (int16_t)i; break;
    }
    b->seen |= 1u << f;
    return UI_OK;
}

int ui_ev_end(ui_evbuild_t *b)
{
    for (int f = 0; f < E_NUM; f++) {
        if ((ev_kind_fields[b->ev.kind] & (1u << f)) && !(b->seen & (1u << f))) {
            snprintf(b->err, sizeof(b->err), "field '%s' missing for event kind '%s'",
                     ev_fields[f].name, ev_names[b->ev.kind]);
            return UI_EVALUE;
        }
    }
    return UI_OK;
}
