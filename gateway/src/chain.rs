//! What the gateway reads from the chain, behind one trait: the SDK in production
//! ([`SdkReads`]), an in-memory registry in the handler tests.
//!
//! Every list is one contract page (`start_after`, `limit`, `has_more`), so a client pages
//! through the gateway exactly as it would through the contracts.

use std::future::Future;
use std::pin::Pin;

use ledger_sdk::Ledger;
use ledger_types::admin::{
    self, MeterInfo, MetersResponse, Participant, ParticipantStatus, ParticipantsResponse,
    QueryMsg as RegistryQuery, Role,
};
use ledger_types::meter::{
    BillsResponse, DailyTotal, DailyTotalsResponse, PeriodUsage, QueryMsg as MeterQuery,
};
use ledger_types::tariff::{QuoteResponse, UsageProfile};

/// How many days back from today [`LedgerReads::period_now`] reads daily totals (a month).
pub const RECENT_DAYS: u64 = 31;

/// A read of the chain in flight.
pub type ChainFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ledger_sdk::Error>> + Send + 'a>>;

/// The chain reads the gateway's endpoints need.
pub trait LedgerReads: Send + Sync + 'static {
    /// The height of the node's latest block.
    fn latest_height(&self) -> ChainFuture<'_, u64>;
    /// How the registry knows an address: its participant record, with [`Role::Admin`]
    /// among its roles when it is the registry's administrator (who holds that role without
    /// being registered as a participant); `None` for anyone else.
    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>>;
    /// One page of participants in address order.
    fn participants(
        &self,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, ParticipantsResponse>;
    /// One page of meters in id order, only `owner`'s when given.
    fn meters(
        &self,
        owner: Option<String>,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, MetersResponse>;
    /// A meter as the registry knows it, `None` when it is not registered.
    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, Option<MeterInfo>>;
    /// One page of a meter's bills in period order, read from its meter contract (on its
    /// regional sub-chain for a regional meter).
    fn bills<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u32>,
        limit: u32,
    ) -> ChainFuture<'a, BillsResponse>;
    /// One page of a meter's daily totals in day order, days `[from_day, to_day)`.
    fn daily<'a>(
        &'a self,
        meter_id: &'a str,
        days: DayRange,
    ) -> ChainFuture<'a, DailyTotalsResponse>;
    /// The meter's period running now, so far, priced by `tariff_id` (the meter's own when
    /// `None`) as if it closed now (the tariff contract's quote of its usage), with the
    /// meter's daily totals of the last [`RECENT_DAYS`] days.
    fn period_now<'a>(
        &'a self,
        meter_id: &'a str,
        tariff_id: Option<&'a str>,
    ) -> ChainFuture<'a, PeriodQuote>;
}

/// Which daily totals: day indices `[from_day, to_day)`, one page after `start_after`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayRange {
    /// First day index.
    pub from_day: Option<u64>,
    /// Day index after the last.
    pub to_day: Option<u64>,
    /// The last day index of the previous page.
    pub start_after: Option<u64>,
    /// Most days.
    pub limit: u32,
}

/// A period so far and what it would cost if it closed now.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodQuote {
    /// The period's running totals and profile.
    pub usage: PeriodUsage,
    /// Every day of the last [`RECENT_DAYS`] up to today, in day order, zero where nothing
    /// was read.
    pub recent_days: Vec<DailyTotal>,
    /// The tariff contract's pricing of that usage.
    pub quote: QuoteResponse,
}

/// The chain reads through the SDK.
#[derive(Clone, Debug)]
pub struct SdkReads {
    ledger: Ledger,
}

impl SdkReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkReads { ledger }
    }
}

/// `participant` as the gateway sees it: the registry's administrator holds [`Role::Admin`]
/// whether or not it is also a registered participant (the registry never grants that role
/// through a participant record).
fn with_admin_role(
    participant: Option<Participant>,
    address: &str,
    is_admin: bool,
) -> Option<Participant> {
    if !is_admin {
        return participant;
    }
    let mut participant = participant.unwrap_or_else(|| Participant {
        address: cosmwasm_std::Addr::unchecked(address),
        name: "Registry administrator".to_string(),
        roles: Vec::new(),
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract: None,
        registered_at: 0,
    });
    if !participant.roles.contains(&Role::Admin) {
        participant.roles.insert(0, Role::Admin);
    }
    Some(participant)
}

