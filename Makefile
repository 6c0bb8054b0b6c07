# The README's commands. `make test` is what CI runs (through .ci/run).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup toolchain fmt lint unit-test cross chain-test test demo wasm schema schema-check localnet localnet-down regions regions-down regions-status bench clean

help:
	@echo "make setup         install what a fresh Debian machine lacks (make demo and make test run it)"
	@echo "make demo          the product end to end on a local chain: deploy, meters, a billing period, bills, payments, exports"
	@echo "                   (STOP=1 stops the chain at the end)"
	@echo "make test          fmt check, clippy, all tests, wasm build, schema freshness, tests on the real chain (what CI runs)"
	@echo "make chain-test    only the tests on the real chain (resets the localnet; stops it at the end)"
	@echo "make cross         build the meter client for a Raspberry Pi (aarch64 Linux)"
	@echo "make wasm          build every contract into artifacts/ (Rust 1.86.0, wasm-opt when present)"
	@echo "make schema        regenerate the JSON schema under schema/"
	@echo "make localnet      start the four-validator local chain and wait for blocks"
	@echo "make localnet-down stop the local chain (state stays on disk)"
	@echo "make regions       regional sub-chains beside the main chain, linked over IBC by the Go relayer"
	@echo "                   (REGIONS=2 sub-chains, REGION_NODES=1 validators each; RESET=1 starts them fresh;"
	@echo "                   starts the main chain too if needed; relayer/README.md)"
	@echo "make regions-down  stop the relayer and the sub-chains (state stays on disk; RESET=1 deletes it)"
	@echo "make regions-status the relayer, each chain's height, the channels"
	@echo "make bench         gas and throughput on the running localnet (after make localnet; ~25 min)"

# What a fresh Debian machine lacks (Debian packages, the pinned Rust toolchain, a Go toolchain
# for building wasmd when the machine's Go is too old): scripts/setup.sh, a no-op once done.
setup:
	@./scripts/setup.sh

# rustup does not install a pinned toolchain by itself on these machines (RUSTUP_AUTO_INSTALL=0);
# in the repository root this reads rust-toolchain.toml, with its target and components.
toolchain:
	@rustup toolchain install >/dev/null 2>&1 || rustup toolchain install
	@rustc --version

fmt:
	cargo fmt --all

lint: toolchain
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p ledger-meter --features postcard-records --all-targets -- -D warnings

unit-test: toolchain
	cargo test --locked --workspace
	# The meter's postcard build, which only the benchmark deploys, keeps passing the meter's tests.
	# In a target directory of its own: the contracts' cdylib files carry no hash in their names,
	# so this build would overwrite the workspace's and make chain-test compile them all again.
	cargo test --locked -p ledger-meter --features postcard-records --target-dir "$${CARGO_TARGET_DIR:-target}/postcard"
	# The gateway's browser modules (key store, secp256k1 sign-in, formatting), in Node.js.
	node --test gateway/web/test/

# The tests on the real chain: a fresh localnet, the chain tests of packages/client, cli,
# meter-client and e2e/ one at a time, the network stopped at the end (scripts/chain-test.sh).
chain-test: wasm
	./scripts/chain-test.sh

# The meter client for a Raspberry Pi (64-bit Raspberry Pi OS). Linking needs Debian's
# gcc-aarch64-linux-gnu and libc6-dev-arm64-cross; the linker is set in .cargo/config.toml.
cross: toolchain
	cargo build --locked -p meter-client --target aarch64-unknown-linux-gnu
	@echo "meter client for aarch64: $${CARGO_TARGET_DIR:-target}/aarch64-unknown-linux-gnu/debug/meter-client"

test: setup lint unit-test wasm schema-check cross chain-test

# The main job (scripts/demo.sh). `make demo STOP=1` (or DEMO_STOP=1) stops the chain at the end.
demo: setup toolchain
	DEMO_STOP="$${DEMO_STOP:-$(STOP)}" ./scripts/demo.sh

wasm: toolchain
	./scripts/build-wasm.sh

schema: toolchain
	cargo run --quiet --locked -p ledger-types --bin schema -- schema

schema-check: toolchain
	./scripts/check-schema.sh

localnet:
	./localnet/start.sh

localnet-down:
	./localnet/stop.sh

# Regional sub-chains and the relayer (relayer/regions.sh). The relayer is built from source into
# the cache on first use (about 9 minutes on two cores).
regions:
	REGIONS="$(or $(REGIONS),2)" REGION_NODES="$(REGION_NODES)" RESET="$(RESET)" ./relayer/regions.sh up

regions-down:
	RESET="$(RESET)" ./relayer/regions.sh down

regions-status:
	./relayer/regions.sh status

# Needs the localnet running (`make localnet`). Builds what it runs: the contracts (the
# benchmark deploys a ledger of its own) and release builds of the benchmark and the meter
# client. BENCH_SMOKE=1 make bench is a short check that every step works.
bench: toolchain wasm
	./scripts/build-wasm.sh --bench
	cargo build --locked --release -p ledger-bench -p meter-client
	"$${CARGO_TARGET_DIR:-target}/release/ledger-bench"

clean:
	cargo clean
	rm -rf artifacts
