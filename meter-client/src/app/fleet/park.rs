//! The park's traders in a running fleet: every couple of seconds, the orders the plan
//! ([`crate::park::plan`]) says are still to post, checked against the market's order book,
//! then posted, one transaction per trader and slot, signed and paid by the trader.
//!
//! What the market refuses with a code (`park.gate_closed`, `park.not_generator_owner`,
//! `park.slot_full`, ...), or a contract refuses without one (the token, for a bid beyond the
//! trader's balance), is logged and recorded as done: it is never sent again. A
//! transaction refused as a whole is retried order by order, so that one bad order does not
//! take its neighbours with it. Anything else (the node away, a lost answer) is tried again
//! on the next tick, after the order book has been read again, until the slot's gate closes.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use ledger_client::{ChainConfig, Client, ClientError, ExecuteCall, Signer};
use ledger_sdk::Sender;
use ledger_types::park::Order;
use ledger_types::park::clearing::Side;
use tokio::sync::watch;

use super::super::args::FleetArgs;
use super::super::session::{home, patiently, unix_now};
use crate::keys::{self, TRADER_PASSPHRASE_ENV};
use crate::park::plan::ParkPlan;
use crate::park::state::PARK_STATE_FILE;
use crate::park::{Forecast, ParkFile, ParkState, PlannedOrder, market};

/// What the log says for the code of a contract's refusal that carries none.
const NO_CODE: &str = "none";

/// How often the traders look at the plan.
const TICK: Duration = Duration::from_secs(2);

/// The park's traders: the plan and each trader's key.
pub(super) struct Traders {
    plan: ParkPlan,
    signers: Vec<Signer>,
    market: String,
}

impl Traders {
    /// The traders of `file` for a fleet of `seed` with meter ids `ids`, their keys loaded
    /// now, so that a wrong passphrase stops the fleet before it starts. They trade on
    /// `--market`, else on the deployment's market.
    pub(super) fn load(
        args: &FleetArgs,
        deployment_market: Option<&str>,
        file: &ParkFile,
        seed: u64,
        ids: &[String],
        until: Option<u64>,
    ) -> anyhow::Result<Traders> {
        let market = args
            .park
            .market
            .clone()
            .or_else(|| deployment_market.map(str::to_string))
            .ok_or_else(|| {
                anyhow!(
                    "--park needs the park market: the deployment file names none (deploy it \
                     with `ledger deploy` and artifacts/park_market.wasm), or give --market \
                     <address>"
                )
            })?;
        if args.send.compress_time {
            bail!(
                "--park trades in the market's real-time slots; it cannot be combined with \
                 --compress-time"
            );
        }
        let home = home(&args.chain)?;
        let mut signers = Vec::new();
        for key in file.trader_keys() {
            let (store, name) = keys::gateway_store(key, &home)?;
            let pass = keys::passphrase(
                args.park.trader_passphrase_file.as_deref(),
                TRADER_PASSPHRASE_ENV,
                &format!("Passphrase of the trader key '{name}': "),
            )?;
            let signer = store.load(&name, &pass).with_context(|| {
                format!(
                    "cannot load the trader key '{key}' the park file names (a key name in {} \
                     or a .json key file; its passphrase from --trader-passphrase-file or \
                     {TRADER_PASSPHRASE_ENV})",
                    home.join("keys").display()
                )
            })?;
            signers.push(signer);
        }
        let addresses: Vec<String> = signers.iter().map(|s| s.address().to_string()).collect();
        let plan = ParkPlan::new(file, seed, ids, &addresses, args.park.slots_ahead, until);
        Ok(Traders {
            plan,
            signers,
            market,
        })
    }

