//! The API's views of the registry's and meter contracts' records: the same fields, with
//! amounts as decimal strings and enums as their snake_case names, so that the OpenAPI
//! document describes exactly what is sent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ledger_types::admin::{MeterInfo, Participant};
use ledger_types::meter::Bill;
use ledger_types::tariff::LineItem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The serde name of a unit enum value (`active`, `bank_operator`, `energy`, ...).
pub(crate) fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(e) => format!("unnamed ({e})"),
    }
}

/// A registered participant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParticipantView {
    /// Its account address.
    pub address: String,
    /// Its name in the registry.
    pub name: String,
    /// Its roles (`admin`, `bank_operator`, `retailer`, `consumer`, `blacklister`, `auditor`,
    /// `guardian`, `cloud_provider`, `cloud_user`).
    pub roles: Vec<String>,
    /// `active` or `suspended`.
    pub status: String,
    /// The blacklisting reason, while blacklisted.
    pub blacklisted: Option<String>,
    /// Its meter contract, once it has a meter.
    pub meter_contract: Option<String>,
    /// Block time of registration, unix seconds.
    pub registered_at: u64,
}

impl From<Participant> for ParticipantView {
    fn from(p: Participant) -> Self {
        ParticipantView {
            address: p.address.into_string(),
            name: p.name,
            roles: p.roles.iter().map(|r| r.as_str().to_string()).collect(),
            status: p.status.as_str().to_string(),
            blacklisted: p.blacklisted,
            meter_contract: p.meter_contract.map(|a| a.into_string()),
            registered_at: p.registered_at,
        }
    }
}

/// A meter as the registry knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeterView {
    /// The meter's id.
    pub meter_id: String,
    /// Its owner (a consumer).
    pub owner: String,
    /// Its retailer.
    pub retailer: String,
    /// The meter's secp256k1 public key, base64.
    pub pubkey: String,
    /// Its tariff.
    pub tariff_id: String,
    /// `active`, `suspended` or `retired`.
    pub status: String,
    /// The contract readings are sent to.
    pub contract: String,
    /// Block time of registration, unix seconds.
    pub registered_at: u64,
    /// Its regional sub-chain; absent for a meter of the main chain.
    pub region: Option<String>,
    /// `consumption` or `generation`.
    pub kind: String,
}

impl From<MeterInfo> for MeterView {
    fn from(m: MeterInfo) -> Self {
        MeterView {
            status: name_of(&m.status),
            kind: name_of(&m.kind),
            meter_id: m.meter_id,
            owner: m.owner.into_string(),
            retailer: m.retailer.into_string(),
            pubkey: STANDARD.encode(m.pubkey.as_slice()),
            tariff_id: m.tariff_id,
            contract: m.contract.into_string(),
            registered_at: m.registered_at,
            region: m.region,
        }
    }
}

/// A line of a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LineItemView {
    /// What the line is for: the tariff line kind's name (`fixed_charge`, `flat_rate`), or
    /// its JSON for kinds with fields (`{"tier":{"index":0}}`).
    pub kind: String,
    /// The line in words.
    pub description: String,
    /// Wh for energy lines, W for demand, 1 for fixed charges.
    pub quantity: u64,
    /// Minor units per MWh for energy, per kW for demand, per period for fixed charges.
    pub unit_price: String,
    /// Minor units.
    pub amount: String,
}

impl From<LineItem> for LineItemView {
    fn from(l: LineItem) -> Self {
        LineItemView {
            kind: name_of(&l.kind),
            description: l.description,
            quantity: l.quantity,
            unit_price: l.unit_price.to_string(),
            amount: l.amount.to_string(),
        }
    }
}

/// A meter's bill for one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BillView {
    /// The meter.
    pub meter_id: String,
    /// The billing period's number.
    pub period: u32,
    /// The period's start, unix seconds.
    pub period_start: u64,
    /// The period's end, unix seconds.
    pub period_end: u64,
    /// What the bill covers: its start, unix seconds.
    pub billed_from: u64,
    /// What the bill covers: its end, unix seconds.
    pub billed_to: u64,
    /// Energy of the period's readings, Wh.
    pub energy_wh: u64,
    /// Energy of earlier periods' late readings carried into this bill, Wh.
    pub late_energy_wh: u64,
    /// Highest power in the period, W.
    pub max_power_w: u64,
    /// The tariff that priced the bill.
    pub tariff_id: String,
    /// The tariff's version.
    pub tariff_version: u32,
    /// The bill's lines.
    pub lines: Vec<LineItemView>,
    /// Before tax, minor units.
    pub subtotal: String,
    /// Tax, minor units.
    pub tax: String,
    /// Total, minor units.
    pub total: String,
    /// Block time of closing, unix seconds.
    pub closed_at: u64,
}

impl From<Bill> for BillView {
    fn from(b: Bill) -> Self {
        BillView {
            meter_id: b.meter_id,
            period: b.period,
            period_start: b.period_start,
            period_end: b.period_end,
            billed_from: b.billed_from,
            billed_to: b.billed_to,
            energy_wh: b.energy_wh,
            late_energy_wh: b.late_energy_wh,
            max_power_w: b.max_power_w,
            tariff_id: b.tariff_id,
            tariff_version: b.tariff_version,
            lines: b.lines.into_iter().map(LineItemView::from).collect(),
            subtotal: b.subtotal.to_string(),
            tax: b.tax.to_string(),
            total: b.total.to_string(),
            closed_at: b.closed_at,
        }
    }
}