/// `Ok(None)` for the contract's "not found" refusal `code`, other errors unchanged.
fn absent_as_none<T>(result: ledger_sdk::Result<T>, code: &str) -> ledger_sdk::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.contract_code() == Some(code) => Ok(None),
        Err(e) => Err(e),
    }
}

impl LedgerReads for SdkReads {
    fn latest_height(&self) -> ChainFuture<'_, u64> {
        Box::pin(async move {
            let (height, _) = self.ledger.client.latest_height_and_time().await?;
            Ok(height)
        })
    }

    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>> {
        Box::pin(async move {
            let (found, administrator) = tokio::join!(
                self.ledger.participant(address),
                self.ledger.registry_admin()
            );
            let found = absent_as_none(found, admin::codes::PARTICIPANT_NOT_FOUND)?;
            let is_admin = administrator?.admin.as_str() == address;
            Ok(with_admin_role(found, address, is_admin))
        })
    }

    fn participants(
        &self,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, ParticipantsResponse> {
        Box::pin(async move {
            let msg = RegistryQuery::Participants {
                role: None,
                start_after,
                limit: Some(limit),
            };
            self.ledger.admin(&msg).await
        })
    }

    fn meters(
        &self,
        owner: Option<String>,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, MetersResponse> {
        Box::pin(async move {
            let limit = Some(limit);
            let msg = match owner {
                Some(owner) => RegistryQuery::MetersByOwner {
                    owner,
                    start_after,
                    limit,
                },
                None => RegistryQuery::Meters { start_after, limit },
            };
            self.ledger.admin(&msg).await
        })
    }

    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, Option<MeterInfo>> {
        Box::pin(async move {
            let found = self.ledger.meter_info(meter_id).await;
            absent_as_none(found, admin::codes::METER_NOT_FOUND)
        })
    }

    fn bills<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u32>,
        limit: u32,
    ) -> ChainFuture<'a, BillsResponse> {
        Box::pin(async move {
            let (chain, contract) = self.meter_chain(meter_id).await?;
            let msg = MeterQuery::Bills {
                meter_id: meter_id.to_string(),
                start_after,
                limit: Some(limit),
            };
            chain.query(&contract, &msg).await
        })
    }

    fn daily<'a>(
        &'a self,
        meter_id: &'a str,
        days: DayRange,
    ) -> ChainFuture<'a, DailyTotalsResponse> {
        Box::pin(async move {
            let (chain, contract) = self.meter_chain(meter_id).await?;
            let msg = MeterQuery::DailyTotals {
                meter_id: meter_id.to_string(),
                from_day: days.from_day,
                to_day: days.to_day,
                start_after: days.start_after,
                limit: Some(days.limit),
            };
            chain.query(&contract, &msg).await
        })
    }

    fn period_now<'a>(
        &'a self,
        meter_id: &'a str,
        tariff_id: Option<&'a str>,
    ) -> ChainFuture<'a, PeriodQuote> {
        Box::pin(async move {
            let info = self.ledger.meter_info(meter_id).await?;
            let (chain, contract) = self.meter_chain(meter_id).await?;
            // The period of the meter's chain's latest block, as its contract dates it.
            let (_, now) = chain.client.latest_height_and_time().await?;
            let now = u64::try_from(now.unix_timestamp()).unwrap_or(0);
            let period = chain.period_at(&contract, now).await?.period;
            let usage = chain.period_totals(&contract, meter_id, period).await?;
            let profile = UsageProfile {
                period_start: usage.start,
                period_end: usage.end,
                energy_wh: usage.energy_wh,
                max_power_w: usage.max_power_w,
                hourly: usage.hourly.clone(),
            };
            let quote = chain
                .quote(tariff_id.unwrap_or(&info.tariff_id), profile)
                .await?;
            // The last month's days, by the day indices of the meter contract's cycle.
            let cycle = chain.meter_config(&contract).await?.settings.cycle;
            let recent_days = match cycle.day_index(now) {
                Some(today) => {
                    let first = today.saturating_sub(RECENT_DAYS - 1);
                    let cap = usize::try_from(RECENT_DAYS).unwrap_or(usize::MAX);
                    let found = chain
                        .daily(&contract, meter_id, Some(first), today.checked_add(1), cap)
                        .await?
                        .items;
                    every_day(first..=today, found, |day| cycle.day_index_start(day))
                }
                None => Vec::new(),
            };
            Ok(PeriodQuote {
                usage,
                recent_days,
                quote,
            })
        })
    }
}

