/*
 * The backend of MicroPython's bluetooth module (extmod/modbluetooth.h) on
 * the h7stack BLE host.  Events run synchronously: the host runs in
 * scheduled tasks on the VM thread, one h7bt_os_poll() each (HCI input, due
 * timers, pending work).  What schedules them is the port part: a helper
 * thread on unix (port_unix.c), SysTick and the HCI USART's interrupt on
 * the board (port_h747.c).
 */
#include <string.h>

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modbluetooth.h"
#include "binding.h"

#if MICROPY_PY_BLUETOOTH

MP_REGISTER_ROOT_POINTER(mp_map_t *bluetooth_h7_gatts_db);
#define GATTS_DB (MP_STATE_VM(bluetooth_h7_gatts_db))

/* as NimBLE's binding: an inactive stack answers "no such device" */
#define ERRNO_BLUETOOTH_NOT_ACTIVE MP_ENODEV

static volatile bool active;
static bool random_address; /* config(addr_mode=) asked for a random one */
static bool task_scheduled; /* a poll_task is queued (atomic) */

static mp_obj_t poll_task(mp_obj_t none) {
    (void)none;
    __atomic_store_n(&task_scheduled, false, __ATOMIC_SEQ_CST);
    /* not from inside the host: the board runs scheduled tasks even in an
     * IRQ handler that the host called (unix locks the scheduler there) */
    if (active && !h7bt_os_in_poll()) {
        h7bt_os_poll();
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(poll_task_obj, poll_task);

bool h7ble_schedule_poll(void) {
    /* claim the flag before scheduling: the VM may run (and clear it in)
     * poll_task before mp_sched_schedule even returns */
    if (__atomic_exchange_n(&task_scheduled, true, __ATOMIC_SEQ_CST)) {
        return true;
    }
    if (!mp_sched_schedule(MP_OBJ_FROM_PTR(&poll_task_obj), mp_const_none)) {
        __atomic_store_n(&task_scheduled, false, __ATOMIC_SEQ_CST);
    }
    return false;
}

/* ---- host callbacks into modbluetooth ---- */

static void to_uuid(mp_obj_bluetooth_uuid_t *o, const h7bt_uuid_t *u) {
    o->base.type = &mp_type_bluetooth_uuid;
    o->type = u->len == 2 ? MP_BLUETOOTH_UUID_TYPE_16 : MP_BLUETOOTH_UUID_TYPE_128;
    memcpy(o->data, u->u, u->len);
}

static void from_uuid(h7bt_uuid_t *u, const mp_obj_bluetooth_uuid_t *o) {
    if (o->type == MP_BLUETOOTH_UUID_TYPE_32) { /* as 128-bit on the base UUID */
        static const uint8_t base[12] = { 0xFB, 0x34, 0x9B, 0x5F, 0x80, 0x00,
                                          0x00, 0x80, 0x00, 0x10, 0x00, 0x00 };
        u->len = 16;
        memcpy(u->u, base, 12);
        memcpy(u->u + 12, o->data, 4);
        return;
    }
    u->len = o->type;
    memcpy(u->u, o->data, o->type);
}

static void cb_connected(uint16_t conn, uint8_t role, uint8_t type, const uint8_t *addr) {
    mp_bluetooth_gap_on_connected_disconnected(role == BLE_ROLE_CENTRAL
                                                   ? MP_BLUETOOTH_IRQ_PERIPHERAL_CONNECT
                                                   : MP_BLUETOOTH_IRQ_CENTRAL_CONNECT,
                                               conn, type, addr);
}

static void cb_disconnected(uint16_t conn, uint8_t role, uint8_t type, const uint8_t *addr) {
    mp_bluetooth_gap_on_connected_disconnected(role == BLE_ROLE_CENTRAL
                                                   ? MP_BLUETOOTH_IRQ_PERIPHERAL_DISCONNECT
                                                   : MP_BLUETOOTH_IRQ_CENTRAL_DISCONNECT,
                                               conn, type, addr);
}

static void cb_conn_update(uint16_t conn, uint16_t iv, uint16_t lat, uint16_t to, uint8_t st) {
    mp_bluetooth_gap_on_connection_update(conn, iv, lat, to, st);
}

static void cb_scan_result(uint8_t type, const uint8_t *addr, uint8_t adv_type, int8_t rssi,
                           const uint8_t *data, uint8_t len) {
    mp_bluetooth_gap_on_scan_result(type, addr, adv_type, rssi, data, len);
}

static void cb_scan_done(void) {
    mp_bluetooth_gap_on_scan_complete();
}

static int cb_attr_read(uint16_t conn, uint16_t handle, bool remote, const uint8_t **v,
                        size_t *len) {
    if (remote) {
        /* Python may refuse the read, or update the value first */
        mp_int_t refused = mp_bluetooth_gatts_on_read_request(conn, handle);
        if (refused) {
            return (int)refused;
        }
    }
    return mp_bluetooth_gatts_db_read(GATTS_DB, handle, v, len) ? 0x0A : 0;
}

/* a peer's write: kept within the buffer gatts_set_buffer() sized (20
 * bytes by default), after what is there in append mode, as NimBLE does */
static int cb_attr_write(uint16_t conn, uint16_t handle, const uint8_t *v, size_t len) {
    mp_bluetooth_gatts_db_entry_t *e = mp_bluetooth_gatts_db_lookup(GATTS_DB, handle);
    if (!e) {
        return 0x01; /* invalid handle */
    }
    size_t offset = e->append ? e->data_len : 0;
    e->data_len = MIN(e->data_alloc, offset + len);
    memcpy(e->data + offset, v, e->data_len - offset);
    mp_bluetooth_gatts_on_write(conn, handle);
    return 0;
}

static void cb_indicate_done(uint16_t conn, uint16_t handle, uint8_t status) {
    mp_bluetooth_gatts_on_indicate_complete(conn, handle, status);
}

static void cb_mtu(uint16_t conn, uint16_t mtu) {
    mp_bluetooth_gatts_on_mtu_exchanged(conn, mtu);
}

static void cb_service(uint16_t conn, uint16_t start, uint16_t end, const h7bt_uuid_t *u) {
    mp_obj_bluetooth_uuid_t o;
    to_uuid(&o, u);
    mp_bluetooth_gattc_on_primary_service_result(conn, start, end, &o);
}

static void cb_char(uint16_t conn, uint16_t value, uint16_t end, uint8_t props,
                    const h7bt_uuid_t *u) {
    mp_obj_bluetooth_uuid_t o;
    to_uuid(&o, u);
    mp_bluetooth_gattc_on_characteristic_result(conn, value, end, props, &o);
}

static void cb_desc(uint16_t conn, uint16_t handle, const h7bt_uuid_t *u) {
    mp_obj_bluetooth_uuid_t o;
    to_uuid(&o, u);
    mp_bluetooth_gattc_on_descriptor_result(conn, handle, &o);
}

static void cb_discover_done(int what, uint16_t conn, uint16_t status) {
    static const uint8_t ev[3] = { MP_BLUETOOTH_IRQ_GATTC_SERVICE_DONE,
                                   MP_BLUETOOTH_IRQ_GATTC_CHARACTERISTIC_DONE,
                                   MP_BLUETOOTH_IRQ_GATTC_DESCRIPTOR_DONE };
    mp_bluetooth_gattc_on_discover_complete(ev[what], conn, status);
}

static void data_event(uint8_t event, uint16_t conn, uint16_t handle, const uint8_t *data,
                       size_t len) {
    uint16_t l = (uint16_t)len;
    mp_bluetooth_gattc_on_data_available(event, conn, handle, &data, &l, 1);
}

static void cb_read_result(uint16_t conn, uint16_t handle, const uint8_t *data, size_t len) {
    data_event(MP_BLUETOOTH_IRQ_GATTC_READ_RESULT, conn, handle, data, len);
}

static void cb_read_done(uint16_t conn, uint16_t handle, uint16_t status) {
    mp_bluetooth_gattc_on_read_write_status(MP_BLUETOOTH_IRQ_GATTC_READ_DONE, conn, handle, status);
}

static void cb_write_done(uint16_t conn, uint16_t handle, uint16_t status) {
    mp_bluetooth_gattc_on_read_write_status(MP_BLUETOOTH_IRQ_GATTC_WRITE_DONE, conn, handle,
                                            status);
}

static void cb_notified(uint16_t conn, uint16_t handle, bool ind, const uint8_t *d, size_t len) {
    data_event(ind ? MP_BLUETOOTH_IRQ_GATTC_INDICATE : MP_BLUETOOTH_IRQ_GATTC_NOTIFY, conn, handle,
               d, len);
}

static h7bt_host_cb_t host_cb = {
    /* .hci_packet: the port's log, at init */
    .connected = cb_connected,
    .disconnected = cb_disconnected,
    .conn_update = cb_conn_update,
    .scan_result = cb_scan_result,
    .scan_done = cb_scan_done,
    .attr_read = cb_attr_read,
    .attr_write = cb_attr_write,
    .indicate_done = cb_indicate_done,
    .mtu_exchanged = cb_mtu,
    .service_result = cb_service,
    .char_result = cb_char,
    .desc_result = cb_desc,
    .discover_done = cb_discover_done,
    .read_result = cb_read_result,
    .read_done = cb_read_done,
    .write_done = cb_write_done,
    .notified = cb_notified,
    .coc_accept = h7ble_coc_accept,
    .coc_connected = h7ble_coc_connected,
    .coc_disconnected = h7ble_coc_disconnected,
    .coc_recv = h7ble_coc_recv,
    .coc_send_ready = h7ble_coc_send_ready,
#if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING
    .random = h7ble_random,
    .encryption_changed = h7ble_encryption_changed,
    .get_secret = h7ble_get_secret,
    .set_secret = h7ble_set_secret,
    .passkey_action = h7ble_passkey_action,
#endif
};

/* ---- modbluetooth's port API ---- */

int mp_bluetooth_init(void) {
    if (active) {
        return 0;
    }
    int rc = h7ble_port_open();
    if (rc) {
        return rc;
    }
    /* a fresh one each time: after a soft reset the old one is gone with the heap */
    mp_bluetooth_gatts_db_create(&GATTS_DB);
    h7bt_os_init(&h7ble_os_port);
    h7bt_os_input_add(&h7ble_hci_input);
    host_cb.hci_packet = h7ble_port_hci_log();
    rc = h7bt_host_start(&h7ble_transport, &host_cb);
    if (rc) {
        h7ble_port_close();
        return h7ble_errno(rc);
    }
    task_scheduled = false;
    active = true;
    if (random_address) {
        h7bt_host_set_random_address(true);
    }
    h7ble_port_start();
    return 0;
}

void mp_bluetooth_deinit(void) {
    if (!active) {
        return;
    }
    h7bt_gap_scan_stop();
    h7bt_gap_advertise_stop();
    h7bt_host_stop();
    active = false;
    h7ble_port_stop();
    h7ble_port_close();
    GATTS_DB = NULL;
}

bool mp_bluetooth_is_active(void) {
    return active;
}

void mp_bluetooth_get_current_address(uint8_t *addr_type, uint8_t *addr) {
    uint8_t le[6];
    h7bt_host_address(addr_type, le);
    for (int i = 0; i < 6; i++) {
        addr[i] = le[5 - i];
    }
}

/* public, or a random static address; resolvable and non-resolvable
 * private addresses (privacy) are not there: they get the static one */
void mp_bluetooth_set_address_mode(uint8_t addr_mode) {
    random_address = addr_mode != MP_BLUETOOTH_ADDRESS_MODE_PUBLIC;
    if (active) {
        h7bt_host_set_random_address(random_address);
    }
}

size_t mp_bluetooth_gap_get_device_name(const uint8_t **buf) {
    return h7bt_gap_name(buf);
}

int mp_bluetooth_gap_set_device_name(const uint8_t *buf, size_t len) {
    return h7ble_errno(h7bt_gap_set_name(buf, len));
}

int mp_bluetooth_gap_advertise_start(bool connectable, int32_t interval_us, const uint8_t *adv,
                                     size_t adv_len, const uint8_t *sr, size_t sr_len) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(
        h7bt_gap_advertise(connectable, (uint32_t)interval_us, adv, adv_len, sr, sr_len));
}

void mp_bluetooth_gap_advertise_stop(void) {
    if (active) {
        h7bt_gap_advertise_stop();
    }
}

int mp_bluetooth_gatts_register_service_begin(bool append) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    if (!append) {
        mp_bluetooth_gatts_db_reset(GATTS_DB);
    }
    return h7ble_errno(h7bt_gatts_begin(append));
}

