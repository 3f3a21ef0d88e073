# gongkai — the two commands a newcomer needs are `make run` and `make test`.
# The Makefile drives CMake + Ninja; build directories:
#   build/       release-with-debug-info build of build/gongkai (make, make run), profile-guided
#   build-pgo/   the instrumented build whose run gives build/ its profile (PGO=0: none)
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer build used by make test
#   build-fuzz/  clang libFuzzer build (make fuzz)
JOBS ?= 2
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all deps build test test-pg run fuzz bench corpus clean format

all: build

deps:
	@scripts/deps.sh build

# The optimised build is profile-guided (GCC 12 or later; PGO=0 skips it): build-pgo/ is a build
# instrumented to count branches and calls, whose run over the committed report fixtures writes the
# counts that build/ compiles the report reader and checker with (CMakeLists.txt, docs/performance.md
# "Profile-guided optimisation"). The training is redone when those sources or fixtures change.
PGO ?= 1
PGO_DIR := $(CURDIR)/build-pgo/profile
PGO_INPUTS := $(wildcard src/report/*.[ch] src/util/*.[ch] src/cli/cli_report*.[ch] \
	tests/fixtures/reports/* tests/fixtures/real/* tests/fixtures/formats/*)
ifeq ($(PGO),1)
BUILD_PROFILE := $(PGO_DIR)/trained
BUILD_FLAGS := -DGONGKAI_PGO=use -DGONGKAI_PGO_DIR=$(PGO_DIR)
else
BUILD_PROFILE :=
BUILD_FLAGS := -DGONGKAI_PGO=
endif

$(PGO_DIR)/trained: $(PGO_INPUTS) | deps
	cmake -S . -B build-pgo -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGKAI_PGO=generate \
		-DGONGKAI_PGO_DIR=$(PGO_DIR) $(CMAKE_FLAGS)
	ninja -C build-pgo -j $(JOBS) gongkai
	rm -rf $(PGO_DIR) && mkdir -p $(PGO_DIR)
	build-pgo/gongkai report check tests/fixtures/reports tests/fixtures/real tests/fixtures/formats \
		>/dev/null 2>&1; test $$? -le 2
	@ls $(PGO_DIR)/*.gcda >/dev/null 2>&1 || echo "make: no profile counts (not GCC 12+?): build/ is not profile-guided"
	touch $@

build: deps $(BUILD_PROFILE)
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(BUILD_FLAGS) $(CMAKE_FLAGS) >/dev/null
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
	rm -rf build build-pgo build-asan build-fuzz
