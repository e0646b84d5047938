# The h7stack BLE host's C sources and include folders, relative to lib/ble:
# one list for every build that takes the host (the MicroPython module's
# micropython.mk, tests/fuzz/Makefile, tests/ble/Makefile).
# BLE_HCI_C is the HCI core alone (tests/ble/test_hci_alone.c links it so);
# BLE_DEPS_C the portable library it needs, which a firmware may already
# link for itself (the CM7 port does).
BLE_HCI_C := os/ble_os.c hci/h4.c host/hci.c
BLE_HOST_C := $(BLE_HCI_C) hci/btsnoop.c \
	host/host.c host/conn.c host/gap.c host/l2cap.c host/l2cap_coc.c host/smp.c host/smp_sc.c \
	host/att_server.c host/att_client.c \
	crypto/aes_cmac.c crypto/smp_legacy.c crypto/smp_secure.c crypto/p256.c
BLE_DEPS_C := ../bytering/bytering.c
BLE_HOST_INC := os hci host crypto ../bytering
