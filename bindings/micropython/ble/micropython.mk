# MicroPython's bluetooth module on the h7stack BLE host (lib/ble), as a
# user C module.  Unix port (port_unix.c): the HCI controller at
# $H7_BLE_HCI (default /tmp/bt-server-le): a unix socket (BlueZ's btvirt,
# any H4 server) or a tty (a UART adapter, a PTY; $H7_BLE_BAUD, 115200).  CM7 port (MP_RLVGL_TARGET=h747, port_h747.c): HCI
# on UART8, in QEMU the machine's second serial chardev.
# H7_MODULES_OFF=ble leaves it out (scripts/bench_ui.py measures the others)
ifeq ($(filter ble,$(H7_MODULES_OFF)),)
H7BLE_DIR := $(USERMOD_DIR)
H7BLE_TOP := $(abspath $(H7BLE_DIR)/../../..)
SRC_USERMOD_C += $(H7BLE_DIR)/modbluetooth_h7.c $(H7BLE_DIR)/l2cap.c $(H7BLE_DIR)/security.c
include $(H7BLE_TOP)/lib/ble/sources.mk
SRC_USERMOD_LIB_C += $(addprefix $(H7BLE_TOP)/lib/ble/, $(BLE_HOST_C))
CFLAGS_USERMOD += $(addprefix -I$(H7BLE_TOP)/lib/ble/, $(BLE_HOST_INC)) \
	-DMICROPY_PY_BLUETOOTH=1 -DMICROPY_PY_BLUETOOTH_USE_SYNC_EVENTS=1 \
	-DMICROPY_PY_BLUETOOTH_ENABLE_CENTRAL_MODE=1 -DMICROPY_PY_BLUETOOTH_ENABLE_GATT_CLIENT=1 \
	-DMICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS=1 -DMICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING=1
ifeq ($(MP_RLVGL_TARGET),h747)
SRC_USERMOD_LIB_C += $(H7BLE_DIR)/port_h747.c
# the board's tables sized for two connections, and a Device Name of up to
# 31 bytes as MicroPython's NimBLE builds have it (ble_host.h has the
# defaults); AES from the mbedtls the image has for TLS (its P-256, without
# MBEDTLS_ECP_NIST_OPTIM, made a Secure Connections pairing 5.5 times
# slower than lib/ble's own: that one stays)
CFLAGS_USERMOD += -I$(H7BLE_TOP)/firmware/h747 -I$(H7BLE_TOP)/firmware/cortex-m \
	-I$(H7BLE_TOP)/firmware/h747-cm7 -I$(H7BLE_TOP)/lib/bytering \
	-DBLE_MAX_CONN=2 -DBLE_TXQ_BYTES=4096 -DBLE_GATTC_QUEUE=2 -DBLE_GAP_NAME_MAX=31
ifeq ($(MICROPY_SSL_MBEDTLS),1)
CFLAGS_USERMOD += -DH7BT_CRYPTO_MBEDTLS=1
endif
else
SRC_USERMOD_C += $(H7BLE_DIR)/port_unix.c
SRC_USERMOD_LIB_C += $(H7BLE_TOP)/lib/ble/hci/hci_posix.c $(addprefix $(H7BLE_TOP)/lib/ble/, $(BLE_DEPS_C))
endif
endif
