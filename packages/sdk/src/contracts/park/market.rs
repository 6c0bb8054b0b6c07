//! The park market's calls: generators registered by the registry's administrator, offers
//! and bids (a bid is the settlement token's `Send` carrying exactly its escrow), cancelling,
//! clearing a slot page by page, settling offers on their meters' readings, paying out held
//! amounts, and every query, the paged ones read to the end or to a cap.

use cosmwasm_std::Uint128;
use ledger_client::{ExecuteCall, TxOutcome};
use ledger_types::error_code::{Coded, HasCode};

use super::clearing::{Side, cost_ceil};
use super::{
    ConfigResponse, EnergyType, ExecuteMsg, FillRecord, FillsResponse, Generator,
    MAX_PREFERRED_SELLERS, Order, OrdersResponse, PriceHistoryResponse, PricePoint, QueryMsg,
    ReceiveMsg, Requirements, SellerRecord, SlotResponse, SlotSchedule, SlotState, codes,
};
use crate::contracts::token::cw20_send_call;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::paging::{ALL, Paged};
use crate::sender::Sender;

/// A call the market would refuse, caught before anything is signed; its code is the one the
/// contract gives the same refusal ([`codes`]), so a client decides on both alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParkError {
    /// An offer or a bid of no energy.
    #[error("an order of 0 Wh trades nothing: give the energy to offer or bid (e.g. 1.5 kWh)")]
    ZeroEnergy,
    /// An offer or a bid at a price of zero.
    #[error("an order at a price of 0 per kWh is refused: give a price above zero")]
    ZeroPrice,
    /// A bid preferring more sellers than the market keeps.
    #[error(
        "a bid may prefer at most {MAX_PREFERRED_SELLERS} sellers; this one names {given}: \
         keep the ones it should take from first"
    )]
    TooManyPreferred {
        /// How many the bid named.
        given: usize,
    },
    /// Settling a slot that is not cleared yet.
    #[error(
        "slot {slot} is not cleared yet, so its offers cannot be settled: clear it first \
         (`ledger park clear --slot {slot}`, anyone may once its gate has closed)"
    )]
    SlotNotCleared {
        /// The slot.
        slot: u64,
    },
}

impl HasCode for ParkError {
    fn code(&self) -> &'static str {
        match self {
            ParkError::ZeroEnergy => codes::ZERO_ENERGY,
            ParkError::ZeroPrice => codes::ZERO_PRICE,
            ParkError::TooManyPreferred { .. } => codes::TOO_MANY_PREFERRED,
            ParkError::SlotNotCleared { .. } => codes::SLOT_NOT_CLEARED,
        }
    }
}

impl From<ParkError> for Error {
    fn from(e: ParkError) -> Self {
        Error::Park(Coded(e))
    }
}

/// Checks an order's energy and price (and a bid's preferred sellers) as the market will.
pub fn check_order(
    energy_wh: u64,
    price: u64,
    requirements: Option<&Requirements>,
) -> Result<(), ParkError> {
    if energy_wh == 0 {
        return Err(ParkError::ZeroEnergy);
    }
    if price == 0 {
        return Err(ParkError::ZeroPrice);
    }
    if let Some(r) = requirements {
        if r.preferred_sellers.len() > MAX_PREFERRED_SELLERS {
            return Err(ParkError::TooManyPreferred {
                given: r.preferred_sellers.len(),
            });
        }
    }
    Ok(())
}

/// The escrow a bid of `energy_wh` at up to `max_price` per kWh sends: its maximum cost,
/// rounded up, which the market requires exactly.
pub fn bid_escrow(energy_wh: u64, max_price: u64) -> Uint128 {
    Uint128::new(cost_ceil(energy_wh, max_price))
}

/// An offer as a call, for a transaction carrying several orders (send it with
/// [`Sender::execute_all`]); checked as [`Ledger::park_post_offer`] checks it.
pub fn post_offer_call(
    market: &str,
    slot: u64,
    meter_id: &str,
    energy_wh: u64,
    min_price: u64,
) -> Result<ExecuteCall> {
    check_order(energy_wh, min_price, None)?;
    let msg = ExecuteMsg::PostOffer {
        slot,
        meter_id: meter_id.to_string(),
        energy_wh,
        min_price,
    };
    Ok(ExecuteCall::new(market, &msg)?)
}

