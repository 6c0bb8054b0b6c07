//! Whatever the relayer does with a region's bill packets (delivering one again after a lost
//! acknowledgement, or a timeout's resend racing the original, in any order among other
//! bills and payments), the main chain confirms every bill once: one confirmation, one
//! record at the bank, the same block named by every acknowledgement, and the statuses sent
//! back to the region ending at what the bank shows paid.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use cosmwasm_std::{Binary, StdAck, Uint128, from_json};
use cw_multi_test::{AppResponse, Executor};
use ledger_types::admin::{self, RegisterMeter};
use ledger_types::bank::{self, AdvanceNotice, BillAccount, BillNotice};
use ledger_types::meter::Bill;
use ledger_types::meter::MeterKind;
use ledger_types::region::{BillConfirmed, BillStatus, RegionBill, ToMain};
use ledger_types::router::{self, ConfirmationResponse, ConfirmedDigestsResponse};
use proptest::prelude::*;

/// Alice's meters in the region: the harness's own and two more registered here.
const METERS: [&str; 3] = [METER, "north-2", "north-3"];

/// One regional bill of the run.
#[derive(Clone, Debug)]
struct BillSpec {
    meter: usize,
    period: u32,
    total: u128,
    /// How many times the relayer delivers its packet.
    copies: usize,
}

impl BillSpec {
    fn meter_id(&self) -> &'static str {
        METERS[self.meter]
    }
}

/// One step of the relay schedule.
#[derive(Clone, Debug)]
enum Step {
    /// The relayer delivers the packet of this bill (by index).
    Deliver(usize),
    /// A deposit into Alice's prepaid balance.
    Fund(u128),
    /// A bank operator pays this percentage of what is open on this meter.
    Pay(usize, u8),
    /// Time moves on this many days, then anyone settles.
    Settle(u8),
}

fn payment() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u128..=2_000).prop_map(Step::Fund),
        (0..METERS.len(), 1u8..=100).prop_map(|(meter, percent)| Step::Pay(meter, percent)),
        (0u8..=12).prop_map(Step::Settle),
    ]
}

/// Up to five bills (distinct meter and period), each delivered one to three times, the
/// deliveries shuffled among up to twelve payments.
fn run() -> impl Strategy<Value = (Vec<BillSpec>, Vec<Step>)> {
    let bills = prop::collection::btree_map(
        (0..METERS.len(), 1u32..=3),
        (0u128..=3_000, 1usize..=3),
        1..=5,
    );
    let payments = prop::collection::vec(payment(), 0..12);
    (bills, payments).prop_flat_map(|(bills, payments)| {
        let bills: Vec<BillSpec> = bills
            .into_iter()
            .map(|((meter, period), (total, copies))| BillSpec {
                meter,
                period,
                total,
                copies,
            })
            .collect();
        let mut steps = payments;
        for (index, bill) in bills.iter().enumerate() {
            steps.extend(std::iter::repeat_n(Step::Deliver(index), bill.copies));
        }
        (Just(bills), Just(steps).prop_shuffle())
    })
}

/// The region's outbox id of a bill's packet: the same for every copy of it.
fn packet_id(index: usize) -> u64 {
    index as u64 + 1
}

/// A distinct readings digest per bill, so that a confirmation names its own.
fn digest(index: usize) -> String {
    format!("{:064x}", index + 1)
}

fn region_bill(index: usize, spec: &BillSpec) -> RegionBill {
    let meter_id = spec.meter_id().to_string();
    let start = START + u64::from(spec.period - 1) * 30 * DAY;
    let end = start + 30 * DAY;
    let total = Uint128::new(spec.total);
    RegionBill {
        notice: BillNotice {
            meter_id: meter_id.clone(),
            period: spec.period,
            total,
            final_due: end + 10 * DAY,
            next: AdvanceNotice {
                meter_id: meter_id.clone(),
                period: spec.period + 1,
                estimate: total,
                advances: vec![],
            },
        },
        bill: Bill {
            meter_id,
            period: spec.period,
            period_start: start,
            period_end: end,
            billed_from: start,
            billed_to: end,
            energy_wh: 100_000,
            late_energy_wh: 0,
            max_power_w: 3_000,
            tariff_id: "north-flat".to_string(),
            tariff_version: 1,
            lines: vec![],
            subtotal: total,
            tax: Uint128::zero(),
            total,
            closed_at: end,
        },
        readings_digest: digest(index),
    }
}

