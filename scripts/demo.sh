#!/usr/bin/env bash
# make demo: the obligation ledger end to end on a local four-validator wasmd chain.
#
# Builds the contracts and the two programs, starts the localnet (or reuses a running one),
# deploys the contracts with a demo-length billing period (30 "days" of a few seconds each),
# registers a retailer, a bank, three consumers and ten meters on the three example tariffs,
# credits two consumers' deposits, runs a fleet of simulated meters through one whole billing
# period (signed readings flowing in real time through one gateway account, time compressed so
# that each demo day carries a whole day's load: the period bills a month), closes the
# period, settles it, lets the bank settle the unfunded consumer's overdue instalments, prints
# what happened and writes XLSX exports into demo-output/, and starts the REST gateway with
# the web cabinets (signing the bank's actions). The network and the gateway keep running so
# that you can look around; `make demo STOP=1` (DEMO_STOP=1) stops them at the end.
#
# Across regions (issue 13): two regional sub-chains run beside the main chain, linked by the Go
# relayer (relayer/regions.sh up; its first run builds the relayer, about 9 minutes). Alice lives
# in region-1 and Bob in region-2: their meters are registered on the main chain and created on
# their region's chain over IBC, their readings and bills stay on the region, and each bill is
# sent to the main chain, recorded by the bank, confirmed back and paid there, with its payment
# status sent back to the region. Carol's meters are on the main chain as before.
#
# Environment (all optional):
#   DEMO_STOP=1             stop the network (and the regions, relayer and gateway) at the end
#   DEMO_GATEWAY            where the gateway listens [127.0.0.1:8080]; its files, log and pid
#                           are in $DEMO_HOME/gateway
#   DEMO_REGIONS=2          regional sub-chains; 0 runs the whole story on the main chain
#   DEMO_DAY_SECONDS=6      seconds per demo day; a billing period is 30 days, the final
#                           instalment falls due on day 18 of the next period
#   DEMO_INTERVAL=1         seconds per meter reading. The fleet compresses time
#                           (meter-client --compress-time): a demo day is simulated, and priced
#                           by the tariffs, as a whole day, so a 1-second reading of a 6-second
#                           day holds 4 hours of a household's consumption. A reading is priced
#                           in the band of the hour it starts in, so readings must not be longer
#                           than the shortest band (the 4-hour evening peak): with 5-second days
#                           (4.8-hour readings) the peak was missed whenever the deployment's
#                           time of day put no reading's start inside it
#   DEMO_SETUP_SECONDS      how far after the deployment the first period starts, giving the
#                           registrations time to land [75, plus 90 per region]
#   DEMO_HOME               the demo's ledger home (keys, deployment file, fleet data)
#                           [localnet/data/demo-home]
#   DEMO_OUTPUT             where the summary and exports go [demo-output]
#   DEMO_SKIP_BUILD=1       use the artifacts and binaries already built (the chain tests do)
#   DEMO_BIN_DIR            where the `ledger` and `meter-client` binaries are
#                           [$CARGO_TARGET_DIR/debug, else target/debug]
#   LOCALNET_ACCOUNT_SET=N  sign with the Nth set of test accounts (localnet/env.sh) [1]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

# DEMO ONLY. The demo signs with the localnet's public test keys (localnet/accounts.json) and
# stores them encrypted with this fixed passphrase so that nothing has to be typed. Neither the
# keys nor this passphrase may ever be used for anything but this throwaway local chain.
export LEDGER_PASSPHRASE="demo-only-passphrase"

DAY_SECONDS="${DEMO_DAY_SECONDS:-6}"
INTERVAL="${DEMO_INTERVAL:-1}"
DEMO_HOME="${DEMO_HOME:-$ROOT/localnet/data/demo-home}"
OUT="${DEMO_OUTPUT:-$ROOT/demo-output}"
BIN_DIR="${DEMO_BIN_DIR:-${CARGO_TARGET_DIR:-$ROOT/target}/debug}"
LEDGER="$BIN_DIR/ledger"
METER_CLIENT="$BIN_DIR/meter-client"
GATEWAY="$BIN_DIR/ledger-gateway"
GATEWAY_LISTEN="${DEMO_GATEWAY:-127.0.0.1:8080}"
GATEWAY_DIR="$DEMO_HOME/gateway"
NODE="http://127.0.0.1:26657"
ACCOUNTS="$ROOT/localnet/accounts.json"
[ "${LOCALNET_ACCOUNT_SET:-1}" = 1 ] || ACCOUNTS="$ROOT/localnet/accounts-$LOCALNET_ACCOUNT_SET.json"
# The billing schedule: ledger deploy's defaults, written out because the story waits for them.
DAYS=30
ADVANCE_DAYS=(10 25)
FINAL_DAY=18
FLEET_SEED=2026
PREFIX="demo-"
REGIONS="${DEMO_REGIONS:-2}"
# Where each consumer lives: region-1 and region-2 when there are regions, else the main chain.
region_of() {
  case "$1:$REGIONS" in
    consumer1:[12]) echo region-1 ;;
    consumer2:2) echo region-2 ;;
    *) echo main ;;
  esac
}

