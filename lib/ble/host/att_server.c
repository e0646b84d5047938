/*
 * ATT server and GATT database of the h7stack BLE host.  The database holds
 * the declarations (services, characteristics, CCCDs) itself and asks the
 * binding for characteristic and descriptor values.  Handles 1-3 are the
 * GAP service with the Device Name; the binding's services follow.  The
 * table is on the heap (k_malloc), as long as the services registered, and
 * so is a link's queue of prepared writes while it has one.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "l2cap.h"
#include "att.h"
#include "host.h"

enum { A_SVC, A_CHR, A_VALUE, A_CCCD, A_DESC, A_NAME };

typedef struct {
    uint8_t kind;
    uint8_t cccd_slot;
    uint16_t flags;
    uint16_t value_handle;          /* A_CHR, A_CCCD: the characteristic's value */
    h7bt_uuid_t uuid;                /* A_SVC, A_CHR: the declared UUID; else the type */
} gatt_attr_t;

#define MAX_ATTRS BLE_GATTS_MAX_ATTRS
static gatt_attr_t *attrs;              /* by handle; [0] unused */
static uint16_t n_attrs, n_room, n_cccd;    /* n_room: handles the table has */
static uint16_t preferred_mtu = 256;
static const h7bt_uuid_t u_svc = { 2, { 0x00, 0x28 } }, u_chr = { 2, { 0x03, 0x28 } },
                        u_cccd = { 2, { 0x02, 0x29 } };

static bool uuid_eq(const h7bt_uuid_t *a, const h7bt_uuid_t *b)
{
    static const uint8_t base[16] = { 0xFB, 0x34, 0x9B, 0x5F, 0x80, 0x00, 0x00, 0x80,
                                      0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0 };
    if (a->len == b->len) {
        return !memcmp(a->u, b->u, a->len);
    }
    const h7bt_uuid_t *s = a->len == 2 ? a : b, *l = a->len == 2 ? b : a;   /* 16 vs 128 */
    return !memcmp(l->u, base, 12) && l->u[12] == s->u[0] && l->u[13] == s->u[1] &&
           !l->u[14] && !l->u[15];
}

static const h7bt_uuid_t *type_of(uint16_t h)
{
    switch (attrs[h].kind) {
    case A_SVC: return &u_svc;
    case A_CHR: return &u_chr;
    case A_CCCD: return &u_cccd;
    default: return &attrs[h].uuid;
    }
}

/* room in the table for n handles in all; false when the heap has none */
static bool make_room(size_t n)
{
    if (n <= n_room) {
        return true;
    }
    gatt_attr_t *t = k_malloc((n + 1) * sizeof(gatt_attr_t));
    if (!t) {
        return false;
    }
    if (attrs) {
        memcpy(t, attrs, (n_attrs + 1u) * sizeof(gatt_attr_t));
    }
    k_free(attrs);
    attrs = t;
    n_room = (uint16_t)n;
    return true;
}

/* the handle of a new attribute (make_room said there is one) */
static uint16_t add(uint8_t kind, const h7bt_uuid_t *uuid, uint16_t flags, uint16_t value_handle)
{
    gatt_attr_t *a = &attrs[++n_attrs];
    memset(a, 0, sizeof(*a));
    a->kind = kind;
    a->uuid = *uuid;
    a->flags = flags;
    a->value_handle = value_handle;
    return n_attrs;
}

/* the name stays in .bss, not .data: an initialised array of up to 248 bytes would
 * take its whole size in flash for an 11-byte default */
#define DEVICE_NAME_MAX BLE_GAP_NAME_MAX
static const char default_name[] = "MPY h7stack";
static uint8_t device_name[DEVICE_NAME_MAX];
static size_t device_name_len;
static bool device_named;               /* set once; kept across host restarts */

int h7bt_gatts_set_device_name(const uint8_t *n, size_t len)
{
    if (len > sizeof(device_name)) {
        return BLE_EINVAL;
    }
    memcpy(device_name, n, len);
    device_name_len = len;
    device_named = true;
    return BLE_OK;
}

