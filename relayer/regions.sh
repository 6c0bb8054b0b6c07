#!/usr/bin/env bash
# The regional sub-chains and the relayer, together:
#
#   relayer/regions.sh up       start the main chain if it is not running, start REGIONS
#                               sub-chains (region-1 .. region-REGIONS, REGION_NODES validators
#                               each), configure the relayer, link an ICS-20 transfer channel
#                               main <-> region-k for each, start the relayer
#   relayer/regions.sh down     stop the relayer and every sub-chain (the main chain keeps running)
#   relayer/regions.sh status   the relayer's process, each chain's height, the linked channels
#
# Environment: REGIONS (default 2, at most 9), REGION_NODES (validators of a new region, default
# 1; an existing region keeps the count it was made with), RESET=1 (up: delete the sub-chains'
# data and the relayer's, then start fresh; down: delete them after stopping).
# State resumes from disk otherwise: chains, clients, connections and channels are reused.
# The main chain is the one localnet/env.sh selects (LOCALNET_DATA, LOCALNET_CHAIN_ID,
# LOCALNET_PORT_OFFSET apply to it; the regions' ports follow LOCALNET_PORT_OFFSET too).
set -euo pipefail
RELAYER_SCRIPT=relayer/regions
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# existing_regions: every region with a data folder (whatever REGIONS says now).
existing_regions() {
  local d
  for d in "$LOCALNET_DIR"/data-region-[1-9]; do
    [ -d "$d" ] && printf '%s ' "${d##*-}"
  done
  return 0
}

reset_all() {
  local k
  "$RELAYER_DIR/stop.sh"
  for k in $(existing_regions); do
    localnet "region-$k" stop.sh --reset
  done
  case "$RELAYER_DATA" in
    "$RELAYER_DIR/data") rm -rf -- "$RELAYER_DATA" ;;
    *) rdie "refusing to delete $RELAYER_DATA (only relayer/data is reset)" ;;
  esac
  rsay "deleted the sub-chains' and the relayer's data"
}

# start_regions: localnet/start.sh for every region at once, each into a log of its own that is
# shown when it is done (and every failure reported, not only the first).
start_regions() {
  local k failed=false logs
  local -A pids=()
  logs="$(mktemp -d)"
  for k in $(region_list); do
    localnet "region-$k" start.sh >"$logs/$k.log" 2>&1 &
    pids[$k]=$!
  done
  for k in $(region_list); do
    wait "${pids[$k]}" || failed=true
    cat "$logs/$k.log" >&2
  done
  rm -rf "$logs"
  [ "$failed" = false ] || rdie "a sub-chain did not start (see above)"
}

up() {
  local started=$SECONDS k t
  [ "${RESET:-0}" != 1 ] || reset_all
  # The main chain first (a no-op check when it runs), then the regions side by side: much of a
  # start is waiting for blocks, which overlaps well even on two cores.
  t=$SECONDS
  localnet main start.sh
  start_regions
  rsay "chains up in $((SECONDS - t))s"
  "$RELAYER_DIR/configure.sh"
  for k in $(region_list); do
    t=$SECONDS
    "$RELAYER_DIR/link.sh" "$(path_name "region-$k")" >/dev/null
    rsay "main <-> region-$k transfer channel ready in $((SECONDS - t))s: $(jq -c '{main: .src.channel, region: .dst.channel}' "$(channel_file "$(path_name "region-$k")" transfer transfer)")"
  done
  "$RELAYER_DIR/start.sh"
  rsay "up in $((SECONDS - started))s: main + regions $(region_list)(relayer log $RELAYER_LOG)"
}

down() {
  local k
  "$RELAYER_DIR/stop.sh"
  for k in $(existing_regions); do
    localnet "region-$k" stop.sh
  done
  [ "${RESET:-0}" != 1 ] || reset_all
}

status() {
  local name h pid f k
  if pid="$(relayer_pid)"; then
    printf 'relayer   running  pid %s  log %s\n' "$pid" "$RELAYER_LOG"
  else
    printf 'relayer   stopped\n'
  fi
  for name in main $(for k in $(existing_regions); do printf 'region-%s ' "$k"; done); do
    if [ ! -f "$(chain_data "$name")/network.json" ]; then
      printf '%-9s no network\n' "$name"
    elif h="$(chain_height "$name" 2>/dev/null)"; then
      printf '%-9s %-20s rpc %-24s height %s\n' "$name" "$(chain_info "$name" chain_id)" "$(chain_info "$name" rpc)" "$h"
    else
      printf '%-9s %-20s rpc %-24s not answering\n' "$name" "$(chain_info "$name" chain_id)" "$(chain_info "$name" rpc)"
    fi
  done
  for f in "$RELAYER_DATA"/channels/*.json; do
    [ -f "$f" ] || continue
    jq -r '"channel   \(.path): \(.src.chain) \(.src.port)/\(.src.channel) <-> \(.dst.chain) \(.dst.port)/\(.dst.channel) (\(.version), \(.order))"' "$f"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) usage ;;
esac