/// Registers Alice's further meters in the region (the harness registered the first).
fn register_more_meters(world: &mut World) {
    for meter_id in &METERS[1..] {
        let msg = admin::ExecuteMsg::RegisterMeter(RegisterMeter {
            meter_id: meter_id.to_string(),
            owner: world.alice.to_string(),
            retailer: world.retailer.to_string(),
            pubkey: Binary::from(vec![0x02; 33]),
            tariff_id: "north-flat".to_string(),
            initial_register_wh: 0,
            contracted_monthly_amount: Uint128::new(50_00),
            region: Some(REGION.to_string()),
            kind: MeterKind::Consumption,
        });
        world
            .app
            .execute_contract(world.administrator.clone(), world.admin.clone(), &msg, &[])
            .expect("register a regional meter");
    }
}

/// The relayer delivers packet `id` of the region; the router's whole response.
fn deliver(world: &mut World, id: u64, body: ToMain) -> AppResponse {
    world
        .app
        .wasm_sudo(world.router.clone(), &Relay::Receive { id, body })
        .expect("the router answers every packet")
}

/// The acknowledgement the router wrote: the bill's confirmation, or the refusal's text.
fn confirmed_by(res: &AppResponse) -> Result<BillConfirmed, String> {
    let data = res.data.as_ref().expect("an acknowledgement");
    match from_json::<StdAck>(data).expect("a StdAck") {
        StdAck::Success(answer) => Ok(from_json(&answer).expect("a BillConfirmed")),
        StdAck::Error(text) => Err(text),
    }
}

/// How many times the bank was asked to record a bill in `res`.
fn bank_recordings(world: &World, res: &AppResponse) -> usize {
    let bank = world.bank.to_string();
    events(res, "wasm")
        .into_iter()
        .filter(|attrs| {
            attrs.contains(&("_contract_address".to_string(), bank.clone()))
                && attrs.contains(&("action".to_string(), "record_bill".to_string()))
        })
        .count()
}

fn account(world: &World, meter_id: &str, period: u32) -> BillAccount {
    world
        .app
        .wrap()
        .query_wasm_smart(
            &world.bank,
            &bank::QueryMsg::BillAccount {
                meter_id: meter_id.to_string(),
                period,
            },
        )
        .expect("bill account")
}

/// What remains open on a meter.
fn due(world: &World, meter_id: &str) -> u128 {
    let instalments: bank::InstalmentsResponse = world
        .app
        .wrap()
        .query_wasm_smart(
            &world.bank,
            &bank::QueryMsg::InstalmentsByMeter {
                meter_id: meter_id.to_string(),
                start_after: None,
                limit: Some(100),
            },
        )
        .expect("instalments");
    instalments
        .instalments
        .iter()
        .filter(|i| {
            matches!(
                i.status,
                bank::InstalmentStatus::Open | bank::InstalmentStatus::Overdue
            )
        })
        .map(|i| (i.amount - i.paid).u128())
        .sum()
}

fn pay(world: &mut World, meter_id: &str, percent: u8) {
    let due = due(world, meter_id);
    let amount = (due * u128::from(percent) / 100)
        .max(1)
        .min(due)
        .min(world.prepaid().u128());
    if amount == 0 {
        return;
    }
    let msg = bank::ExecuteMsg::MakePayment {
        meter_id: meter_id.to_string(),
        amount: Uint128::new(amount),
    };
    world
        .app
        .execute_contract(world.operator.clone(), world.bank.clone(), &msg, &[])
        .expect("a payment within what is due");
}

