/*
 * GATT client of the h7stack BLE host: one procedure at a time per
 * connection (as ATT allows one request): MTU exchange, primary service
 * discovery (Read By Group Type), characteristic discovery (Read By Type of
 * 0x2803; each characteristic is reported when the next one shows where it
 * ends), descriptor discovery (Find Information), reads (Read, then Read
 * Blob while the value fills the MTU), writes (Write Request or Write
 * Command, cut to the MTU as NimBLE does: MicroPython's tests expect it);
 * notifications and indications (confirmed) go to the binding.  Memory
 * comes from the heap only while it is needed: a queued write's value, and
 * a value read in more than one piece.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "l2cap.h"
#include "att.h"
#include "host.h"

enum { CL_NONE, CL_MTU, CL_SVC, CL_CHR, CL_DSC, CL_READ, CL_WRITE };
#define LONG_MAX_LEN 512u
#define QUEUE_LEN    BLE_GATTC_QUEUE
#define WRITE_CMD_BACKLOG 4     /* ACL packets queued before a Write Command is refused */
/* a discovery's status when the server's answer had an item length it
 * cannot have: above every ATT error code */
#define STATUS_BAD_RESPONSE 0x0101

/* requests made while another runs wait here (ATT allows one at a time);
 * a write's value is the caller's while the job runs at once, a copy on the
 * heap while it waits */
typedef struct {
    uint8_t proc;
    bool has_uuid;
    uint16_t handle, start, end, len;
    h7bt_uuid_t uuid;
    const uint8_t *data;
} job_t;
static job_t queue[BLE_MAX_CONN][QUEUE_LEN];
static uint8_t q_head[BLE_MAX_CONN], q_count[BLE_MAX_CONN];
static int run_job(h7bt_conn_t *c, const job_t *j);
static void finish(h7bt_conn_t *c, uint16_t status);


/* run the job now, or queue it behind the running one */
static int submit(uint16_t conn, const job_t *j)
{
    h7bt_conn_t *c = h7bt_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    if (!att_link(c)->cl_proc) {
        return run_job(c, j);
    }
    unsigned i = h7bt_conn_index(c);
    if (q_count[i] == QUEUE_LEN) {
        return BLE_EBUSY;
    }
    job_t *q = &queue[i][(q_head[i] + q_count[i]) % QUEUE_LEN];
    *q = *j;
    q->data = NULL;
    if (j->len) {
        uint8_t *copy = k_malloc(j->len);
        if (!copy) {
            return BLE_ENOMEM;
        }
        memcpy(copy, j->data, j->len);
        q->data = copy;
    }
    q_count[i]++;
    return BLE_OK;
}

static int send(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    int rc = h7bt_att_send(c, p, len);
    if (rc) {
        att_link(c)->cl_proc = CL_NONE;
    }
    return rc;
}

static int req_range(h7bt_conn_t *c, uint8_t op, uint16_t s, uint16_t e, uint16_t type)
{
    uint8_t p[7] = { op };
    put16(p + 1, s);
    put16(p + 3, e);
    put16(p + 5, type);
    return send(c, p, type ? 7 : 5);
}

int h7bt_gattc_exchange_mtu(uint16_t conn)
{
    job_t j = { .proc = CL_MTU };
    return submit(conn, &j);
}

int h7bt_gattc_discover_services(uint16_t conn, const h7bt_uuid_t *uuid)
{
    job_t j = { .proc = CL_SVC, .has_uuid = uuid != NULL, .start = 1, .end = BT_ATT_LAST_HANDLE };
    if (uuid) {
        j.uuid = *uuid;
    }
    return submit(conn, &j);
}

int h7bt_gattc_discover_chars(uint16_t conn, uint16_t s, uint16_t e, const h7bt_uuid_t *uuid)
{
    job_t j = { .proc = CL_CHR, .has_uuid = uuid != NULL, .start = s, .end = e };
    if (uuid) {
        j.uuid = *uuid;
    }
    return submit(conn, &j);
}

/* s is the characteristic's value handle: its descriptors follow it */
int h7bt_gattc_discover_descs(uint16_t conn, uint16_t s, uint16_t e)
{
    if (s >= e) {
        return BLE_EINVAL;
    }
    job_t j = { .proc = CL_DSC, .start = s, .end = e };
    return submit(conn, &j);
}

int h7bt_gattc_read(uint16_t conn, uint16_t handle)
{
    job_t j = { .proc = CL_READ, .handle = handle };
    return submit(conn, &j);
}

