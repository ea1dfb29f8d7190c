# Tandem: build, run and test. `make run` and `make test` work on a fresh Debian machine.
SWIFT ?= swift
SWIFTC ?= swiftc
RELEASE_FLAGS := -c release
TEST_FLAGS := -c release -Xswiftc -enable-testing
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
PYTHON ?= python3

.PHONY: all deps build run simulate test test-wire loadtest-smoke loadtest-tcp crash-test-quick crash-test tsan tsan-selftest generate bench bench-quick fuzz fuzz-quick fuzz-build clean

all: build

# libuv1-dev is the only system library; python3 runs the wire protocol's generator and Python client tests.
# Each is installed when missing.
deps:
	@if ! pkg-config --exists libuv 2>/dev/null; then \
		echo "installing libuv1-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libuv1-dev pkg-config >/dev/null; \
	fi
	@pkg-config --modversion libuv >/dev/null
	@if ! command -v $(PYTHON) >/dev/null; then \
		echo "installing python3"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 >/dev/null; \
	fi

build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# The server on its embedded demo configuration: order entry on 9100, market data on 9101, metrics on 9102.
run: build
	$(SWIFT) run $(RELEASE_FLAGS) tandem serve

# The simulator on the bundled demo scenario.
simulate: build
	$(SWIFT) run $(RELEASE_FLAGS) tandem simulate Protocol/examples/demo.jsonl --summary

# One release build (with testing enabled) serves the tests and the short benchmark run.
test: deps
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	$(MAKE) test-wire TANDEM_BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)/tandem"
	$(MAKE) bench-quick BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)"
	$(MAKE) loadtest-smoke BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)"
	$(MAKE) crash-test-quick BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)"
	$(MAKE) fuzz-quick

# The wire protocol beyond the Swift tests: generated files up to date, the Python codec and client, and the
# client against the real server when TANDEM_BIN names the tandem executable.
test-wire:
	$(PYTHON) Protocol/tools/generate.py --check
	cd Protocol/python && TANDEM_BIN="$(TANDEM_BIN)" $(PYTHON) -m unittest discover -s tests -t .

# The ring's, the server's and the replay read-ahead's tests under ThreadSanitizer, with a shorter ring stress
# run, then `tsan-selftest`.
# Release: the ring's operations are inlinable, so they are specialised into the tests and their slot accesses
# are instrumented. TSAN_RUN_OPTIONS: this toolchain's TSan ignores the accesses of intercepted memcpy / memmove /
# memset by default (copies of large elements are such calls); and it drops a race whose earlier access has
# left the thread's history, as a slot read one lap of the ring before its overwrite often has by default.
# Not part of `make test`.
TSAN_RUN_OPTIONS := ignore_interceptors_accesses=0 history_size=7
tsan: deps
	$(SWIFT) build --scratch-path .build-tsan -c release -Xswiftc -enable-testing --sanitize=thread --build-tests
	TSAN_OPTIONS="$(TSAN_RUN_OPTIONS)" TANDEM_RING_STRESS_ITEMS=2000000 $(SWIFT) test --scratch-path .build-tsan \
		-c release -Xswiftc -enable-testing --sanitize=thread --skip-build --filter 'TandemRingTests|TandemServerTests|ReplayPrefetcherTests'
	$(MAKE) tsan-selftest

