#!/usr/bin/env bash
# Where do the validators' CPU cycles go while readings are ingested?
#
#   bench/profile.sh SECONDS [OUT_DIR]
#   bench/profile.sh --groups OUT_DIR      # the table again, from a recorded profile
#
# Samples every validator of the running localnet with `perf` (the cpu-clock event, which
# works where hardware counters are not offered) for SECONDS while a load runs beside it, for
# example the batched phase of `make bench`. Each sample is put in the first of these groups
# that one of its stack frames belongs to:
#
#   readings' secp256k1   the contract's `secp256k1_verify` host calls (wasmvm's k256)
#   storage               IAVL, the store's caches and gas meters, the database
#   tx decode + sig       decoding transactions, the ante handler, the transactions' signatures
#   contract wasm         everything else in wasmvm: the compiled contract (its JSON parsing and
#                         its rules, which perf cannot tell apart) and the VM around it
#   RPC served            answering clients (the load generator's polling, block results)
#   consensus + p2p       CometBFT's consensus, gossip and mempool
#   Go memory             garbage collection and allocation not reached from the groups above
#   rest                  everything else (the kernel's share of the above included)
#
# It also sums the readings the chain accepted in the window (the `accepted` attribute of
# every `submit_readings` action in the window's blocks), to give CPU time per reading.
# Needs perf (linux-perf) and jq; perf needs root or kernel.perf_event_paranoid <= 1.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=../localnet/lib.sh
source localnet/lib.sh

for tool in perf jq; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is not installed: 'apt-get install linux-perf jq' (Debian) installs both"
done

record() {
  local seconds="$1" out="$2" pids=() i pid first last h n readings=0
  mkdir -p "$out"
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    pid="$(node_pid "$i")" || die "node $i of $CHAIN_ID is not running; start it with 'make localnet'"
    pids+=("$pid")
  done
  first="$(height)"
  say "sampling ${#pids[@]} validators for ${seconds}s from height $first into $out"
  perf record -q -e cpu-clock -F 499 -g -o "$out/perf.data" \
    -p "$(IFS=,; echo "${pids[*]}")" -- sleep "$seconds" 2>"$out/perf-record.log"
  last="$(height)"
  for ((h = first + 1; h <= last; h++)); do
    n="$(curl -sf "$NODE/block_results?height=$h" | jq '[.result.txs_results[]?.events[]?
        | select(.type == "wasm")
        | select(any(.attributes[]; .key == "action" and .value == "submit_readings"))
        | .attributes[] | select(.key == "accepted") | .value | tonumber] | add // 0')"
    readings=$((readings + n))
  done
  echo "${#pids[@]} $readings" >"$out/window"
}

height() { curl -sf "$NODE/status" | jq -r .result.sync_info.latest_block_height; }

if [ "${1:-}" = "--groups" ]; then
  out="${2:?usage: bench/profile.sh --groups OUT_DIR}"
else
  seconds="${1:?usage: bench/profile.sh SECONDS [OUT_DIR]}"
  out="${2:-$(mktemp -d)}"
  record "$seconds" "$out"
fi
read -r validators readings <"$out/window"

perf script -i "$out/perf.data" -F pid,ip,sym,dso 2>/dev/null >"$out/perf.txt"

awk -v readings="$readings" -v validators="$validators" -v hz=499 '
  function group(stack) {
    if (stack ~ /libwasmvm/ && stack ~ /k256|secp256k1_verify|ecdsa/) return "readings secp256k1"
    if (stack ~ /iavl|cosmossdk\.io\/store|cosmos-sdk\/store|goleveldb|golang\/snappy|pebble|cometbft-db|cosmos-db/) return "storage"
    if (stack ~ /x\/auth\/ante|TxDecoder|DecodeTx|decodeTx|unknownproto|secp256k1|sigverify|VerifySignature/) return "tx decode + sig"
    # The compiled contract runs from code wasmer maps itself: perf names it from a perf map.
    if (stack ~ /libwasmvm|wasmvm|x\/wasm\/keeper|\/tmp\/perf-[0-9]+\.map/) return "contract wasm"
    if (stack ~ /cometbft\/rpc|grpc|cosmos-sdk\/server\/api/) return "RPC served"
    if (stack ~ /cometbft\/(consensus|p2p|mempool|internal\/consensus|blocksync|state)/) return "consensus + p2p"
    if (stack ~ /runtime\.(mallocgc|gcBgMarkWorker|gcDrain|scanobject|greyobject|findObject|markroot|bgsweep|bgscavenge|memclrNoHeapPointers|growslice)/) return "Go memory"
    return "rest"
  }
  function flush() {
    if (stack != "") { count[group(stack)]++; total++ }
    stack = ""
  }
  /^ *[0-9]+ *$/ { flush(); next }
  /^$/ { flush(); next }
  { stack = stack "\n" $0 }
  END {
    flush()
    if (total == 0) { print "no samples: was the load running?"; exit 1 }
    n = split("readings secp256k1,storage,tx decode + sig,contract wasm,RPC served,consensus + p2p,Go memory,rest", order, ",")
    cpu = total / hz / validators
    printf "%-20s %8s %16s", "group", "share", "CPU s/validator"
    if (readings > 0) printf " %22s", "us/reading/validator"
    printf "\n"
    for (i = 1; i <= n; i++) {
      g = order[i]
      printf "%-20s %7.1f%% %16.2f", g, 100 * count[g] / total, count[g] / hz / validators
      if (readings > 0) printf " %22.1f", 1e6 * count[g] / hz / validators / readings
      printf "\n"
    }
    printf "%-20s %7.1f%% %16.2f", "all", 100, cpu
    if (readings > 0) printf " %22.1f", 1e6 * cpu / readings
    printf "\n%d samples at %d Hz; %d readings accepted in the window\n", total, hz, readings
  }
' "$out/perf.txt" | tee "$out/groups.txt"
