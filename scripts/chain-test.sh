#!/usr/bin/env bash
# make chain-test: the tests on the real chain (issue 3), on a fresh localnet.
#
# Builds what the tests run (the contracts must already be in artifacts/: `make chain-test`
# runs `make wasm` first), resets and starts the four-validator localnet, runs every chain test
# suite one test at a time, and always stops the network at the end, even on failure; when a
# suite fails, the tails of the nodes' logs are printed.
#
#   packages/client   the chain client: keys, fees, broadcasting, contract errors
#   cli               the admin CLI: deploy, register, bill, pay, query, export, errors
#   meter-client      the meter client killed mid-batch (chain test 3), the simulator, a fleet
#   e2e (gateway)     the REST gateway: sign-in by chain key, roles, paging, bills, barring
#   e2e (chain)       a validator down (2), the network restarted (4), bad input (5), the
#                     stock wasmd CLI from the schema (6)
#   e2e (demo)        scripts/demo.sh end to end, its bills checked (1); last, on the regions
#                     the IBC suites ran on
#   relayer/check     IBC (issue 13): two one-validator regional sub-chains beside the main
#                     chain, transfer channels linked by the Go relayer, relayer/check.sh
#                     (transfers both ways, a timeout with refund, a packet relayed after the
#                     relayer was down)
#   e2e/regions*      the ledger across the main chain and the regions (onboarding, readings,
#                     bills confirmed and paid, the relayer and a region down), on the same
#                     regions, after relayer/check; the regions are taken down and deleted after
#
# Two lanes run at once on the one main chain: the IBC lane (relayer/check, e2e/regions*, then
# the demo on the same regions, then e2e/gateway_chain) signs with the second set of test accounts
# (localnet/accounts-2.json), the other suites with the first, one after another; the suites
# that stop validators or the whole network (e2e/chain, meter-client/chain) run alone after both.
# CHAIN_TEST_PARALLEL=0 runs the IBC lane first and then the others, one suite at a time.
#
# Every integration-test binary with tests marked `#[ignore = "on the localnet: make chain-test"]`
# is a suite (no other test is ignored), so a new chain test file is picked up by itself. Environment: CHAIN_TEST_SUITES="e2e/chain cli/chain ..." runs only those
# (<package dir>/<test target>, or relayer/check; with only relayer/check nothing Rust is built);
# CHAIN_TEST_KEEP=1 leaves the network (and the regions and relayer) running at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

STARTED=$SECONDS

# Two lanes of suites share the main chain on two cores, and a regional suite stops one of its
# validators for minutes: blocks can come slowly enough that the clients' 60 s default gives up
# on a transaction that lands. The `ledger` and `meter-client` runs of the tests wait longer (the
# tests' own clients do too: e2e::chain::TX_TIMEOUT).
export LEDGER_TX_TIMEOUT="${LEDGER_TX_TIMEOUT:-180}"

say() { printf '\n\033[1mchain-test: %s\033[0m (%ds)\n' "$*" $((SECONDS - STARTED)); }

finish() {
  local status=$?
  if [ -n "${lane_pid:-}" ]; then
    pkill -P "$lane_pid" 2>/dev/null || true
    kill "$lane_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    say "failed; the last lines of each node's log:"
    for log in localnet/data/node*.log; do
      [ -f "$log" ] || continue
      printf '\n--- %s ---\n' "$log"
      tail -n 40 "$log"
    done
  fi
  if [ "${CHAIN_TEST_KEEP:-0}" = 1 ]; then
    say "leaving the network running (CHAIN_TEST_KEEP=1)"
  else
    regions_down
    say "stopping the network"
    ./localnet/stop.sh || true
  fi
  exit "$status"
}

# The regional sub-chains and the relayer of the IBC check, stopped and deleted (also after a
# failure or an interrupt: the trap calls it).
regions_up=false
regions_down() {
  [ "$regions_up" = true ] || return 0
  say "stopping and deleting the regional sub-chains and the relayer's data"
  RESET=1 ./relayer/regions.sh down || true
  regions_up=false
}

# Which suites run: every one by default, or those CHAIN_TEST_SUITES names.
wanted() {
  [ -z "${CHAIN_TEST_SUITES:-}" ] && return 0
  local w
  for w in $CHAIN_TEST_SUITES; do
    [ "$w" = "$1" ] && return 0
  done
  return 1
}
rust_wanted=true
if [ -n "${CHAIN_TEST_SUITES:-}" ]; then
  rust_wanted=false
  for w in $CHAIN_TEST_SUITES; do
    [ "$w" = relayer/check ] || rust_wanted=true
  done
