#!/usr/bin/env bash
# Links the two chains of a configured path (relayer/configure.sh): light clients on both sides,
# a connection and a channel between the given ports, made with `relayer tx link`. Prints the
# channel as one line of JSON for scripts:
#
#   {"path":"main-region-1","order":"ORDER_UNORDERED","version":"ics20-1",
#    "src":{"chain":"main","chain_id":"ledger-localnet-1","port":"transfer","channel":"channel-0",
#           "connection":"connection-0"},
#    "dst":{"chain":"region-1","chain_id":"ledger-region-1-1","port":"transfer","channel":"channel-0",
#           "connection":"connection-0"}}
#
#   relayer/link.sh PATH [--src-port P] [--dst-port P] [--version V] [--order unordered|ordered]
#
# Defaults: ICS-20 (transfer/transfer, ics20-1, unordered). Contracts are linked with their own
# ports and protocol version, e.g. --src-port wasm.<main contract> --dst-port wasm.<region contract>
# --version <protocol> --order unordered. Idempotent: an open channel between those ports with
# that version and order is printed again, not made anew; the path's clients and connection are
# reused for every new channel (`relayer tx channel` once the path has a connection).
# A running relayer (start.sh) is stopped during the handshake, which signs with the same key,
# and started again afterwards.
set -euo pipefail
RELAYER_SCRIPT=relayer/link
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

path="" src_port=transfer dst_port=transfer version=ics20-1 order=unordered
while [ $# -gt 0 ]; do
  case "$1" in
    --src-port) src_port="${2:?}"; shift 2 ;;
    --dst-port) dst_port="${2:?}"; shift 2 ;;
    --version) version="${2:?}"; shift 2 ;;
    --order) order="${2:?}"; shift 2 ;;
    -h | --help) usage ;;
    -*) rsay "unknown option $1"; usage ;;
    *) [ -z "$path" ] || usage; path="$1"; shift ;;
  esac
done
[ -n "$path" ] || usage
case "$order" in unordered | ordered) ;; *) rdie "--order must be unordered or ordered, got '$order'" ;; esac
[[ "$path" =~ ^main-(region-[1-9])$ ]] || rdie "path must be main-region-k, got '$path'"
dst_chain="${BASH_REMATCH[1]}"
rly paths show "$path" --json >/dev/null 2>&1 || rdie "no path $path; run relayer/configure.sh first"

# find_channel: the newest open channel on the path's source connection between the two ports with
# this version and order, as link.sh's JSON; fails when there is none.
find_channel() {
  local shown src_conn dst_conn channels
  shown="$(rly paths show "$path" --json)"
  src_conn="$(jq -r '.chains.src["connection-id"] // ""' <<<"$shown")"
  dst_conn="$(jq -r '.chains.dst["connection-id"] // ""' <<<"$shown")"
  [ -n "$src_conn" ] || return 1
  channels="$(chain_wasmd main q ibc channel connections "$src_conn" -o json 2>/dev/null)" || return 1
  jq -ce --arg path "$path" --arg sp "$src_port" --arg dp "$dst_port" --arg v "$version" \
    --arg order "ORDER_${order^^}" --arg sconn "$src_conn" --arg dconn "$dst_conn" \
    --arg dchain "$dst_chain" --arg sid "$(chain_info main chain_id)" \
    --arg did "$(chain_info "$dst_chain" chain_id)" '
    [.channels[] | select(.state == "STATE_OPEN" and .port_id == $sp and .counterparty.port_id == $dp
       and .version == $v and .ordering == $order)]
    | sort_by(.channel_id | ltrimstr("channel-") | tonumber) | last
    | select(. != null)
    | {path: $path, order: .ordering, version: .version,
       src: {chain: "main", chain_id: $sid, port: .port_id, channel: .channel_id, connection: $sconn},
       dst: {chain: $dchain, chain_id: $did, port: .counterparty.port_id,
             channel: .counterparty.channel_id, connection: $dconn}}' <<<"$channels"
}

file="$(channel_file "$path" "$src_port" "$dst_port")"
mkdir -p "$(dirname "$file")"
if found="$(find_channel)"; then
  printf '%s\n' "$found" >"$file"
  printf '%s\n' "$found"
  exit 0
fi

was_running=false
if relayer_pid >/dev/null; then
  was_running=true
  "$RELAYER_DIR/stop.sh"
fi

log="$RELAYER_DATA/link-$path.log"
rsay "linking $path ($src_port <-> $dst_port, $version, $order); log $log"
started=$SECONDS
# A path that already has its connection gets only the channel (`relayer tx channel`): `tx link`
# reuses the path's clients but starts a connection handshake again whenever the first one's
# confirmation is older than the blocks it reads, and a channel on a second connection would not
# be the one the contracts were told of. A new path gets clients, connection and channel. Either
# command may end by logging "context canceled" (design.md) and its exit status is not
# reliable: the channel is looked up instead.
# --override on `tx channel`: without it the relayer refuses ("channel ... already exists") as soon
# as the source port has any channel, so a second channel from the router's port (to another
# region's contract on the same path) would never reach the contracts' handshake. An open channel
# of these ports, version and order was already looked for above.
if [ -n "$(rly paths show "$path" --json | jq -r '.chains.src["connection-id"] // ""')" ]; then
  rly tx channel "$path" --src-port "$src_port" --dst-port "$dst_port" --version "$version" \
    --order "$order" --override >>"$log" 2>&1 || true
else
  # --override: new clients. Without it the relayer looks for a client of the same chain id on
  # each chain to reuse, and fails ("height requested is too high") when a region was made anew
  # under the chain id of an earlier one whose client is still on the main chain.
  rly tx link "$path" --src-port "$src_port" --dst-port "$dst_port" --version "$version" \
    --order "$order" --override >>"$log" 2>&1 || true
fi
if ! found="$(find_channel)"; then
  tail -n 30 "$log" >&2
  [ "$was_running" = false ] || "$RELAYER_DIR/start.sh" || true
  rdie "no open channel on $path between $src_port and $dst_port after 'relayer tx link' (log above)"
fi
printf '%s\n' "$found" >"$file"
rsay "linked $path: $(jq -r '"\(.src.chain) \(.src.port)/\(.src.channel) <-> \(.dst.chain) \(.dst.port)/\(.dst.channel)"' <<<"$found") in $((SECONDS - started))s"
[ "$was_running" = false ] || "$RELAYER_DIR/start.sh"
printf '%s\n' "$found"
