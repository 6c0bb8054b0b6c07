#!/usr/bin/env bash
# Checks IBC between the running main chain and its regions through the running relayer
# (relayer/regions.sh up first), on the ICS-20 transfer channels:
#
#   1. a transfer main -> region-k for every region: the receiver gets the voucher
#      ibc/<sha256 of transfer/<region channel>/<denom>>, the sender pays amount + fee, and the
#      acknowledgement comes back (no packet commitment left on main)
#   2. the vouchers sent back region-k -> main: the main-chain receiver gets the native coins
#      back, the voucher balance is what it was
#   3. with the relayer stopped, for every region: a transfer with a 15 s timeout, and a transfer
#      with the default 10 min timeout; the relayer stays down longer than the timeout and than
#      the blocks it reads at start-up; once it is started again, the first is timed out on main
#      and refunded, the second is relayed and acknowledged
#
#   relayer/check.sh [REGION...]      regions to check (default: every region with a transfer
#                                     channel linked by regions.sh up)
#
# Senders and receivers are test accounts (consumer1 on main, consumer2 and consumer3 on the
# regions); balances are compared before and after, so earlier use of the chains does not matter.
# Fees are fixed (gas limit x the chain's gas price) so that every balance is exact. Exits
# non-zero with a message naming the failed step; the relayer is running again on exit.
set -euo pipefail
RELAYER_SCRIPT=relayer/check
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STARTED=$SECONDS
step() { printf 'relayer/check: %s (%ds)\n' "$*" $((SECONDS - STARTED)) >&2; }
fail() {
  rsay "FAILED: $*"
  if [ -f "$RELAYER_LOG" ]; then
    printf -- '--- last lines of %s ---\n' "$RELAYER_LOG" >&2
    tail -n 25 "$RELAYER_LOG" >&2
  fi
  exit 1
}

# Default: every region regions.sh linked a transfer channel to.
regions=("$@")
if [ "${#regions[@]}" -eq 0 ]; then
  for f in "$RELAYER_DATA"/channels/main-region-[1-9].transfer.transfer.json; do
    [ -f "$f" ] || continue
    f="${f##*/main-region-}"
    regions+=("${f%%.*}")
  done
  [ "${#regions[@]}" -gt 0 ] || rdie "no transfer channel recorded in $RELAYER_DATA/channels; run relayer/regions.sh up"
fi
for k in "${regions[@]}"; do
  [[ "$k" =~ ^[1-9]$ ]] || rdie "a region is a number from 1 to 9, got '$k'"
done

WAIT="${CHECK_WAIT:-120}"  # seconds to wait for a packet to be relayed
TIMEOUT_S=15               # the timeout of the packet that must time out
GAS=300000
SENDER="$(account_address consumer1)"
RECEIVER="$(account_address consumer2)"
LATE="$(account_address consumer3)"

relayer_pid >/dev/null || fail "the relayer is not running; start everything with relayer/regions.sh up"
# Leave the relayer running, as found, whatever happens below (step 3 stops it).
trap '"$RELAYER_DIR/start.sh" >/dev/null 2>&1 || true' EXIT
denom="$(chain_info main denom)"

# fee NAME: the fee of a GAS-limited transaction at chain NAME's minimum gas price.
fee_amount() {
  local price
  price="$(chain_info "$1" gas_price)"
  awk -v p="${price%%[a-z]*}" -v g="$GAS" 'BEGIN { f = p * g; printf "%d", (f == int(f)) ? f : int(f) + 1 }'
}
fee_main="$(fee_amount main)"

# balance NAME ADDRESS DENOM: an amount, 0 when the account has none of DENOM.
balance() {
  local out
  out="$(chain_wasmd "$1" q bank balance "$2" "$3" -o json 2>&1)" || fail "balance query on $1: $out"
  jq -r '.balance.amount // "0"' <<<"$out"
}

