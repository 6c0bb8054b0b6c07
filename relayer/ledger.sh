#!/usr/bin/env bash
# The ledger across the running regions: for every region that `regions.sh up` linked (a
# transfer channel on its path), deploys the ledger's regional contracts with
# `ledger region deploy` when the deployment file does not have the region yet, opens the
# channel of the region protocol between the router and the region's endpoint (link.sh), and
# waits until the router sees it open.
#
#   relayer/ledger.sh [REGION...]     regions to deploy and link (default: every linked region)
#
# The ledger must already be deployed on the main chain (`ledger deploy`). The `ledger` CLI runs
# with the caller's environment (LEDGER_HOME, LEDGER_DEPLOYMENT, LEDGER_PASSPHRASE, ...);
# LEDGER names its binary [target/debug/ledger], LEDGER_FROM the key that deploys [admin]: the
# registry's administrator, with an account on every chain. REGION_TIMEOUT_SECONDS and
# REGION_MAX_ATTEMPTS set the packets' delivery [600 s, 5]. Idempotent: a region in the file is
# only linked (link.sh prints an open channel again), an open channel only checked.
set -euo pipefail
RELAYER_SCRIPT=relayer/ledger
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LEDGER_BIN="${LEDGER:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/ledger}"
FROM="${LEDGER_FROM:-admin}"
[ -x "$LEDGER_BIN" ] || rdie "no ledger CLI at $LEDGER_BIN: build it (cargo build -p ledger-cli) or set LEDGER"
ledger() { "$LEDGER_BIN" "$@"; }

regions=("$@")
if [ "${#regions[@]}" -eq 0 ]; then
  for f in "$RELAYER_DATA"/channels/main-region-*.transfer.transfer.json; do
    [ -f "$f" ] || continue
    f="${f##*/main-}"
    regions+=("${f%%.*}")
  done
fi
[ "${#regions[@]}" -gt 0 ] || rdie "no linked region: start them with relayer/regions.sh up"

for region in "${regions[@]}"; do
  path="$(path_name "$region")"
  transfer="$(channel_file "$path" transfer transfer)"
  [ -f "$transfer" ] || rdie "$region has no transfer channel on $path: run relayer/regions.sh up"
  if ledger region show "$region" -o json >/dev/null 2>&1; then
    rsay "$region is in the deployment file"
  else
    rsay "deploying the ledger's contracts on $region"
    ledger --node "$(chain_info "$region" rpc)" --chain-id "$(chain_info "$region" chain_id)" \
      region deploy "$region" --from "$FROM" \
      --main-connection "$(jq -r .src.connection "$transfer")" \
      --region-connection "$(jq -r .dst.connection "$transfer")" \
      --timeout-seconds "${REGION_TIMEOUT_SECONDS:-600}" --max-attempts "${REGION_MAX_ATTEMPTS:-5}" \
      --artifacts "$REPO_ROOT/artifacts" -o json >/dev/null
  fi
  shown="$(ledger region show "$region" -o json)"
  router_port="$(jq -r .endpoint.router_port <<<"$shown")"
  endpoint_port="$(jq -r .router.endpoint_port <<<"$shown")"
  "$RELAYER_DIR/link.sh" "$path" --src-port "$router_port" --dst-port "$endpoint_port" \
    --version ledger-region-1 --order unordered >/dev/null
  for _ in $(seq 1 60); do
    channel="$(ledger region show "$region" -o json | jq -r '.router.channel.open.channel_id // empty')"
    [ -z "$channel" ] || break
    sleep 1
  done
  [ -n "$channel" ] || rdie "the router does not see $region's channel open after 60 s (relayer log: $RELAYER_LOG)"
  rsay "$region: router $router_port/$channel <-> endpoint $endpoint_port, open"
done
