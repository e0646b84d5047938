# Frozen into the STM32H747I-DISCO MicroPython image.
freeze("$(PORT_DIR)/modules")
include("$(MPY_LIB_DIR)/manifest.py")
# WebREPL needs the board's _webrepl and os.dupterm: not the unix port's
module("webrepl.py", base_path="$(MPY_LIB_DIR)")
