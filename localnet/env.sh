# shellcheck shell=bash
# Environment for talking to the localnet. Source it, do not run it:
#
#   source localnet/env.sh
#   wasmd_cli query bank balances "$ADMIN_ADDR"
#   wasmd_tx bank send admin "$CONSUMER1_ADDR" 1000stake
#
# It deliberately does not `set -euo pipefail`: a sourced file would change the options of the
# caller's shell (an interactive shell would then exit on the first failing command). Errors are
# reported with `return 1` instead.
#
# Exports:
#   WASMD                 the pinned wasmd binary (built and cached by install-wasmd.sh)
#   LD_LIBRARY_PATH       prefixed with the binary's directory, which holds libwasmvm.x86_64.so
#   CHAIN_ID, NODE        chain id and node 0's CometBFT RPC (http://127.0.0.1:26657 on the main
#                         chain)
#   DENOM, GAS_PRICES     the bond/fee denom and the price every node requires (minimum-gas-prices)
#   LOCALNET_DIR          this directory
#   LOCALNET_DATA         the ignored runtime folder (node homes, logs, pid files, client keyring)
#   LOCALNET_ACCOUNTS     the file of the test accounts in use: accounts.json, or
#                         accounts-N.json when LOCALNET_ACCOUNT_SET=N (N > 1)
#   LOCALNET_CLIENT_HOME  a wasmd home holding the test keyring with the accounts of
#                         LOCALNET_ACCOUNTS (created by start.sh)
#   LOCALNET_NODES        number of validators (4; a region's LOCALNET_REGION_NODES, default 1)
#   LOCALNET_PORT_SHIFT   how far every port of this chain lies above the main chain's defaults
#                         (LOCALNET_PORT_OFFSET + 100 x LOCALNET_REGION)
#
# Overrides, read when the file is sourced (the benchmark runs a one-validator chain with them,
# in a folder of its own; it must not run while the four-validator network uses the same ports):
#   LOCALNET_NODES=1 LOCALNET_DATA=localnet/data-single LOCALNET_CHAIN_ID=ledger-single-1
#   LOCALNET_PORT_OFFSET=N  every port N higher (a second network beside a running one)
#   LOCALNET_REGION=k       regional sub-chain k (1..9): folder localnet/data-region-k, chain id
#                           ledger-region-k-1, LOCALNET_REGION_NODES validators (default 1), ports
#                           100 x k above the main chain's (plus LOCALNET_PORT_OFFSET); the three
#                           overrides above are ignored for a region
#   LOCALNET_ACCOUNT_SET=N  the Nth set of test accounts (accounts-N.json; 1, the default, is
#                           accounts.json): every set is funded in every genesis and its admin
#                           may upload code, so that two test suites can run at once on one
#                           chain, each signing with its own set (scripts/chain-test.sh)
#   <NAME>_ADDR           one per account in LOCALNET_ACCOUNTS: ADMIN_ADDR, BANK_ADDR, RETAILER_ADDR,
#                         GATEWAY_ADDR, CONSUMER1_ADDR, CONSUMER2_ADDR, CONSUMER3_ADDR, RELAYER_ADDR
# Functions:
#   wasmd_cli ARGS...     wasmd with --home at the client home, so `--from admin` finds the key;
#                         adds --keyring-backend/--chain-id/--node to tx, keys and query commands
#   wasmd_tx ARGS...      `wasmd_cli tx ARGS...` with gas estimation, the gas price, JSON output
#                         and --yes

if [ -z "${BASH_VERSION:-}" ]; then
  echo "localnet/env.sh: needs bash" >&2
  # shellcheck disable=SC2317 # the exit is reached when a non-bash shell runs the file
  return 1 2>/dev/null || exit 1
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "localnet/env.sh is meant to be sourced: 'source localnet/env.sh'" >&2
  exit 1
fi