size_t h7bt_gatts_device_name(const uint8_t **n)
{
    if (!device_named) {
        *n = (const uint8_t *)default_name;
        return sizeof(default_name) - 1;
    }
    *n = device_name;
    return device_name_len;
}

#define GAP_ATTRS 3

static void gatts_reset(void)
{
    static const h7bt_uuid_t gap = { 2, { 0x00, 0x18 } }, dev_name = { 2, { 0x00, 0x2A } };
    n_attrs = n_cccd = 0;
    if (!make_room(GAP_ATTRS)) {
        return;                             /* no database: every handle is invalid */
    }
    add(A_SVC, &gap, 0, 0);
    add(A_CHR, &dev_name, BLE_F_READ, 3);
    add(A_NAME, &dev_name, BLE_F_READ, 0);
}

int h7bt_gatts_begin(bool append)
{
    if (!append) {
        gatts_reset();
        for (int i = 0; i < BLE_MAX_CONN; i++) {
            memset(h7bt_conns[i].att.cccd, 0, sizeof(h7bt_conns[i].att.cccd));
        }
    }
    return BLE_OK;
}

int h7bt_gatts_add_service(const h7bt_uuid_t *svc, size_t n, const h7bt_uuid_t *chr_uuids,
                          const uint16_t *chr_flags, const uint8_t *n_desc,
                          const h7bt_uuid_t *desc_uuids, const uint16_t *desc_flags,
                          uint16_t *handles)
{
    size_t need = 1, hi = 0, di = 0;
    for (size_t i = 0; i < n; i++) {
        need += 2 + n_desc[i] + ((chr_flags[i] & (BLE_F_NOTIFY | BLE_F_INDICATE)) ? 1 : 0);
    }
    if (n_attrs + need > MAX_ATTRS || !n_attrs || !make_room(n_attrs + need)) {
        return BLE_ENOMEM;
    }
    add(A_SVC, svc, 0, 0);
    for (size_t i = 0; i < n; i++) {
        uint16_t decl = add(A_CHR, &chr_uuids[i], chr_flags[i], 0);
        uint16_t value = add(A_VALUE, &chr_uuids[i], chr_flags[i], 0);
        attrs[decl].value_handle = value;
        handles[hi++] = value;
        if ((chr_flags[i] & (BLE_F_NOTIFY | BLE_F_INDICATE)) && n_cccd < H7BT_GATTS_MAX_CCCD) {
            uint16_t cccd = add(A_CCCD, &u_cccd, BLE_F_READ | BLE_F_WRITE, value);
            attrs[cccd].cccd_slot = (uint8_t)n_cccd++;
        }
        for (size_t j = 0; j < n_desc[i]; j++, di++) {
            handles[hi++] = add(A_DESC, &desc_uuids[di], desc_flags[di], value);
        }
    }
    return BLE_OK;
}

int h7bt_gatts_end(void)
{
    return BLE_OK;
}

int h7bt_att_set_preferred_mtu(uint16_t mtu)
{
    if (mtu < 23 || mtu > BLE_ATT_MTU_MAX) {
        return BLE_EINVAL;
    }
    preferred_mtu = mtu;
    return BLE_OK;
}

uint16_t h7bt_att_preferred_mtu(void)
{
    return preferred_mtu;
}

static void link_opened(h7bt_conn_t *c)
{
    att_link(c)->mtu = H7BT_ATT_MTU_DEFAULT;      /* the rest starts zeroed */
}

static void prepared_drop(h7bt_conn_t *c)
{
    k_free(att_link(c)->pw_buf);
    att_link(c)->pw_buf = NULL;
    att_link(c)->pw_len = att_link(c)->pw_handle = 0;
}

static void link_gone(h7bt_conn_t *c)
{
    prepared_drop(c);
    if (att_link(c)->ind_handle) {                        /* its confirmation will not come */
        uint16_t h = att_link(c)->ind_handle;
        att_link(c)->ind_handle = 0;
        if (h7bt_cb->indicate_done) {
            h7bt_cb->indicate_done(c->handle, h, BT_ATT_ERR_UNLIKELY);
        }
    }
    h7bt_att_client_conn_gone(c);
}

/* ---- values ---- */

/* a characteristic declaration's value (properties, value handle, UUID) or a CCCD's */
static uint8_t scratch[3 + 16];