STARTED=$SECONDS
step_no=0
step() {
  step_no=$((step_no + 1))
  printf '\n\033[1m== %d. %s\033[0m  (%s)\n' "$step_no" "$*" "$(elapsed)"
}
elapsed() { printf '%dm%02ds' $(((SECONDS - STARTED) / 60)) $(((SECONDS - STARTED) % 60)); }
say() { printf '   %s\n' "$*"; }
die() {
  printf '\ndemo: error: %s\n' "$*" >&2
  exit 1
}

# The ledger CLI on the demo's home. Transactions and queries go to node 0.
ledger() { "$LEDGER" --home "$DEMO_HOME" "$@"; }

# Block time of the latest block, unix seconds.
chain_time() {
  local t
  t="$(curl -sf --max-time 3 "$NODE/status" | jq -r '.result.sync_info.latest_block_time')" || return 1
  date -u -d "$t" +%s
}

# wait_until UNIX WHAT: waits until the chain's clock reaches UNIX, saying so now and then.
wait_until() {
  local target="$1" what="$2" now last=-1 left
  while :; do
    now="$(chain_time)" || { sleep 1; continue; }
    left=$((target - now))
    [ "$left" -le 0 ] && break
    if [ "$last" -lt 0 ] || [ $((last - left)) -ge 15 ]; then
      say "waiting ${left}s for $what"
      last=$left
    fi
    sleep 1
  done
}

# Day d (from 1) of period p as unix seconds: when an instalment of that day falls due.
day_start() { echo $((ORIGIN + ($1 * DAYS + $2 - 1) * DAY_SECONDS)); }

# Cents as currency units: 1234 -> 12.34.
money() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

FLEET_PID=""
cleanup() {
  local status=$?
  if [ -n "$FLEET_PID" ] && kill -0 "$FLEET_PID" 2>/dev/null; then
    kill "$FLEET_PID" 2>/dev/null || true
    wait "$FLEET_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    printf '\ndemo: failed after %s; the network is still running (make localnet-down stops it)\n' "$(elapsed)" >&2
  fi
}
trap cleanup EXIT

[[ "$REGIONS" =~ ^[0-2]$ ]] || die "DEMO_REGIONS must be 0, 1 or 2, got '$REGIONS'"
# Each region adds its contracts, a channel and its tariffs to the set-up (about a minute and a half
# here), all before period 0 begins.
SETUP_SECONDS="${DEMO_SETUP_SECONDS:-$((75 + 90 * REGIONS))}"
for tool in jq curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (Debian: apt-get install $tool)"
done

# ---------------------------------------------------------------------------------------------
step "Building the contracts, the admin CLI and the meter client"
if [ "${DEMO_SKIP_BUILD:-0}" = 1 ]; then
  say "skipped (DEMO_SKIP_BUILD=1)"
else
  make --no-print-directory wasm
  cargo build --locked -p ledger-cli -p meter-client -p ledger-gateway
fi
[ -x "$LEDGER" ] || die "$LEDGER is missing: build it with 'cargo build -p ledger-cli'"
[ -x "$METER_CLIENT" ] || die "$METER_CLIENT is missing: build it with 'cargo build -p meter-client'"
[ -x "$GATEWAY" ] || die "$GATEWAY is missing: build it with 'cargo build -p ledger-gateway'"
for f in admin meter tariff bank settlement_token; do
  [ -f "artifacts/$f.wasm" ] || die "artifacts/$f.wasm is missing: run 'make wasm'"
done

# ---------------------------------------------------------------------------------------------
step "Starting the local chain (four validators; reused when already running)"
./localnet/start.sh

if [ "$REGIONS" -gt 0 ]; then
  step "Starting $REGIONS regional sub-chains and the relayer (reused when already running)"
  say "one validator each; the relayer links each to the main chain (relayer/README.md)"
  REGIONS="$REGIONS" ./relayer/regions.sh up
