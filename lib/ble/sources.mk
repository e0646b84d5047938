# The h7stack BLE host's C sources and include folders, relative to lib/ble:
# one list for every build that takes the host (the MicroPython module's
# micropython.mk, tests/fuzz/Makefile).
BLE_HOST_C := os/ble_os.c hci/h4.c hci/btsnoop.c \
	host/hci.c host/gap.c host/l2cap.c host/l2cap_coc.c host/smp.c host/smp_sc.c \
	host/att_server.c host/att_client.c \
	crypto/aes_cmac.c crypto/smp_legacy.c crypto/smp_secure.c crypto/p256.c
BLE_HOST_INC := os hci host crypto
