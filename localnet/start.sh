#!/usr/bin/env bash
# Starts the four-validator localnet and waits until it produces blocks.
#
# First run: installs wasmd if needed, creates the network in localnet/data/ (genesis shared by
# all validators, test accounts funded, code upload restricted to the admin), then starts it.
# Later runs: starts the nodes that are not running; the chain resumes from its state on disk.
# Running it while the network is up only checks that blocks are being produced.
#
# Every listener is bound to 127.0.0.1. Node i (0..3) of the main chain uses:
#   CometBFT RPC 26657+i, P2P 16656+i, REST API 1317+i, gRPC 9090+i.
# A regional sub-chain (LOCALNET_REGION=k) and LOCALNET_PORT_OFFSET shift every port (see env.sh).
# Environment: LOCALNET_START_TIMEOUT (seconds to wait for blocks, default 60), LOCALNET_PPROF=1
# (CometBFT's pprof on 127.0.0.1:6060+i, shifted like the other ports).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Consensus parameters. A block may hold ~4 MiB and 100M gas so that batches of meter readings
# from a whole fleet fit; a single transaction stays under CometBFT's 1 MiB default (a contract
# upload of a few hundred KiB, gzipped by the CLI, fits in it).
BLOCK_MAX_BYTES=4194304
BLOCK_MAX_GAS=100000000
MAX_TX_BYTES=1048576
# JSON-RPC carries a transaction base64-encoded (4/3 of its size) inside JSON, so the 1 MB default
# body limit would refuse a 1 MiB transaction; 8 MiB leaves room for batch requests.
RPC_MAX_BODY_BYTES=8388608
# Mempool: room for ~16 full blocks of pending transactions; the byte cap keeps a flood of
# readings from growing node memory without bound.
MEMPOOL_SIZE=10000
MEMPOOL_MAX_TXS_BYTES=67108864
MEMPOOL_CACHE_SIZE=20000
# The tx indexer's keys (app.toml index-events; see configure_node). LOCALNET_INDEX_EVENTS
# replaces the list, e.g. to show what the relayer misses without the packet attributes.
INDEX_EVENTS="${LOCALNET_INDEX_EVENTS:-[\"message.sender\", \"message.action\", \"execute._contract_address\", \"send_packet.packet_src_channel\", \"send_packet.packet_sequence\", \"write_acknowledgement.packet_dst_channel\", \"write_acknowledgement.packet_sequence\"]}"

# configure_node I GAS_PRICE PEERS: rewrite node i's config.toml and app.toml. Every address is
# set explicitly to 127.0.0.1 (init-files writes 0.0.0.0, which would expose the test keys'
# chain to the network), and listeners the localnet does not use are switched off.
configure_node() {
  local i="$1" gas_price="$2" peers="$3" cfg app
  cfg="$(node_home "$i")/config/config.toml"
  app="$(node_home "$i")/config/app.toml"

  toml_edit "" moniker "\"node$i\""
  # proxy_app (127.0.0.1:26658 on the main chain, which is also node 1's RPC port) is only used
  # when the app runs out of process (`start --with-comet=false`); `wasmd start` runs the app in
  # process and nothing listens on or dials that address. It is still shifted with the chain's
  # other ports, as two chains on one host should share no address at all.
  toml_edit "" proxy_app "\"tcp://127.0.0.1:$(proxy_app_port)\""
  toml_edit rpc laddr "\"tcp://127.0.0.1:$(rpc_port "$i")\""
  toml_edit rpc grpc_laddr '""'
  # pprof is on by default at localhost:6060 for every node: four nodes would fight over one port.
  # Off unless LOCALNET_PPROF=1, then one port per node and chain.
  if [ "${LOCALNET_PPROF:-0}" = 1 ]; then
    toml_edit rpc pprof_laddr "\"127.0.0.1:$(pprof_port "$i")\""
  else
    toml_edit rpc pprof_laddr '""'
  fi
  toml_edit rpc max_body_bytes "$RPC_MAX_BODY_BYTES"
  toml_edit p2p laddr "\"tcp://127.0.0.1:$(p2p_port "$i")\""
  toml_edit p2p external_address '""'
  toml_edit p2p persistent_peers "\"$peers\""
  # Four nodes on one IP: CometBFT would otherwise refuse a second peer from 127.0.0.1 and
  # treat loopback addresses as unroutable.
  toml_edit p2p allow_duplicate_ip true
  toml_edit p2p addr_book_strict false
  # The validators know each other from persistent_peers; peer exchange would only gossip them.
  toml_edit p2p pex false
  toml_edit mempool size "$MEMPOOL_SIZE"
  toml_edit mempool max_txs_bytes "$MEMPOOL_MAX_TXS_BYTES"
  toml_edit mempool max_tx_bytes "$MAX_TX_BYTES"
  toml_edit mempool cache_size "$MEMPOOL_CACHE_SIZE"
  # Blocks about one second apart (init-files --commit-timeout sets it too; this states intent).
  toml_edit consensus timeout_commit '"1s"'
  # `query tx` and `query wait-tx` (used to confirm readings landed) need the tx index.
  toml_edit tx_index indexer '"kv"'
  # Prometheus is off; its default ":26660" means all interfaces and collides with node 3's RPC.
  toml_edit instrumentation prometheus false
  toml_edit instrumentation prometheus_listen_addr "\"127.0.0.1:$(prometheus_port "$i")\""
  toml_apply "$cfg"

  toml_edit "" minimum-gas-prices "\"$gas_price\""
  toml_edit api enable true
  toml_edit api swagger false
  toml_edit api address "\"tcp://127.0.0.1:$(api_port "$i")\""
  toml_edit api rpc-max-body-bytes "$RPC_MAX_BODY_BYTES"
  toml_edit grpc enable true
  toml_edit grpc address "\"127.0.0.1:$(grpc_port "$i")\""
  # gRPC-web shares the API's port and no client of ours speaks it.
  toml_edit grpc-web enable false
  # The tx indexer indexes every event attribute of every transaction by default: some 25 writes
  # per transaction on every node, the largest per-transaction cost after execution (see
  # bench/README.md). Clients look transactions up by hash, which is always indexed; the first
  # three keep `query txs` by sender, message type and contract working. The other four are what
  # the IBC relayer (cosmos/relayer v2.6.0) searches when it catches up on packets older than the
  # blocks it reads at start-up: a packet's send by source channel and sequence, its
  # acknowledgement's write by destination channel and sequence. Without them a packet sent while
  # the relayer was down is never relayed nor timed out. Only IBC transactions carry these events,
  # so they cost nothing to any other transaction.
  toml_edit "" index-events "$INDEX_EVENTS"
  # In-memory metrics nobody reads.
  toml_edit telemetry enabled false
  toml_apply "$app"
}