/// A total for every day of `days`: those `found` (in day order), zero for the others,
/// dated by `start_of`. Days `start_of` cannot date are left out.
fn every_day(
    days: std::ops::RangeInclusive<u64>,
    found: Vec<DailyTotal>,
    start_of: impl Fn(u64) -> Option<u64>,
) -> Vec<DailyTotal> {
    let mut found = found.into_iter().peekable();
    days.filter_map(|day| {
        while found.peek().is_some_and(|d| d.day < day) {
            found.next();
        }
        match found.peek() {
            Some(d) if d.day == day => found.next(),
            _ => start_of(day).map(|day_start| DailyTotal {
                day,
                day_start,
                energy_wh: 0,
                readings: 0,
            }),
        }
    })
    .collect()
}

impl SdkReads {
    /// The chain a meter's contract is on (its region's for a regional meter) and the
    /// contract.
    async fn meter_chain(&self, meter_id: &str) -> ledger_sdk::Result<(Ledger, String)> {
        let location = self.ledger.locate_meter(meter_id).await?;
        let chain = match &location.region {
            Some(region) => self.ledger.in_region(region).await?,
            None => self.ledger.clone(),
        };
        Ok((chain, location.contract))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consumer(address: &str) -> Participant {
        Participant {
            address: cosmwasm_std::Addr::unchecked(address),
            name: "Alice".to_string(),
            roles: vec![Role::Consumer],
            status: ParticipantStatus::Suspended,
            blacklisted: None,
            meter_contract: None,
            registered_at: 7,
        }
    }

    #[test]
    fn the_registry_administrator_holds_the_admin_role_registered_or_not() {
        let unregistered = with_admin_role(None, "wasm1admin", true).unwrap();
        assert_eq!(unregistered.roles, vec![Role::Admin]);
        assert_eq!(unregistered.status, ParticipantStatus::Active);

        // A registered administrator keeps her record, standing included.
        let registered = with_admin_role(Some(consumer("wasm1admin")), "wasm1admin", true).unwrap();
        assert_eq!(registered.roles, vec![Role::Admin, Role::Consumer]);
        assert_eq!(registered.status, ParticipantStatus::Suspended);
        assert_eq!(registered.registered_at, 7);
    }

    #[test]
    fn every_day_of_the_range_has_a_total_zero_where_nothing_was_read() {
        let read = |day: u64, energy_wh: u64| DailyTotal {
            day,
            day_start: 1_000 + day * 10,
            energy_wh,
            readings: 4,
        };
        let days = every_day(3..=7, vec![read(2, 9), read(4, 40), read(6, 60)], |d| {
            Some(1_000 + d * 10)
        });
        let shown: Vec<(u64, u64, u64)> = days
            .iter()
            .map(|d| (d.day, d.day_start, d.energy_wh))
            .collect();
        assert_eq!(
            shown,
            vec![
                (3, 1_030, 0),
                (4, 1_040, 40),
                (5, 1_050, 0),
                (6, 1_060, 60),
                (7, 1_070, 0)
            ]
        );
        assert_eq!(days[1].readings, 4);
        assert!(every_day(0..=1, vec![], |_| None).is_empty());
    }

    #[test]
    fn anyone_else_is_what_the_registry_says() {
        assert_eq!(with_admin_role(None, "wasm1x", false), None);
        let alice = consumer("wasm1alice");
        assert_eq!(
            with_admin_role(Some(alice.clone()), "wasm1alice", false),
            Some(alice)
        );
    }
}
