# Python modules in place of micropython-lib's (Debian's MicroPython source
# carries none), frozen into the board's firmware and into the unix port.
module("ssl.py")
package("umqtt")
package("unittest")
# and asyncio, which MicroPython keeps in extmod/ (the unix port's standard
# variant freezes it too)
include("$(MPY_DIR)/extmod/asyncio")
