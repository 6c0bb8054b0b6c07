#!/usr/bin/env bash
# Configures the Go relayer for the running main chain and regional sub-chains: its home under
# relayer/data/home, one chain entry per chain (main, region-1 .. region-REGIONS), the relayer
# key on each (the "relayer" account of localnet/accounts.json, funded in every genesis), and a
# path main-region-k per region. Idempotent: what exists is checked, not made again.
#
#   relayer/configure.sh           REGIONS (default 2) regions
#
# The chains must have been created (localnet/start.sh, or relayer/regions.sh up), since their
# chain ids, RPC addresses and gas prices are read from each chain's network.json. A chain entry
# that no longer matches its chain (for instance after `localnet/stop.sh --reset` with another
# LOCALNET_PORT_OFFSET) is an error: start over with `RESET=1 relayer/regions.sh up`.
set -euo pipefail
RELAYER_SCRIPT=relayer/configure
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$RELAYER_DATA/chains" "$RELAYER_DATA/channels"
if [ ! -f "$RELAYER_HOME/config/config.yaml" ]; then
  rly config init >/dev/null
  rsay "relayer home created at $RELAYER_HOME"
fi

# Always the first set's relayer account, whichever set the caller signs with: one relayer
# serves every suite.
accounts="$LOCALNET_DIR/accounts.json"
mnemonic="$(jq -r --arg n "$RELAYER_KEY" '.accounts[] | select(.name == $n) | .mnemonic' "$accounts")"
[ -n "$mnemonic" ] || rdie "accounts.json has no '$RELAYER_KEY' account"
want_addr="$(jq -r --arg n "$RELAYER_KEY" '.accounts[] | select(.name == $n) | .address' "$accounts")"

# The chain file of `relayer chains add --file` (design.md): type cosmos, prefix wasm, test
# keyring, the chain's own minimum gas price, 1.5 x simulated gas, coin type 118, batch broadcast.
chain_file() {
  local name="$1" chain_id="$2" rpc="$3" gas_price="$4"
  jq -n --arg chain_id "$chain_id" --arg rpc "$rpc" --arg gas "$gas_price" --arg key "$RELAYER_KEY" \
    --arg keydir "$RELAYER_HOME/keys/$chain_id" '
    {type: "cosmos", value: {
      "key-directory": $keydir, key: $key, "chain-id": $chain_id, "rpc-addr": $rpc,
      "backup-rpc-addrs": [], "account-prefix": "wasm", "keyring-backend": "test",
      "dynamic-gas-price": false, "gas-adjustment": 1.5, "gas-prices": $gas,
      "min-gas-amount": 0, "max-gas-amount": 0, debug: false, timeout: "20s",
      "block-timeout": "", "output-format": "json", "sign-mode": "direct",
      "extra-codecs": [], "coin-type": 118, "signing-algorithm": "",
      "broadcast-mode": "batch", "min-loop-duration": 0, "extension-options": [],
      feegrants: null}}' >"$RELAYER_DATA/chains/$name.json"
}

configure_chain() {
  local name="$1" chain_id rpc gas_price shown have_id have_rpc addr
  chain_id="$(chain_info "$name" chain_id)"
  rpc="$(chain_info "$name" rpc)"
  gas_price="$(chain_info "$name" gas_price)"
  if shown="$(rly chains show "$name" --json 2>/dev/null)"; then
    have_id="$(jq -r '.value["chain-id"]' <<<"$shown")"
    have_rpc="$(jq -r '.value["rpc-addr"]' <<<"$shown")"
    if [ "$have_id" != "$chain_id" ] || [ "$have_rpc" != "$rpc" ]; then
      rdie "the relayer's chain '$name' is $have_id at $have_rpc, but the chain is $chain_id at $rpc; start over with RESET=1 relayer/regions.sh up"
    fi
  else
    chain_file "$name" "$chain_id" "$rpc" "$gas_price"
    rly chains add --file "$RELAYER_DATA/chains/$name.json" "$name" >/dev/null
    rsay "chain $name added ($chain_id, $rpc)"
  fi
  if ! addr="$(rly keys show "$name" "$RELAYER_KEY" 2>/dev/null)"; then
    rly keys restore "$name" "$RELAYER_KEY" "$mnemonic" --coin-type 118 >/dev/null
    addr="$(rly keys show "$name" "$RELAYER_KEY")"
  fi
  [ "$addr" = "$want_addr" ] ||
    rdie "the relayer key on $name is $addr, but accounts.json says $want_addr"
}

configure_chain main
main_id="$(chain_info main chain_id)"
for k in $(region_list); do
  configure_chain "region-$k"
  path="$(path_name "region-$k")"
  if ! rly paths show "$path" --json >/dev/null 2>&1; then
    rly paths new "$main_id" "$(chain_info "region-$k" chain_id)" "$path" >/dev/null
    rsay "path $path added"
  fi
done
rsay "configured: chains main $(for k in $(region_list); do printf 'region-%s ' "$k"; done)(home $RELAYER_HOME)"
