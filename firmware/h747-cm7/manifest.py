# Frozen into the STM32H747I-DISCO MicroPython image.
freeze("$(PORT_DIR)/modules")
include("$(MPY_LIB_DIR)/manifest.py")