/// A bid as a call: the settlement `token`'s `Send` of exactly the bid's escrow
/// ([`bid_escrow`]) to `market`, carrying `PostBid`; checked as [`Ledger::park_post_bid`]
/// checks it.
pub fn post_bid_call(
    token: &str,
    market: &str,
    slot: u64,
    energy_wh: u64,
    max_price: u64,
    requirements: Requirements,
) -> Result<ExecuteCall> {
    check_order(energy_wh, max_price, Some(&requirements))?;
    let hook = ReceiveMsg::PostBid {
        slot,
        energy_wh,
        max_price,
        requirements,
    };
    cw20_send_call(token, market, bid_escrow(energy_wh, max_price), &hook)
}

/// The first slot whose gate is still open `lead_seconds` after `now`: an order sent now
/// lands in a later block, and one landing after its slot's gate closed is refused.
pub fn first_open_slot(schedule: &SlotSchedule, now: u64, lead_seconds: u64) -> u64 {
    let at = now.saturating_add(lead_seconds);
    let slot_seconds = schedule.slot_seconds.max(1);
    // The gate of slot n closes at origin + n·len − gate; the first n with that after `at`.
    let reach = at
        .saturating_add(schedule.gate_closure_seconds)
        .saturating_sub(schedule.origin);
    let mut slot = reach / slot_seconds;
    while schedule.gate_closes_at(slot) <= at {
        slot += 1;
    }
    slot
}

/// The ids of the offers of `fills` not settled yet, each once, in the order the fills name
/// them: what settling a whole slot settles.
pub fn unsettled_offers(fills: &[FillRecord]) -> Vec<u64> {
    let mut offers = Vec::new();
    for f in fills.iter().filter(|f| f.delivered_wh.is_none()) {
        if !offers.contains(&f.fill.offer_id) {
            offers.push(f.fill.offer_id);
        }
    }
    offers
}

/// One page of a slot's clearing, as [`Ledger::park_clear`] reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearPage {
    /// The slot.
    pub slot: u64,
    /// Pages sent so far, this one included.
    pub page: u32,
    /// The slot's bids, which bound the pages.
    pub bids: u32,
    /// The clearing price (minor units per kWh), `None` when nothing crossed.
    pub price: Option<u64>,
    /// Fills this page made.
    pub fills: u32,
    /// Energy matched in the slot so far, Wh.
    pub matched_wh: u64,
    /// Whether every bid is matched now.
    pub cleared: bool,
    /// The page's transaction.
    pub outcome: TxOutcome,
}

impl ClearPage {
    fn of(slot: u64, page: u32, bids: u32, outcome: TxOutcome) -> Result<Self> {
        let attr = |key: &str| outcome.attribute("wasm", key);
        let cleared = match attr("cleared") {
            Some("true") => true,
            Some("false") => false,
            _ => {
                return Err(Error::Invalid(format!(
                    "clearing slot {slot}: the market's answer says nothing of whether the slot \
                     is cleared (tx {}); is the deployment's park market this SDK's?",
                    outcome.hash
                )));
            }
        };
        Ok(ClearPage {
            slot,
            page,
            bids,
            price: attr("price").and_then(|p| p.parse().ok()),
            fills: attr("fills").and_then(|f| f.parse().ok()).unwrap_or(0),
            matched_wh: attr("matched_wh").and_then(|m| m.parse().ok()).unwrap_or(0),
            cleared,
            outcome,
        })
    }
}

/// The id of the order a post created, from its outcome's wasm `order_id` attribute.
pub fn order_id_of(outcome: &TxOutcome) -> Option<u64> {
    outcome
        .attribute("wasm", "order_id")
        .and_then(|v| v.parse().ok())
}

impl Ledger {
    /// The registry, settlement token, schedule and order cap the market was instantiated
    /// with.
    pub async fn park_config(&self) -> Result<ConfigResponse> {
        self.park(&QueryMsg::Config {}).await
    }

