# h7stack: the two commands a user needs are `make run` and `make test`.
SHELL := /bin/bash
TOP   := $(CURDIR)
PY    := /usr/bin/python3
QEMU  := .deps/qemu-build/qemu-system-arm
QEMU_SRC := $(wildcard qemu/hw/*) scripts/qemu_glue.sh scripts/build_qemu.sh

.PHONY: all build deps qemu firmware desktop run test test-qemu test-ble test-mpy bench clean

all: build

deps: .deps/deps.stamp
.deps/deps.stamp: scripts/deps.sh $(wildcard patches/*/*.patch)
	bash scripts/deps.sh
	@touch $@

qemu: $(QEMU)
$(QEMU): .deps/deps.stamp $(QEMU_SRC)
	bash scripts/build_qemu.sh
	@touch $@

firmware: .deps/deps.stamp build/micropython/.flags-stamp
	$(MAKE) -C firmware
	$(MAKE) -C firmware/h747-cm7 -j2

# the desktop mirror of mp_rlvgl: the CPython extension (pip, offline, into
# build/cpython) and the MicroPython unix port with the user C module
UI_SRC := $(wildcard lib/ui/* lib/ipc/* bindings/cpython/*.c bindings/cpython/setup.py \
            bindings/micropython/mp_rlvgl/*) scripts/mkfont.py
MPY_UNIX := build/mpy-unix/micropython
desktop: build/cpython/.stamp $(MPY_UNIX)
build/cpython/.stamp: .deps/deps.stamp $(UI_SRC)
	$(PY) -m pip install -q --no-build-isolation --no-index --upgrade --target build/cpython ./bindings/cpython
	@touch $@
BLE_SRC := $(wildcard lib/ble/*/*.[ch] bindings/micropython/*/*.[ch])
# the modules' micropython.mk set flags that MicroPython's own objects are
# compiled with (MICROPY_PY_BLUETOOTH_*), and its make does not track flags
MPY_MK := $(wildcard bindings/micropython/*/micropython.mk) lib/ble/sources.mk
# (and the port's Makefile sets the port's flags, this one the unix port's)
build/micropython/.flags-stamp: firmware/h747-cm7/Makefile
build/mpy-unix/.flags-stamp: Makefile
build/mpy-unix/.flags-stamp build/micropython/.flags-stamp: $(MPY_MK)
	rm -rf $(@D)
	mkdir -p $(@D) && touch $@
MPY_LIB := $(shell find firmware/mpy-lib -name '*.py')
$(MPY_UNIX): .deps/deps.stamp $(UI_SRC) $(BLE_SRC) $(MPY_LIB) firmware/unix/h7_mbedtls_config.h \
	    build/mpy-unix/.flags-stamp
	$(PY) scripts/mkfont.py .deps/fonts/Lat15-Terminus16.psf.gz build/ui/ui_font_data.h
	GIT_CEILING_DIRECTORIES=$(TOP)/.deps $(MAKE) -C .deps/micropython/ports/unix -j2 \
	  VARIANT=standard MICROPY_PY_FFI=0 MICROPY_PY_BTREE=0 MICROPY_PY_SSL=1 \
	  MICROPY_SSL_MBEDTLS=1 MBEDTLS_CONFIG_FILE='\"h7_mbedtls_config.h\"' \
	  CFLAGS_EXTRA=-I$(TOP)/firmware/unix FROZEN_MANIFEST=$(TOP)/firmware/mpy-lib/manifest.py \
	  MPY_LIB_DIR=$(TOP)/firmware/mpy-lib USER_C_MODULES=$(TOP)/bindings/micropython \
	  BUILD=$(TOP)/build/mpy-unix

build: qemu firmware desktop

run: build
	scripts/run_qemu.sh

# each suite's time is printed after it ("[time] ..."); H7_TEST_WORKERS=2
# runs the fuzz and the integration tests on both cores, the multitests
# after (scripts/test_suites.sh; the default runs them one after another)
test: build
	bash scripts/timed.sh format bash scripts/format.sh --check
	bash scripts/timed.sh unit $(MAKE) -C tests/unit test
	bash scripts/timed.sh ble $(MAKE) -C tests/ble test
	PY=$(PY) bash scripts/test_suites.sh

# MicroPython's suite the three ways its CI runs QEMU boards: plain,
# --via-mpy and --via-mpy --emit native (about 4 minutes each)
test-mpy: build
	H7_MPY_MODES=plain,via-mpy,native $(PY) -m pytest -q -s tests/integration/board/test_mpy_suite.py

# MicroPython's multi_bluetooth suite on our BLE host alone (docs/ble.md)
test-ble: build
	$(PY) -m pytest -q -s tests/ble_multi

# the upstream qemu port (MPS2_AN385) as the reference for perf_bench
AN385 := build/mpy-qemu-an385/firmware.elf
$(AN385): .deps/deps.stamp
	GIT_CEILING_DIRECTORIES=$(TOP)/.deps $(MAKE) -C .deps/micropython/ports/qemu \
	  BOARD=MPS2_AN385 FROZEN_MANIFEST= BUILD=$(TOP)/build/mpy-qemu-an385 -j2

bench: build $(AN385)
	$(PY) scripts/bench.py
	$(MAKE) -C tests/unit bench
	$(PY) scripts/bench_ipc.py
	$(PY) scripts/bench_ui.py
	$(PY) scripts/bench_mpy.py
	$(PY) scripts/bench_h7s3.py
	$(PY) scripts/bench_ble.py
	$(PY) scripts/bench_storage.py
	$(PY) scripts/bench_periph.py
	$(PY) scripts/bench_net.py

clean:
	rm -rf build