LOCALNET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCALNET_PORT_OFFSET="${LOCALNET_PORT_OFFSET:-0}"
if ! [[ "$LOCALNET_PORT_OFFSET" =~ ^[0-9]+$ ]] || [ "$LOCALNET_PORT_OFFSET" -gt 20000 ]; then
  echo "localnet: LOCALNET_PORT_OFFSET must be a number of ports from 0 to 20000, got '$LOCALNET_PORT_OFFSET'" >&2
  return 1
fi
LOCALNET_REGION="${LOCALNET_REGION:-}"
if [ -n "$LOCALNET_REGION" ]; then
  # A regional sub-chain: its own folder, chain id and validator count, and every port 100 per
  # region number above the main chain's. LOCALNET_DATA, LOCALNET_CHAIN_ID and LOCALNET_NODES
  # (meant for the main chain) are ignored, so that a region can never take the main chain's
  # folder by accident.
  if ! [[ "$LOCALNET_REGION" =~ ^[1-9]$ ]]; then
    echo "localnet: LOCALNET_REGION must be a region number from 1 to 9, got '$LOCALNET_REGION'" >&2
    return 1
  fi
  LOCALNET_DATA="$LOCALNET_DIR/data-region-$LOCALNET_REGION"
  LOCALNET_NODES="${LOCALNET_REGION_NODES:-1}"
  # A region that exists keeps the validators it was made with, so that `node.sh status`,
  # `stop.sh` or a restart need no LOCALNET_REGION_NODES (start.sh refuses a different count).
  if [ -z "${LOCALNET_REGION_NODES:-}" ] && [ -f "$LOCALNET_DATA/network.json" ] && command -v jq >/dev/null 2>&1; then
    LOCALNET_NODES="$(jq -r '.nodes | length' "$LOCALNET_DATA/network.json")"
  fi
  CHAIN_ID="ledger-region-$LOCALNET_REGION-1"
  LOCALNET_PORT_SHIFT=$((LOCALNET_PORT_OFFSET + 100 * LOCALNET_REGION))
else
  LOCALNET_DATA="${LOCALNET_DATA:-$LOCALNET_DIR/data}"
  LOCALNET_NODES="${LOCALNET_NODES:-4}"
  # The "-1" suffix is the revision number IBC reads from a chain id; keep the name-N shape.
  CHAIN_ID="${LOCALNET_CHAIN_ID:-ledger-localnet-1}"
  LOCALNET_PORT_SHIFT="$LOCALNET_PORT_OFFSET"
