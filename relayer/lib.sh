# shellcheck shell=bash
# Shared code of the relayer/ scripts. Sourced by them (they set -euo pipefail first).
#
# Names used everywhere here:
#   chains  "main" (the localnet of localnet/start.sh, with whatever LOCALNET_DATA,
#           LOCALNET_CHAIN_ID and LOCALNET_PORT_OFFSET the caller set for it) and "region-k"
#           (LOCALNET_REGION=k, k = 1..9)
#   paths   "main-region-k": main is the source end, region k the destination end
#   key     "relayer" on every chain: the relayer account of localnet/accounts.json (funded in
#           every chain's genesis; used by nothing else, so its account sequence is the
#           relayer's alone)
#
# Runtime data (git-ignored) under relayer/data/ (RELAYER_DATA overrides): home/ (the relayer's
# config and keyring), chains/ (the chain files given to `relayer chains add`), channels/ (the
# channel ids link.sh made, one JSON file per path and port pair), relayer.pid, relayer.log.

RELAYER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$RELAYER_DIR/.." && pwd)"
LOCALNET_DIR="$REPO_ROOT/localnet"
RELAYER_DATA="${RELAYER_DATA:-$RELAYER_DIR/data}"
RELAYER_HOME="$RELAYER_DATA/home"
RELAYER_PIDFILE="$RELAYER_DATA/relayer.pid"
# shellcheck disable=SC2034 # used by the scripts that source this file
RELAYER_LOG="$RELAYER_DATA/relayer.log"
# shellcheck disable=SC2034 # used by the scripts that source this file
RELAYER_KEY=relayer
# The set of test accounts in use, and the client keyring holding it on each chain, as
# localnet/env.sh chooses them (LOCALNET_ACCOUNT_SET).
if [ "${LOCALNET_ACCOUNT_SET:-1}" = 1 ]; then
  LOCALNET_ACCOUNTS="$LOCALNET_DIR/accounts.json"
  CLIENT_HOME_NAME=client
else
  LOCALNET_ACCOUNTS="$LOCALNET_DIR/accounts-$LOCALNET_ACCOUNT_SET.json"
  CLIENT_HOME_NAME="client-$LOCALNET_ACCOUNT_SET"
fi

rsay() { printf '%s: %s\n' "${RELAYER_SCRIPT:-relayer}" "$*" >&2; }
rdie() {
  rsay "error: $*"
  exit 1
}

command -v jq >/dev/null 2>&1 || rdie "jq is not installed ('apt-get install jq')"
command -v curl >/dev/null 2>&1 || rdie "curl is not installed ('apt-get install curl')"

# The relayer binary (built once into the cache by install.sh) and wasmd (localnet's).
relayer_bin() {
  if [ -z "${RELAYER_BIN:-}" ]; then
    RELAYER_BIN="$("$RELAYER_DIR/install.sh")" || rdie "could not install the relayer (see above)"
  fi
  echo "$RELAYER_BIN"
}
rly() { "$(relayer_bin)" --home "$RELAYER_HOME" "$@"; }

wasmd_bin() {
  if [ -z "${WASMD_BIN:-}" ]; then
    WASMD_BIN="$("$LOCALNET_DIR/install-wasmd.sh")" || rdie "could not install wasmd (see above)"
  fi
  echo "$WASMD_BIN"
}

# region_list: the regions in use, "1 2" for REGIONS=2 (default 2).
region_list() {
  local n="${REGIONS:-2}"
  [[ "$n" =~ ^[1-9]$ ]] || rdie "REGIONS must be 1 to 9, got '$n'"
  seq 1 "$n" | tr '\n' ' '
}

# chain_env NAME: the environment that makes localnet's scripts act on chain NAME, as words for
# `env`. main keeps the caller's LOCALNET_* settings; a region sets LOCALNET_REGION.
chain_env() {
  case "$1" in
    main) echo "LOCALNET_REGION=" ;;
    # Validators only when asked for: an existing region keeps its own count (env.sh).
    region-[1-9]) echo "LOCALNET_REGION=${1#region-} LOCALNET_REGION_NODES=${REGION_NODES:-${LOCALNET_REGION_NODES:-}}" ;;
    *) rdie "unknown chain '$1' (main or region-1..9)" ;;
  esac
}

# localnet NAME SCRIPT ARGS...: run localnet/SCRIPT for chain NAME.
localnet() {
  local name="$1" script="$2"
  shift 2
  # shellcheck disable=SC2046 # chain_env prints VAR=value words without spaces
  env $(chain_env "$name") "$LOCALNET_DIR/$script" "$@"
}

# chain_data NAME: the chain's localnet data folder.
chain_data() {
  case "$1" in
    main)
      local d="${LOCALNET_DATA:-$LOCALNET_DIR/data}"
      case "$d" in /*) ;; *) d="$PWD/$d" ;; esac
      echo "$d"
      ;;
    region-[1-9]) echo "$LOCALNET_DIR/data-$1" ;;
    *) rdie "unknown chain '$1'" ;;
  esac
}

# chain_info NAME FIELD: a field of the chain's network.json (chain_id, denom, gas_price, rpc).
chain_info() {
  local file
  file="$(chain_data "$1")/network.json"
  [ -f "$file" ] || rdie "chain $1 has no network at $(dirname "$file"); start it first (relayer/regions.sh up)"
  case "$2" in
    rpc) jq -r '.nodes[0].rpc' "$file" ;;
    *) jq -r --arg f "$2" '.[$f]' "$file" ;;
  esac
}

# chain_wasmd NAME ARGS...: wasmd against chain NAME's node 0, with its client keyring (the test
# accounts of the set in use). Flags go right after the subcommand (see localnet/env.sh).
chain_wasmd() {
  local name="$1" sub="$2" home rpc chain_id
  shift 2
  home="$(chain_data "$name")/$CLIENT_HOME_NAME"
  rpc="$(chain_info "$name" rpc)"
  chain_id="$(chain_info "$name" chain_id)"
  case "$sub" in
    tx) "$(wasmd_bin)" --home "$home" tx --keyring-backend=test --chain-id="$chain_id" --node="$rpc" "$@" ;;
    q | query) "$(wasmd_bin)" --home "$home" query --node="$rpc" "$@" ;;
    *) "$(wasmd_bin)" --home "$home" "$sub" "$@" ;;
  esac
}

# chain_height NAME: the latest block height of chain NAME (fails when it does not answer).
chain_height() {
  curl -sf --max-time 2 "$(chain_info "$1" rpc)/status" | jq -r '.result.sync_info.latest_block_height'
}

account_address() {
  jq -r --arg n "$1" '.accounts[] | select(.name == $n) | .address' "$LOCALNET_ACCOUNTS"
}

# Relayer process ---------------------------------------------------------------------------------

is_alive() {
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state="$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)"
  [ "$state" != "Z" ]
}

# relayer_pid: the pid of the relayer started by start.sh, when it runs (checked against its
# command line, so a reused pid is never taken for it).
relayer_pid() {
  local pid
  [ -f "$RELAYER_PIDFILE" ] || return 1
  pid="$(cat "$RELAYER_PIDFILE")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && is_alive "$pid" &&
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$RELAYER_HOME"; then
    echo "$pid"
    return 0
  fi
  rm -f "$RELAYER_PIDFILE"
  return 1
}

# Paths and channels --------------------------------------------------------------------------

path_name() { echo "main-$1"; }

# channel_file PATH SRC_PORT DST_PORT: where link.sh records the channel it made.
channel_file() { echo "$RELAYER_DATA/channels/$1.$2.$3.json"; }
