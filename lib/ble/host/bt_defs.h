/*
 * Numbers of the Bluetooth Core specification (v5.x) that the h7stack BLE
 * host uses: HCI opcodes (Vol 4 Part E 7), events and LE sub-events, error
 * codes (Vol 1 Part F), L2CAP channels and signalling codes (Vol 3 Part A),
 * ATT opcodes and errors (Vol 3 Part F), SMP codes (Vol 3 Part H 3.5).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BT_DEFS_H
#define H7STACK_BT_DEFS_H

#include <stdint.h>
#include <string.h>

/* ---- HCI commands: OGF << 10 | OCF ---- */
#define BT_HCI_OP(ogf, ocf)                 ((uint16_t)((ogf) << 10 | (ocf)))
#define BT_OGF_LINK_CTRL                    0x01
#define BT_OGF_BASEBAND                     0x03
#define BT_OGF_INFO                         0x04
#define BT_OGF_LE                           0x08

#define BT_HCI_OP_DISCONNECT                BT_HCI_OP(BT_OGF_LINK_CTRL, 0x006)
#define BT_HCI_OP_SET_EVENT_MASK            BT_HCI_OP(BT_OGF_BASEBAND, 0x001)
#define BT_HCI_OP_RESET                     BT_HCI_OP(BT_OGF_BASEBAND, 0x003)
#define BT_HCI_OP_READ_BD_ADDR              BT_HCI_OP(BT_OGF_INFO, 0x009)
#define BT_HCI_OP_LE_SET_EVENT_MASK         BT_HCI_OP(BT_OGF_LE, 0x001)
#define BT_HCI_OP_LE_READ_BUFFER_SIZE       BT_HCI_OP(BT_OGF_LE, 0x002)
#define BT_HCI_OP_LE_READ_LOCAL_FEATURES    BT_HCI_OP(BT_OGF_LE, 0x003)
#define BT_HCI_OP_LE_SET_RANDOM_ADDRESS     BT_HCI_OP(BT_OGF_LE, 0x005)
#define BT_HCI_OP_LE_SET_ADV_PARAMS         BT_HCI_OP(BT_OGF_LE, 0x006)
#define BT_HCI_OP_LE_SET_ADV_DATA           BT_HCI_OP(BT_OGF_LE, 0x008)
#define BT_HCI_OP_LE_SET_SCAN_RSP_DATA      BT_HCI_OP(BT_OGF_LE, 0x009)
#define BT_HCI_OP_LE_SET_ADV_ENABLE         BT_HCI_OP(BT_OGF_LE, 0x00A)
#define BT_HCI_OP_LE_SET_SCAN_PARAMS        BT_HCI_OP(BT_OGF_LE, 0x00B)
#define BT_HCI_OP_LE_SET_SCAN_ENABLE        BT_HCI_OP(BT_OGF_LE, 0x00C)
#define BT_HCI_OP_LE_CREATE_CONN            BT_HCI_OP(BT_OGF_LE, 0x00D)
#define BT_HCI_OP_LE_CREATE_CONN_CANCEL     BT_HCI_OP(BT_OGF_LE, 0x00E)
#define BT_HCI_OP_LE_CONN_UPDATE            BT_HCI_OP(BT_OGF_LE, 0x013)
#define BT_HCI_OP_LE_ENABLE_ENCRYPTION      BT_HCI_OP(BT_OGF_LE, 0x019)
#define BT_HCI_OP_LE_LTK_REQ_REPLY          BT_HCI_OP(BT_OGF_LE, 0x01A)
#define BT_HCI_OP_LE_LTK_REQ_NEG_REPLY      BT_HCI_OP(BT_OGF_LE, 0x01B)

/* ---- HCI events ---- */
#define BT_HCI_EVT_DISCONN_COMPLETE         0x05
#define BT_HCI_EVT_ENCRYPT_CHANGE           0x08
#define BT_HCI_EVT_CMD_COMPLETE             0x0E
#define BT_HCI_EVT_CMD_STATUS               0x0F
#define BT_HCI_EVT_NUM_COMPLETED_PACKETS    0x13
#define BT_HCI_EVT_ENCRYPT_KEY_REFRESH      0x30
#define BT_HCI_EVT_LE_META                  0x3E

/* LE Meta sub-events */
#define BT_HCI_LE_CONN_COMPLETE             0x01
#define BT_HCI_LE_ADV_REPORT                0x02
#define BT_HCI_LE_CONN_UPDATE_COMPLETE      0x03
#define BT_HCI_LE_LTK_REQUEST               0x05
#define BT_HCI_LE_ENH_CONN_COMPLETE         0x0A