# transfer NAME FROM_KEY CHANNEL RECEIVER COIN [FLAGS...]: an ICS-20 transfer on chain NAME,
# waited for until it is in a block and checked for success; prints its height.
transfer() {
  local name="$1" from="$2" channel="$3" to="$4" coin="$5" out hash res code
  shift 5
  out="$(chain_wasmd "$name" tx ibc-transfer transfer transfer "$channel" "$to" "$coin" --from "$from" \
    --gas "$GAS" --fees "$(fee_amount "$name")$(chain_info "$name" denom)" --output json --yes "$@" 2>&1)" ||
    fail "transfer of $coin on $name was refused: $out"
  code="$(jq -r '.code // 0' <<<"$out" 2>/dev/null || echo parse)"
  [ "$code" = 0 ] || fail "transfer of $coin on $name was refused (code $code): $(jq -r .raw_log <<<"$out" 2>/dev/null || echo "$out")"
  hash="$(jq -r .txhash <<<"$out")"
  res="$(chain_wasmd "$name" q wait-tx "$hash" --timeout 30s -o json 2>&1)" ||
    fail "transfer $hash on $name did not make it into a block: $res"
  code="$(jq -r '.code // 0' <<<"$res")"
  [ "$code" = 0 ] || fail "transfer $hash on $name failed in its block (code $code): $(jq -r .raw_log <<<"$res")"
  jq -r .height <<<"$res"
}

# commitments NAME CHANNEL: the number of packets sent on CHANNEL of chain NAME that are not yet
# acknowledged nor timed out.
commitments() {
  local out
  out="$(chain_wasmd "$1" q ibc channel packet-commitments transfer "$2" -o json 2>&1)" ||
    fail "packet commitments query on $1: $out"
  jq -r '.commitments | length' <<<"$out"
}

# wait_for WHAT COMMAND...: retry COMMAND (a test) every second until it succeeds or WAIT passes.
wait_for() {
  local what="$1" deadline=$((SECONDS + WAIT))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what: not done within ${WAIT}s"
    sleep 1
  done
}
balance_is() { [ "$(balance "$1" "$2" "$3")" = "$4" ]; }
no_commitments() { [ "$(commitments "$1" "$2")" = 0 ]; }

declare -A main_ch region_ch voucher
for k in "${regions[@]}"; do
  f="$(channel_file "$(path_name "region-$k")" transfer transfer)"
  [ -f "$f" ] || fail "no transfer channel for region-$k in $f; run relayer/regions.sh up"
  main_ch[$k]="$(jq -r .src.channel "$f")"
  region_ch[$k]="$(jq -r .dst.channel "$f")"
  # The voucher's denom on region k: ibc/ + upper-case hex SHA-256 of "port/channel/base denom".
  voucher[$k]="ibc/$(printf 'transfer/%s/%s' "${region_ch[$k]}" "$denom" | sha256sum | cut -c1-64 | tr '[:lower:]' '[:upper:]')"
  step "region-$k: main transfer/${main_ch[$k]} <-> region-$k transfer/${region_ch[$k]}, voucher ${voucher[$k]}"
done

# 1. main -> region-k ---------------------------------------------------------------------------
AMOUNT=1000
before_sender="$(balance main "$SENDER" "$denom")"
declare -A before_recv
for k in "${regions[@]}"; do
  before_recv[$k]="$(balance "region-$k" "$RECEIVER" "${voucher[$k]}")"
  transfer main consumer1 "${main_ch[$k]}" "$RECEIVER" "$AMOUNT$denom" >/dev/null
  step "sent $AMOUNT$denom main -> region-$k"
done
for k in "${regions[@]}"; do
  wait_for "region-$k receiving $AMOUNT ${voucher[$k]}" \
    balance_is "region-$k" "$RECEIVER" "${voucher[$k]}" $((before_recv[$k] + AMOUNT))
  wait_for "the acknowledgement of main -> region-$k reaching main" no_commitments main "${main_ch[$k]}"
  step "region-$k received $AMOUNT ${voucher[$k]}; acknowledged on main"