/* the value of attribute h: ATT error code or 0 */
static int read_value(h7bt_conn_t *c, uint16_t h, const uint8_t **v, size_t *len, bool remote)
{
    gatt_attr_t *a = &attrs[h];
    switch (a->kind) {
    case A_SVC:
        *v = a->uuid.u;
        *len = a->uuid.len;
        return 0;
    case A_CHR:
        scratch[0] = (uint8_t)a->flags;
        put16(scratch + 1, a->value_handle);
        memcpy(scratch + 3, a->uuid.u, a->uuid.len);
        *v = scratch;
        *len = 3u + a->uuid.len;
        return 0;
    case A_CCCD:
        put16(scratch, c ? att_link(c)->cccd[a->cccd_slot] : 0);
        *v = scratch;
        *len = 2;
        return 0;
    case A_NAME:
        *len = h7bt_gatts_device_name(v);
        return 0;
    default:
        if (remote && !(a->flags & BLE_F_READ)) {
            return BT_ATT_ERR_READ_NOT_PERMITTED;
        }
        if (!h7bt_cb->attr_read) {
            return BT_ATT_ERR_UNLIKELY;
        }
        return h7bt_cb->attr_read(c ? c->handle : 0, h, remote, v, len);
    }
}

/* ---- PDUs ---- */

static void send(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_att_send(c, p, len);
}

static void error_rsp(h7bt_conn_t *c, uint8_t req, uint16_t h, uint8_t err)
{
    uint8_t p[5] = { BT_ATT_OP_ERROR_RSP, req };
    put16(p + 2, h);
    p[4] = err;
    send(c, p, 5);
}

static bool range_ok(h7bt_conn_t *c, uint8_t op, uint16_t start, uint16_t end)
{
    if (start == 0 || start > end) {
        error_rsp(c, op, start, BT_ATT_ERR_INVALID_HANDLE);
        return false;
    }
    return true;
}

static uint16_t group_end(uint16_t svc)
{
    uint16_t h = svc + 1;
    while (h <= n_attrs && attrs[h].kind != A_SVC) {
        h++;
    }
    return h - 1;
}

static void find_information(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 5) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t start = get16(p + 1), end = get16(p + 3);
    if (!range_ok(c, p[0], start, end)) {
        return;
    }
    uint8_t r[BLE_ATT_MTU_MAX];
    r[0] = BT_ATT_OP_FIND_INFO_RSP;
    size_t n = 2;
    for (uint16_t h = start; h <= end && h <= n_attrs; h++) {
        const h7bt_uuid_t *t = type_of(h);
        if (n == 2) {
            r[1] = t->len == 2 ? 1 : 2;
        } else if ((t->len == 2) != (r[1] == 1)) {
            break;
        }
        if (n + 2 + t->len > att_link(c)->mtu) {
            break;
        }
        put16(r + n, h);
        memcpy(r + n + 2, t->u, t->len);
        n += 2u + t->len;
    }
    if (n == 2) {
        return error_rsp(c, p[0], start, BT_ATT_ERR_ATTRIBUTE_NOT_FOUND);
    }
    send(c, r, n);
}

static void find_by_type_value(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 7) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t start = get16(p + 1), end = get16(p + 3);
    h7bt_uuid_t type = { 2, { p[5], p[6] } };
    if (!range_ok(c, p[0], start, end)) {
        return;
    }
    uint8_t r[BLE_ATT_MTU_MAX];
    r[0] = BT_ATT_OP_FIND_TYPE_RSP;
    size_t n = 1;
    for (uint16_t h = start; h <= end && h <= n_attrs && n + 4 <= att_link(c)->mtu; h++) {
        const uint8_t *v;
        size_t vl;
        if (!uuid_eq(type_of(h), &type) || read_value(c, h, &v, &vl, false) ||
            vl != len - 7 || memcmp(v, p + 7, vl)) {
            continue;
        }
        put16(r + n, h);
        put16(r + n + 2, attrs[h].kind == A_SVC ? group_end(h) : h);
        n += 4;
    }
    if (n == 1) {
        return error_rsp(c, p[0], start, BT_ATT_ERR_ATTRIBUTE_NOT_FOUND);
    }
    send(c, r, n);
}