/* ACL header: the handle's top bits */
#define BT_ACL_HANDLE_MASK                  0x0FFF
#define BT_ACL_PB_SHIFT                     12
#define BT_ACL_PB_FIRST_NON_FLUSH           0x0
#define BT_ACL_PB_CONTINUING                0x1

/* ---- error codes (HCI status, disconnection reasons) ---- */
#define BT_ERR_UNKNOWN_CONN                 0x02
#define BT_ERR_PIN_OR_KEY_MISSING           0x06
#define BT_ERR_REMOTE_USER_TERMINATED       0x13
#define BT_ERR_REMOTE_LOW_RESOURCES         0x14
#define BT_ERR_REMOTE_POWER_OFF             0x15

/* ---- L2CAP ---- */
#define BT_L2CAP_CID_ATT                    0x0004
#define BT_L2CAP_CID_LE_SIG                 0x0005
#define BT_L2CAP_CID_SMP                    0x0006
#define BT_L2CAP_HDR_LEN                    4

#define BT_L2CAP_CMD_REJECT                 0x01
#define BT_L2CAP_CONN_PARAM_UPDATE_REQ      0x12
#define BT_L2CAP_CONN_PARAM_UPDATE_RSP      0x13
#define BT_L2CAP_REJ_NOT_UNDERSTOOD         0x0000

/* ---- ATT opcodes and errors ---- */
#define BT_ATT_OP_ERROR_RSP                 0x01
#define BT_ATT_OP_MTU_REQ                   0x02
#define BT_ATT_OP_MTU_RSP                   0x03
#define BT_ATT_OP_FIND_INFO_REQ             0x04
#define BT_ATT_OP_FIND_INFO_RSP             0x05
#define BT_ATT_OP_FIND_TYPE_REQ             0x06
#define BT_ATT_OP_FIND_TYPE_RSP             0x07
#define BT_ATT_OP_READ_TYPE_REQ             0x08
#define BT_ATT_OP_READ_TYPE_RSP             0x09
#define BT_ATT_OP_READ_REQ                  0x0A
#define BT_ATT_OP_READ_RSP                  0x0B
#define BT_ATT_OP_READ_BLOB_REQ             0x0C
#define BT_ATT_OP_READ_BLOB_RSP             0x0D
#define BT_ATT_OP_READ_GROUP_REQ            0x10
#define BT_ATT_OP_READ_GROUP_RSP            0x11
#define BT_ATT_OP_WRITE_REQ                 0x12
#define BT_ATT_OP_WRITE_RSP                 0x13
#define BT_ATT_OP_PREPARE_WRITE_REQ         0x16
#define BT_ATT_OP_PREPARE_WRITE_RSP         0x17
#define BT_ATT_OP_EXEC_WRITE_REQ            0x18
#define BT_ATT_OP_EXEC_WRITE_RSP            0x19
#define BT_ATT_OP_NOTIFY                    0x1B
#define BT_ATT_OP_INDICATE                  0x1D
#define BT_ATT_OP_CONFIRM                   0x1E
#define BT_ATT_OP_WRITE_CMD                 0x52
#define BT_ATT_OP_CMD_FLAG                  0x40 /* a command: no response */

#define BT_ATT_ERR_INVALID_HANDLE           0x01
#define BT_ATT_ERR_READ_NOT_PERMITTED       0x02
#define BT_ATT_ERR_WRITE_NOT_PERMITTED      0x03
#define BT_ATT_ERR_INVALID_PDU              0x04
#define BT_ATT_ERR_NOT_SUPPORTED            0x06
#define BT_ATT_ERR_INVALID_OFFSET           0x07
#define BT_ATT_ERR_PREPARE_QUEUE_FULL       0x09
#define BT_ATT_ERR_ATTRIBUTE_NOT_FOUND      0x0A
#define BT_ATT_ERR_INVALID_ATTRIBUTE_LEN    0x0D
#define BT_ATT_ERR_UNLIKELY                 0x0E
#define BT_ATT_ERR_UNSUPPORTED_GROUP_TYPE   0x10
#define BT_ATT_ERR_INSUFFICIENT_RESOURCES   0x11

#define BT_ATT_LAST_HANDLE                  0xFFFF

/* GATT declarations' attribute types */
#define BT_UUID_GATT_PRIMARY_SERVICE        0x2800
#define BT_UUID_GATT_CHARACTERISTIC         0x2803

/* little-endian fields of HCI and L2CAP packets; on a little-endian CPU a
 * memcpy, which the compiler makes one halfword access where the CPU allows
 * unaligned ones (the Cortex-M7 does) */
static inline uint16_t get16(const uint8_t *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return v;
#else
    return (uint16_t)(p[0] | p[1] << 8);
#endif
}

static inline void put16(uint8_t *p, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, sizeof(v));
#else
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
#endif
}

#endif