int h7bt_gattc_write(uint16_t conn, uint16_t handle, const uint8_t *value, size_t len, bool rsp)
{
    h7bt_conn_t *c = h7bt_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    if (len > att_link(c)->mtu - 3u) {
        len = att_link(c)->mtu - 3u;
    }
    if (!rsp) {                                 /* Write Command: no procedure */
        uint8_t p[BLE_ATT_MTU_MAX];
        if (h7bt_l2cap_tx_backlog() >= WRITE_CMD_BACKLOG) {
            return BLE_ENOMEM;                  /* as NimBLE out of buffers: retry */
        }
        p[0] = BT_ATT_OP_WRITE_CMD;
        put16(p + 1, handle);
        memcpy(p + 3, value, len);
        return h7bt_l2cap_send_pdu(conn, BT_L2CAP_CID_ATT, p, 3 + len);
    }
    job_t j = { .proc = CL_WRITE, .handle = handle, .len = (uint16_t)len, .data = value };
    return submit(conn, &j);
}

static int run_job(h7bt_conn_t *c, const job_t *j)
{
    uint8_t p[BLE_ATT_MTU_MAX];
    att_link(c)->cl_proc = j->proc;
    att_link(c)->cl_filter = j->has_uuid;
    att_link(c)->cl_uuid = j->uuid;
    att_link(c)->cl_start = j->start;
    att_link(c)->cl_end = j->end;
    att_link(c)->cl_handle = j->handle;
    switch (j->proc) {
    case CL_MTU:
        p[0] = BT_ATT_OP_MTU_REQ;
        put16(p + 1, h7bt_att_preferred_mtu());
        return send(c, p, 3);
    case CL_SVC:
        return req_range(c, BT_ATT_OP_READ_GROUP_REQ, 1, BT_ATT_LAST_HANDLE,
                         BT_UUID_GATT_PRIMARY_SERVICE);
    case CL_CHR:
        att_link(c)->cl_chr.valid = false;
        return req_range(c, BT_ATT_OP_READ_TYPE_REQ, j->start, j->end, BT_UUID_GATT_CHARACTERISTIC);
    case CL_DSC:                                /* after the value handle, as NimBLE */
        return req_range(c, BT_ATT_OP_FIND_INFO_REQ, j->start + 1u, j->end, 0);
    case CL_READ:
        att_link(c)->cl_have = 0;
        p[0] = BT_ATT_OP_READ_REQ;
        put16(p + 1, j->handle);
        return send(c, p, 3);
    default:                                    /* CL_WRITE */
        p[0] = BT_ATT_OP_WRITE_REQ;
        put16(p + 1, j->handle);
        memcpy(p + 3, j->data, j->len);
        return send(c, p, 3u + j->len);
    }
}

/* the next queued job, once the running one has finished */
static void run_queued(h7bt_conn_t *c)
{
    unsigned i = h7bt_conn_index(c);
    while (!att_link(c)->cl_proc && q_count[i]) {
        job_t *j = &queue[i][q_head[i]];
        q_head[i] = (uint8_t)((q_head[i] + 1) % QUEUE_LEN);
        q_count[i]--;
        int rc = run_job(c, j);
        k_free((void *)j->data);
        if (rc != BLE_OK) {
            /* could not be sent: its done event says so (send() freed the slot) */
            att_link(c)->cl_proc = j->proc;
            finish(c, BT_ATT_ERR_UNLIKELY); /* runs the next one */
            return;
        }
    }
}

/* ---- responses ---- */

static bool uuid_match(h7bt_conn_t *c, const uint8_t *u, size_t len)
{
    if (!att_link(c)->cl_filter) {
        return true;
    }
    return att_link(c)->cl_uuid.len == len && !memcmp(att_link(c)->cl_uuid.u, u, len);
}

static void finish(h7bt_conn_t *c, uint16_t status)
{
    uint8_t proc = att_link(c)->cl_proc;
    att_link(c)->cl_proc = CL_NONE;
    switch (proc) {
    case CL_SVC:
        if (h7bt_cb->discover_done) {
            h7bt_cb->discover_done(0, c->handle, status);
        }
        break;
    case CL_CHR:
        if (att_link(c)->cl_chr.valid) {
            att_link(c)->cl_chr.valid = false;
            if (h7bt_cb->char_result) {
                h7bt_cb->char_result(c->handle, att_link(c)->cl_chr.value, att_link(c)->cl_end, att_link(c)->cl_chr.props,
                                    &att_link(c)->cl_chr.uuid);
            }
        }
        if (h7bt_cb->discover_done) {
            h7bt_cb->discover_done(1, c->handle, status);
        }
        break;
    case CL_DSC:
        if (h7bt_cb->discover_done) {
            h7bt_cb->discover_done(2, c->handle, status);
        }
        break;
    case CL_READ:                               /* on_read gave the value */
        k_free(att_link(c)->cl_buf);
        att_link(c)->cl_buf = NULL;
        if (h7bt_cb->read_done) {
            h7bt_cb->read_done(c->handle, att_link(c)->cl_handle, status);
        }
        break;
    case CL_WRITE:
        if (h7bt_cb->write_done) {
            h7bt_cb->write_done(c->handle, att_link(c)->cl_handle, status);
        }
        break;
    default:
        break;
    }
    run_queued(c);
}