int mp_bluetooth_gatts_register_service(mp_obj_bluetooth_uuid_t *service_uuid,
                                        mp_obj_bluetooth_uuid_t **characteristic_uuids,
                                        uint16_t *characteristic_flags,
                                        mp_obj_bluetooth_uuid_t **descriptor_uuids,
                                        uint16_t *descriptor_flags, uint8_t *num_descriptors,
                                        uint16_t *handles, size_t num_characteristics) {
    size_t n_desc = 0;
    for (size_t i = 0; i < num_characteristics; i++) {
        n_desc += num_descriptors[i];
    }
    h7bt_uuid_t svc, *chr = m_new(h7bt_uuid_t, num_characteristics + 1);
    h7bt_uuid_t *dsc = m_new(h7bt_uuid_t, n_desc + 1);
    from_uuid(&svc, service_uuid);
    for (size_t i = 0; i < num_characteristics; i++) {
        from_uuid(&chr[i], characteristic_uuids[i]);
    }
    for (size_t i = 0; i < n_desc; i++) {
        from_uuid(&dsc[i], descriptor_uuids[i]);
    }
    int rc = h7bt_gatts_add_service(&svc, num_characteristics, chr, characteristic_flags,
                                    num_descriptors, dsc, descriptor_flags, handles);
    m_del(h7bt_uuid_t, chr, num_characteristics + 1);
    m_del(h7bt_uuid_t, dsc, n_desc + 1);
    if (rc) {
        return h7ble_errno(rc);
    }
    for (size_t i = 0; i < num_characteristics + n_desc; i++) {
        mp_bluetooth_gatts_db_create_entry(GATTS_DB, handles[i], MP_BLUETOOTH_DEFAULT_ATTR_LEN);
    }
    return 0;
}