fi

# ---------------------------------------------------------------------------------------------
step "Importing the localnet's test accounts into $DEMO_HOME"
say "(public test keys, encrypted with the demo-only passphrase in LEDGER_PASSPHRASE)"
mkdir -p "$DEMO_HOME"
while read -r name; do
  if ledger keys show "$name" >/dev/null 2>&1; then
    say "$name: already there"
    continue
  fi
  jq -r --arg n "$name" '.accounts[] | select(.name == $n) | .mnemonic' "$ACCOUNTS" |
    ledger keys add "$name" --recover -o json | jq -r '"\(.name): \(.address)"' | sed 's/^/   /'
done < <(jq -r '.accounts[].name' "$ACCOUNTS")
rm -rf "$DEMO_HOME/fleet"

# ---------------------------------------------------------------------------------------------
step "Deploying the contracts with a demo billing cycle"
NOW="$(chain_time)" || die "the chain does not answer at $NODE"
# Period 0 starts once the participants and meters are registered, on a reading boundary, so
# that the fleet's readings cover it from its first second.
ORIGIN=$(((NOW + SETUP_SECONDS + INTERVAL - 1) / INTERVAL * INTERVAL))
PERIOD_END=$((ORIGIN + DAYS * DAY_SECONDS))
say "periods of $DAYS days of ${DAY_SECONDS}s (a period lasts $((DAYS * DAY_SECONDS))s); period 0 starts in $((ORIGIN - NOW))s"
say "advances: 30% due on day ${ADVANCE_DAYS[0]}, 40% on day ${ADVANCE_DAYS[1]}; the rest on day $FINAL_DAY of the next period"
ledger deploy --from admin --force --cycle days --days "$DAYS" --day-seconds "$DAY_SECONDS" \
  --origin "$ORIGIN" --advance "3000@${ADVANCE_DAYS[0]}" --advance "4000@${ADVANCE_DAYS[1]}" \
  --final-day "$FINAL_DAY" --token-name "Ledger Euro" --token-symbol LEUR \
  --timelock-delay-seconds 60

# ---------------------------------------------------------------------------------------------
step "Registering the participants"
ledger admin participant add retailer --name "Sunrise Energy" --role retailer --from admin
ledger admin participant add bank --name "Harbour Bank" --role bank-operator --from admin
ledger admin participant add consumer1 --name "Alice Martin" --role consumer --from admin
ledger admin participant add consumer2 --name "Bob's Bakery" --role consumer --from admin
ledger admin participant add consumer3 --name "Carol's Guest House" --role consumer --from admin

# ---------------------------------------------------------------------------------------------
step "Defining the retailer's three tariffs (cli/examples/)"
for f in tariff-tiered tariff-time-of-use tariff-demand; do
  ledger tariff create --file "cli/examples/$f.json" --from retailer
done

if [ "$REGIONS" -gt 0 ]; then
  # -----------------------------------------------------------------------------------------
  step "Adding the regions: the router on the main chain, each region's contracts on its chain"
  say "then the relayer opens a channel of the ledger's region protocol between the router and"
  say "each region's endpoint (relayer/ledger.sh)"
  LEDGER="$LEDGER" LEDGER_HOME="$DEMO_HOME" ./relayer/ledger.sh
  ledger region list
  for k in $(seq 1 "$REGIONS"); do
    say "region-$k: the retailer in the region's registry, and its three tariffs on the region"
    ledger admin participant add retailer --name "Sunrise Energy" --role retailer \
      --region "region-$k" --from admin
    for f in tariff-tiered tariff-time-of-use tariff-demand; do
      ledger tariff create --file "cli/examples/$f.json" --region "region-$k" --from retailer
    done
  done
fi

# ---------------------------------------------------------------------------------------------
step "Registering ten meters with the fleet's public keys"
# owner, tariff, contracted monthly amount (the first period's estimate for the advances)
METERS=(
  "consumer1 home-tiered 90.00"
  "consumer1 home-tou 70.00"
  "consumer1 home-tiered 90.00"
  "consumer2 business-demand 90.00"
  "consumer2 business-demand 90.00"
  "consumer2 home-tou 70.00"
  "consumer2 business-demand 90.00"
  "consumer3 home-tiered 90.00"
  "consumer3 home-tou 70.00"
  "consumer3 business-demand 90.00"
)
"$METER_CLIENT" fleet keys --meters "${#METERS[@]}" --seed "$FLEET_SEED" --id-prefix "$PREFIX" \
  --format csv >"$DEMO_HOME/fleet-keys.csv"