# Proves that `make tsan` can fail: for each of the ring's two indices, a throwaway package holds the ring's
# tests and a copy of the ring whose releasing stores and acquiring loads of that index are weakened to
# relaxed; TSan must report a data race on the ring's slots (memory allocated by its init).
TSAN_SELFTEST_DIR := .build-tsan-selftest
tsan-selftest:
	@for index in tail head; do \
		package=$(TSAN_SELFTEST_DIR)/$$index; \
		mkdir -p $$package/Sources/TandemRing $$package/Tests/TandemRingTests || exit 1; \
		printf '%s\n' '// swift-tools-version:6.1' 'import PackageDescription' \
			'let package = Package(name: "RingSelfTest", targets: [.target(name: "TandemRing"),' \
			'    .testTarget(name: "TandemRingTests", dependencies: ["TandemRing"])], swiftLanguageModes: [.v6])' \
			> $$package/Package.swift; \
		cp Tests/TandemRingTests/*.swift $$package/Tests/TandemRingTests/; \
		ring=$$package/Sources/TandemRing/SPSCRing.swift; \
		sed -E "s/($$index\.(load|store)\([^)]*ordering: )\.(acquiring|releasing)\)/\1.relaxed)/g" \
			Sources/TandemRing/SPSCRing.swift > $$ring; \
		if cmp -s Sources/TandemRing/SPSCRing.swift $$ring \
			|| grep -qE "$$index\.(load|store)\([^)]*\.(acquiring|releasing)\)" $$ring; then \
			echo "tsan-selftest: cannot weaken the $$index's orderings in SPSCRing.swift"; exit 1; fi; \
		echo "tsan-selftest: the $$index's orderings weakened to relaxed ($$(diff Sources/TandemRing/SPSCRing.swift \
			$$ring | grep -c '^>') lines), building"; \
		$(SWIFT) build --package-path $$package -c release -Xswiftc -enable-testing --sanitize=thread \
			--build-tests -q || exit 1; \
		TSAN_OPTIONS="$(TSAN_RUN_OPTIONS) halt_on_error=1" TANDEM_RING_STRESS_ITEMS=2000000 $(SWIFT) test \
			--package-path $$package -c release -Xswiftc -enable-testing --sanitize=thread --skip-build \
			> $$package/test.log 2>&1; \
		if grep -A3 'Location is heap block' $$package/test.log | grep -q 'SPSCRingC15minimumCapacity'; then \
			echo "tsan-selftest: data race on the slots reported, as it must be"; \
		else \
			tail -40 $$package/test.log; echo "tsan-selftest: TSan missed the $$index's weakened orderings"; exit 1; \
		fi; \
	done

# Regenerates the wire codecs and PROTOCOL.md's tables from Protocol/schema.json.
generate:
	$(PYTHON) Protocol/tools/generate.py

# The engine benchmarks; figures go to LoadTests/RESULTS.md.
bench: build
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --moves current
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --pool
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --pool --moves current
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --perpetual
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --perpetual --pool
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload liquidations --accounts 100000 --commands 1000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload liquidations --accounts 1000 --commands 1000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --rate 1000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload inserts --seconds 3
	$(SWIFT) run $(RELEASE_FLAGS) loadtest codec

# A short benchmark run inside `make test`: proves the harness works end to end, asserts no figure.
BIN ?= $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
bench-quick:
	@[ -x "$(BIN)/loadtest" ] || $(SWIFT) build $(RELEASE_FLAGS) --product loadtest
	$(BIN)/loadtest engine --workload ec2018 --commands 200000 --quiet
	$(BIN)/loadtest engine --workload ec2018 --commands 200000 --pool --quiet
	$(BIN)/loadtest engine --workload ec2018 --commands 200000 --perpetual --pool --quiet
	$(BIN)/loadtest engine --workload liquidations --accounts 10000 --commands 200000 --quiet
	$(BIN)/loadtest engine --workload inserts --seconds 0.5 --quiet
	$(BIN)/loadtest codec --messages 200000 --quiet

# The TCP load test against a server it starts: a 2-second smoke run inside `make test` (fails on any error,
# checks the JSON, HTML and .hgrm reports), and the full runs whose figures are in LoadTests/RESULTS.md.
LOADTEST_OUT ?= .build-loadtest-tcp
loadtest-smoke:
	@[ -x "$(BIN)/loadtest" ] && [ -x "$(BIN)/tandem" ] || $(SWIFT) build $(RELEASE_FLAGS)
	rm -rf $(LOADTEST_OUT)/smoke-mix $(LOADTEST_OUT)/smoke-ec2018-steps
	$(BIN)/loadtest tcp --spawn --tandem $(BIN)/tandem --workload mix --connections 4 --rate 2000 --duration 2 \
		--warmup 0.5 --inject-rejects 3 --output $(LOADTEST_OUT)/smoke-mix --quiet > /dev/null
	$(PYTHON) LoadTests/check_tcp_report.py $(LOADTEST_OUT)/smoke-mix
	$(BIN)/loadtest tcp --spawn --tandem $(BIN)/tandem --workload ec2018 --connections 4 --commands 20000 --step \
		--rate 1000 --step-factor 2 --max-rate 2000 --step-duration 1 --warmup 0.2 \
		--output $(LOADTEST_OUT)/smoke-ec2018-steps --quiet > /dev/null
	$(PYTHON) LoadTests/check_tcp_report.py $(LOADTEST_OUT)/smoke-ec2018-steps --steps

loadtest-tcp: build
	$(BIN)/loadtest tcp --spawn --durability async --workload makers --connections 8 --window 1024 --duration 10 \
		--output $(LOADTEST_OUT)/closed-loop
	$(BIN)/loadtest tcp --spawn --durability async --workload mix --connections 8 --rate 100000 --duration 10 \
		--output $(LOADTEST_OUT)/open-100k
	$(BIN)/loadtest tcp --spawn --durability async --workload makers --connections 1 --window 1 --duration 10 \
		--output $(LOADTEST_OUT)/ping-pong
	$(BIN)/loadtest tcp --spawn --durability sync --workload makers --connections 8 --window 256 --duration 10 \
		--output $(LOADTEST_OUT)/sync
	$(BIN)/loadtest tcp --spawn --durability async --workload ec2018 --connections 8 --step --rate 50000 \
		--output $(LOADTEST_OUT)/ec2018-steps

# Crash tests of the journal (LoadTests/crash_test.py): SIGKILL the server at random moments under load from
# `loadtest tcp --received-log`, restart it on the same directory, and check every report the clients received
# against the journal, the recovered state hash against a replay's, the sequence numbers and conservation per
# asset; then kill servers while they start on a new directory and check the opening deposits. The seed is
# drawn from the clock and printed (CRASH_SEED=S repeats a run). The quick one, with the self-test that a
# journal cut short is caught, is part of `make test`.
CRASH_ARGS = --bin $(BIN) $(if $(CRASH_SEED),--seed $(CRASH_SEED))
crash-test-quick:
	@[ -x "$(BIN)/loadtest" ] && [ -x "$(BIN)/tandem" ] || $(SWIFT) build $(RELEASE_FLAGS)
	$(PYTHON) LoadTests/crash_test.py $(CRASH_ARGS) --kills 20 --startup-kills 10
	$(PYTHON) LoadTests/crash_test.py --bin $(BIN) --seed 1 --kills 1 --inject-loss 300

crash-test:
	@[ -x "$(BIN)/loadtest" ] && [ -x "$(BIN)/tandem" ] || $(SWIFT) build $(RELEASE_FLAGS)
	$(PYTHON) LoadTests/crash_test.py $(CRASH_ARGS) --kills 200 --startup-kills 100

# libFuzzer on the wire decoder and framer (Fuzz/WireFuzzer.swift compiled into the TandemWire module), seeded
# with Protocol/vectors; the corpus it grows stays in .build-fuzz/corpus, a crashing input lands in .build-fuzz/.
# `make fuzz FUZZ_SECONDS=600`.
FUZZ_SECONDS ?= 600
FUZZ_DIR := .build-fuzz
WIRE_SOURCES := $(wildcard Sources/TandemWire/*.swift Sources/TandemWire/Generated/*.swift)
fuzz-build: $(FUZZ_DIR)/wire-fuzzer
$(FUZZ_DIR)/wire-fuzzer: $(WIRE_SOURCES) Fuzz/WireFuzzer.swift
	@mkdir -p $(FUZZ_DIR)
	@echo "building $@ (TandemWire and Fuzz/WireFuzzer.swift with -sanitize=fuzzer,address)"
	@$(SWIFTC) -sanitize=fuzzer,address -parse-as-library -O -use-ld=lld -module-name TandemWire \
		$(WIRE_SOURCES) Fuzz/WireFuzzer.swift -o $@
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/corpus
	$(PYTHON) Protocol/tools/fuzz_seeds.py $(FUZZ_DIR)/seeds
	$(FUZZ_DIR)/wire-fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

# Ten seconds of fuzzing inside `make test`, its output kept in a log unless it finds something.
fuzz-quick: fuzz-build
	@mkdir -p $(FUZZ_DIR)/corpus
	@$(PYTHON) Protocol/tools/fuzz_seeds.py $(FUZZ_DIR)/seeds
	@$(FUZZ_DIR)/wire-fuzzer -max_total_time=10 -max_len=4096 -artifact_prefix=$(FUZZ_DIR)/ \
		$(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds \
		> $(FUZZ_DIR)/quick.log 2>&1 || (tail -40 $(FUZZ_DIR)/quick.log; exit 1)
	@echo "fuzz-quick: $$(grep -E '^Done' $(FUZZ_DIR)/quick.log), no crash"

clean:
	rm -rf .build .build-tsan $(TSAN_SELFTEST_DIR) $(FUZZ_DIR) $(LOADTEST_OUT)
