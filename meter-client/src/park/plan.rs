//! Which orders the park's traders post for which slot: a pure function of the market's
//! schedule, the time, the park and the curves, so that it can be tested without a chain.
//!
//! A slot is planned while its gate is open, from the first open slot to `slots_ahead` slots
//! on (none ending after `--until`, when the fleet stops producing readings). In a planned
//! slot each generation meter's trader offers the meter's forecast energy at the trader's
//! offer price, and each consuming meter's trader bids for the meter's forecast consumption
//! at the trader's bid price, escrowing its cost rounded up
//! ([`ledger_types::park::clearing::cost_ceil`]). A meter with nothing to trade in a slot (a
//! solar plant at night) or without a meter contract yet has no order there.

use ledger_sdk::contracts::park::market::first_open_slot;
use ledger_types::park::clearing::{Side, cost_ceil};
use ledger_types::park::{Order, SlotSchedule};

use super::file::ParkFile;
use super::state::ParkState;
use crate::curve::MeterCurve;

/// How long before a slot's gate closes the traders stop posting for it: their orders land a
/// block or more later, one trader after another.
pub const ORDER_LEAD_SECONDS: u64 = 10;

/// A trader as the plan sees it: its address and its prices (minor units per kWh).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trader {
    /// Its account.
    pub address: String,
    /// The minimum price of its offers.
    pub offer_price: u64,
    /// The maximum price of its bids.
    pub bid_price: u64,
}

/// A meter that trades.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Its fleet index.
    pub meter: u32,
    /// Its id (offers name their generation meter).
    pub meter_id: String,
    /// Offers for a generation meter, bids for a consuming one.
    pub side: Side,
    /// Index of its trader in [`ParkPlan::traders`].
    pub trader: usize,
}

/// What each fleet meter is expected to measure: its curve and UTC offset once it has a
/// meter contract (as the simulator sees it), and the contracts' power limit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forecast {
    /// By fleet index; `None` for a meter without a meter contract yet.
    pub meters: Vec<Option<(MeterCurve, i32)>>,
    /// The lowest `max_power_w` of the meter contracts, which the simulator caps at.
    pub max_power_w: Option<u64>,
}

impl Forecast {
    /// What meter `meter` will measure in `[start, start + length)`, watt-hours.
    pub fn energy_wh(&self, meter: u32, start: u64, length: u32) -> Option<u64> {
        let (curve, offset) = self.meters.get(meter as usize).copied().flatten()?;
        Some(curve.energy_wh(start, length, offset, self.max_power_w))
    }
}

/// One order to post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedOrder {
    /// The market slot.
    pub slot: u64,
    /// The meter it trades for (fleet index).
    pub meter: u32,
    /// Index of its trader in [`ParkPlan::traders`].
    pub trader: usize,
    /// Offer or bid.
    pub side: Side,
    /// Energy, Wh.
    pub energy_wh: u64,
    /// Minimum (offer) or maximum (bid) price, minor units per kWh.
    pub price: u64,
}

impl PlannedOrder {
    /// What the order escrows: a bid its maximum cost rounded up, an offer nothing.
    pub fn escrow(&self) -> u128 {
        match self.side {
            Side::Bid => cost_ceil(self.energy_wh, self.price),
            Side::Offer => 0,
        }
    }
}

/// The park as the planner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkPlan {
    /// The traders, in the order the park file first names their keys.
    pub traders: Vec<Trader>,
    /// The meters that trade.
    pub participants: Vec<Participant>,
    /// How many open slots ahead orders are posted.
    pub slots_ahead: u32,
    /// No slot ending after this instant (unix seconds) is planned.
    pub until: Option<u64>,
}

impl ParkPlan {
    /// The plan of `file` for a fleet of `seed` whose meter `i` is `ids[i]`; `addresses` are
    /// the accounts of [`ParkFile::trader_keys`], in that order.
    pub fn new(
        file: &ParkFile,
        seed: u64,
        ids: &[String],
        addresses: &[String],
        slots_ahead: u32,
        until: Option<u64>,
    ) -> ParkPlan {
        let keys = file.trader_keys();
        let traders = addresses
            .iter()
            .map(|address| Trader {
                address: address.clone(),
                offer_price: file.prices.offer_price(seed, address),
                bid_price: file.prices.bid_price(seed, address),
            })
            .collect();
        let sides = file
            .generators
            .iter()
            .map(|a| (a, Side::Offer))
            .chain(file.consumers.iter().map(|a| (a, Side::Bid)));
        let participants = sides
            .map(|(a, side)| Participant {
                meter: a.meter,
                meter_id: ids.get(a.meter as usize).cloned().unwrap_or_default(),
                side,
                trader: keys.iter().position(|k| *k == a.trader).unwrap_or(0),
            })
            .collect();
        ParkPlan {
            traders,
            participants,
            slots_ahead,
            until,
        }
    }