    /// Trades until `stop` turns true: reads the market's settings, then posts what the plan
    /// asks for on every tick, keeping `<data_dir>/park-state.json`.
    pub(super) async fn trade(
        self,
        config: ChainConfig,
        data_dir: PathBuf,
        forecast: watch::Receiver<Forecast>,
        mut stop: watch::Receiver<bool>,
        cap: Duration,
    ) -> anyhow::Result<()> {
        let client = tokio::select! {
            _ = stop.wait_for(|s| *s) => return Ok(()),
            c = patiently("connecting to the park market's chain", cap, || {
                Client::connect(config.clone())
            }) => c?,
        };
        let settings = tokio::select! {
            _ = stop.wait_for(|s| *s) => return Ok(()),
            s = patiently("reading the park market's settings", cap, || {
                market::config(&client, &self.market)
            }) => s.with_context(|| {
                format!(
                    "cannot read the park market {}: is --market the market's address?",
                    self.market
                )
            })?,
        };
        let desk = Desk {
            venue: ChainVenue {
                senders: self
                    .signers
                    .into_iter()
                    .map(|s| Sender::new(client.clone(), s))
                    .collect(),
                client,
                market: self.market.clone(),
            },
            plan: self.plan,
            market: self.market,
            token: settings.token,
        };
        let schedule = settings.schedule;
        let state_path = data_dir.join(PARK_STATE_FILE);
        let mut state = ParkState::load(&state_path, &desk.market)?;
        tracing::info!(
            market = %desk.market,
            traders = desk.plan.traders.len(),
            meters = desk.plan.participants.len(),
            slot_seconds = schedule.slot_seconds,
            "park trading"
        );
        loop {
            let now = unix_now();
            let mut changed = state.forget_closed(&schedule, now);
            let outstanding = desk
                .plan
                .outstanding(&schedule, now, &forecast.borrow(), &state);
            changed |= desk.post(outstanding, &mut state).await?;
            if changed {
                state.save(&state_path)?;
            }
            tokio::select! {
                _ = stop.wait_for(|s| *s) => return Ok(()),
                () = tokio::time::sleep(TICK) => {}
            }
        }
    }
}

/// The market as the traders reach it: a trait, so that the trading is tested without a
/// chain.
trait Venue: Send + Sync {
    /// Every order of `slot` on `side`.
    fn book(
        &self,
        slot: u64,
        side: Side,
    ) -> impl Future<Output = Result<Vec<Order>, ClientError>> + Send;

    /// Signs `calls` as trader `trader` (its index in the plan) in one transaction and waits
    /// until it is in a block; its hash.
    fn send(
        &self,
        trader: usize,
        calls: Vec<ExecuteCall>,
    ) -> impl Future<Output = Result<String, ledger_sdk::Error>> + Send;
}

/// The market on the chain, each trader signing and paying for its own transactions.
struct ChainVenue {
    client: Client,
    senders: Vec<Sender>,
    market: String,
}

impl Venue for ChainVenue {
    async fn book(&self, slot: u64, side: Side) -> Result<Vec<Order>, ClientError> {
        market::book(&self.client, &self.market, slot, side).await
    }

    async fn send(
        &self,
        trader: usize,
        calls: Vec<ExecuteCall>,
    ) -> Result<String, ledger_sdk::Error> {
        Ok(self.senders[trader].execute_all(calls).await?.hash)
    }
}

/// The traders at work: the plan, and the market they post to.
struct Desk<V> {
    venue: V,
    plan: ParkPlan,
    market: String,
    token: String,
}

/// What became of a transaction of orders.
enum Posted {
    /// In a block.
    Done(String),
    /// Refused by a contract, with its code.
    Refused(String, String),
    /// Not known to be in a block (the node away, an answer lost): tried again later.
    Failed(String),
}

impl<V: Venue> Desk<V> {
    /// Posts the `orders` (of the open slots, not done yet), slot by slot; whether `state`
    /// changed.
    async fn post(&self, orders: Vec<PlannedOrder>, state: &mut ParkState) -> anyhow::Result<bool> {
        let mut by_slot: BTreeMap<u64, Vec<PlannedOrder>> = BTreeMap::new();
        for o in orders {
            by_slot.entry(o.slot).or_default().push(o);
        }
        let mut changed = false;
        for (slot, orders) in by_slot {
            changed |= self.post_slot(slot, orders, state).await?;
        }
        Ok(changed)
    }