    /// A generation meter registered with the market (`park.unknown_generator` if none).
    pub async fn park_generator(&self, meter_id: &str) -> Result<Generator> {
        self.park(&QueryMsg::Generator {
            meter_id: meter_id.to_string(),
        })
        .await
    }

    /// A slot's times, state and order counts.
    pub async fn park_slot(&self, slot: u64) -> Result<SlotResponse> {
        self.park(&QueryMsg::Slot { slot }).await
    }

    /// The first slot whose gate is open `lead_seconds` after the latest block, by the
    /// market's schedule.
    pub async fn park_first_open_slot(&self, lead_seconds: u64) -> Result<u64> {
        let config = self.park_config().await?;
        let (_, time) = self.client.latest_height_and_time().await?;
        let now = u64::try_from(time.unix_timestamp()).unwrap_or(0);
        Ok(first_open_slot(&config.schedule, now, lead_seconds))
    }

    /// [`Ledger::park_first_open_slot`] with ten seconds for the transaction to land.
    pub async fn park_next_open_slot(&self) -> Result<u64> {
        self.park_first_open_slot(10).await
    }

    /// A slot's orders of one side by id, up to `cap`.
    pub async fn park_order_book(&self, slot: u64, side: Side, cap: usize) -> Result<Paged<Order>> {
        self.list(
            self.park_contract()?,
            cap,
            |start_after, limit| QueryMsg::OrderBook {
                slot,
                side,
                start_after,
                limit,
            },
            |r: OrdersResponse| r.orders,
            |o| o.id,
        )
        .await
    }

    /// A slot's fills in the order clearing made them, up to `cap`.
    pub async fn park_fills(&self, slot: u64, cap: usize) -> Result<Paged<FillRecord>> {
        self.list(
            self.park_contract()?,
            cap,
            |start_after, limit| QueryMsg::Fills {
                slot,
                start_after,
                limit,
            },
            |r: FillsResponse| r.fills,
            |f| f.id,
        )
        .await
    }

    /// A participant's fills as buyer or seller, newest first, up to `cap`.
    pub async fn park_trades(&self, participant: &str, cap: usize) -> Result<Paged<FillRecord>> {
        self.list(
            self.park_contract()?,
            cap,
            |start_after, limit| QueryMsg::Trades {
                participant: participant.to_string(),
                start_after,
                limit,
            },
            |r: FillsResponse| r.fills,
            |f| f.id,
        )
        .await
    }

    /// Cleared slots' prices, oldest first, up to `cap`.
    pub async fn park_prices(&self, cap: usize) -> Result<Paged<PricePoint>> {
        self.list(
            self.park_contract()?,
            cap,
            |start_after, limit| QueryMsg::PriceHistory { start_after, limit },
            |r: PriceHistoryResponse| r.prices,
            |p| p.slot,
        )
        .await
    }

    /// What a seller sold and delivered over every settled slot (zeros before its first).
    pub async fn park_seller(&self, seller: &str) -> Result<SellerRecord> {
        self.park(&QueryMsg::Seller {
            seller: seller.to_string(),
        })
        .await
    }

    /// The registry's administrator: makes registered meter `meter_id` a generation meter of
    /// its owner, whose offers carry `energy_type` and `carbon_g_per_kwh`.
    pub async fn park_register_generator(
        &self,
        sender: &Sender,
        meter_id: &str,
        energy_type: EnergyType,
        carbon_g_per_kwh: u32,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RegisterGenerator {
            meter_id: meter_id.to_string(),
            energy_type,
            carbon_g_per_kwh,
        };
        self.park_execute(sender, &msg).await
    }

    /// A generation meter's owner: offers `energy_wh` from `meter_id` in open `slot` at no
    /// less than `min_price` minor units per kWh. The id is in the outcome
    /// ([`order_id_of`]).
    pub async fn park_post_offer(
        &self,
        sender: &Sender,
        slot: u64,
        meter_id: &str,
        energy_wh: u64,
        min_price: u64,
    ) -> Result<TxOutcome> {
        let call = post_offer_call(self.park_contract()?, slot, meter_id, energy_wh, min_price)?;
        sender.execute_all(vec![call]).await
    }