    /// The slots orders are posted for at `now`: the first `slots_ahead` slots whose gate is
    /// still open [`ORDER_LEAD_SECONDS`] later (an order lands in a later block, and the
    /// traders post one after another), without those ending after `until`.
    pub fn open_slots(&self, schedule: &SlotSchedule, now: u64) -> Vec<u64> {
        let first = first_open_slot(schedule, now, ORDER_LEAD_SECONDS);
        (first..first.saturating_add(u64::from(self.slots_ahead)))
            .filter(|&s| self.until.is_none_or(|u| schedule.ends_at(s) <= u))
            .collect()
    }

    /// Every order of `slot`, from the forecast.
    pub fn slot_orders(
        &self,
        schedule: &SlotSchedule,
        slot: u64,
        forecast: &Forecast,
    ) -> Vec<PlannedOrder> {
        let start = schedule.starts_at(slot);
        let length = u32::try_from(schedule.slot_seconds).unwrap_or(u32::MAX);
        self.participants
            .iter()
            .filter_map(|p| {
                let energy_wh = forecast.energy_wh(p.meter, start, length)?;
                if energy_wh == 0 {
                    return None;
                }
                let trader = &self.traders[p.trader];
                Some(PlannedOrder {
                    slot,
                    meter: p.meter,
                    trader: p.trader,
                    side: p.side,
                    energy_wh,
                    price: match p.side {
                        Side::Offer => trader.offer_price,
                        Side::Bid => trader.bid_price,
                    },
                })
            })
            .collect()
    }

    /// The orders still to post at `now`: those of the open slots that `state` does not
    /// record as posted or refused.
    pub fn outstanding(
        &self,
        schedule: &SlotSchedule,
        now: u64,
        forecast: &Forecast,
        state: &ParkState,
    ) -> Vec<PlannedOrder> {
        self.open_slots(schedule, now)
            .into_iter()
            .flat_map(|slot| self.slot_orders(schedule, slot, forecast))
            .filter(|o| !state.is_done(o.slot, o.meter))
            .collect()
    }