    /// Posts the `orders` of `slot` the order book does not hold yet; whether `state`
    /// changed.
    async fn post_slot(
        &self,
        slot: u64,
        orders: Vec<PlannedOrder>,
        state: &mut ParkState,
    ) -> anyhow::Result<bool> {
        let mut book = Vec::new();
        for side in [Side::Offer, Side::Bid] {
            match self.venue.book(slot, side).await {
                Ok(orders) => book.extend(orders),
                Err(e) => {
                    tracing::warn!(
                        slot,
                        "cannot read the park market's order book; trying again: {e}"
                    );
                    return Ok(false);
                }
            }
        }
        let found = self.plan.found_in_book(&orders, &book);
        for &meter in &found {
            tracing::info!(slot, meter, "park order found in the market's book already");
            state.mark(slot, meter);
        }
        let mut changed = !found.is_empty();
        let mut by_trader: BTreeMap<usize, Vec<PlannedOrder>> = BTreeMap::new();
        for o in orders.into_iter().filter(|o| !found.contains(&o.meter)) {
            by_trader.entry(o.trader).or_default().push(o);
        }
        for (trader, orders) in by_trader {
            match self.send(trader, &orders).await? {
                Posted::Done(hash) => {
                    self.posted(slot, trader, &orders, &hash, state);
                    changed = true;
                }
                Posted::Refused(..) if orders.len() > 1 => {
                    // One refused order refuses the transaction: find it, keep the others.
                    for order in &orders {
                        changed |= self.post_alone(order, state).await?;
                    }
                }
                Posted::Refused(code, message) => {
                    self.refused(&orders[0], &code, &message, state);
                    changed = true;
                }
                Posted::Failed(message) => tracing::warn!(
                    slot,
                    trader = %self.plan.traders[trader].address,
                    "cannot post the park orders now; the order book is read again before \
                     the next try: {message}"
                ),
            }
        }
        Ok(changed)
    }

    /// Posts one order on its own; whether `state` changed.
    async fn post_alone(
        &self,
        order: &PlannedOrder,
        state: &mut ParkState,
    ) -> anyhow::Result<bool> {
        match self.send(order.trader, std::slice::from_ref(order)).await? {
            Posted::Done(hash) => {
                self.posted(
                    order.slot,
                    order.trader,
                    std::slice::from_ref(order),
                    &hash,
                    state,
                );
                Ok(true)
            }
            Posted::Refused(code, message) => {
                self.refused(order, &code, &message, state);
                Ok(true)
            }
            Posted::Failed(message) => {
                tracing::warn!(
                    slot = order.slot,
                    meter = order.meter,
                    "cannot post the park order now; trying again: {message}"
                );
                Ok(false)
            }
        }
    }

    /// Signs and sends `orders` in one transaction of `trader`.
    async fn send(&self, trader: usize, orders: &[PlannedOrder]) -> anyhow::Result<Posted> {
        let calls = orders
            .iter()
            .map(|o| self.call(o))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(match self.venue.send(trader, calls).await {
            Ok(hash) => Posted::Done(hash),
            Err(e) => {
                // A contract that refuses without a code (the token, for a short balance)
                // refuses again on the next try: that is a refusal too.
                let refused = matches!(&e, ledger_sdk::Error::Client(ClientError::Contract { .. }));
                match e.contract_code() {
                    Some(code) => Posted::Refused(code.to_string(), e.to_string()),
                    None if refused => Posted::Refused(NO_CODE.to_string(), e.to_string()),
                    None => Posted::Failed(e.to_string()),
                }
            }
        })
    }

    fn call(&self, order: &PlannedOrder) -> anyhow::Result<ExecuteCall> {
        Ok(match order.side {
            Side::Offer => {
                let meter_id = self
                    .plan
                    .participants
                    .iter()
                    .find(|p| p.meter == order.meter)
                    .map(|p| p.meter_id.as_str())
                    .unwrap_or_default();
                market::offer_call(&self.market, meter_id, order)?
            }
            Side::Bid => market::bid_call(&self.token, &self.market, order)?,
        })
    }

    fn posted(
        &self,
        slot: u64,
        trader: usize,
        orders: &[PlannedOrder],
        hash: &str,
        state: &mut ParkState,
    ) {
        let count = |side| orders.iter().filter(|o| o.side == side).count();
        tracing::info!(
            slot,
            trader = %self.plan.traders[trader].address,
            offers = count(Side::Offer),
            bids = count(Side::Bid),
            energy_wh = orders.iter().map(|o| o.energy_wh).sum::<u64>(),
            tx = %hash,
            "park orders posted"
        );
        for o in orders {
            state.mark(slot, o.meter);
        }
    }

    fn refused(&self, order: &PlannedOrder, code: &str, message: &str, state: &mut ParkState) {
        tracing::warn!(
            slot = order.slot,
            meter = order.meter,
            trader = %self.plan.traders[order.trader].address,
            %code,
            "the park market refused the order; it is not sent again: {message}"
        );
        state.mark(order.slot, order.meter);
    }
}

#[cfg(test)]
mod tests;