i=0
METER_IDS=()
REGIONAL_IDS=()
while IFS=, read -r id pubkey _; do
  [ "$id" = meter_id ] && continue
  read -r owner tariff contracted <<<"${METERS[$i]}"
  where="$(region_of "$owner")"
  region_flag=()
  [ "$where" = main ] || region_flag=(--region "$where")
  ledger admin meter register "$id" --owner "$owner" --retailer retailer --tariff "$tariff" \
    --pubkey "$pubkey" --contracted-amount "$contracted" "${region_flag[@]}" --from admin
  METER_IDS+=("$id")
  [ "$where" = main ] || REGIONAL_IDS+=("$id")
  i=$((i + 1))
done <"$DEMO_HOME/fleet-keys.csv"
if [ "${#REGIONAL_IDS[@]}" -gt 0 ]; then
  say "waiting for the regions to create the regional meters' contracts (over IBC)"
  for id in "${REGIONAL_IDS[@]}"; do
    for _ in $(seq 1 60); do
      route="$(ledger region route "$id" -o json)"
      # A pending route's state is the bare string "pending"; only objects carry a contract.
      contract="$(jq -r '.state | objects | .active.meter_contract // empty' <<<"$route")"
      [ -z "$contract" ] || break
      refused="$(jq -r '.state | objects | .refused // empty | "[\(.code)] \(.message)"' <<<"$route")"
      [ -z "$refused" ] || die "the region refused meter $id: $refused"
      sleep 1
    done
    [ -n "$contract" ] || die "the region did not acknowledge meter $id within 60 s (ledger region outbox)"
    say "$id: $(ledger region route "$id" -o json | jq -r .region), meter contract $contract"
  done
fi

# ---------------------------------------------------------------------------------------------
step "Deposits: Alice and Bob prepay, Carol does not"
# Enough for a month's bills and the next period's first advance (about 1.3 times the bills).
ledger bank deposit --reference "SEPA-DEMO-ALICE-$ORIGIN" --recipient consumer1 --amount 1000.00 \
  --prepay --from bank
ledger bank deposit --reference "SEPA-DEMO-BOB-$ORIGIN" --recipient consumer2 --amount 1500.00 --from bank
ledger token send-prepay --amount 1500.00 --from consumer2
ledger query prepaid

# ---------------------------------------------------------------------------------------------
step "Running the fleet through billing period 0 (each demo day a whole day; one gateway account)"
if [ "$(chain_time)" -ge "$ORIGIN" ]; then
  say "note: the set-up took longer than DEMO_SETUP_SECONDS=$SETUP_SECONDS; the meters registered"
  say "after period 0 began send readings from their registration on"
