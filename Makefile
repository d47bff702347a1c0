# Entry points: `make run` (install deps, build, start standalone) and `make test` (install deps,
# build, run every unit and integration test). See README.md.
BUILD_DIR   := build/release
ASAN_DIR    := build/asan
CMAKE_FLAGS := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
JOBS        ?= $(shell nproc)

.PHONY: all deps build build-all run test test-unit test-asan conformance clean format

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release

# The optimized binary at build/release/greptime.
build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) --target greptime -j $(JOBS)

build-all: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/greptime standalone start --data-home ./greptimedb_data

test: build-all
	@scripts/install-test-services.sh
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

test-unit: build-all
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

# Black-box conformance: a fresh standalone server against ../shared/conformance (sqlness SQL
# cases and Prometheus' PromQL tests). Prints `N passed, M failed, K skipped` per corpus.
conformance: build
	/usr/bin/python3 scripts/conformance.py

$(ASAN_DIR)/build.ninja:
	cmake -S . -B $(ASAN_DIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DGREPTIME_SANITIZE=ON

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) --timeout 900

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc')

clean:
	rm -rf build