/// The index of the bill to deliver for a `Deliver(index)` step. With `in_period_order`, a
/// bill whose earlier periods of the same meter have not arrived yet is held back and the
/// earliest of them goes instead, as a region closes a meter's periods one after the other.
fn pick(
    bills: &[BillSpec],
    arrived: &BTreeSet<usize>,
    index: usize,
    in_period_order: bool,
) -> usize {
    if !in_period_order || arrived.contains(&index) {
        return index;
    }
    (0..bills.len())
        .filter(|&i| bills[i].meter == bills[index].meter && !arrived.contains(&i))
        .min_by_key(|&i| bills[i].period)
        .unwrap_or(index)
}

/// What the relayer's deliveries brought about, per bill (by index).
#[derive(Default)]
struct Relayed {
    arrived: BTreeSet<usize>,
    /// Every acknowledgement the router wrote for the bill.
    acks: BTreeMap<usize, Vec<Result<BillConfirmed, String>>>,
    /// How many times the bank was asked to record it.
    recordings: BTreeMap<usize, usize>,
}

impl Relayed {
    fn deliver(&mut self, world: &mut World, bills: &[BillSpec], index: usize) {
        let body = ToMain::Bill(Box::new(region_bill(index, &bills[index])));
        let res = deliver(world, packet_id(index), body);
        *self.recordings.entry(index).or_default() += bank_recordings(world, &res);
        self.acks.entry(index).or_default().push(confirmed_by(&res));
        self.arrived.insert(index);
    }
}

