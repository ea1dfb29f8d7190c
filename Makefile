# Tandem: build, run and test. `make run` and `make test` work on a fresh Debian machine.
SWIFT ?= swift
RELEASE_FLAGS := -c release
TEST_FLAGS := -c release -Xswiftc -enable-testing
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: all deps build run simulate test bench bench-quick clean

all: build

# libuv1-dev is the only system dependency; install it when pkg-config cannot find it.
deps:
	@if ! pkg-config --exists libuv 2>/dev/null; then \
		echo "installing libuv1-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libuv1-dev pkg-config >/dev/null; \
	fi
	@pkg-config --modversion libuv >/dev/null

build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Until the TCP server exists, run the simulator on the bundled demo scenario.
run: build
	$(SWIFT) run $(RELEASE_FLAGS) tandem simulate Protocol/examples/demo.jsonl --summary

# One release build (with testing enabled) serves the tests and the short benchmark run.
test: deps
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	$(MAKE) bench-quick BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)"

# The engine benchmarks; figures go to LoadTests/RESULTS.md.
bench: build
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --moves current
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --pool
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --pool --moves current
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload ec2018 --commands 3000000 --rate 1000000
	$(SWIFT) run $(RELEASE_FLAGS) loadtest engine --workload inserts --seconds 3

# A short benchmark run inside `make test`: proves the harness works end to end, asserts no figure.
BIN ?= $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
bench-quick:
	@[ -x "$(BIN)/loadtest" ] || $(SWIFT) build $(RELEASE_FLAGS) --product loadtest
	$(BIN)/loadtest engine --workload ec2018 --commands 200000 --quiet
	$(BIN)/loadtest engine --workload ec2018 --commands 200000 --pool --quiet
	$(BIN)/loadtest engine --workload inserts --seconds 0.5 --quiet

clean:
	rm -rf .build
