# The demo's closing summary, for people: per consumer, the period's consumption, each bill
# with its line items, and each instalment with how it was paid.
#
# Inputs (see scripts/demo.sh): $p participants, $m meters, $pre prepaid balances, $pay
# payments, $b bills ({meter_id, bill: `ledger query bill -o json`, instalments}), $rb the
# regional bills (`ledger region bills -o json` of each region, with region and chain_id), all
# --slurpfile'd; $origin, $day (seconds per day), $days (days per period), $main_chain.

def spaces($n): if $n > 0 then " " * $n else "" end;
def pad($n): tostring | . + spaces($n - length);
def lpad($n): tostring | spaces($n - length) + .;
def frac($d; $digits): tonumber as $x
  | ($x / $d | floor | tostring) + "."
    + (("000" + (($x % $d) | tostring)) | .[length - $digits:]);
def money: frac(100; 2);
def kwh: "\(frac(1000; 3)) kWh";
def w: "\(.) W";
def when: ((tonumber - $origin) / $day | floor) as $d
  | "day \($d % $days + 1) of period \($d / $days | floor)";
def kind: if . == "final" then "final" else "advance \(.advance.number)" end;
def source:
  if . == "automatic" then "automatically from the prepaid balance (Settle)"
  elif . == "operator" then "by the bank operator (MakePayment)"
  else "from credit" end;
def quantity:
  if .kind == "fixed_charge" or .kind == "minimum_top_up" then ""
  elif .kind == "demand" then "\(.quantity | w)"
  else "\(.quantity | kwh)" end;
def chain($regional; $bill_id):
  ([$regional[] | select(.meter_id == $bill_id and .period == 0)] | first) as $r
  | if $r == null then
      "      chain: readings, bill and payments on the main chain \($main_chain)"
    else
      "      chain: readings and bill on \($r.region) (\($r.chain_id)); bill confirmed on the main chain \($main_chain) at height \($r.confirmed.height // "-"); paid there; payment status back on \($r.region): \(if $r.status then "\($r.status.paid | money) paid\(if $r.status.settled then ", settled" else "" end) (main-chain height \($r.status.at.height))" else "none yet" end)"
    end;
def how($payments):
  . as $i
  | [$payments[] | select(.instalment_id == $i.id)] as $ps
  | if $i.status == "paid" then
      "paid " + ([$ps[] | .source | source] | unique | join(" and "))
    elif $i.status == "superseded" then "superseded by the final instalment (it was not paid)"
    elif $i.status == "overdue" then "OVERDUE"
    else "open" end;

($p[0]) as $participants
| ($pay[0]) as $payments
| ($b[0]) as $bills
| [$participants[] | select(.roles | index("consumer"))] | sort_by(.name) as $consumers
| (
    "Billing period 0: \($days) days of \($day) s from \($origin | todate), \($days * $day) s of real time.",
    "Time is compressed: each demo day is simulated, and priced by the tariffs, as a whole day (its",
    "hours, weekday and demand), so the period carries a month of each household's consumption.",
    "",
    ($consumers[] as $c
      | [$bills[] | select(.bill.bill.meter_id as $id | $m[0][] | select(.meter_id == $id) | .owner == $c.address)] as $mine
      | ([$pre[0][] | select(.consumer == $c.address) | .balance][0] // "0") as $left
      | "\($c.name)  \($c.address)",
        "  \($mine | length) meters, \([$mine[].bill.bill.energy_wh | tonumber] | add | kwh) in period 0, billed \([$mine[].bill.bill.total | tonumber] | add | money); prepaid balance now \($left | money)",
        ($mine[]
          | .bill.bill as $bill
          | .instalments as $inst
          | "  - meter \($bill.meter_id), tariff \($bill.tariff_id) (version \($bill.tariff_version)): \($bill.energy_wh | kwh), highest power \($bill.max_power_w | w)",
            chain($rb[0]; $bill.meter_id),
            ($bill.lines[] | "      \(.description | pad(46)) \(quantity | lpad(10)) \(.amount | money | lpad(10))"),
            "      \("subtotal \($bill.subtotal | money)   tax \($bill.tax | money)" | pad(50)) \("total \($bill.total | money)" | lpad(17))",
            ($inst[]
              | select(.period == 0 or (.period == 1 and .status != "open"))
              | "      \((if .period == 0 then "" else "next period's " end) + (.kind | kind) | pad(24)) due \(.due | when | pad(21)) \(.amount | money | lpad(7))  \(how($payments))")
        ),
        ""
    )
  )