static void on_services(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    size_t item = len >= 2 ? p[1] : 0;
    if (item != 6 && item != 20) {
        return finish(c, STATUS_BAD_RESPONSE);
    }
    uint16_t last = 0;
    for (size_t off = 2; off + item <= len; off += item) {
        uint16_t s = get16(p + off), e = get16(p + off + 2);
        last = e;
        if (uuid_match(c, p + off + 4, item - 4) && h7bt_cb->service_result) {
            h7bt_uuid_t u = { (uint8_t)(item - 4), { 0 } };
            memcpy(u.u, p + off + 4, item - 4);
            h7bt_cb->service_result(c->handle, s, e, &u);
        }
    }
    if (last == BT_ATT_LAST_HANDLE || last < att_link(c)->cl_start) {
        return finish(c, 0);
    }
    att_link(c)->cl_start = (uint16_t)(last + 1);
    req_range(c, BT_ATT_OP_READ_GROUP_REQ, att_link(c)->cl_start, BT_ATT_LAST_HANDLE,
              BT_UUID_GATT_PRIMARY_SERVICE);
}

static void on_chars(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    size_t item = len >= 2 ? p[1] : 0;
    if (item != 7 && item != 21) {
        return finish(c, STATUS_BAD_RESPONSE);
    }
    uint16_t last = 0;
    for (size_t off = 2; off + item <= len; off += item) {
        uint16_t decl = get16(p + off);
        last = decl;
        if (att_link(c)->cl_chr.valid && h7bt_cb->char_result) {
            h7bt_cb->char_result(c->handle, att_link(c)->cl_chr.value, (uint16_t)(decl - 1),
                                att_link(c)->cl_chr.props, &att_link(c)->cl_chr.uuid);
        }
        att_link(c)->cl_chr.valid = uuid_match(c, p + off + 5, item - 5);
        att_link(c)->cl_chr.props = p[off + 2];
        att_link(c)->cl_chr.value = get16(p + off + 3);
        att_link(c)->cl_chr.uuid.len = (uint8_t)(item - 5);
        memcpy(att_link(c)->cl_chr.uuid.u, p + off + 5, item - 5);
    }
    if (last == 0 || last >= att_link(c)->cl_end) {
        return finish(c, 0);
    }
    att_link(c)->cl_start = (uint16_t)(last + 1);
    req_range(c, BT_ATT_OP_READ_TYPE_REQ, att_link(c)->cl_start, att_link(c)->cl_end,
              BT_UUID_GATT_CHARACTERISTIC);
}

static void on_descs(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    size_t item = len >= 2 ? (p[1] == 1 ? 4 : p[1] == 2 ? 18 : 0) : 0;
    if (!item) {
        return finish(c, STATUS_BAD_RESPONSE);
    }
    uint16_t last = 0;
    for (size_t off = 2; off + item <= len; off += item) {
        h7bt_uuid_t u = { (uint8_t)(item - 2), { 0 } };
        last = get16(p + off);
        memcpy(u.u, p + off + 2, item - 2);
        if (h7bt_cb->desc_result) {
            h7bt_cb->desc_result(c->handle, last, &u);
        }
    }
    if (last == 0 || last >= att_link(c)->cl_end) {
        return finish(c, 0);
    }
    att_link(c)->cl_start = (uint16_t)(last + 1);
    req_range(c, BT_ATT_OP_FIND_INFO_REQ, att_link(c)->cl_start, att_link(c)->cl_end, 0);
}

static void read_end(h7bt_conn_t *c, const uint8_t *value, size_t len)
{
    if (h7bt_cb->read_result) {
        h7bt_cb->read_result(c->handle, att_link(c)->cl_handle, value, len);
    }
    finish(c, 0);
}