static bool parse_uuid(const uint8_t *p, size_t len, h7bt_uuid_t *u)
{
    if (len != 2 && len != 16) {
        return false;
    }
    u->len = (uint8_t)len;
    memcpy(u->u, p, len);
    return true;
}

/* Read By Type (0x08) and Read By Group Type (0x10) */
static void read_by_type(h7bt_conn_t *c, const uint8_t *p, size_t len, bool group)
{
    h7bt_uuid_t type;
    if (len < 7 || !parse_uuid(p + 5, len - 5, &type)) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t start = get16(p + 1), end = get16(p + 3);
    if (!range_ok(c, p[0], start, end)) {
        return;
    }
    if (group && !uuid_eq(&type, &u_svc)) {
        return error_rsp(c, p[0], start, BT_ATT_ERR_UNSUPPORTED_GROUP_TYPE);
    }
    uint8_t r[BLE_ATT_MTU_MAX];
    r[0] = group ? BT_ATT_OP_READ_GROUP_RSP : BT_ATT_OP_READ_TYPE_RSP;
    size_t n = 2, item = 0, hdr = group ? 4 : 2;
    for (uint16_t h = start; h <= end && h <= n_attrs; h++) {
        if (!uuid_eq(type_of(h), &type)) {
            continue;
        }
        const uint8_t *v;
        size_t vl;
        int err = read_value(c, h, &v, &vl, true);
        if (err) {
            if (n == 2) {
                return error_rsp(c, p[0], h, (uint8_t)err);
            }
            break;                          /* the ones before are answered */
        }
        size_t room = att_link(c)->mtu - 2 - hdr;
        vl = vl > room ? room : vl > 253 - hdr ? 253 - hdr : vl;
        if (!item) {
            item = hdr + vl;
            r[1] = (uint8_t)item;
        } else if (hdr + vl != item) {
            break;
        }
        if (n + item > att_link(c)->mtu) {
            break;
        }
        put16(r + n, h);
        if (group) {
            put16(r + n + 2, group_end(h));
        }
        memcpy(r + n + hdr, v, vl);
        n += item;
    }
    if (n == 2) {
        return error_rsp(c, p[0], start, BT_ATT_ERR_ATTRIBUTE_NOT_FOUND);
    }
    send(c, r, n);
}

static void read(h7bt_conn_t *c, const uint8_t *p, size_t len, bool blob)
{
    if (len < (blob ? 5u : 3u)) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t h = get16(p + 1), off = blob ? get16(p + 3) : 0;
    if (h == 0 || h > n_attrs) {
        return error_rsp(c, p[0], h, BT_ATT_ERR_INVALID_HANDLE);
    }
    const uint8_t *v;
    size_t vl;
    int err = read_value(c, h, &v, &vl, true);
    if (err) {
        return error_rsp(c, p[0], h, (uint8_t)err);
    }
    if (off > vl) {
        return error_rsp(c, p[0], h, BT_ATT_ERR_INVALID_OFFSET);
    }
    uint8_t r[BLE_ATT_MTU_MAX];
    r[0] = blob ? BT_ATT_OP_READ_BLOB_RSP : BT_ATT_OP_READ_RSP;
    size_t n = vl - off > att_link(c)->mtu - 1u ? att_link(c)->mtu - 1u : vl - off;
    memcpy(r + 1, v + off, n);
    send(c, r, 1 + n);
}

/* ATT error code or 0 */
static int write_value(h7bt_conn_t *c, uint16_t h, const uint8_t *v, size_t len, bool cmd)
{
    if (h == 0 || h > n_attrs) {
        return BT_ATT_ERR_INVALID_HANDLE;
    }
    gatt_attr_t *a = &attrs[h];
    if (a->kind == A_CCCD) {
        if (len != 2) {
            return BT_ATT_ERR_INVALID_ATTRIBUTE_LEN;
        }
        att_link(c)->cccd[a->cccd_slot] = get16(v);
        return 0;
    }
    if (a->kind != A_VALUE && a->kind != A_DESC) {
        return BT_ATT_ERR_WRITE_NOT_PERMITTED;
    }
    if (!(a->flags & (cmd ? BLE_F_WRITE_NR : BLE_F_WRITE)) &&
        !(a->kind == A_DESC && (a->flags & (BLE_F_WRITE | BLE_F_WRITE_NR)))) {
        return BT_ATT_ERR_WRITE_NOT_PERMITTED;
    }
    if (!h7bt_cb->attr_write) {
        return BT_ATT_ERR_WRITE_NOT_PERMITTED;
    }
    return h7bt_cb->attr_write(c->handle, h, v, len);
}