    /// A participant: bids for `energy_wh` in open `slot` at up to `max_price` minor units
    /// per kWh under `requirements`, sending the settlement token's `Send` of exactly the
    /// bid's escrow ([`bid_escrow`]). The id is in the outcome ([`order_id_of`]).
    pub async fn park_post_bid(
        &self,
        sender: &Sender,
        slot: u64,
        energy_wh: u64,
        max_price: u64,
        requirements: Requirements,
    ) -> Result<TxOutcome> {
        let token = &self.contracts()?.token;
        let call = post_bid_call(
            token,
            self.park_contract()?,
            slot,
            energy_wh,
            max_price,
            requirements,
        )?;
        sender.execute_all(vec![call]).await
    }

    /// An order's owner, while its slot's gate is open: withdraws it (a bid's escrow comes
    /// back).
    pub async fn park_cancel_order(&self, sender: &Sender, order_id: u64) -> Result<TxOutcome> {
        self.park_execute(sender, &ExecuteMsg::CancelOrder { order_id })
            .await
    }

    /// Anyone, after `slot`'s gate has closed: clears up to `limit` more of its bids (the
    /// market's default page when `None`).
    pub async fn park_clear_page(
        &self,
        sender: &Sender,
        slot: u64,
        limit: Option<u32>,
    ) -> Result<TxOutcome> {
        self.park_execute(sender, &ExecuteMsg::ClearSlot { slot, limit })
            .await
    }

    /// Anyone, after `slot`'s gate has closed: sends pages of `limit` bids until the slot is
    /// cleared, telling `on_page` about each; returns the pages sent. Each page clears at
    /// least one bid, so a slot of `n` bids takes at most `n + 1` pages; more means the
    /// market is not the one this SDK knows, and the loop stops.
    pub async fn park_clear(
        &self,
        sender: &Sender,
        slot: u64,
        limit: Option<u32>,
        mut on_page: impl FnMut(&ClearPage),
    ) -> Result<u32> {
        let bids = self.park_slot(slot).await?.bids;
        let mut page = 0u32;
        loop {
            page += 1;
            if page > bids.saturating_add(1) {
                return Err(Error::Invalid(format!(
                    "slot {slot} of {bids} bids is still not cleared after {} pages: see \
                     `ledger park slot {slot}`",
                    page - 1
                )));
            }
            let outcome = self.park_clear_page(sender, slot, limit).await?;
            let report = ClearPage::of(slot, page, bids, outcome)?;
            on_page(&report);
            if report.cleared {
                return Ok(page);
            }
        }
    }

    /// Anyone, once the offer's slot has ended and the settlement delay passed: settles the
    /// offer's fills on its meter's signed readings, paying the seller and refunding bids
    /// whose fills are all settled.
    pub async fn park_settle_offer(&self, sender: &Sender, offer_id: u64) -> Result<TxOutcome> {
        self.park_execute(sender, &ExecuteMsg::SettleOffer { offer_id })
            .await
    }

    /// The offers of `slot` with fills not settled yet (read from all the slot's fills).
    pub async fn park_unsettled_offers(&self, slot: u64) -> Result<Vec<u64>> {
        let fills = self.park_fills(slot, ALL).await?;
        Ok(unsettled_offers(&fills.items))
    }

    /// Anyone: settles every offer of a cleared `slot` that has unsettled fills, one
    /// transaction each, telling `on_offer` about each; returns the offers settled. A slot
    /// not cleared yet is refused by the market (`park.slot_not_cleared`).
    pub async fn park_settle_slot(
        &self,
        sender: &Sender,
        slot: u64,
        mut on_offer: impl FnMut(u64, &TxOutcome),
    ) -> Result<Vec<u64>> {
        let state = self.park_slot(slot).await?.state;
        if !matches!(state, SlotState::Cleared { .. }) {
            return Err(ParkError::SlotNotCleared { slot }.into());
        }
        let offers = self.park_unsettled_offers(slot).await?;
        for &offer_id in &offers {
            let outcome = self.park_settle_offer(sender, offer_id).await?;
            on_offer(offer_id, &outcome);
        }
        Ok(offers)
    }

