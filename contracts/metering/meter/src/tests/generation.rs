//! Generation meters: their readings are taken exactly as a consumption meter's (the park
//! market reads them as proof of delivery), and they are never billed.

use cosmwasm_std::{Storage, Uint128};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{
    Bill, ExecuteMsg, MeterKind, MigrateMsg, NewMeter, PeriodUsage, QueryMsg, ReadingsResponse,
};

use super::helpers::*;
use crate::ContractError;
use crate::contract::migrate;
use crate::state::METERS;

/// A generation meter: no contracted amount, for nothing is advanced for it.
fn generation(ctx: &Ctx, meter_id: &str, seed: u8) -> NewMeter {
    NewMeter {
        contracted_monthly_amount: Uint128::zero(),
        kind: MeterKind::Generation,
        ..ctx.new_meter(meter_id, seed, "flat")
    }
}

/// The start of November 2026 with [`METER`] added as a generation meter (key 1).
fn with_generation_meter() -> Ctx {
    let mut ctx = Ctx::new(MeterSettings::default(), NOV_2026);
    let meter = generation(&ctx, METER, 1);
    let admin = ctx.admin.clone();
    let response = ctx.exec(&admin, ExecuteMsg::AddMeter { meter }).unwrap();
    assert_attrs(
        &response,
        &[("action", "add_meter"), ("kind", "generation")],
    );
    // No advance notice: the bank hears nothing of a generation meter.
    assert!(response.messages.is_empty());
    ctx
}

#[test]
fn a_generation_meter_takes_the_readings_a_consumption_meter_takes() {
    let mut ctx = with_generation_meter();
    ctx.add_meter("m-2", 2, "flat").unwrap();
    assert_eq!(ctx.meter(METER).kind, MeterKind::Generation);
    assert_eq!(ctx.meter("m-2").kind, MeterKind::Consumption);

    // The same day of half-hourly readings from both, in one batch.
    let mut produced = Feed::new(&ctx, METER, 1);
    let mut consumed = Feed::new(&ctx, "m-2", 2);
    ctx.at(NOV_2026 + DAY);
    let solar = |i: usize| if (12..36).contains(&i) { 400 } else { 0 };
    let mut batch = produced.half_hours(48, solar);
    batch.extend(consumed.half_hours(48, solar));
    let response = ctx.submit(batch).unwrap();
    assert_eq!(attr(&response, "accepted"), "96");
    assert!(response.messages.is_empty());

    let readings: ReadingsResponse = ctx.query(QueryMsg::Readings {
        meter_id: METER.into(),
        from: Some(NOV_2026 + 6 * 3_600),
        to: Some(NOV_2026 + 18 * 3_600),
        start_after: None,
        limit: None,
    });
    assert_eq!(readings.readings.len(), 24);
    assert!(!readings.has_more);
    assert!(readings.readings.iter().all(|r| r.energy_wh == 400));
    assert_eq!(readings.readings[0].interval_start, NOV_2026 + 6 * 3_600);
    assert_eq!(readings.readings[0].sequence, 13);
    assert_eq!(readings.readings[23].register_wh, 1_000 + 24 * 400);

    // Everything a query shows of the two meters' readings is the same.
    assert_eq!(ctx.readings(METER).readings, ctx.readings("m-2").readings);
    assert_eq!(ctx.days(METER).days, ctx.days("m-2").days);
    assert_eq!(ctx.period(METER, NOV), ctx.period("m-2", NOV));
    let state = ctx.meter(METER);
    assert_eq!(state.readings, 48);
    assert_eq!(state.register_wh, 1_000 + 24 * 400);

    // And the same refusals: a replay is refused as for any meter.
    let replay = produced.sign(ledger_types::reading::Reading {
        sequence: 48,
        ..produced.peek(HALF_HOUR, 0)
    });
    ctx.refused_readings(
        vec![replay],
        ContractError::ReplayedOrOutOfOrder {
            meter_id: METER.into(),
            sequence: 48,
            last: 48,
        },
    );
}

#[test]
fn a_generation_meter_s_periods_are_never_closed() {
    let mut ctx = with_generation_meter();
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + DAY);
    ctx.submit(feed.half_hours(48, |_| 250)).unwrap();

    ctx.at(DEC_2026 + DAY);
    let gateway = ctx.gateway.clone();
    let not_billed = || ContractError::GenerationNotBilled {
        meter_id: METER.into(),
    };
    // Whatever the period: ended, running, or already past.
    for period in [NOV, NOV + 1, NOV - 1] {
        ctx.refused(
            &gateway,
            ExecuteMsg::ClosePeriod {
                meter_id: METER.into(),
                period,
            },
            not_billed(),
        );
    }
    assert_eq!(
        not_billed().to_string(),
        "meter m-1 is a generation meter, which is never billed: the park market settles its \
         energy from its readings; only consumption meters' periods are closed"
    );
    let november: PeriodUsage = ctx.period(METER, NOV);
    assert!(!november.closed);
    assert_eq!(november.energy_wh, 48 * 250);
    assert_eq!(ctx.meter(METER).next_period_to_close, NOV);
    assert_eq!(
        ctx.try_query::<Bill>(QueryMsg::Bill {
            meter_id: METER.into(),
            period: NOV,
        })
        .unwrap_err(),
        ContractError::NoBill {
            meter_id: METER.into(),
            period: NOV,
        }
    );
}

#[test]
fn a_generation_meter_with_a_contracted_amount_is_refused() {
    let mut ctx = Ctx::with_meter();
    let admin = ctx.admin.clone();
    let meter = NewMeter {
        contracted_monthly_amount: Uint128::new(CONTRACTED),
        ..generation(&ctx, "g-1", 2)
    };
    ctx.refused(
        &admin,
        ExecuteMsg::AddMeter { meter },
        ContractError::GenerationContractedAmount {
            meter_id: "g-1".into(),
            amount: Uint128::new(CONTRACTED),
        },
    );
}

/// Meters added before kinds existed have no kind stored: they are consumption meters and are
/// billed as before, with or without a migration (whose version policy needs no new state).
#[test]
fn meters_added_before_kinds_are_billed_as_before() {
    let mut ctx = Ctx::with_meter();
    let key = METERS.key(METER);
    let raw = String::from_utf8(ctx.deps.storage.get(&key).unwrap()).unwrap();
    let old = raw.replace(r#","kind":"consumption""#, "");
    assert_ne!(old, raw);
    ctx.deps.storage.set(&key, old.as_bytes());
    let env = ctx.env.clone();
    migrate(ctx.deps.as_mut(), env, MigrateMsg {}).unwrap();

    assert_eq!(ctx.meter(METER).kind, MeterKind::Consumption);
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + DAY);
    ctx.submit(feed.half_hours(48, |_| 100)).unwrap();
    ctx.at(DEC_2026);
    let response = ctx.close(METER, NOV).unwrap();
    assert_eq!(attr(&response, "action"), "close_period");
    assert_eq!(bank_messages(&response).len(), 1);
}