/* a short piece is the end; a value in one piece goes up without a copy */
static void on_read(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_att_link_t *l = att_link(c);
    size_t n = len - 1;
    bool last = n < l->mtu - 1u;
    if (!l->cl_have && last) {
        return read_end(c, p + 1, n);
    }
    if (!l->cl_buf && !(l->cl_buf = k_malloc(LONG_MAX_LEN))) {
        return finish(c, BT_ATT_ERR_INSUFFICIENT_RESOURCES);
    }
    n = n < LONG_MAX_LEN - l->cl_have ? n : LONG_MAX_LEN - l->cl_have;
    memcpy(l->cl_buf + l->cl_have, p + 1, n);
    l->cl_have = (uint16_t)(l->cl_have + n);
    if (last || l->cl_have >= LONG_MAX_LEN) {
        return read_end(c, l->cl_buf, l->cl_have);
    }
    uint8_t q[5] = { BT_ATT_OP_READ_BLOB_REQ };
    put16(q + 1, l->cl_handle);
    put16(q + 3, l->cl_have);
    send(c, q, 5);
}

bool h7bt_att_client_on_pdu(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    uint8_t op = p[0];
    if (op == BT_ATT_OP_NOTIFY || op == BT_ATT_OP_INDICATE) {
        if (len >= 3 && h7bt_cb->notified) {
            h7bt_cb->notified(c->handle, get16(p + 1), op == BT_ATT_OP_INDICATE, p + 3, len - 3);
        }
        if (op == BT_ATT_OP_INDICATE) {
            uint8_t confirm = BT_ATT_OP_CONFIRM;
            h7bt_att_send(c, &confirm, 1);
        }
        return true;
    }
    if (op != BT_ATT_OP_ERROR_RSP && (!(op & 1) || op > BT_ATT_OP_EXEC_WRITE_RSP)) {
        return false;                           /* a request: the server's */
    }
    if (!att_link(c)->cl_proc) {
        return true;                            /* a response nobody waits for */
    }
    if (op == BT_ATT_OP_ERROR_RSP) {
        uint8_t err = len >= 5 ? p[4] : BT_ATT_ERR_UNLIKELY;
        /* "attribute not found" ends a discovery normally */
        bool discovery = att_link(c)->cl_proc == CL_SVC || att_link(c)->cl_proc == CL_CHR || att_link(c)->cl_proc == CL_DSC;
        return finish(c, discovery && err == BT_ATT_ERR_ATTRIBUTE_NOT_FOUND ? 0 : err), true;
    }
    switch (att_link(c)->cl_proc) {
    case CL_MTU:
        if (op == BT_ATT_OP_MTU_RSP && len >= 3) {
            uint16_t server = get16(p + 1), ours = h7bt_att_preferred_mtu();
            uint16_t mtu = server < ours ? server : ours;
            att_link(c)->mtu = mtu < 23 ? 23 : mtu;
            att_link(c)->cl_proc = CL_NONE;
            if (h7bt_cb->mtu_exchanged) {
                h7bt_cb->mtu_exchanged(c->handle, att_link(c)->mtu);
            }
            run_queued(c);
        }
        break;
    case CL_SVC:
        if (op == BT_ATT_OP_READ_GROUP_RSP) {
            on_services(c, p, len);
        }
        break;
    case CL_CHR:
        if (op == BT_ATT_OP_READ_TYPE_RSP) {
            on_chars(c, p, len);
        }
        break;
    case CL_DSC:
        if (op == BT_ATT_OP_FIND_INFO_RSP) {
            on_descs(c, p, len);
        }
        break;
    case CL_READ:
        if (op == BT_ATT_OP_READ_RSP || op == BT_ATT_OP_READ_BLOB_RSP) {
            on_read(c, p, len);
        }
        break;
    case CL_WRITE:
        if (op == BT_ATT_OP_WRITE_RSP) {
            finish(c, 0);
        }
        break;
    default:
        break;
    }
    return true;
}

/* the link is gone: what was accepted still ends with its done event, with
 * Unlikely Error as Zephyr's host reports it, so that nobody waits on */
void h7bt_att_client_conn_gone(h7bt_conn_t *c)
{
    unsigned i = h7bt_conn_index(c);
    unsigned queued = q_count[i];
    q_count[i] = 0;                             /* finish() runs nothing more */
    if (att_link(c)->cl_proc) {
        finish(c, BT_ATT_ERR_UNLIKELY);
    }
    for (; queued; queued--) {
        const job_t *j = &queue[i][q_head[i]];
        q_head[i] = (uint8_t)((q_head[i] + 1) % QUEUE_LEN);
        k_free((void *)j->data);
        att_link(c)->cl_proc = j->proc;
        att_link(c)->cl_handle = j->handle;
        att_link(c)->cl_chr.valid = false;
        finish(c, BT_ATT_ERR_UNLIKELY);
    }
    q_head[i] = 0;
    att_link(c)->cl_proc = CL_NONE;
}