# node_id HOME: the CometBFT node id, i.e. the first 20 bytes of SHA-256 of the ed25519 public key
# (the last 32 bytes of the 64-byte key in node_key.json), in hex. Computed here because
# `wasmd comet show-node-id` costs ~0.5 s per call; any other key type goes through wasmd.
node_id() {
  local key="$1/config/node_key.json"
  if [ "$(jq -r .priv_key.type "$key")" = "tendermint/PrivKeyEd25519" ]; then
    jq -r .priv_key.value "$key" | base64 -d | tail -c 32 | sha256sum | cut -c1-40
  else
    "$WASMD" comet show-node-id --home "$1"
  fi
}

create_network() {
  local staging="$LOCALNET_DATA/.staging" gen denom gas_price i j peers sum
  local -a ids=()
  say "creating network $CHAIN_ID in $LOCALNET_DATA"
  # Build in a staging folder and move into place at the end: an interrupted run leaves only
  # .staging behind (removed on the next run), never a half-made network that looks complete.
  rm -rf "$staging"
  mkdir -p "$staging"
  "$WASMD" testnet init-files --v "$LOCALNET_NODES" --single-host --commit-timeout 1s \
    --output-dir "$staging" --node-daemon-home . --chain-id "$CHAIN_ID" \
    --keyring-backend test >"$staging/init-files.log" 2>&1 ||
    { cat "$staging/init-files.log" >&2; die "wasmd testnet init-files failed"; }

  gen="$staging/node0/config/genesis.json"
  denom="$(jq -r '.app_state.staking.params.bond_denom' "$gen")"
  if [ -z "$denom" ] || [ "$denom" = null ]; then die "no bond denom in $gen"; fi
  gas_price="0.025$denom"

  # !!! TEST-ONLY KEYS !!! The accounts funded here (admin included) come from the mnemonics in
  # localnet/accounts.json and accounts-2.json (a second set, so that chain-test suites can run
  # side by side without sharing an account sequence), which are public in git. Anyone can sign with them: they exist for
  # this throwaway localnet only and must never hold anything on a real network.
  # The test accounts, in one wasmd call (each call costs ~0.5 s of start-up). The command also
  # adds to the bank supply, which must equal the sum of balances or the chain refuses the genesis.
  jq -s --arg denom "$denom" '[.[].accounts[] | {address, coins: [{denom: $denom, amount: .genesis_amount}]}]' \
    "${LOCALNET_ACCOUNT_SETS[@]}" >"$staging/genesis-accounts.json"
  "$WASMD" genesis bulk-add-genesis-account "$staging/genesis-accounts.json" --home "$staging/node0" \
    >"$staging/add-accounts.log" 2>&1 ||
    { cat "$staging/add-accounts.log" >&2; die "could not add the test accounts to the genesis"; }

  # Only the admins (one per set of accounts) may upload code; anyone may instantiate it (consumers' and meters' contracts
  # are instantiated by the deploy step, but nothing is gained by forbidding it). Consensus
  # limits as explained at the top.
  admins="$(jq -s -c '[.[].accounts[] | select(.name == "admin") | .address]' "${LOCALNET_ACCOUNT_SETS[@]}")"
  jq --argjson admins "$admins" --arg bytes "$BLOCK_MAX_BYTES" --arg gas "$BLOCK_MAX_GAS" '
    .app_state.wasm.params.code_upload_access = {"permission": "AnyOfAddresses", "addresses": $admins}
    | .app_state.wasm.params.instantiate_default_permission = "Everybody"
    | .consensus.params.block.max_bytes = $bytes
    | .consensus.params.block.max_gas = $gas
  ' "$gen" >"$gen.tmp"
  mv "$gen.tmp" "$gen"
  "$WASMD" genesis validate "$gen" --home "$staging/node0" >/dev/null 2>&1 ||
    die "the edited genesis does not validate: $("$WASMD" genesis validate "$gen" --home "$staging/node0" 2>&1 | tail -n 3)"

  # Every validator must start from the byte-identical genesis, or they disagree on the app hash.
  sum="$(sha256sum "$gen" | cut -d' ' -f1)"
  for ((i = 1; i < LOCALNET_NODES; i++)); do
    cp "$gen" "$staging/node$i/config/genesis.json"
    [ "$(sha256sum "$staging/node$i/config/genesis.json" | cut -d' ' -f1)" = "$sum" ] ||
      die "genesis copy to node$i differs"
  done

  # Peers on loopback: init-files writes the (non-local) --starting-ip-address addresses.
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    ids+=("$(node_id "$staging/node$i")")
  done
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    peers=""
    for ((j = 0; j < LOCALNET_NODES; j++)); do
      [ "$j" -eq "$i" ] && continue
      peers="${peers:+$peers,}${ids[$j]}@127.0.0.1:$(p2p_port "$j")"
    done
    LOCALNET_DATA="$staging" configure_node "$i" "$gas_price" "$peers"
  done

  for ((i = 0; i < LOCALNET_NODES; i++)); do
    rm -rf "$(node_home "$i")"
    mv "$staging/node$i" "$(node_home "$i")"
  done
  rm -rf "$staging"
  jq -n --arg chain_id "$CHAIN_ID" --arg denom "$denom" --arg gas_price "$gas_price" \
    --arg created "$(date -u +%FT%TZ)" --arg genesis_sha256 "$sum" --argjson n "$LOCALNET_NODES" \
    --arg region "${LOCALNET_REGION:-}" --argjson shift "$LOCALNET_PORT_SHIFT" '
    {chain_id: $chain_id, denom: $denom, gas_price: $gas_price, created: $created,
     genesis_sha256: $genesis_sha256,
     region: (if $region == "" then null else ($region | tonumber) end), port_shift: $shift,
     nodes: [range(0; $n) | {index: ., home: "node\(.)",
       rpc: "http://127.0.0.1:\(26657 + $shift + .)", p2p: "127.0.0.1:\(16656 + $shift + .)",
       api: "http://127.0.0.1:\(1317 + $shift + .)", grpc: "127.0.0.1:\(9090 + $shift + .)"}]}
  ' >"$(network_file).tmp"
  mv "$(network_file).tmp" "$(network_file)"
  say "network created (denom $denom, minimum gas price $gas_price)"
}

