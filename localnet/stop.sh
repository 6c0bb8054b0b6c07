#!/usr/bin/env bash
# Stops the localnet's validators: SIGTERM first so each node flushes its databases and the chain
# resumes from disk on the next start.sh, SIGKILL only for a node still running after
# LOCALNET_STOP_TIMEOUT seconds (default 30).
#
#   localnet/stop.sh           stop the nodes, keep the chain's state
#   localnet/stop.sh --reset   stop the nodes and delete this chain's data folder only
#                              (localnet/data, or localnet/data-region-k with LOCALNET_REGION=k);
#                              the next start.sh makes a new chain from genesis
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reset=false
case "${1:-}" in
  "") ;;
  --reset) reset=true ;;
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument '$1' (usage: localnet/stop.sh [--reset])" ;;
esac

if [ -d "$LOCALNET_DATA" ]; then
  mapfile -t all < <(seq 0 $((LOCALNET_NODES - 1)))
  stop_nodes "${all[@]}"
else
  say "no localnet data at $LOCALNET_DATA; nothing to stop"
fi

if [ "$reset" = true ]; then
  # Guard the rm -rf: only ever a data folder beside this script (data, data-region-k for a
  # regional sub-chain, or data-<name> for a network made with LOCALNET_DATA, such as the
  # benchmark's one-validator chain).
  case "$LOCALNET_DATA" in
    "$LOCALNET_DIR/data" | "$LOCALNET_DIR"/data-[A-Za-z0-9]*) ;;
    *) die "refusing to delete unexpected path $LOCALNET_DATA" ;;
  esac
  [[ "$LOCALNET_DATA" != *..* ]] || die "refusing to delete unexpected path $LOCALNET_DATA"
  rm -rf -- "$LOCALNET_DATA"
  say "deleted $LOCALNET_DATA"
fi