/// Plays the schedule, then checks every bill's confirmation, bank record, acknowledgements
/// and statuses.
fn check(bills: &[BillSpec], steps: &[Step], in_period_order: bool) -> Result<(), TestCaseError> {
    let mut world = World::new();
    register_more_meters(&mut world);
    world.advance_to(START + 30 * DAY);

    let mut relayed = Relayed::default();
    for step in steps {
        match *step {
            Step::Deliver(index) => {
                let index = pick(bills, &relayed.arrived, index, in_period_order);
                relayed.deliver(&mut world, bills, index);
            }
            Step::Fund(amount) => world.fund_alice(amount),
            Step::Pay(meter, percent) => pay(&mut world, METERS[meter], percent),
            Step::Settle(days) => {
                world.advance_to(world.now() + u64::from(days) * DAY);
                world.settle();
            }
        }
    }
    // Bills held back by `pick` arrive last, in their periods' order.
    let mut late: Vec<usize> = (0..bills.len())
        .filter(|i| !relayed.arrived.contains(i))
        .collect();
    late.sort_by_key(|&i| (bills[i].meter, bills[i].period));
    for index in late {
        relayed.deliver(&mut world, bills, index);
    }
    let Relayed {
        acks, recordings, ..
    } = relayed;

    let statuses = world.statuses_sent();
    let (mut paid_by_statuses, mut paid_at_bank) = (Uint128::zero(), Uint128::zero());
    for (index, spec) in bills.iter().enumerate() {
        let (meter_id, period) = (spec.meter_id(), spec.period);
        let total = Uint128::new(spec.total);
        let which = format!("bill {index} (meter {meter_id}, period {period})");

        let confirmation: ConfirmationResponse = world
            .app
            .wrap()
            .query_wasm_smart(
                &world.router,
                &router::QueryMsg::Confirmation {
                    meter_id: meter_id.to_string(),
                    period,
                },
            )
            .expect("confirmation");
        let confirmation = confirmation.confirmation;
        prop_assert!(confirmation.is_some(), "{which}: not confirmed");
        let confirmation = confirmation.expect("checked above");
        prop_assert_eq!(&confirmation.region, REGION);
        prop_assert_eq!(&confirmation.readings_digest, &digest(index));
        prop_assert_eq!(confirmation.total, total);

        let listed: ConfirmedDigestsResponse = world
            .app
            .wrap()
            .query_wasm_smart(
                &world.router,
                &router::QueryMsg::ConfirmedDigests {
                    region: REGION.to_string(),
                    period,
                    start_after: None,
                    limit: Some(30),
                },
            )
            .expect("confirmed digests");
        let mine: Vec<_> = listed
            .digests
            .iter()
            .filter(|d| d.meter_id == meter_id)
            .collect();
        prop_assert_eq!(mine.len(), 1, "{}: listed {:?}", which, listed.digests);
        prop_assert_eq!(&mine[0].readings_digest, &digest(index));
        prop_assert_eq!(mine[0].confirmed, confirmation.confirmed);

        prop_assert_eq!(recordings[&index], 1, "{}: the bank was asked again", which);
        let account = account(&world, meter_id, period);
        prop_assert_eq!(account.total, Some(total), "{}", which);

        let answers = &acks[&index];
        prop_assert!(!answers.is_empty(), "{}: never delivered", which);
        for answer in answers {
            let confirmed = answer
                .as_ref()
                .map_err(|text| TestCaseError::fail(format!("{which} refused: {text}")))?;
            prop_assert_eq!(&confirmed.meter_id, meter_id);
            prop_assert_eq!(confirmed.period, period);
            prop_assert_eq!(confirmed.confirmed, confirmation.confirmed, "{}", which);
        }

        let mine: Vec<&BillStatus> = statuses
            .iter()
            .filter(|s| s.meter_id == meter_id && s.period == period)
            .collect();
        let revisions: Vec<u64> = mine.iter().map(|s| s.revision).collect();
        prop_assert_eq!(revisions, (1..=mine.len() as u64).collect::<Vec<_>>());
        prop_assert!(mine.windows(2).all(|pair| pair[0].paid <= pair[1].paid));
        let last = mine.last().expect("the recording's status at least");
        let bank_paid = account.advances_paid + account.final_paid;
        prop_assert_eq!(last.paid, bank_paid, "{}", which);
        prop_assert_eq!(last.total, total);
        paid_by_statuses += last.paid;
        paid_at_bank += bank_paid;
    }
    prop_assert_eq!(paid_by_statuses, paid_at_bank);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    /// Each meter's bills first arrive in their periods' order (the region closes them one
    /// after the other); copies arrive anywhere, among payments.
    #[test]
    fn every_bill_is_confirmed_once_whatever_the_relay_does((bills, steps) in run()) {
        check(&bills, &steps, true)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    /// Any order at all: a meter's later bill may overtake an earlier one on the unordered
    /// channel (an earlier bill stuck, then retried after the next was confirmed).
    #[test]
    fn every_bill_is_confirmed_once_in_any_order((bills, steps) in run()) {
        check(&bills, &steps, false)?;
    }
}

/// The shortest case of the order above: meter north-2's bill of period 2 is confirmed,
/// then its bill of period 1 arrives (stuck after its timeouts, then retried by the region's
/// operator). Recording period 2 opened period 3, and period 2 is already open when period 1
/// arrives: the bank must still record period 1 (without scheduling period 2's advances again)
/// so that it is confirmed.
#[test]
fn an_earlier_bill_arriving_after_the_next_one_is_confirmed() {
    let bills = [
        BillSpec {
            meter: 1,
            period: 1,
            total: 900,
            copies: 1,
        },
        BillSpec {
            meter: 1,
            period: 2,
            total: 700,
            copies: 1,
        },
    ];
    let mut world = World::new();
    register_more_meters(&mut world);
    world.advance_to(START + 60 * DAY);
    let mut relayed = Relayed::default();
    relayed.deliver(&mut world, &bills, 1);
    relayed.deliver(&mut world, &bills, 0);
    for (index, spec) in bills.iter().enumerate() {
        let [answer] = &relayed.acks[&index][..] else {
            panic!("one acknowledgement per delivery");
        };
        let confirmed = answer
            .as_ref()
            .unwrap_or_else(|text| panic!("bill of period {} refused: {text}", spec.period));
        assert_eq!(
            (confirmed.meter_id.as_str(), confirmed.period),
            (spec.meter_id(), spec.period)
        );
        assert_eq!(
            account(&world, spec.meter_id(), spec.period).total,
            Some(Uint128::new(spec.total))
        );
    }
}