int mp_bluetooth_gatts_register_service_end(void) {
    return h7ble_errno(h7bt_gatts_end());
}

int mp_bluetooth_gatts_read(uint16_t value_handle, const uint8_t **value, size_t *value_len) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return mp_bluetooth_gatts_db_read(GATTS_DB, value_handle, value, value_len);
}

int mp_bluetooth_gatts_write(uint16_t value_handle, const uint8_t *value, size_t value_len,
                             bool send_update) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    int rc = mp_bluetooth_gatts_db_write(GATTS_DB, value_handle, value, value_len);
    if (rc == 0 && send_update) {
        rc = h7ble_errno(h7bt_gatts_changed(value_handle, value, value_len));
    }
    return rc;
}

int mp_bluetooth_gatts_notify_indicate(uint16_t conn_handle, uint16_t value_handle, int gatts_op,
                                       const uint8_t *value, size_t value_len) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(h7bt_gatts_notify(
        conn_handle, value_handle, gatts_op == MP_BLUETOOTH_GATTS_OP_INDICATE, value, value_len));
}

int mp_bluetooth_gatts_set_buffer(uint16_t value_handle, size_t len, bool append) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return mp_bluetooth_gatts_db_resize(GATTS_DB, value_handle, len, append);
}

int mp_bluetooth_gap_disconnect(uint16_t conn_handle) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(h7bt_gap_disconnect(conn_handle));
}