static void write(h7bt_conn_t *c, const uint8_t *p, size_t len, bool cmd)
{
    if (len < 3) {
        if (!cmd) {
            error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
        }
        return;
    }
    uint16_t h = get16(p + 1);
    int err = write_value(c, h, p + 3, len - 3, cmd);
    if (cmd) {
        return;
    }
    if (err) {
        return error_rsp(c, p[0], h, (uint8_t)err);
    }
    uint8_t r = BT_ATT_OP_WRITE_RSP;
    send(c, &r, 1);
}

static void prepare_write(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 5) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t h = get16(p + 1), off = get16(p + 3);
    size_t n = len - 5;
    if (h == 0 || h > n_attrs) {
        return error_rsp(c, p[0], h, BT_ATT_ERR_INVALID_HANDLE);
    }
    if (att_link(c)->pw_len && att_link(c)->pw_handle != h) {
        return error_rsp(c, p[0], h, BT_ATT_ERR_PREPARE_QUEUE_FULL); /* one attribute */
    }
    if (off != att_link(c)->pw_len || off + n > H7BT_ATT_PREPARED_MAX) {
        bool too_long = off + n > H7BT_ATT_PREPARED_MAX;
        return error_rsp(c, p[0], h,
                         too_long ? BT_ATT_ERR_INVALID_ATTRIBUTE_LEN : BT_ATT_ERR_INVALID_OFFSET);
    }
    if (!att_link(c)->pw_buf && !(att_link(c)->pw_buf = k_malloc(H7BT_ATT_PREPARED_MAX))) {
        return error_rsp(c, p[0], h, BT_ATT_ERR_INSUFFICIENT_RESOURCES);
    }
    att_link(c)->pw_handle = h;
    memcpy(att_link(c)->pw_buf + off, p + 5, n);
    att_link(c)->pw_len = (uint16_t)(off + n);
    uint8_t r[BLE_ATT_MTU_MAX];
    memcpy(r, p, len);
    r[0] = BT_ATT_OP_PREPARE_WRITE_RSP;
    send(c, r, len);
}

static void execute_write(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 2) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    int err = 0;
    if (p[1] == 1 && att_link(c)->pw_len) {
        err = write_value(c, att_link(c)->pw_handle, att_link(c)->pw_buf, att_link(c)->pw_len, false);
    }
    uint16_t h = att_link(c)->pw_handle;
    prepared_drop(c);
    if (err) {
        return error_rsp(c, p[0], h, (uint8_t)err);
    }
    uint8_t r = BT_ATT_OP_EXEC_WRITE_RSP;
    send(c, &r, 1);
}

static void exchange_mtu(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 3) {
        return error_rsp(c, p[0], 0, BT_ATT_ERR_INVALID_PDU);
    }
    uint16_t client = get16(p + 1);
    uint8_t r[3] = { BT_ATT_OP_MTU_RSP };
    put16(r + 1, preferred_mtu);
    send(c, r, 3);
    uint16_t mtu = client < preferred_mtu ? client : preferred_mtu;
    att_link(c)->mtu = mtu < 23 ? 23 : mtu;
    if (h7bt_cb->mtu_exchanged) {
        h7bt_cb->mtu_exchanged(c->handle, att_link(c)->mtu);
    }
}

