# h7stack: the two commands a user needs are `make run` and `make test`.
SHELL := /bin/bash
TOP   := $(CURDIR)
PY    := /usr/bin/python3
QEMU  := .deps/qemu-build/qemu-system-arm
QEMU_SRC := $(wildcard qemu/hw/*) scripts/qemu_glue.sh scripts/build_qemu.sh

.PHONY: all build deps qemu firmware run test test-qemu bench clean

all: build

deps: .deps/deps.stamp
.deps/deps.stamp: scripts/deps.sh
	bash scripts/deps.sh
	@touch $@

qemu: $(QEMU)
$(QEMU): .deps/deps.stamp $(QEMU_SRC)
	bash scripts/build_qemu.sh
	@touch $@

firmware: .deps/deps.stamp
	$(MAKE) -C firmware
	$(MAKE) -C firmware/h747-cm7 -j2

build: qemu firmware

run: build
	scripts/run_qemu.sh

test: build
	$(MAKE) -C tests/unit test
	$(PY) -m pytest -q tests/integration

# the upstream qemu port (MPS2_AN385) as the reference for perf_bench
AN385 := build/mpy-qemu-an385/firmware.elf
$(AN385): .deps/deps.stamp
	GIT_CEILING_DIRECTORIES=$(TOP)/.deps $(MAKE) -C .deps/micropython/ports/qemu \
	  BOARD=MPS2_AN385 FROZEN_MANIFEST= BUILD=$(TOP)/build/mpy-qemu-an385 -j2

bench: build $(AN385)
	$(PY) scripts/bench.py
	$(MAKE) -C tests/unit bench
	$(PY) scripts/bench_ipc.py
	$(PY) scripts/bench_mpy.py

clean:
	rm -rf build
