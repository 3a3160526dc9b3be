# SPDX-License-Identifier: AGPL-3.0-or-later
#
#   make          install missing Debian packages, build everything into build/
#   make demo     ... then run `sovhub demo` (DIR=./sovhub-demo)
#   make test     build and run every test (ctest): the whole suite under
#                 ASan+UBSan (build-asan/); the few tests too slow under the
#                 sanitizers (label "slow") in the optimised build/; then each fuzzer
#                 for a few seconds (build-fuzz/)
#   make test-optimised   the whole suite in build/ as well (not part of make test:
#                 the suite is built once, under the sanitizers, to keep CI short)
#   make fuzz     run the fuzzers for FUZZ_SECONDS each (default 600)
#   make bench    benchmarks (bench/run all)
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
DIR ?= sovhub-demo
FUZZ_SECONDS ?= 600
CMAKE_FLAGS ?=

# The tests that only run in build/ (too slow under the sanitizers).
SLOW_TESTS = demo_no_nir_test sigkill_ingest_test ingest_memory_test registry_sigkill_test

.PHONY: all deps build demo test test-main test-optimised test-asan test-fuzz fuzz bench clean

all: build

deps:
	@sh scripts/install-deps

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

demo: build
	./build/sovhub demo $(DIR)

test: test-asan test-main test-fuzz

test-main: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS) --target sovhub $(SLOW_TESTS)
	cd build && ctest --output-on-failure -j $(JOBS) -L slow

test-optimised: build
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSOVHUB_SANITIZE=ON -DSOVHUB_BENCH=OFF >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE slow

test-fuzz: deps
	@cmake -S . -B build-fuzz -DSOVHUB_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	cd build-fuzz && ctest --output-on-failure

fuzz: deps
	@cmake -S . -B build-fuzz -DSOVHUB_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DSOVHUB_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	cd build-fuzz && ctest --output-on-failure --timeout 0

bench: build
	bench/run all

clean:
	rm -rf build build-asan build-fuzz
