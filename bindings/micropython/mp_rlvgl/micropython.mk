# mp_rlvgl as a MicroPython user C module (USER_C_MODULES=bindings/micropython).
# On the unix port the render side is a thread (lib/ui/ui_host.c).
MP_RLVGL_DIR := $(USERMOD_DIR)
H7TOP := $(abspath $(MP_RLVGL_DIR)/../../..)

SRC_USERMOD_C += $(MP_RLVGL_DIR)/mod_mp_rlvgl.c
SRC_USERMOD_LIB_C += $(addprefix $(H7TOP)/lib/ui/, ui_node.c ui_wire.c ui_render.c ui_app.c \
	ui_server.c ui_png.c ui_host.c)
SRC_USERMOD_LIB_C += $(addprefix $(H7TOP)/lib/ipc/, ipc_ring.c ipc_chan.c ipc_host.c)
CFLAGS_USERMOD += -I$(H7TOP)/lib/ui -I$(H7TOP)/lib/ipc -I$(H7TOP)/build/ui -DMP_RLVGL_HOST=1
LDFLAGS_USERMOD += -lpthread
