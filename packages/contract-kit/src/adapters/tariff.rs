//! The tariff contract as other contracts ask it (the meter contract for quotes and owners,
//! the registry when a meter is registered).

use cosmwasm_std::{Addr, QuerierWrapper, StdResult};
use ledger_types::tariff::{QueryMsg, QuoteResponse, TariffInfo, TariffOwner, UsageProfile};
use thiserror::Error;

/// The tariff contract's address, with the questions contracts ask it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tariff(pub Addr);

/// The tariff contract could not describe a tariff (it has no such tariff, or the query
/// failed): the tariff asked for, and the querier's words for why.
#[derive(Error, Debug, Clone, PartialEq)]
#[error("unknown tariff {tariff_id}: {reason}")]
pub struct UnknownTariff {
    pub tariff_id: String,
    pub reason: String,
}

impl Tariff {
    pub fn new(address: Addr) -> Self {
        Tariff(address)
    }

    pub fn address(&self) -> &Addr {
        &self.0
    }

    /// A tariff's description and its versions' dates; an error when there is no such tariff.
    pub fn tariff(&self, querier: &QuerierWrapper, tariff_id: &str) -> StdResult<TariffInfo> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Tariff {
                tariff_id: tariff_id.to_string(),
            },
        )
    }

    /// [`Tariff::tariff`], with a failure told as [`UnknownTariff`] (the querier's error text
    /// as its reason), for a caller refusing a tariff id it was given.
    pub fn known_tariff(
        &self,
        querier: &QuerierWrapper,
        tariff_id: &str,
    ) -> Result<TariffInfo, UnknownTariff> {
        self.tariff(querier, tariff_id)
            .map_err(|err| UnknownTariff {
                tariff_id: tariff_id.to_string(),
                reason: err.to_string(),
            })
    }

    /// The retailer owning a tariff (`None` until one is named for an older tariff); an error
    /// when there is no such tariff.
    pub fn owner(&self, querier: &QuerierWrapper, tariff_id: &str) -> StdResult<TariffOwner> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Owner {
                tariff_id: tariff_id.to_string(),
            },
        )
    }

    /// Prices a period's usage with the version of `tariff_id` in force at its start.
    pub fn quote(
        &self,
        querier: &QuerierWrapper,
        tariff_id: &str,
        usage: UsageProfile,
    ) -> StdResult<QuoteResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Quote {
                tariff_id: tariff_id.to_string(),
                usage,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{MockApi, MockQuerier};
    use cosmwasm_std::{
        ContractResult, Empty, QuerierResult, SystemError, SystemResult, Uint128, WasmQuery,
        from_json, to_json_binary,
    };

    use super::*;

    const TARIFF_ID: &str = "flat";

    fn info() -> TariffInfo {
        TariffInfo {
            tariff_id: TARIFF_ID.to_string(),
            name: "Flat".to_string(),
            utc_offset_minutes: 60,
            versions: 1,
            effective_from: vec![100],
        }
    }

    fn usage() -> UsageProfile {
        UsageProfile {
            period_start: 0,
            period_end: 3_600,
            energy_wh: 1_000,
            max_power_w: 500,
            hourly: vec![],
        }
    }

    fn quote_of(tariff_id: String, usage: UsageProfile) -> QuoteResponse {
        QuoteResponse {
            tariff_id,
            version: 1,
            lines: vec![],
            subtotal: Uint128::new(u128::from(usage.energy_wh)),
            tax: Uint128::zero(),
            total: Uint128::new(u128::from(usage.energy_wh)),
        }
    }

    /// A querier whose contract at `tariff` answers as a tariff contract with one tariff,
    /// [`TARIFF_ID`], owned by `owner`; any other contract is not there.
    fn querier(tariff: &Addr, owner: &Addr) -> MockQuerier<Empty> {
        let (tariff, owner) = (tariff.clone(), owner.clone());
        let mut querier = MockQuerier::<Empty>::new(&[]);
        querier.update_wasm(move |query| -> QuerierResult {
            let WasmQuery::Smart { contract_addr, msg } = query else {
                panic!("only smart queries are expected, got {query:?}");
            };
            if *contract_addr != tariff.as_str() {
                return SystemResult::Err(SystemError::NoSuchContract {
                    addr: contract_addr.clone(),
                });
            }
            let answer = match from_json(msg).unwrap() {
                QueryMsg::Tariff { tariff_id } if tariff_id == TARIFF_ID => to_json_binary(&info()),
                QueryMsg::Owner { tariff_id } if tariff_id == TARIFF_ID => {
                    to_json_binary(&TariffOwner {
                        tariff_id,
                        owner: Some(owner.clone()),
                    })
                }
                QueryMsg::Quote { tariff_id, usage } if tariff_id == TARIFF_ID => {
                    to_json_binary(&quote_of(tariff_id, usage))
                }
                other => return SystemResult::Ok(ContractResult::Err(format!("no {other:?}"))),
            };
            SystemResult::Ok(ContractResult::Ok(answer.unwrap()))
        });
        querier
    }

    #[test]
    fn answers_are_typed() {
        let api = MockApi::default();
        let (address, owner) = (api.addr_make("tariff"), api.addr_make("retailer"));
        let mock = querier(&address, &owner);
        let querier = QuerierWrapper::<Empty>::new(&mock);
        let tariff = Tariff::new(address.clone());

        assert_eq!(tariff.address(), &address);
        assert_eq!(tariff.tariff(&querier, TARIFF_ID).unwrap(), info());
        assert_eq!(tariff.known_tariff(&querier, TARIFF_ID).unwrap(), info());
        assert_eq!(
            tariff.owner(&querier, TARIFF_ID).unwrap(),
            TariffOwner {
                tariff_id: TARIFF_ID.to_string(),
                owner: Some(owner),
            }
        );
        assert_eq!(
            tariff.quote(&querier, TARIFF_ID, usage()).unwrap(),
            quote_of(TARIFF_ID.to_string(), usage())
        );
    }

    #[test]
    fn refusals_keep_the_queriers_words() {
        let api = MockApi::default();
        let (address, owner) = (api.addr_make("tariff"), api.addr_make("retailer"));
        let mock = querier(&address, &owner);
        let querier = QuerierWrapper::<Empty>::new(&mock);
        let tariff = Tariff::new(address);

        let err = tariff.tariff(&querier, "missing").unwrap_err();
        assert!(err.to_string().contains("no Tariff"), "{err}");
        assert_eq!(
            tariff.known_tariff(&querier, "missing").unwrap_err(),
            UnknownTariff {
                tariff_id: "missing".to_string(),
                reason: err.to_string(),
            }
        );
        assert!(tariff.owner(&querier, "missing").is_err());
        assert!(tariff.quote(&querier, "missing", usage()).is_err());

        // A contract that is not there: the querier's system error, as a caller sees it.
        let elsewhere = Tariff::new(api.addr_make("elsewhere"));
        let unknown = elsewhere.known_tariff(&querier, TARIFF_ID).unwrap_err();
        assert_eq!(unknown.tariff_id, TARIFF_ID);
        assert!(unknown.reason.contains("No such contract"), "{unknown}");
    }
}
