/*
 * A stub HCI controller for tests of the BLE host without a radio: every
 * command gets a Command Complete (success) at the next poll, with a
 * BD_ADDR and the LE buffer sizes where asked; ACL frames sent are
 * counted.  The clock is stub_ms, which waits advance.
 */
#ifndef H7STACK_TESTS_STUB_CONTROLLER_H
#define H7STACK_TESTS_STUB_CONTROLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ble_os.h"
#include "ble_host.h"

extern uint32_t stub_ms;
extern unsigned stub_acl_sent;
/* sees every H4 frame the host sends, if set */
extern void (*stub_tap)(const uint8_t *h4, size_t len);
/* if set, each ACL packet sent is completed (Number Of Completed Packets)
 * at the next poll, as a peer that keeps up */
extern bool stub_auto_complete;
extern const h7bt_os_port_t stub_port;
extern h7bt_os_input_t stub_input;
extern const h7bt_hci_transport_t stub_transport;

/* the LE buffer sizes the controller reports */
void stub_controller_init(uint8_t acl_len, uint8_t acl_packets);
/* the host's BD_ADDR (HCI order) is A1..A6, public; every peer's C1..C6, random */
#define STUB_PEER_TYPE 1
/* events the tests play: LE Connection Complete (role 0: the host is
 * central) and Disconnection Complete, fed to the host at once */
void stub_conn_complete(uint16_t handle, uint8_t role);
void stub_disconn_complete(uint16_t handle);

#endif
