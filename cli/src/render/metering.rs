//! Meters, readings, periods, bills and tariffs in tables.

use crate::render::core::bps;
use crate::render::{self, num};
use crate::units::{self, kw, kwh, money};
use crate::when::{self};
use comfy_table::Table;
use ledger_sdk::words::local_seconds;
use ledger_types::admin::MeterInfo;
use ledger_types::billing::BillingCycle;
use ledger_types::meter::{Bill, DailyTotal, MeterKind, MeterState, PeriodUsage, StoredReading};
use ledger_types::tariff::{LineItem, TariffComponents, TariffInfo, TariffVersion};

pub fn meters_table(ms: &[MeterInfo]) -> Table {
    let mut t = render::table([
        "meter",
        "owner",
        "retailer",
        "tariff",
        "kind",
        "status",
        "meter contract",
    ]);
    for m in ms {
        t.add_row(vec![
            m.meter_id.clone(),
            m.owner.to_string(),
            m.retailer.to_string(),
            m.tariff_id.clone(),
            m.kind.as_str().to_string(),
            m.status.as_str().to_string(),
            match &m.region {
                // The registry records the router for a regional meter; its own contract is
                // on the region (`ledger region route <meter>`).
                Some(region) => format!("in {region}, through the router {}", m.contract),
                None => m.contract.to_string(),
            },
        ]);
    }
    t
}

/// Where a meter's contract lives: its region (`None`: the main chain) and address there.
pub struct MeterPlace<'a> {
    /// The regional sub-chain.
    pub region: Option<&'a str>,
    /// The meter contract.
    pub contract: &'a str,
}

pub fn meter_record(m: &MeterInfo, place: &MeterPlace, s: &MeterState) -> Table {
    let mut rows = vec![
        ("meter", m.meter_id.clone()),
        ("kind", m.kind.as_str().to_string()),
        ("owner", m.owner.to_string()),
        ("retailer", m.retailer.to_string()),
        ("status", m.status.as_str().to_string()),
        (
            "tariff",
            format!(
                "{} (hours in {})",
                m.tariff_id,
                when::offset(s.tariff_utc_offset_minutes)
            ),
        ),
        ("public key", hex::encode(m.pubkey.as_slice())),
        (
            "meter contract",
            match place.region {
                Some(region) => format!("{} in {region}", place.contract),
                None => place.contract.to_string(),
            },
        ),
        ("registered", when::datetime(m.registered_at)),
        ("readings", s.readings.to_string()),
        ("last sequence", s.last_sequence.to_string()),
        ("last interval end", when::datetime(s.last_interval_end)),
        ("register", format!("{} kWh", kwh(s.register_wh))),
    ];
    match s.kind {
        MeterKind::Consumption => rows.extend([
            (
                "contracted monthly amount",
                money(s.contracted_monthly_amount),
            ),
            ("next period to close", s.next_period_to_close.to_string()),
        ]),
        // Its periods are never closed: the park market pays for what its readings prove.
        MeterKind::Generation => rows.push((
            "billing",
            "none: the park market settles its delivered energy".to_string(),
        )),
    }
    render::record(rows)
}

pub fn readings_table(rs: &[StoredReading]) -> Table {
    let mut t = render::table([
        "sequence",
        "interval start",
        "length (s)",
        "energy (kWh)",
        "register (kWh)",
    ]);
    for r in rs {
        t.add_row(vec![
            num(r.sequence),
            comfy_table::Cell::new(when::datetime(r.interval_start)),
            num(r.interval_length),
            num(kwh(r.energy_wh)),
            num(kwh(r.register_wh)),
        ]);
    }
    t
}

pub fn daily_table(ds: &[DailyTotal], cycle: &BillingCycle) -> Table {
    let whole_days = cycle.day_seconds() % 86_400 == 0;
    let mut t = render::table(["day", "starts", "energy (kWh)", "readings"]);
    for d in ds {
        let starts = if whole_days {
            when::date(local_seconds(cycle, d.day_start))
        } else {
            when::datetime(d.day_start)
        };
        t.add_row(vec![
            num(d.day),
            comfy_table::Cell::new(starts),
            num(kwh(d.energy_wh)),
            num(d.readings),
        ]);
    }
    t
}

pub fn period_record(meter_id: &str, u: &PeriodUsage) -> Table {
    render::record(vec![
        ("meter", meter_id.to_string()),
        ("period", u.period.to_string()),
        ("starts", when::datetime(u.start)),
        ("ends", when::datetime(u.end)),
        ("energy", format!("{} kWh", kwh(u.energy_wh))),
        ("readings", u.readings.to_string()),
        (
            "highest interval power",
            format!("{} kW", kw(u.max_power_w)),
        ),
        ("closed", if u.closed { "yes" } else { "no" }.to_string()),
    ])
}