fi
case "$LOCALNET_DATA" in
  /*) ;;
  *) LOCALNET_DATA="$PWD/$LOCALNET_DATA" ;;
esac
LOCALNET_ACCOUNT_SET="${LOCALNET_ACCOUNT_SET:-1}"
if [ "$LOCALNET_ACCOUNT_SET" = 1 ]; then
  LOCALNET_ACCOUNTS="$LOCALNET_DIR/accounts.json"
  LOCALNET_CLIENT_HOME="$LOCALNET_DATA/client"
else
  LOCALNET_ACCOUNTS="$LOCALNET_DIR/accounts-$LOCALNET_ACCOUNT_SET.json"
  LOCALNET_CLIENT_HOME="$LOCALNET_DATA/client-$LOCALNET_ACCOUNT_SET"
fi
if ! [ -f "$LOCALNET_ACCOUNTS" ]; then
  echo "localnet: LOCALNET_ACCOUNT_SET=$LOCALNET_ACCOUNT_SET names no set of test accounts ($LOCALNET_ACCOUNTS does not exist)" >&2
  return 1
fi
# Every set, each funded in every genesis (start.sh).
LOCALNET_ACCOUNT_SETS=("$LOCALNET_DIR/accounts.json")
for _ln_set in "$LOCALNET_DIR"/accounts-*.json; do
  [ -f "$_ln_set" ] && LOCALNET_ACCOUNT_SETS+=("$_ln_set")
done
unset _ln_set
if ! [[ "$LOCALNET_NODES" =~ ^[1-9][0-9]*$ ]] || [ "$LOCALNET_NODES" -gt 9 ]; then
  echo "localnet: the number of validators must be 1 to 9, got '$LOCALNET_NODES'" >&2
  return 1
fi
NODE="http://127.0.0.1:$((26657 + LOCALNET_PORT_SHIFT))"
export LOCALNET_DIR LOCALNET_DATA LOCALNET_ACCOUNT_SET LOCALNET_ACCOUNTS LOCALNET_CLIENT_HOME LOCALNET_NODES CHAIN_ID NODE LOCALNET_PORT_SHIFT

if ! command -v jq >/dev/null 2>&1; then
  echo "localnet: jq is not installed; it edits genesis and reads accounts.json. Install it with 'apt-get install jq'." >&2
  return 1
fi

# install-wasmd.sh returns at once when the binary is cached, and builds it (minutes) otherwise.
if ! WASMD="$("$LOCALNET_DIR/install-wasmd.sh")"; then
  echo "localnet: could not install wasmd (see above)" >&2
  return 1
fi
export WASMD
# The binary finds libwasmvm through the Go module cache by rpath; the copy beside the binary
# keeps it working when that cache is gone.
case ":${LD_LIBRARY_PATH:-}:" in
  *":$(dirname "$WASMD"):"*) ;;
  *) LD_LIBRARY_PATH="$(dirname "$WASMD")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
esac
export LD_LIBRARY_PATH

# Fees are paid in the bond denom. Read it from the genesis once a network exists, so the gas
# price never names a denom the chain does not know; wasmd's default is "stake".
DENOM="stake"
if [ -f "$LOCALNET_DATA/node0/config/genesis.json" ]; then
  DENOM="$(jq -r '.app_state.staking.params.bond_denom' "$LOCALNET_DATA/node0/config/genesis.json")"
fi
GAS_PRICES="0.025$DENOM"
export DENOM GAS_PRICES

# ADMIN_ADDR, BANK_ADDR, ... from the set in use, the single place the test accounts are written.
while read -r _ln_name _ln_addr; do
  _ln_var="$(printf '%s_ADDR' "$_ln_name" | tr '[:lower:]' '[:upper:]')"
  export "$_ln_var=$_ln_addr"
done < <(jq -r '.accounts[] | "\(.name) \(.address)"' "$LOCALNET_ACCOUNTS")
unset _ln_name _ln_addr _ln_var

# Why explicit flags rather than the client home's client.toml: wasmd 0.61 reads client.toml
# once for its default home (~/.wasmd) before it parses --home, and viper then keeps finding that
# file first, so chain-id, node and keyring-backend from our client.toml would be ignored. The
# flags go right after the subcommand, in --flag=value form (cobra skips them when it looks for
# the command), so a flag the caller gives later in ARGS still wins.
wasmd_cli() {
  local sub="${1:-}"
  [ $# -gt 0 ] && shift
  case "$sub" in
    tx)
      "$WASMD" --home "$LOCALNET_CLIENT_HOME" tx --keyring-backend=test --chain-id="$CHAIN_ID" --node="$NODE" "$@"
      ;;
    keys)
      "$WASMD" --home "$LOCALNET_CLIENT_HOME" keys --keyring-backend=test "$@"
      ;;
    query | q | status)
      "$WASMD" --home "$LOCALNET_CLIENT_HOME" "$sub" --node="$NODE" "$@"
      ;;
    "")
      "$WASMD" --home "$LOCALNET_CLIENT_HOME"
      ;;
    *)
      "$WASMD" --home "$LOCALNET_CLIENT_HOME" "$sub" "$@"
      ;;
  esac
}

# wasmd_tx ARGS...: a transaction from the test keyring with simulated gas (x1.4) at the chain's
# minimum gas price, JSON output, no confirmation prompt. Returns after CheckTx (broadcast mode
# sync); follow with `wasmd_cli query wait-tx <txhash>` to wait for the block.
wasmd_tx() {
  wasmd_cli tx "$@" --gas auto --gas-adjustment 1.4 --gas-prices "$GAS_PRICES" --output json --yes
}
