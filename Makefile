# gongkai — the two commands a newcomer needs are `make run` and `make test`.
# The Makefile drives CMake + Ninja; build directories:
#   build/       release-with-debug-info build of build/gongkai (make, make run)
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer build used by make test
#   build-fuzz/  clang libFuzzer build (make fuzz)
JOBS ?= 2
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all deps build test test-pg run fuzz bench corpus clean format

all: build

deps:
	@scripts/deps.sh build

build/build.ninja:
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps build/build.ninja
	ninja -C build -j $(JOBS)

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGONGKAI_SANITIZE=ON $(CMAKE_FLAGS)

# Installs missing packages (as root), builds under ASan+UBSan and runs every test through ctest:
# on SQLite and, with PostgreSQL 15 installed, every test that uses a database again on a throw-away
# cluster (the tests named NAME:pg; see CMakeLists.txt).
test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build-asan/build.ninja
	ninja -C build-asan -j $(JOBS)
	@tests/run.sh build-asan

# The PostgreSQL pass alone (the :pg tests and the cluster they share).
test-pg:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build-asan/build.ninja
	ninja -C build-asan -j $(JOBS)
	@tests/run.sh build-asan -L pg

run: build
	@scripts/run.sh

build-fuzz/build.ninja:
	CC=clang cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGONGKAI_SANITIZE=ON -DGONGKAI_FUZZ=ON

# Runs every libFuzzer target for FUZZ_SECONDS seconds each on its committed seed corpus.
fuzz: deps build-fuzz/build.ninja
	ninja -C build-fuzz -j $(JOBS)
	@scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/deps.sh bench
	@for b in bench/*.sh; do echo "== $$b"; bash $$b || exit 1; done

# Regenerates docs/corpus.md: the verdict on every real report of tests/fixtures/real/.
corpus: build
	@scripts/corpus-report.sh build/gongkai docs/corpus.md

format:
	clang-format -i src/*.c src/*/*.c src/*/*.h

clean:
	rm -rf build build-asan build-fuzz