pub fn hourly_table(u: &PeriodUsage) -> Option<Table> {
    let mut t = render::table(["month", "hour", "weekdays (kWh)", "weekends (kWh)"]);
    let mut any = false;
    for m in &u.hourly {
        for h in 0..24 {
            let (wd, we) = (m.weekday_wh[h], m.weekend_wh[h]);
            if wd == 0 && we == 0 {
                continue;
            }
            any = true;
            t.add_row(vec![
                num(m.month),
                num(format!("{h:02}")),
                num(kwh(wd)),
                num(kwh(we)),
            ]);
        }
    }
    any.then_some(t)
}

pub fn bills_table(bs: &[Bill]) -> Table {
    let mut t = render::table([
        "period",
        "from",
        "to",
        "energy (kWh)",
        "max (kW)",
        "tariff",
        "subtotal",
        "tax",
        "total",
    ]);
    for b in bs {
        t.add_row(vec![
            num(b.period),
            comfy_table::Cell::new(when::datetime(b.period_start)),
            comfy_table::Cell::new(when::datetime(b.period_end)),
            num(kwh(b.energy_wh)),
            num(kw(b.max_power_w)),
            comfy_table::Cell::new(format!("{} v{}", b.tariff_id, b.tariff_version)),
            num(money(b.subtotal)),
            num(money(b.tax)),
            num(money(b.total)),
        ]);
    }
    t
}

/// A bill's (or quote's) lines with subtotal, tax and total.
pub fn lines_table(
    lines: &[LineItem],
    subtotal: cosmwasm_std::Uint128,
    tax: cosmwasm_std::Uint128,
    total: cosmwasm_std::Uint128,
) -> Table {
    let mut t = render::table(["line", "quantity", "unit price", "amount"]);
    for l in lines {
        t.add_row(vec![
            comfy_table::Cell::new(&l.description),
            num(units::line_quantity(&l.kind, l.quantity)),
            num(units::line_price(&l.kind, l.unit_price)),
            num(money(l.amount)),
        ]);
    }
    for (label, v) in [("subtotal", subtotal), ("tax", tax), ("total", total)] {
        t.add_row(vec![
            comfy_table::Cell::new(label),
            comfy_table::Cell::new(""),
            comfy_table::Cell::new(""),
            num(money(v)),
        ]);
    }
    t
}

pub fn tariffs_table(ts: &[TariffInfo]) -> Table {
    let mut t = render::table(["tariff", "name", "hours in", "versions", "latest from"]);
    for ti in ts {
        t.add_row(vec![
            comfy_table::Cell::new(&ti.tariff_id),
            comfy_table::Cell::new(&ti.name),
            comfy_table::Cell::new(when::offset(ti.utc_offset_minutes)),
            num(ti.versions),
            comfy_table::Cell::new(
                ti.effective_from
                    .last()
                    .map(|t| when::datetime(*t))
                    .unwrap_or_default(),
            ),
        ]);
    }
    t
}

pub fn tariff_record(info: &TariffInfo, v: &TariffVersion) -> Table {
    let mut rows = vec![
        ("tariff", info.tariff_id.clone()),
        ("name", info.name.clone()),
        ("hours in", when::offset(info.utc_offset_minutes)),
        (
            "versions",
            info.effective_from
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} from {}", i + 1, when::datetime(*t)))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "shown",
            format!(
                "version {} from {}",
                v.version,
                when::datetime(v.effective_from)
            ),
        ),
    ];
    rows.extend(components_rows(&v.components));
    render::record(rows)
}

/// A version's components in words, one row per component.
pub fn components_rows(c: &TariffComponents) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(f) = c.fixed_charge {
        rows.push(("fixed charge", format!("{} per period", money(f))));
    }
    if let Some(r) = c.flat_rate {
        rows.push(("flat rate", format!("{}/kWh", units::price_per_kwh(r))));
    }
    if let Some(tiers) = &c.tiers {
        let mut from = 0;
        let text = tiers
            .iter()
            .map(|t| {
                let range = match t.up_to_wh {
                    Some(up) => format!("{} to {} kWh", kwh(from), kwh(up)),
                    None => format!("above {} kWh", kwh(from)),
                };
                from = t.up_to_wh.unwrap_or(from);
                format!("{range}: {}/kWh", units::price_per_kwh(t.price_per_mwh))
            })
            .collect::<Vec<_>>()
            .join("\n");
        rows.push(("tiers", text));
    }
    if let Some(tou) = &c.time_of_use {
        let text = tou
            .band_names
            .iter()
            .zip(&tou.band_prices)
            .map(|(n, p)| format!("{n}: {}/kWh", units::price_per_kwh(*p)))
            .collect::<Vec<_>>()
            .join("\n");
        rows.push(("time-of-use bands", text));
    }
    if let Some(d) = c.demand_charge_per_kw {
        rows.push((
            "demand charge",
            format!("{}/kW of the highest power", money(d)),
        ));
    }
    if let Some(m) = c.minimum_charge {
        rows.push(("minimum charge", format!("{} per period", money(m))));
    }
    if let Some(t) = c.tax_bps {
        rows.push(("tax", format!("{}%", bps(t))));
    }
    rows
}