int mp_bluetooth_get_preferred_mtu(void) {
    return h7bt_att_preferred_mtu();
}

int mp_bluetooth_set_preferred_mtu(uint16_t mtu) {
    return h7ble_errno(h7bt_att_set_preferred_mtu(mtu));
}

int mp_bluetooth_gap_scan_start(int32_t duration_ms, int32_t interval_us, int32_t window_us,
                                bool active_scan) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(
        h7bt_gap_scan(duration_ms, (uint32_t)interval_us, (uint32_t)window_us, active_scan));
}

int mp_bluetooth_gap_scan_stop(void) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(h7bt_gap_scan_stop());
}

int mp_bluetooth_gap_peripheral_connect(uint8_t addr_type, const uint8_t *addr, int32_t duration_ms,
                                        int32_t min_conn_interval_us,
                                        int32_t max_conn_interval_us) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(h7bt_gap_connect(addr_type, addr, duration_ms,
                                        (uint32_t)min_conn_interval_us,
                                        (uint32_t)max_conn_interval_us));
}

int mp_bluetooth_gap_peripheral_connect_cancel(void) {
    if (!active) {
        return ERRNO_BLUETOOTH_NOT_ACTIVE;
    }
    return h7ble_errno(h7bt_gap_connect_cancel());
}

int mp_bluetooth_gattc_discover_primary_services(uint16_t conn_handle,
                                                 const mp_obj_bluetooth_uuid_t *uuid) {
    h7bt_uuid_t u;
    if (uuid) {
        from_uuid(&u, uuid);
    }
    return h7ble_errno(h7bt_gattc_discover_services(conn_handle, uuid ? &u : NULL));
}

int mp_bluetooth_gattc_discover_characteristics(uint16_t conn_handle, uint16_t start_handle,
                                                uint16_t end_handle,
                                                const mp_obj_bluetooth_uuid_t *uuid) {
    h7bt_uuid_t u;
    if (uuid) {
        from_uuid(&u, uuid);
    }
    return h7ble_errno(
        h7bt_gattc_discover_chars(conn_handle, start_handle, end_handle, uuid ? &u : NULL));
}

int mp_bluetooth_gattc_discover_descriptors(uint16_t conn_handle, uint16_t start_handle,
                                            uint16_t end_handle) {
    return h7ble_errno(h7bt_gattc_discover_descs(conn_handle, start_handle, end_handle));
}

int mp_bluetooth_gattc_read(uint16_t conn_handle, uint16_t value_handle) {
    return h7ble_errno(h7bt_gattc_read(conn_handle, value_handle));
}

int mp_bluetooth_gattc_write(uint16_t conn_handle, uint16_t value_handle, const uint8_t *value,
                             size_t value_len, unsigned int mode) {
    return h7ble_errno(h7bt_gattc_write(conn_handle, value_handle, value, value_len, mode == 1));
}

int mp_bluetooth_gattc_exchange_mtu(uint16_t conn_handle) {
    return h7ble_errno(h7bt_gattc_exchange_mtu(conn_handle));
}

#endif