fi
wait_until "$ORIGIN" "period 0 to begin"
mkdir -p "$OUT"
rm -f "$OUT"/*.xlsx "$OUT/summary.txt" "$OUT/fleet.log"
say "meter-client fleet: ${#METER_IDS[@]} meters, a signed reading every ${INTERVAL}s each, until the end of period 0;"
say "time compressed: each ${DAY_SECONDS}s demo day holds a whole day of each household's load"
"$METER_CLIENT" fleet --meters "${#METER_IDS[@]}" --seed "$FLEET_SEED" --id-prefix "$PREFIX" \
  --deployment "$DEMO_HOME/deployment.json" --home "$DEMO_HOME" --gateway-key gateway \
  --data-dir "$DEMO_HOME/fleet" --interval "$INTERVAL" --backfill "$ORIGIN" --until "$PERIOD_END" \
  --batch 100 --backoff-cap 5 --compress-time \
  2> >(tee "$OUT/fleet.log" | sed -u -E 's/^[0-9T:.-]+Z +//; s/ hash=[0-9A-F]+$//; s/^/   fleet | /' >&2) &
FLEET_PID=$!

for n in 0 1; do
  due="$(day_start 0 "${ADVANCE_DAYS[$n]}")"
  wait_until "$due" "day ${ADVANCE_DAYS[$n]}, when advance $((n + 1)) falls due"
  say "day ${ADVANCE_DAYS[$n]}: anyone may settle what has fallen due"
  ledger bank settle --limit 100 --from retailer
done

wait "$FLEET_PID" || die "the fleet failed (see $OUT/fleet.log)"
FLEET_PID=""
say "every reading of period 0 is on chain"

# ---------------------------------------------------------------------------------------------
step "Closing period 0 of every meter (anyone may, once it has ended)"
wait_until "$PERIOD_END" "period 0 to end"
for id in "${METER_IDS[@]}"; do
  ledger meter close-period --meter "$id" --period 0 --from retailer
done
if [ "${#REGIONAL_IDS[@]}" -gt 0 ]; then
  say "the regional bills travel to the main chain: recorded by the bank, confirmed back"
  for k in $(seq 1 "$REGIONS"); do
    want="$(ledger region routes "region-$k" -o json | jq length)"
    for _ in $(seq 1 90); do
      have="$(ledger region confirmations "region-$k" 0 -o json | jq length)"
      [ "$have" -lt "$want" ] || break
      sleep 1
    done
    [ "$have" -ge "$want" ] || die "region-$k: $have of $want bills confirmed on the main chain after 90 s (ledger region outbox --region region-$k)"
    say "region-$k: $have bill(s) confirmed on the main chain"
  done
fi

# ---------------------------------------------------------------------------------------------
step "Exporting each meter's readings (XLSX)"
for id in "${METER_IDS[@]}"; do
  ledger export readings --meter "$id" --period 0 --out "$OUT/readings-$id.xlsx" >/dev/null
done
say "$OUT/readings-<meter>.xlsx: one row per demo day of period 0 and the total"

# ---------------------------------------------------------------------------------------------
step "Settling on day $FINAL_DAY of period 1, when the final instalments fall due"
wait_until "$(day_start 1 "$FINAL_DAY")" "day $FINAL_DAY of period 1"
ledger bank settle --limit 100 --from retailer
ledger query overdue

# ---------------------------------------------------------------------------------------------
step "Carol pays at the bank's counter: a deposit, then MakePayment for each meter"
CAROL="$(ledger keys show consumer3 -o json | jq -r .address)"
overdue="$(ledger query overdue -o json)"
owed="$(jq --arg c "$CAROL" '[.[] | select(.consumer == $c) | ((.amount | tonumber) - (.paid | tonumber))] | add // 0' <<<"$overdue")"
if [ "$owed" -gt 0 ]; then
  ledger bank deposit --reference "COUNTER-DEMO-CAROL-$ORIGIN" --recipient consumer3 \
    --amount "$(money "$owed")" --prepay --from bank
  while read -r meter amount; do
    ledger bank pay --meter "$meter" --amount "$(money "$amount")" --from bank
  done < <(jq -r --arg c "$CAROL" '
    [.[] | select(.consumer == $c)] | group_by(.meter_id)[]
    | "\(.[0].meter_id) \(map((.amount | tonumber) - (.paid | tonumber)) | add)"' <<<"$overdue")
else
  say "nothing of Carol's is overdue"
fi
ledger query overdue

# ---------------------------------------------------------------------------------------------
step "What happened"
{
  ledger query participants -o json >"$OUT/participants.json"
  ledger query meters -o json >"$OUT/meters.json"
  ledger query prepaid -o json >"$OUT/prepaid.json"
  for c in consumer1 consumer2 consumer3; do
    ledger query payments --consumer "$c" -o json
  done | jq -s 'add' >"$OUT/payments.json"
  for id in "${METER_IDS[@]}"; do
    jq -n --arg id "$id" \
      --argjson bill "$(ledger query bill --meter "$id" --period 0 -o json)" \
      --argjson inst "$(ledger query instalments --meter "$id" -o json)" \
      '{meter_id: $id, bill: $bill, instalments: $inst}'
  done | jq -s . >"$OUT/bills.json"
  for k in $(seq 1 "$REGIONS"); do
    ledger region bills "region-$k" -o json | jq --arg r "region-$k" --arg c "$(ledger region show "region-$k" -o json | jq -r .deployment.chain_id)" \
      '[.[] | . + {region: $r, chain_id: $c}]'
  done | jq -s 'add // []' >"$OUT/regional-bills.json"
}
jq -r -n --slurpfile p "$OUT/participants.json" --slurpfile m "$OUT/meters.json" \
  --slurpfile pre "$OUT/prepaid.json" --slurpfile pay "$OUT/payments.json" \
  --slurpfile b "$OUT/bills.json" --slurpfile rb "$OUT/regional-bills.json" \
  --arg main_chain "$(jq -r .chain_id "$DEMO_HOME/deployment.json")" \
  --argjson origin "$ORIGIN" --argjson day "$DAY_SECONDS" --argjson days "$DAYS" \
  -f scripts/demo-summary.jq | tee "$OUT/summary.txt"
ledger query totals

# ---------------------------------------------------------------------------------------------
step "Exporting the bank's bills and instalments (XLSX)"
ledger export bills --out "$OUT/bills.xlsx" >/dev/null
say "$OUT/bills.xlsx: every bill with its instalments and payment status"

# ---------------------------------------------------------------------------------------------
step "The REST gateway and the web cabinets"
# An earlier demo's gateway is stopped; its index belonged to that demo's chain.
if [ -f "$GATEWAY_DIR/pid" ]; then
  kill "$(cat "$GATEWAY_DIR/pid")" 2>/dev/null || true
  sleep 1
fi
mkdir -p "$GATEWAY_DIR"
rm -f "$GATEWAY_DIR"/index.sqlite*
# The bank's gateway: it signs the bank's actions with the bank's key, unlocked at start with
# the demo-only passphrase. It indexes the ledger's events from the deployment on.
GATEWAY_URL="http://$GATEWAY_LISTEN"
LEDGER_GATEWAY_PASSPHRASE="$LEDGER_PASSPHRASE" nohup "$GATEWAY" \
  --deployment "$DEMO_HOME/deployment.json" --data-dir "$GATEWAY_DIR" --listen "$GATEWAY_LISTEN" \
  --signer bank --keys-dir "$DEMO_HOME/keys" >"$GATEWAY_DIR/gateway.log" 2>&1 </dev/null &
echo $! >"$GATEWAY_DIR/pid"
for _ in $(seq 1 60); do
  curl -sf "$GATEWAY_URL/health" >/dev/null 2>&1 && break
  kill -0 "$(cat "$GATEWAY_DIR/pid")" 2>/dev/null || die "the gateway stopped: $(tail -n 5 "$GATEWAY_DIR/gateway.log")"
  sleep 1
done
curl -sf "$GATEWAY_URL/health" >/dev/null || die "the gateway does not answer at $GATEWAY_URL (log: $GATEWAY_DIR/gateway.log)"
say "listening at $GATEWAY_URL (log $GATEWAY_DIR/gateway.log), signing for the bank"

# ---------------------------------------------------------------------------------------------
step "Done in $(elapsed)"
cat <<EOF
   Exports:  $OUT/bills.xlsx and $OUT/readings-<meter>.xlsx (one per meter)
   Summary:  $OUT/summary.txt (and the JSON it was made from beside it)

   The chain is still running. Ask it yourself (demo-only passphrase; keys and deployment in
   $DEMO_HOME):

     export LEDGER_HOME=$DEMO_HOME LEDGER_PASSPHRASE=$LEDGER_PASSPHRASE
     $LEDGER query participants
     $LEDGER query meters
     $LEDGER query bill --meter ${METER_IDS[0]} --period 0
     $LEDGER query readings --meter ${METER_IDS[0]} --limit 5
     $LEDGER query payments --consumer consumer1
     $LEDGER query overdue

   The web cabinets: open $GATEWAY_URL/ and sign in with a demo key. Print one (Alice's, a
   consumer; also bank, retailer, admin) and paste it into the page, which keeps it encrypted
   in the browser and never sends it:

     $LEDGER keys export-hex consumer1 --unsafe

   Alice sees her money, instalments and each meter's period so far, prepays by signing in
   the page, and downloads her readings and bills as XLSX. Signed in as bank, you credit
   deposits, settle and pay overdue instalments (this gateway signs the bank's actions); as
   retailer, you read the tariffs' versions and prices. The pages follow the chain live.
     API documentation: $GATEWAY_URL/docs

   Or with the stock wasmd CLI:

     source localnet/env.sh
     wasmd_cli query wasm contract-state smart $(jq -r .contracts.bank "$DEMO_HOME/deployment.json") '{"totals":{}}'
EOF
if [ "${DEMO_STOP:-0}" = 1 ]; then
  step "Stopping the network (DEMO_STOP=1)"
  kill "$(cat "$GATEWAY_DIR/pid")" 2>/dev/null || true
  [ "$REGIONS" -eq 0 ] || ./relayer/regions.sh down
  ./localnet/stop.sh
  say "stopped; 'make localnet' resumes it with all its state, 'localnet/stop.sh --reset' discards it"
else
  echo "   Stop it with 'make localnet-down' (state kept) or 'localnet/stop.sh --reset' (state discarded),"
  echo "   and the gateway with: kill \$(cat $GATEWAY_DIR/pid)"
fi