    /// Anyone: pays an order's owner what was held for it while it was blacklisted or
    /// suspended, once it may receive again.
    pub async fn park_release_held(&self, sender: &Sender, order_id: u64) -> Result<TxOutcome> {
        self.park_execute(sender, &ExecuteMsg::ReleaseHeld { order_id })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::park::clearing::Fill;

    const QUARTER_HOURS: SlotSchedule = SlotSchedule {
        origin: 0,
        slot_seconds: 900,
        gate_closure_seconds: 300,
        settlement_delay_seconds: 900,
    };

    #[test]
    fn the_first_open_slot_is_the_first_whose_gate_closes_after_the_lead() {
        let s = QUARTER_HOURS;
        // At 10:00:00 slot 40 (10:00) has started; slot 41's gate closes at 10:10.
        let ten = 10 * 3_600;
        assert_eq!(first_open_slot(&s, ten, 0), 41);
        // At 10:09:59 with 10 s of lead its gate has closed: slot 42.
        assert_eq!(first_open_slot(&s, ten + 599, 10), 42);
        assert_eq!(first_open_slot(&s, ten + 589, 10), 41);
        for now in (ten..ten + 3_600).step_by(7) {
            let slot = first_open_slot(&s, now, 10);
            assert!(s.gate_closes_at(slot) > now + 10, "{now}");
            assert!(s.gate_closes_at(slot - 1) <= now + 10, "{now}");
        }
        // Before the origin, slot 0 may be open.
        let later = SlotSchedule {
            origin: 7_200,
            ..QUARTER_HOURS
        };
        assert_eq!(first_open_slot(&later, 0, 10), 0);
    }

    #[test]
    fn a_bid_escrows_its_maximum_cost_rounded_up() {
        assert_eq!(bid_escrow(2_000, 25), Uint128::new(50));
        // 1.5 kWh at 0.33 per kWh is 49.5 minor units: the escrow is 50.
        assert_eq!(bid_escrow(1_500, 33), Uint128::new(50));
        assert_eq!(bid_escrow(1, 1), Uint128::new(1));
    }

    #[test]
    fn orders_the_market_would_refuse_carry_its_codes() {
        let err = |e, p, r: Option<&Requirements>| {
            Error::from(check_order(e, p, r).unwrap_err())
                .contract_code()
                .map(str::to_string)
        };
        assert_eq!(err(0, 10, None).as_deref(), Some(codes::ZERO_ENERGY));
        assert_eq!(err(10, 0, None).as_deref(), Some(codes::ZERO_PRICE));
        let many = Requirements {
            preferred_sellers: (0..=MAX_PREFERRED_SELLERS)
                .map(|i| format!("wasm1s{i}"))
                .collect(),
            ..Requirements::default()
        };
        assert_eq!(
            err(10, 10, Some(&many)).as_deref(),
            Some(codes::TOO_MANY_PREFERRED)
        );
        let text = Error::from(ParkError::TooManyPreferred { given: 11 }).to_string();
        let unclear = Error::from(ParkError::SlotNotCleared { slot: 9 });
        assert_eq!(unclear.contract_code(), Some(codes::SLOT_NOT_CLEARED));
        assert!(unclear.to_string().contains("ledger park clear --slot 9"));
        assert!(text.contains("[ledger:park.too_many_preferred]"), "{text}");
        assert!(text.contains("at most 10 sellers"), "{text}");
        assert!(check_order(1, 1, Some(&Requirements::default())).is_ok());
    }

    fn fill(id: u64, offer_id: u64, settled: bool) -> FillRecord {
        FillRecord {
            id,
            slot: 7,
            fill: Fill {
                bid_id: 100 + id,
                offer_id,
                energy_wh: 500,
            },
            buyer: "wasm1buyer".into(),
            seller: "wasm1seller".into(),
            price: 20,
            delivered_wh: settled.then_some(500),
            paid: settled.then_some(10),
        }
    }

    #[test]
    fn a_slot_s_unsettled_offers_are_named_once_in_fill_order() {
        let fills = [
            fill(1, 4, false),
            fill(2, 2, true),
            fill(3, 4, false),
            fill(4, 3, false),
        ];
        assert_eq!(unsettled_offers(&fills), vec![4, 3]);
        assert!(unsettled_offers(&[fill(1, 2, true)]).is_empty());
    }
}