fi

suites=()
if [ "$rust_wanted" = true ]; then
  for f in admin meter tariff bank settlement_token multisig; do
    [ -f "artifacts/$f.wasm" ] || {
      echo "chain-test: artifacts/$f.wasm is missing: run 'make wasm' first" >&2
      exit 1
    }
  done

  # Everything is compiled before the network starts (compiling while four validators run on two
  # cores slows the blocks, and the tests' timeouts with them). The chain tests are ordinary test
  # binaries whose tests are `#[ignore]`d, built by the same whole-workspace invocation as `make
  # unit-test`'s, so after it nothing is compiled again. The binaries are then run directly with
  # `--ignored`, one suite at a time, each from its package's directory as `cargo test` would.
  # The binaries the suites run (`ledger`, `meter-client`, `ledger-gateway`) have integration
  # tests of their own, so this builds them too.
  say "building the binaries and the chain tests"
  built="$(mktemp)"
  cargo test --locked --workspace --no-run --message-format=json-render-diagnostics >"$built"
  # "<package dir> <test target> <executable>" of every integration-test binary.
  binaries="$(jq -r 'select(.reason == "compiler-artifact" and .executable != null
      and .profile.test and .target.kind == ["test"])
    | "\(.manifest_path | sub("/Cargo.toml$"; "") | ltrimstr($root + "/")) \(.target.name) \(.executable)"' \
    --arg root "$PWD" "$built")"
  rm -f "$built"

  # The suites in order: the client library, the CLI, the meter client, then e2e's, the demo last
  # (it leaves the network in the state the demo describes).
  order() {
    case "$1" in
      packages/client/*) echo 1 ;;
      cli/*) echo 2 ;;
      meter-client/*) echo 3 ;;
      e2e/demo) echo 5 ;;
      *) echo 4 ;;
    esac
  }
  suites=()
  while read -r dir target exe; do
    [ -n "$dir" ] || continue
    # A suite is a test binary with ignored tests (only the chain tests are ignored).
    # (grep -c reads the whole list: with -q the binary would die of SIGPIPE under pipefail.)
    [ "$("$exe" --list --ignored 2>/dev/null | grep -c ': test$')" -gt 0 ] || continue
    suites+=("$(order "$dir/$target") $dir/$target $exe")
  done <<<"$binaries"
  mapfile -t suites < <(printf '%s\n' "${suites[@]}" | sort -k1,1n -k2,2)
  if [ -n "${CHAIN_TEST_SUITES:-}" ]; then
    selected=()
    for s in "${suites[@]}"; do
      wanted "$(cut -d' ' -f2 <<<"$s")" && selected+=("$s")
    done
    suites=("${selected[@]}")
  fi
fi
suites_named="$(printf '%s\n' "${suites[@]}" | cut -d' ' -f2 | tr '\n' ' ')"
wanted relayer/check && suites_named+="relayer/check"
[ -n "${suites_named// /}" ] || {
  echo "chain-test: no chain test suite to run" >&2
  exit 1
}
say "suites: $suites_named"

# The IBC relayer is built from source once (about 9 minutes on two cores) into the cache;
# before the network starts, so that the build does not slow the chain's blocks.
needs_regions=false
case " $suites_named" in *"/regions"* | *" relayer/check"*) needs_regions=true ;; esac
if [ "$needs_regions" = true ]; then
  say "installing the IBC relayer (cached after the first run)"
  ./relayer/install.sh >/dev/null
fi

say "starting a fresh localnet"
trap finish EXIT
./localnet/stop.sh --reset
./localnet/start.sh

failed=()
timings=()
lane_dir="$(mktemp -d)"
lane_pid=""
run() {
  local name="$1" exe="$2" dir started=$SECONDS
  dir="${name%/*}"
  say "suite $name"
  if (cd "$dir" && "$exe" --ignored --test-threads=1); then
    timings+=("$(printf '%-28s %4ds  passed' "$name" $((SECONDS - started)))")
  else
    timings+=("$(printf '%-28s %4ds  FAILED' "$name" $((SECONDS - started)))")
    failed+=("$name")
  fi
  # A suite that stopped the network or a node must not take the next suite down with it:
  # start.sh starts whichever node is not running and waits for blocks. Not while the IBC lane
  # runs beside: its regional suite stops a validator and starts it again itself.
  [ -n "$lane_pid" ] || ./localnet/start.sh >/dev/null 2>&1 || ./localnet/start.sh
}

region_logs() {
  for log in localnet/data-region-*/node*.log relayer/data/relayer.log; do
    [ -f "$log" ] || continue
    printf '\n--- %s ---\n' "$log"
    tail -n 40 "$log"
  done
}

