#!/usr/bin/env bash
# Stops or starts a single validator of a running localnet, e.g. for a test that takes one node
# down while transactions flow (with 4 validators, 3 keep the chain going).
#
#   localnet/node.sh stop <i>     SIGTERM node i, SIGKILL after LOCALNET_STOP_TIMEOUT (30 s)
#   localnet/node.sh kill <i>     SIGKILL node i at once (a crash rather than a shutdown)
#   localnet/node.sh start <i>    start node i and wait until it has caught up with the others
#   localnet/node.sh status       pid and height of every node
#
# Clients use node 0's RPC (127.0.0.1:26657) by default: take down node 1, 2 or 3 unless the test
# points its clients elsewhere. The chain is the one env.sh selects: LOCALNET_REGION=k for
# regional sub-chain k (e.g. `LOCALNET_REGION=1 localnet/node.sh status`).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
network_exists || die "no network in $LOCALNET_DATA; run localnet/start.sh first"

case "$1" in
  stop)
    check_node_index "${2:-}"
    stop_nodes "$2"
    ;;
  kill)
    check_node_index "${2:-}"
    if pid="$(signal_node "$2" KILL)"; then
      wait_gone "$2" "$pid" $((SECONDS + STOP_TIMEOUT))
      say "node$2 killed (pid $pid)"
    else
      say "node$2 is not running"
    fi
    ;;
  start)
    check_node_index "${2:-}"
    start_node "$2"
    wait_node_synced "$2"
    ;;
  status)
    for ((i = 0; i < LOCALNET_NODES; i++)); do
      if pid="$(node_pid "$i")"; then
        h="$(rpc_height "$(rpc_port "$i")")" || h="no answer"
        printf 'node%s  running  pid %-8s rpc 127.0.0.1:%s  height %s\n' "$i" "$pid" "$(rpc_port "$i")" "$h"
      else
        printf 'node%s  stopped\n' "$i"
      fi
    done
    ;;
  *) usage ;;
esac