static void server_on_pdu(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    switch (p[0]) {
    case BT_ATT_OP_MTU_REQ: exchange_mtu(c, p, len); break;
    case BT_ATT_OP_FIND_INFO_REQ: find_information(c, p, len); break;
    case BT_ATT_OP_FIND_TYPE_REQ: find_by_type_value(c, p, len); break;
    case BT_ATT_OP_READ_TYPE_REQ: read_by_type(c, p, len, false); break;
    case BT_ATT_OP_READ_REQ: read(c, p, len, false); break;
    case BT_ATT_OP_READ_BLOB_REQ: read(c, p, len, true); break;
    case BT_ATT_OP_READ_GROUP_REQ: read_by_type(c, p, len, true); break;
    case BT_ATT_OP_WRITE_REQ: write(c, p, len, false); break;
    case BT_ATT_OP_WRITE_CMD: write(c, p, len, true); break;
    case BT_ATT_OP_PREPARE_WRITE_REQ: prepare_write(c, p, len); break;
    case BT_ATT_OP_EXEC_WRITE_REQ: execute_write(c, p, len); break;
    case BT_ATT_OP_CONFIRM:                              /* Handle Value Confirmation */
        if (att_link(c)->ind_handle) {
            uint16_t h = att_link(c)->ind_handle;
            att_link(c)->ind_handle = 0;
            if (h7bt_cb->indicate_done) {
                h7bt_cb->indicate_done(c->handle, h, 0);
            }
        }
        break;
    default:
        if (!(p[0] & BT_ATT_OP_CMD_FLAG)) { /* commands get no answer */
            error_rsp(c, p[0], 0, BT_ATT_ERR_NOT_SUPPORTED);
        }
        break;
    }
}

/* ---- notifications and indications ---- */

int h7bt_gatts_notify(uint16_t conn, uint16_t handle, bool indicate, const uint8_t *value,
                     size_t len)
{
    h7bt_conn_t *c = h7bt_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    if (handle == 0 || handle > n_attrs) {
        return BLE_EINVAL;
    }
    if (!value && read_value(c, handle, &value, &len, false)) {
        return BLE_EINVAL;
    }
    if (indicate && att_link(c)->ind_handle) {
        return BLE_EBUSY;
    }
    uint8_t p[BLE_ATT_MTU_MAX];
    p[0] = indicate ? BT_ATT_OP_INDICATE : BT_ATT_OP_NOTIFY;
    size_t n = len > att_link(c)->mtu - 3u ? att_link(c)->mtu - 3u : len;
    put16(p + 1, handle);
    memcpy(p + 3, value, n);
    int rc = h7bt_att_send(c, p, 3 + n);
    if (rc == BLE_OK && indicate) {
        att_link(c)->ind_handle = handle;
    }
    return rc;
}

int h7bt_gatts_changed(uint16_t handle, const uint8_t *value, size_t len)
{
    uint16_t cccd = 0;
    for (uint16_t h = 1; h <= n_attrs; h++) {
        if (attrs[h].kind == A_CCCD && attrs[h].value_handle == handle) {
            cccd = h;
        }
    }
    if (!cccd) {
        return BLE_OK;
    }
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        h7bt_conn_t *c = &h7bt_conns[i];
        uint16_t sub = c->used ? att_link(c)->cccd[attrs[cccd].cccd_slot] : 0;
        if (sub & 1) {
            h7bt_gatts_notify(c->handle, handle, false, value, len);
        } else if (sub & 2) {
            h7bt_gatts_notify(c->handle, handle, true, value, len);
        }
    }
    return BLE_OK;
}

int h7bt_att_send(h7bt_conn_t *c, const uint8_t *pdu, size_t len)
{
    return h7bt_l2cap_send_pdu(c->handle, BT_L2CAP_CID_ATT, pdu, len);
}

/* the client's responses and notifications first, then the server's requests */
static void att_on_pdu(h7bt_conn_t *c, const uint8_t *pdu, size_t len)
{
    if (len && !h7bt_att_client_on_pdu(c, pdu, len)) {
        server_on_pdu(c, pdu, len);
    }
}

static h7bt_conn_listener_t listener = { link_opened, link_gone, NULL };

void h7bt_att_init(void)
{
    gatts_reset();
    h7bt_conn_listen(&listener);
    h7bt_l2cap_register_fixed(BT_L2CAP_CID_ATT, att_on_pdu);
}

void h7bt_att_stop(void)
{
    k_free(attrs);
    attrs = NULL;
    n_attrs = n_room = n_cccd = 0;
}