done
want=$((before_sender - ${#regions[@]} * (AMOUNT + fee_main)))
got="$(balance main "$SENDER" "$denom")"
[ "$got" = "$want" ] || fail "main sender balance is $got$denom, expected $want$denom (amounts + fees)"
step "main sender paid exactly the amounts and fees"

# 2. region-k -> main ---------------------------------------------------------------------------
before_sender="$(balance main "$SENDER" "$denom")"
for k in "${regions[@]}"; do
  transfer "region-$k" consumer2 "${region_ch[$k]}" "$SENDER" "$AMOUNT${voucher[$k]}" >/dev/null
  step "sent $AMOUNT ${voucher[$k]} region-$k -> main"
done
wait_for "main receiving the native coins back" \
  balance_is main "$SENDER" "$denom" $((before_sender + ${#regions[@]} * AMOUNT))
for k in "${regions[@]}"; do
  got="$(balance "region-$k" "$RECEIVER" "${voucher[$k]}")"
  [ "$got" = "${before_recv[$k]}" ] || fail "region-$k voucher balance is $got, expected ${before_recv[$k]} after sending it back"
  wait_for "the acknowledgement of region-$k -> main reaching region-$k" no_commitments "region-$k" "${region_ch[$k]}"
done
step "main received $((${#regions[@]} * AMOUNT))$denom back; vouchers returned; acknowledged"

# 3. relayer down: a timeout with refund, and a packet relayed late -----------------------------
LOST=700
LATE_AMOUNT=500
"$RELAYER_DIR/stop.sh"
before_sender="$(balance main "$SENDER" "$denom")"
declare -A before_late sent_region_height
last_main_height=0
for k in "${regions[@]}"; do
  before_late[$k]="$(balance "region-$k" "$LATE" "${voucher[$k]}")"
  sent_region_height[$k]="$(chain_height "region-$k")"
  # Relative timeouts: a timestamp TIMEOUT_S seconds ahead, no timeout height.
  transfer main consumer1 "${main_ch[$k]}" "$LATE" "$LOST$denom" \
    --packet-timeout-timestamp "$((TIMEOUT_S * 1000000000))" --packet-timeout-height 0-0 >/dev/null
  last_main_height="$(transfer main consumer1 "${main_ch[$k]}" "$LATE" "$LATE_AMOUNT$denom")"
  step "relayer stopped; sent $LOST$denom (times out in ${TIMEOUT_S}s) and $LATE_AMOUNT$denom main -> region-$k"
done
sent_at=$SECONDS
# Down long enough for the timeout to pass on the regions, and for more blocks than the relayer
# reads at start-up (RELAYER_BLOCK_HISTORY, 20): only its flush, through the tx index, can then
# find these packets.
history="${RELAYER_BLOCK_HISTORY:-20}"
chains_past_history() {
  local k h
  h="$(chain_height main)" && [ "$h" -gt $((last_main_height + history + 2)) ] || return 1
  for k in "${regions[@]}"; do
    h="$(chain_height "region-$k")" && [ "$h" -gt $((sent_region_height[$k] + history + 2)) ] || return 1
  done
  [ $((SECONDS - sent_at)) -gt $((TIMEOUT_S + 3)) ]
}
wait_for "the chains moving $((history + 2)) blocks past the sends" chains_past_history
"$RELAYER_DIR/start.sh"
step "relayer started again, $((SECONDS - sent_at))s after the sends"
for k in "${regions[@]}"; do
  wait_for "region-$k receiving the late $LATE_AMOUNT" \
    balance_is "region-$k" "$LATE" "${voucher[$k]}" $((before_late[$k] + LATE_AMOUNT))
  wait_for "main clearing both packets to region-$k (timeout and acknowledgement)" no_commitments main "${main_ch[$k]}"
  step "region-$k received the late packet; the timed-out one is cleared on main"
done
want=$((before_sender - ${#regions[@]} * (LATE_AMOUNT + 2 * fee_main)))
got="$(balance main "$SENDER" "$denom")"
[ "$got" = "$want" ] || fail "main sender balance is $got$denom, expected $want$denom (the ${LOST}$denom refunded)"
for k in "${regions[@]}"; do
  got="$(balance "region-$k" "$LATE" "${voucher[$k]}")"
  [ "$got" = $((before_late[$k] + LATE_AMOUNT)) ] || fail "region-$k received $got, more than the late packet"
done
step "timed-out transfers refunded on main; late transfers relayed"
step "all $((${#regions[@]} * 3)) checks passed (transfer there, back, timeout + late packet; per region)"
