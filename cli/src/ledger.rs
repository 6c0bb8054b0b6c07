//! The deployed contracts as one object: typed queries, and list queries paged through to the
//! end (or to a cap) so commands never see `start_after`.

use std::future::Future;

use cosmwasm_std::Uint128;
use ledger_client::{Client, ClientError, Deployment};
use ledger_types::admin::{self, MeterInfo, Participant, Role};
use ledger_types::bank::{self, Instalment, Payment, PrepaidResponse, Redemption};
use ledger_types::meter::{self, Bill, DailyTotal, StoredReading};
use ledger_types::paging::MAX_LIMIT;
use ledger_types::tariff::{self, TariffInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A list read page by page, and whether the `--limit` cap cut it short.
#[derive(Debug)]
pub struct Paged<T> {
    /// The items, in the contract's order.
    pub items: Vec<T>,
    /// True when more items exist beyond the cap.
    pub truncated: bool,
}

/// Reads pages of at most [`MAX_LIMIT`] items until a short page or `cap` items.
///
/// `fetch(start_after, limit)` reads one page; `key` gives the `start_after` of the next page
/// from the last item of the previous one. When the cap is reached on a full page, one more
/// item is asked for to tell whether the list was cut.
pub async fn collect<T, K, F, Fut>(
    cap: usize,
    mut fetch: F,
    key: impl Fn(&T) -> K,
) -> Result<Paged<T>, ClientError>
where
    F: FnMut(Option<K>, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ClientError>>,
{
    let mut items: Vec<T> = Vec::new();
    let mut start: Option<K> = None;
    loop {
        let remaining = cap.saturating_sub(items.len());
        if remaining == 0 {
            let more = !fetch(start, 1).await?.is_empty();
            return Ok(Paged {
                items,
                truncated: more,
            });
        }
        let want = remaining.min(MAX_LIMIT as usize);
        let page = fetch(start.take(), want as u32).await?;
        let full = page.len() >= want;
        let next = page.last().map(&key);
        items.extend(page);
        match next {
            Some(k) if full => start = Some(k),
            _ => {
                return Ok(Paged {
                    items,
                    truncated: false,
                });
            }
        }
    }
}

/// A connection to the chain and the deployment it talks to.
#[derive(Clone, Debug)]
pub struct Ledger {
    /// The chain connection.
    pub client: Client,
    /// Where the contracts are.
    pub deployment: Deployment,
}

impl Ledger {
    /// A smart query of any contract.
    pub async fn query<T: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<T, ClientError> {
        self.client.query_smart(contract, msg).await
    }

    /// A query of the admin contract.
    pub async fn admin<T: DeserializeOwned>(
        &self,
        msg: &admin::QueryMsg,
    ) -> Result<T, ClientError> {
        self.query(&self.deployment.contracts.admin, msg).await
    }

    /// A query of the tariff contract.
    pub async fn tariff<T: DeserializeOwned>(
        &self,
        msg: &tariff::QueryMsg,
    ) -> Result<T, ClientError> {
        self.query(&self.deployment.contracts.tariff, msg).await
    }

    /// A query of the bank contract.
    pub async fn bank<T: DeserializeOwned>(&self, msg: &bank::QueryMsg) -> Result<T, ClientError> {
        self.query(&self.deployment.contracts.bank, msg).await
    }

    /// A meter as the registry knows it (owner, key, tariff, meter contract).
    pub async fn meter_info(&self, meter_id: &str) -> Result<MeterInfo, ClientError> {
        self.admin(&admin::QueryMsg::Meter {
            meter_id: meter_id.to_string(),
        })
        .await
    }

    /// The meter contract holding `meter_id`, found through the registry.
    pub async fn meter_contract(&self, meter_id: &str) -> Result<String, ClientError> {
        Ok(self.meter_info(meter_id).await?.contract.into_string())
    }

    /// A meter contract's wiring and billing settings.
    pub async fn meter_config(&self, contract: &str) -> Result<meter::ConfigResponse, ClientError> {
        self.query(contract, &meter::QueryMsg::Config {}).await
    }

    /// Participants in address order, optionally only those holding `role`.
    pub async fn participants(
        &self,
        role: Option<Role>,
        cap: usize,
    ) -> Result<Paged<Participant>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = admin::QueryMsg::Participants {
                    role,
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: admin::ParticipantsResponse = self.admin(&msg).await?;
                    Ok(r.participants)
                }
            },
            |p: &Participant| p.address.to_string(),
        )
        .await
    }

    /// Registered meters in id order, optionally only one owner's.
    pub async fn meters(
        &self,
        owner: Option<&str>,
        cap: usize,
    ) -> Result<Paged<MeterInfo>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = match owner {
                    Some(owner) => admin::QueryMsg::MetersByOwner {
                        owner: owner.to_string(),
                        start_after,
                        limit: Some(limit),
                    },
                    None => admin::QueryMsg::Meters {
                        start_after,
                        limit: Some(limit),
                    },
                };
                async move {
                    let r: admin::MetersResponse = self.admin(&msg).await?;
                    Ok(r.meters)
                }
            },
            |m: &MeterInfo| m.meter_id.clone(),
        )
        .await
    }

    /// A meter's readings whose interval starts in `[from, to)`.
    pub async fn readings(
        &self,
        contract: &str,
        meter_id: &str,
        from: Option<u64>,
        to: Option<u64>,
        cap: usize,
    ) -> Result<Paged<StoredReading>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = meter::QueryMsg::Readings {
                    meter_id: meter_id.to_string(),
                    from,
                    to,
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: meter::ReadingsResponse = self.query(contract, &msg).await?;
                    Ok(r.readings)
                }
            },
            |r: &StoredReading| r.interval_start,
        )
        .await
    }

    /// A meter's daily totals for day indices in `[from_day, to_day)`.
    pub async fn daily(
        &self,
        contract: &str,
        meter_id: &str,
        from_day: Option<u64>,
        to_day: Option<u64>,
        cap: usize,
    ) -> Result<Paged<DailyTotal>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = meter::QueryMsg::DailyTotals {
                    meter_id: meter_id.to_string(),
                    from_day,
                    to_day,
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: meter::DailyTotalsResponse = self.query(contract, &msg).await?;
                    Ok(r.days)
                }
            },
            |d: &DailyTotal| d.day,
        )
        .await
    }

    /// A meter's bills in period order.
    pub async fn bills(
        &self,
        contract: &str,
        meter_id: &str,
        cap: usize,
    ) -> Result<Paged<Bill>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = meter::QueryMsg::Bills {
                    meter_id: meter_id.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: meter::BillsResponse = self.query(contract, &msg).await?;
                    Ok(r.bills)
                }
            },
            |b: &Bill| b.period,
        )
        .await
    }

    /// A meter's instalments in id order.
    pub async fn instalments(
        &self,
        meter_id: &str,
        cap: usize,
    ) -> Result<Paged<Instalment>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::InstalmentsByMeter {
                    meter_id: meter_id.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::InstalmentsResponse = self.bank(&msg).await?;
                    Ok(r.instalments)
                }
            },
            |i: &Instalment| i.id,
        )
        .await
    }

    /// Overdue instalments in due-date order.
    pub async fn overdue(&self, cap: usize) -> Result<Paged<Instalment>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::Overdue {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::InstalmentsResponse = self.bank(&msg).await?;
                    Ok(r.instalments)
                }
            },
            |i: &Instalment| (i.due, i.id),
        )
        .await
    }

    /// A consumer's payments in id order.
    pub async fn payments_by_consumer(
        &self,
        consumer: &str,
        cap: usize,
    ) -> Result<Paged<Payment>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::PaymentsByConsumer {
                    consumer: consumer.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::PaymentsResponse = self.bank(&msg).await?;
                    Ok(r.payments)
                }
            },
            |p: &Payment| p.id,
        )
        .await
    }

    /// A bill's payments in id order.
    pub async fn payments_by_bill(
        &self,
        meter_id: &str,
        period: u32,
        cap: usize,
    ) -> Result<Paged<Payment>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::PaymentsByBill {
                    meter_id: meter_id.to_string(),
                    period,
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::PaymentsResponse = self.bank(&msg).await?;
                    Ok(r.payments)
                }
            },
            |p: &Payment| p.id,
        )
        .await
    }

    /// Prepaid balances in address order.
    pub async fn prepaid_balances(
        &self,
        cap: usize,
    ) -> Result<Paged<PrepaidResponse>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::PrepaidBalances {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::PrepaidListResponse = self.bank(&msg).await?;
                    Ok(r.balances)
                }
            },
            |p: &PrepaidResponse| p.consumer.to_string(),
        )
        .await
    }

    /// Redemption requests in id order.
    pub async fn redemptions(&self, cap: usize) -> Result<Paged<Redemption>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = bank::QueryMsg::Redemptions {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: bank::RedemptionsResponse = self.bank(&msg).await?;
                    Ok(r.redemptions)
                }
            },
            |r: &Redemption| r.id,
        )
        .await
    }

    /// Tariffs in id order.
    pub async fn tariffs(&self, cap: usize) -> Result<Paged<TariffInfo>, ClientError> {
        collect(
            cap,
            |start_after, limit| {
                let msg = tariff::QueryMsg::Tariffs {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: tariff::TariffsResponse = self.tariff(&msg).await?;
                    Ok(r.tariffs)
                }
            },
            |t: &TariffInfo| t.tariff_id.clone(),
        )
        .await
    }

    /// The settlement token balance of `address`.
    pub async fn token_balance(&self, address: &str) -> Result<Uint128, ClientError> {
        let r: cw20::BalanceResponse = self
            .query(
                &self.deployment.contracts.token,
                &cw20::Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .await?;
        Ok(r.balance)
    }

    /// The settlement token's name, symbol and decimals.
    pub async fn token_info(&self) -> Result<cw20::TokenInfoResponse, ClientError> {
        self.query(
            &self.deployment.contracts.token,
            &cw20::Cw20QueryMsg::TokenInfo {},
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A list of `n` numbers served the way a contract pages them.
    async fn run(n: u64, cap: usize) -> (Paged<u64>, Vec<(Option<u64>, u32)>) {
        let calls = RefCell::new(Vec::new());
        let page = collect(
            cap,
            |start: Option<u64>, limit: u32| {
                calls.borrow_mut().push((start, limit));
                let from = start.map_or(0, |s| s + 1);
                let items: Vec<u64> = (from..n).take(limit.min(MAX_LIMIT) as usize).collect();
                async move { Ok(items) }
            },
            |x: &u64| *x,
        )
        .await
        .unwrap();
        (page, calls.into_inner())
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn pages_through_to_the_end() {
        let (page, calls) = block_on(run(250, 1_000));
        assert_eq!(page.items, (0..250).collect::<Vec<_>>());
        assert!(!page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 100), (Some(199), 100)]);
    }

    #[test]
    fn stops_at_the_cap_and_says_whether_more_exist() {
        let (page, calls) = block_on(run(250, 120));
        assert_eq!(page.items.len(), 120);
        assert!(page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 20), (Some(119), 1)]);
        let (page, _) = block_on(run(120, 120));
        assert_eq!(page.items.len(), 120);
        assert!(!page.truncated);
    }

    #[test]
    fn an_exactly_full_last_page_costs_one_empty_read() {
        let (page, calls) = block_on(run(100, 1_000));
        assert_eq!(page.items.len(), 100);
        assert!(!page.truncated);
        assert_eq!(calls, vec![(None, 100), (Some(99), 100)]);
        let (page, _) = block_on(run(0, 1_000));
        assert!(page.items.is_empty());
    }
}
