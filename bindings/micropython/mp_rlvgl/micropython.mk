# mp_rlvgl as a MicroPython user C module (USER_C_MODULES=bindings/micropython).
# On the unix port the render side is a thread (lib/ui/ui_host.c); on the
# STM32H747 CM7 port (MP_RLVGL_TARGET=h747) it is the CM4, over the
# display-stack channel of lib/ipc (port_h747.c, the board glue).
# H7_MODULES_OFF=mp_rlvgl leaves it out (scripts/bench_ui.py measures its size)
ifeq ($(filter mp_rlvgl,$(H7_MODULES_OFF)),)
MP_RLVGL_DIR := $(USERMOD_DIR)
H7TOP := $(abspath $(MP_RLVGL_DIR)/../../..)

SRC_USERMOD_C += $(MP_RLVGL_DIR)/mod_mp_rlvgl.c
SRC_USERMOD_LIB_C += $(addprefix $(H7TOP)/lib/ui/, ui_node.c ui_wire.c ui_app.c)
CFLAGS_USERMOD += -I$(H7TOP)/lib/ui -I$(H7TOP)/lib/ipc -I$(H7TOP)/build/ui
ifeq ($(MP_RLVGL_TARGET),h747)
SRC_USERMOD_LIB_C += $(MP_RLVGL_DIR)/port_h747.c
CFLAGS_USERMOD += -I$(H7TOP)/firmware/h747 -I$(H7TOP)/firmware/cortex-m -I$(H7TOP)/firmware/h747-cm7
else
SRC_USERMOD_LIB_C += $(addprefix $(H7TOP)/lib/ui/, ui_render.c ui_server.c ui_png.c ui_host.c \
	ui_sdl.c)
SRC_USERMOD_LIB_C += $(addprefix $(H7TOP)/lib/ipc/, ipc_ring.c ipc_chan.c ipc_host.c)
CFLAGS_USERMOD += -DMP_RLVGL_HOST=1 $(shell pkg-config --cflags sdl2)
LDFLAGS_USERMOD += -lpthread $(shell pkg-config --libs sdl2)
endif
endif