# Three groups. e2e/chain (a validator down, the network restarted) and meter-client/chain (the
# network stopped under a running fleet) run alone, last.
# The IBC lane (relayer/check and e2e/regions* on two new one-validator regions, then the demo on
# the same regions, so that they start once a run) signs with the second set of test accounts
# (localnet/accounts-2.json) and runs beside the other suites, which sign with the first: no
# account sequence is shared, and each suite deploys contracts of its own.
alone=()
regional=()
demo=()
after_demo=()
others=()
for s in "${suites[@]}"; do
  [ -n "$s" ] || continue
  read -r _ name exe <<<"$s"
  case "$name" in
    e2e/chain | meter-client/chain) alone+=("$name $exe") ;;
    */regions*) regional+=("$name $exe") ;;
    e2e/demo) demo+=("$name $exe") ;;
    # The gateway suite signs with whichever account set it is given; it runs in the IBC lane,
    # after the regions are down, to even out the two lanes' lengths.
    e2e/gateway_chain) after_demo+=("$name $exe") ;;
    *) others+=("$name $exe") ;;
  esac
done

ibc_lane() {
  export LOCALNET_ACCOUNT_SET=2
  # The set's client keyring on the main chain (start.sh makes it; the network already runs).
  ./localnet/start.sh >/dev/null
  if wanted relayer/check || [ "${#regional[@]}" -gt 0 ]; then
    say "regional sub-chains and the relayer"
    local started=$SECONDS
    if ! RESET=1 REGIONS=2 REGION_NODES=1 ./relayer/regions.sh up; then
      failed+=(regions)
      region_logs
    else
      if wanted relayer/check; then
        say "suite relayer/check"
        if ./relayer/check.sh; then
          timings+=("$(printf '%-28s %4ds  passed' relayer/check $((SECONDS - started)))")
        else
          timings+=("$(printf '%-28s %4ds  FAILED' relayer/check $((SECONDS - started)))")
          failed+=(relayer/check)
          region_logs
        fi
      fi
      for s in "${regional[@]}"; do
        read -r name exe <<<"$s"
        before=${#failed[@]}
        run "$name" "$exe"
        [ "${#failed[@]}" = "$before" ] || region_logs
      done
    fi
  fi
  # The demo, on those regions (or on regions of its own when it runs alone).
  for s in "${demo[@]}"; do
    read -r name exe <<<"$s"
    run "$name" "$exe"
  done
  [ "${CHAIN_TEST_KEEP:-0}" = 1 ] || RESET=1 ./relayer/regions.sh down >/dev/null 2>&1 || true
  for s in "${after_demo[@]}"; do
    read -r name exe <<<"$s"
    run "$name" "$exe"
  done
  printf '%s\n' "${timings[@]}" >"$lane_dir/timings"
  printf '%s\n' "${failed[@]}" >"$lane_dir/failed"
}

if wanted relayer/check || [ "${#regional[@]}" -gt 0 ] || [ "${#demo[@]}" -gt 0 ] ||
  [ "${#after_demo[@]}" -gt 0 ]; then
  regions_up=true
  if [ "${CHAIN_TEST_PARALLEL:-1}" = 1 ] && [ "${#others[@]}" -gt 0 ]; then
    say "the IBC lane runs beside the other suites; its output follows theirs"
    ibc_lane >"$lane_dir/log" 2>&1 &
    lane_pid=$!
  else
    (ibc_lane)
  fi
fi

for s in "${others[@]}"; do
  read -r name exe <<<"$s"
  run "$name" "$exe"
done

if [ -n "$lane_pid" ]; then
  say "waiting for the IBC lane"
  wait "$lane_pid" || true
  lane_pid=""
  say "the IBC lane's output:"
  cat "$lane_dir/log"
fi
if [ -f "$lane_dir/timings" ]; then
  mapfile -t -O "${#timings[@]}" timings < <(grep . "$lane_dir/timings" || true)
  mapfile -t -O "${#failed[@]}" failed < <(grep . "$lane_dir/failed" || true)
elif [ "$regions_up" = true ]; then
  failed+=("the IBC lane (it stopped before recording its results)")
fi
rm -rf "$lane_dir"

for s in "${alone[@]}"; do
  read -r name exe <<<"$s"
  run "$name" "$exe"
done
[ "${CHAIN_TEST_KEEP:-0}" = 1 ] || regions_down

say "suites:"
printf '  %s\n' "${timings[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  say "failed suites: ${failed[*]}"
  exit 1
fi
say "every chain test passed"
