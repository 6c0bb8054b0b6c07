//! The bank's storage. Instalments live in one map; the indexes beside it name only the
//! instalments that still matter to an action (open by due date for `Settle`, unpaid by meter
//! for `MakePayment`, overdue for the query), so that no action walks history.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};
pub use ledger_contract_kit::sequence::next_id;
use ledger_types::bank::{BillAccount, Deposit, Instalment, Payment, Redemption, TotalsResponse};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    /// The admin contract, asked for roles, meters and blacklisting.
    pub admin_contract: Addr,
}

/// Why an instalment is held.
#[cw_serde]
pub struct Hold {
    /// The blacklisted party, consumer or retailer.
    pub party: Addr,
    pub reason: String,
    /// Block time it was first held.
    pub since: u64,
}

/// The bank's wiring.
pub const CONFIG: Item<Config> = Item::new("config");
/// The settlement token (cw20-base), stored by the reply to its instantiation.
pub const TOKEN: Item<Addr> = Item::new("token");
/// Running totals: minted, burned, prepaid, escrowed, paid out.
pub const TOTALS: Item<TotalsResponse> = Item::new("totals");

/// Deposit reference -> the deposit it credited (a reference is credited once).
pub const DEPOSITS: Map<&str, Deposit> = Map::new("deposits");
/// Consumer -> prepaid balance held by the bank (absent when zero).
pub const PREPAID: Map<&Addr, Uint128> = Map::new("prepaid");
/// Meter id -> unused overpayment, applied to the meter's next instalments (absent when zero).
pub const CREDIT: Map<&str, Uint128> = Map::new("credit");

/// Last instalment id handed out (ids start at 1).
pub const LAST_INSTALMENT_ID: Item<u64> = Item::new("last_instalment_id");
/// Last payment id handed out (ids start at 1).
pub const LAST_PAYMENT_ID: Item<u64> = Item::new("last_payment_id");
/// Last redemption request id handed out (ids start at 1).
pub const LAST_REDEMPTION_ID: Item<u64> = Item::new("last_redemption_id");

/// Instalment id -> instalment.
pub const INSTALMENTS: Map<u64, Instalment> = Map::new("instalments");
/// (meter id, instalment id) -> (): every instalment of a meter.
pub const INSTALMENTS_BY_METER: Map<(&str, u64), ()> = Map::new("instalments_by_meter");
/// (due, instalment id) -> (): instalments with status Open, walked by `Settle`.
pub const OPEN_BY_DUE: Map<(u64, u64), ()> = Map::new("open_by_due");
/// (due, instalment id) -> (): instalments with status Overdue.
pub const OVERDUE_BY_DUE: Map<(u64, u64), ()> = Map::new("overdue_by_due");
/// (meter id, due, instalment id) -> (): Open and Overdue instalments of a meter, walked by
/// `MakePayment` oldest due first.
pub const UNPAID_BY_METER: Map<(&str, u64, u64), ()> = Map::new("unpaid_by_meter");
/// (consumer, due, instalment id) -> (): Overdue instalments of a consumer that are not held,
/// paid oldest first by `Settle` once the consumer is funded.
pub const OVERDUE_BY_CONSUMER: Map<(&Addr, u64, u64), ()> = Map::new("overdue_by_consumer");
/// Consumers funded (by a deposit or a prepayment) while they had overdue instalments:
/// `Settle` walks these first. A consumer leaves when its overdue instalments are paid or the
/// balance no longer covers the oldest.
pub const RECHECK: Map<&Addr, ()> = Map::new("recheck");
/// Instalment id -> why it is held: an Overdue instalment whose consumer or retailer is
/// blacklisted. Held instalments are not in `OVERDUE_BY_CONSUMER`.
pub const HELD: Map<u64, Hold> = Map::new("held");
/// Last held instalment id `Settle` re-checked; it walks on from here and wraps round.
pub const HELD_CURSOR: Item<u64> = Item::new("held_cursor");
/// Meter id -> what remains to pay on its Open and Overdue instalments (absent when zero).
pub const METER_DUE: Map<&str, Uint128> = Map::new("meter_due");

/// (meter id, period) -> the bill's account.
pub const BILLS: Map<(&str, u32), BillAccount> = Map::new("bills");

/// Payment id -> payment.
pub const PAYMENTS: Map<u64, Payment> = Map::new("payments");
/// (consumer, payment id) -> (): a consumer's payments.
pub const PAYMENTS_BY_CONSUMER: Map<(&Addr, u64), ()> = Map::new("payments_by_consumer");
/// (meter id, period, payment id) -> (): a bill's payments.
pub const PAYMENTS_BY_BILL: Map<(&str, u32, u64), ()> = Map::new("payments_by_bill");

/// Redemption request id -> request.
pub const REDEMPTIONS: Map<u64, Redemption> = Map::new("redemptions");
/// Payout reference -> the redemption request it paid out (a reference is used once).
pub const PAYOUT_REFERENCES: Map<&str, u64> = Map::new("payout_references");