main() {
  local i existing
  mkdir -p "$LOCALNET_DATA"
  if network_exists; then
    existing="$(jq -r .chain_id "$(network_file)")"
    [ "$existing" = "$CHAIN_ID" ] ||
      die "$LOCALNET_DATA holds chain '$existing', not '$CHAIN_ID'; remove it with localnet/stop.sh --reset"
    existing="$(jq -r '.nodes | length' "$(network_file)")"
    [ "$existing" = "$LOCALNET_NODES" ] ||
      die "$LOCALNET_DATA has $existing validators, not $LOCALNET_NODES; use the same count or remove it with localnet/stop.sh --reset"
    # Networks made before ports could shift have no port_shift: they use the main chain's ports.
    existing="$(jq -r '.port_shift // 0' "$(network_file)")"
    [ "$existing" = "$LOCALNET_PORT_SHIFT" ] ||
      die "$LOCALNET_DATA was created with its ports shifted by $existing, not $LOCALNET_PORT_SHIFT (LOCALNET_PORT_OFFSET changed?); use the same setting or remove it with localnet/stop.sh --reset"
  else
    for ((i = 0; i < LOCALNET_NODES; i++)); do
      ! node_pid "$i" >/dev/null || die "node$i runs but $(network_file) is missing; stop it with localnet/stop.sh"
    done
    create_network
    # env.sh guessed the denom before the genesis existed; take the real one.
    DENOM="$(jq -r .denom "$(network_file)")"
    GAS_PRICES="0.025$DENOM"
  fi
  # Keys first: wasmd calls are CPU-bound start-ups that run several times slower once four
  # nodes are booting on the same cores.
  ensure_client_home
  # Check every port before starting anything, so a conflict does not leave half a network up.
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    node_pid "$i" >/dev/null || check_ports_free "$i"
  done
  for ((i = 0; i < LOCALNET_NODES; i++)); do
    start_node "$i"
  done
  wait_for_blocks
  say "RPC $NODE, chain id $CHAIN_ID, gas price $GAS_PRICES; 'source localnet/env.sh' for wasmd_cli"
}

main "$@"