    /// The meters among `orders` (of one slot) whose order the market's `book` of that slot
    /// already holds: a transaction that landed although its answer was lost, or one sent
    /// just before a crash. An offer is found by its trader and meter; a bid, which names no
    /// meter, by its trader, energy and price, each order of the book standing for one bid.
    pub fn found_in_book(&self, orders: &[PlannedOrder], book: &[Order]) -> Vec<u32> {
        let mut unclaimed: Vec<&Order> = book.iter().collect();
        let mut found = Vec::new();
        for o in orders {
            let owner = &self.traders[o.trader].address;
            let meter_id = self
                .participants
                .iter()
                .find(|p| p.meter == o.meter)
                .map(|p| p.meter_id.as_str());
            let hit = unclaimed.iter().position(|b| {
                b.slot == o.slot
                    && b.side == o.side
                    && &b.owner == owner
                    && match o.side {
                        Side::Offer => b.meter_id.as_deref() == meter_id,
                        Side::Bid => b.energy_wh == o.energy_wh && b.price == o.price,
                    }
            });
            if let Some(i) = hit {
                unclaimed.swap_remove(i);
                found.push(o.meter);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Household;
    use crate::solar::SolarPlant;

    /// Monday 2026-06-22 00:00 UTC.
    const ORIGIN: u64 = 1_782_086_400;
    const SEED: u64 = 9;

    fn schedule() -> SlotSchedule {
        SlotSchedule {
            origin: ORIGIN,
            slot_seconds: 900,
            gate_closure_seconds: 300,
            settlement_delay_seconds: 120,
        }
    }

    fn file() -> ParkFile {
        serde_json::from_str(
            r#"{
              "generators": [ { "meter": 0, "trader": "sun" }, { "meter": 1, "trader": "sun" } ],
              "consumers":  [ { "meter": 2, "trader": "shop" }, { "meter": 3, "trader": "shop" },
                              { "meter": 4, "trader": "mill" } ],
              "prices": { "offer_min_price": 80, "bid_max_price": 140, "spread": 20 }
            }"#,
        )
        .unwrap()
    }

    fn ids() -> Vec<String> {
        (0..6).map(|i| format!("park-{i:06}")).collect()
    }

    fn plan(ahead: u32, until: Option<u64>) -> ParkPlan {
        let addresses = ["wasm1sun", "wasm1shop", "wasm1mill"].map(String::from);
        ParkPlan::new(&file(), SEED, &ids(), &addresses, ahead, until)
    }

    /// Every meter placed, at UTC+1; meter 5 trades nothing.
    fn forecast() -> Forecast {
        let f = file();
        Forecast {
            meters: (0..6)
                .map(|i| Some((ParkFile::curve(Some(&f), SEED, i), 60)))
                .collect(),
            max_power_w: Some(1_000_000),
        }
    }

    #[test]
    fn the_open_slots_are_those_whose_gate_has_not_closed() {
        let p = plan(2, None);
        let s = schedule();
        let lead = ORDER_LEAD_SECONDS;
        // Before the origin: slot 0 is open until 300 s before it starts, and is posted for
        // until `lead` seconds before that.
        assert_eq!(p.open_slots(&s, ORIGIN - 1_000), [0, 1]);
        assert_eq!(p.open_slots(&s, ORIGIN - 301 - lead), [0, 1]);
        // From then on, slot 1 comes first.
        assert_eq!(p.open_slots(&s, ORIGIN - 300 - lead), [1, 2]);
        // In slot 4, 299 s (and the lead) before slot 5 starts, slot 5 is still posted for; a
        // second later not.
        let slot5 = s.starts_at(5);
        assert_eq!(p.open_slots(&s, slot5 - 301 - lead), [5, 6]);
        assert_eq!(p.open_slots(&s, slot5 - 300 - lead), [6, 7]);
        assert_eq!(plan(4, None).open_slots(&s, slot5 - 300), [6, 7, 8, 9]);
        // Nothing ending after --until.
        let until = s.ends_at(6);
        assert_eq!(plan(4, Some(until)).open_slots(&s, slot5 - 300), [6]);
        assert!(
            plan(4, Some(until))
                .open_slots(&s, s.gate_closes_at(6))
                .is_empty()
        );
        assert!(plan(0, None).open_slots(&s, slot5).is_empty());
    }

    #[test]
    fn offers_and_bids_carry_the_curves_energy_and_the_traders_prices() {
        let p = plan(2, None);
        let s = schedule();
        let prices = file().prices;
        // Slot 48 is 12:00 UTC, 13:00 at UTC+1: the sun is up.
        let orders = p.slot_orders(&s, 48, &forecast());
        let start = s.starts_at(48);
        assert_eq!(orders.len(), 5, "two offers and three bids: {orders:?}");
        for o in &orders {
            let address = &p.traders[o.trader].address;
            match o.meter {
                0 | 1 => {
                    let sun = SolarPlant::new(SEED, o.meter);
                    assert_eq!(o.side, Side::Offer);
                    assert_eq!(address, "wasm1sun");
                    assert_eq!(o.energy_wh, sun.energy_wh(start, 900, 60, Some(1_000_000)));
                    assert!(o.energy_wh > 1_000, "a 20-80 kW plant at noon: {o:?}");
                    assert_eq!(o.price, prices.offer_price(SEED, address));
                    assert_eq!(o.escrow(), 0);
                }
                2..=4 => {
                    let home = Household::new(SEED, o.meter);
                    assert_eq!(o.side, Side::Bid);
                    assert_eq!(
                        address,
                        if o.meter == 4 {
                            "wasm1mill"
                        } else {
                            "wasm1shop"
                        }
                    );
                    assert_eq!(o.energy_wh, home.energy_wh(start, 900, 60, Some(1_000_000)));
                    assert_eq!(o.price, prices.bid_price(SEED, address));
                    // The exact escrow: the cost rounded up to a whole minor unit.
                    let exact = u128::from(o.energy_wh) * u128::from(o.price);
                    assert_eq!(o.escrow(), exact.div_ceil(1_000));
                    assert_eq!(o.escrow(), cost_ceil(o.energy_wh, o.price));
                }
                other => panic!("meter {other} does not trade"),
            }
            assert_eq!(o.slot, 48);
        }
    }

    #[test]
    fn no_offer_at_night_and_none_for_a_meter_without_a_contract() {
        let p = plan(2, None);
        let s = schedule();
        // Slot 4 is 01:00 UTC: no sun, so bids only.
        let night = p.slot_orders(&s, 4, &forecast());
        assert!(night.iter().all(|o| o.side == Side::Bid), "{night:?}");
        assert_eq!(night.len(), 3);
        // Meter 2 has no meter contract yet (its region has not created it).
        let mut f = forecast();
        f.meters[2] = None;
        let orders = p.slot_orders(&s, 48, &f);
        assert_eq!(orders.len(), 4);
        assert!(orders.iter().all(|o| o.meter != 2));
    }

    #[test]
    fn nothing_is_planned_twice_and_a_closed_slot_is_skipped() {
        let p = plan(2, None);
        let s = schedule();
        let f = forecast();
        let now = s.gate_closes_at(48) - 600;
        let mut state = ParkState::new("wasm1market");
        let first = p.outstanding(&s, now, &f, &state);
        let slots: Vec<u64> = first.iter().map(|o| o.slot).collect();
        assert!(slots.iter().all(|&x| x == 48 || x == 49), "{slots:?}");
        assert_eq!(first.len(), 10);
        // Slot 48's orders are posted; slot 49's meter 0 was refused (recorded the same way).
        for o in first.iter().filter(|o| o.slot == 48) {
            state.mark(o.slot, o.meter);
        }
        state.mark(49, 0);
        let second = p.outstanding(&s, now, &f, &state);
        assert_eq!(second.len(), 4);
        assert!(second.iter().all(|o| o.slot == 49 && o.meter != 0));
        // Slot 49's orders were never posted and its gate closes: they are dropped, and
        // the slots after it come.
        let later = p.outstanding(&s, s.gate_closes_at(49), &f, &state);
        assert!(
            later.iter().all(|o| o.slot == 50 || o.slot == 51),
            "{later:?}"
        );
        assert_eq!(later.len(), 10);
    }

    fn book_order(id: u64, o: &PlannedOrder, owner: &str, meter_id: Option<&str>) -> Order {
        Order {
            id,
            slot: o.slot,
            owner: owner.to_string(),
            side: o.side,
            energy_wh: o.energy_wh,
            price: o.price,
            meter_id: meter_id.map(String::from),
            energy_type: None,
            carbon_g_per_kwh: None,
            requirements: None,
            escrow: None,
            held: 0,
        }
    }

    #[test]
    fn orders_the_book_holds_already_are_found() {
        let p = plan(2, None);
        let orders = p.slot_orders(&schedule(), 48, &forecast());
        let by_meter = |m: u32| orders.iter().find(|o| o.meter == m).unwrap().clone();
        let (offer0, bid2, bid4) = (by_meter(0), by_meter(2), by_meter(4));
        let book = vec![
            // Meter 0's offer landed; an offer of meter 1 by someone else is not ours.
            book_order(1, &offer0, "wasm1sun", Some("park-000000")),
            book_order(2, &by_meter(1), "wasm1other", Some("park-000001")),
            // Meter 2's bid landed (same trader, energy and price).
            book_order(3, &bid2, "wasm1shop", None),
            // A bid of the mill at another price is not meter 4's.
            book_order(
                4,
                &PlannedOrder {
                    price: bid4.price + 1,
                    ..bid4.clone()
                },
                "wasm1mill",
                None,
            ),
        ];
        let mut found = p.found_in_book(&orders, &book);
        found.sort();
        assert_eq!(found, [0, 2]);
        // One bid in the book stands for one planned bid: with meter 3's bid equal to meter
        // 2's, only one of them is found.
        let twins = vec![
            bid2.clone(),
            PlannedOrder {
                meter: 3,
                ..bid2.clone()
            },
        ];
        assert_eq!(p.found_in_book(&twins, &book[2..3]), [2]);
    }
}
