//! Read-only answers: configuration, tariffs, versions and quotes.

use cosmwasm_std::{Deps, Order, StdResult, Storage};
use ledger_contract_kit::paging::{after, page};
use ledger_types::tariff::{
    ConfigResponse, QuoteResponse, TariffInfo, TariffOwner, TariffVersion, TariffsResponse,
    UsageProfile,
};

use crate::ContractError;
use crate::ContractResult;
use crate::pricing;
use crate::state::{CONFIG, TARIFFS, TariffHeader, VERSIONS};

pub fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin_contract: config.admin_contract,
    })
}

pub fn tariff(deps: Deps, tariff_id: String) -> ContractResult<TariffInfo> {
    Ok(load_header(deps.storage, &tariff_id)?.info(&tariff_id))
}

/// Tariffs in id order after `start_after`, one page.
pub fn tariffs(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<TariffsResponse> {
    let start = after(start_after.as_deref());
    let range = TARIFFS.range(deps.storage, start, None, Order::Ascending);
    let tariffs = page(range, limit, |(id, header)| StdResult::Ok(header.info(&id)))?;
    Ok(TariffsResponse {
        tariffs: tariffs.items,
        has_more: tariffs.has_more,
    })
}

/// Version `version` (counted from 1) of a tariff.
pub fn version(deps: Deps, tariff_id: String, version: u32) -> ContractResult<TariffVersion> {
    let header = load_header(deps.storage, &tariff_id)?;
    let effective_from = version
        .checked_sub(1)
        .and_then(|i| header.effective_from.get(usize::try_from(i).ok()?))
        .copied()
        .ok_or_else(|| ContractError::VersionNotFound {
            tariff_id: tariff_id.clone(),
            version,
            versions: header.versions(),
        })?;
    load_version(deps, tariff_id, version, effective_from)
}

/// The version in force at `at`: the latest one whose `effective_from` is not after it.
pub fn version_at(deps: Deps, tariff_id: String, at: u64) -> ContractResult<TariffVersion> {
    let header = load_header(deps.storage, &tariff_id)?;
    let (version, effective_from) = in_force(&header, &tariff_id, at)?;
    load_version(deps, tariff_id, version, effective_from)
}

/// Prices `usage` with the version in force at the period's start.
pub fn quote(deps: Deps, tariff_id: String, usage: UsageProfile) -> ContractResult<QuoteResponse> {
    let header = load_header(deps.storage, &tariff_id)?;
    let (version, _) = in_force(&header, &tariff_id, usage.period_start)?;
    let components = VERSIONS.load(deps.storage, (&tariff_id, version))?;
    let priced = pricing::price(&components, &usage)?;
    Ok(QuoteResponse {
        tariff_id,
        version,
        lines: priced.lines,
        subtotal: priced.subtotal,
        tax: priced.tax,
        total: priced.total,
    })
}

/// The retailer owning a tariff.
pub fn owner(deps: Deps, tariff_id: String) -> ContractResult<TariffOwner> {
    let header = load_header(deps.storage, &tariff_id)?;
    Ok(TariffOwner {
        tariff_id,
        owner: header.owner,
    })
}

/// The tariff's header, or [`ContractError::TariffNotFound`].
pub(crate) fn load_header(storage: &dyn Storage, tariff_id: &str) -> ContractResult<TariffHeader> {
    TARIFFS
        .may_load(storage, tariff_id)?
        .ok_or_else(|| ContractError::TariffNotFound {
            tariff_id: tariff_id.to_string(),
        })
}

fn in_force(header: &TariffHeader, tariff_id: &str, at: u64) -> ContractResult<(u32, u64)> {
    header
        .version_at(at)
        .ok_or_else(|| ContractError::NoVersionInForce {
            tariff_id: tariff_id.to_string(),
            at,
            first: header.effective_from.first().copied().unwrap_or_default(),
        })
}

fn load_version(
    deps: Deps,
    tariff_id: String,
    version: u32,
    effective_from: u64,
) -> ContractResult<TariffVersion> {
    let components = VERSIONS.load(deps.storage, (&tariff_id, version))?;
    Ok(TariffVersion {
        tariff_id,
        version,
        effective_from,
        components,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract;
    use crate::testing::{Setup, flat, tiered};
    use cosmwasm_std::{Binary, Uint128, from_json};
    use ledger_types::tariff::{
        ExecuteMsg, LineKind, MonthHours, QueryMsg, TariffComponents, TimeOfUse,
    };

    fn setup_with(tariffs: &[(&str, TariffComponents, u64)]) -> Setup {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        for (id, components, from) in tariffs {
            s.execute(
                &admin,
                ExecuteMsg::CreateTariff {
                    tariff_id: id.to_string(),
                    name: format!("Tariff {id}"),
                    utc_offset_minutes: 0,
                    components: components.clone(),
                    effective_from: *from,
                },
            )
            .unwrap();
        }
        s
    }

    fn raw(s: &Setup, msg: QueryMsg) -> ContractResult<Binary> {
        contract::query(s.deps.as_ref(), s.env.clone(), msg)
    }

    #[test]
    fn config_names_the_admin_contract() {
        let s = Setup::new();
        let c: ConfigResponse = from_json(raw(&s, QueryMsg::Config {}).unwrap()).unwrap();
        assert_eq!(c.admin_contract, s.admin_contract);
    }

    #[test]
    fn unknown_tariffs_are_typed_errors() {
        let s = Setup::new();
        let not_found = ContractError::TariffNotFound {
            tariff_id: "x".to_string(),
        };
        for msg in [
            QueryMsg::Tariff {
                tariff_id: "x".into(),
            },
            QueryMsg::Version {
                tariff_id: "x".into(),
                version: 1,
            },
            QueryMsg::VersionAt {
                tariff_id: "x".into(),
                at: 5,
            },
            QueryMsg::Quote {
                tariff_id: "x".into(),
                usage: UsageProfile::default(),
            },
        ] {
            assert_eq!(raw(&s, msg).unwrap_err(), not_found);
        }
    }

    #[test]
    fn tariffs_page_in_id_order() {
        let s = setup_with(&[
            ("d", flat(1), 0),
            ("b", flat(1), 0),
            ("a", flat(1), 0),
            ("e", flat(1), 0),
            ("c", flat(1), 0),
        ]);
        let ids = |start_after: Option<&str>, limit| -> Vec<String> {
            tariffs(s.deps.as_ref(), start_after.map(str::to_string), limit)
                .unwrap()
                .tariffs
                .into_iter()
                .map(|t| t.tariff_id)
                .collect()
        };
        assert_eq!(ids(None, None), vec!["a", "b", "c", "d", "e"]);
        assert_eq!(ids(None, Some(2)), vec!["a", "b"]);
        assert_eq!(ids(Some("b"), Some(2)), vec!["c", "d"]);
        assert_eq!(ids(Some("d"), Some(2)), vec!["e"]);
        assert_eq!(ids(Some("e"), None), Vec::<String>::new());
        // A start that is not an id still pages from the next one.
        assert_eq!(ids(Some("bb"), Some(1)), vec!["c"]);
        let page: TariffsResponse = from_json(
            raw(
                &s,
                QueryMsg::Tariffs {
                    start_after: None,
                    limit: Some(1),
                },
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(page.tariffs[0].name, "Tariff a");
    }

    fn with_two_versions() -> Setup {
        let mut s = setup_with(&[("home", flat(10_000), 1_000)]);
        let admin = s.admin.clone();
        let later = s.env.block.time.seconds() + 1_000;
        s.execute(
            &admin,
            ExecuteMsg::AddVersion {
                tariff_id: "home".into(),
                components: flat(20_000),
                effective_from: later,
            },
        )
        .unwrap();
        s
    }

    #[test]
    fn versions_by_number() {
        let s = with_two_versions();
        let later = s.env.block.time.seconds() + 1_000;
        let v1 = version(s.deps.as_ref(), "home".into(), 1).unwrap();
        assert_eq!(
            (v1.version, v1.effective_from, v1.components),
            (1, 1_000, flat(10_000))
        );
        let v2 = version(s.deps.as_ref(), "home".into(), 2).unwrap();
        assert_eq!(
            (v2.version, v2.effective_from, v2.components),
            (2, later, flat(20_000))
        );
        for missing in [0, 3, u32::MAX] {
            assert_eq!(
                version(s.deps.as_ref(), "home".into(), missing),
                Err(ContractError::VersionNotFound {
                    tariff_id: "home".into(),
                    version: missing,
                    versions: 2
                })
            );
        }
    }

    #[test]
    fn versions_by_date() {
        let s = with_two_versions();
        let later = s.env.block.time.seconds() + 1_000;
        let at = |t| version_at(s.deps.as_ref(), "home".into(), t).map(|v| v.version);
        assert_eq!(
            at(999),
            Err(ContractError::NoVersionInForce {
                tariff_id: "home".into(),
                at: 999,
                first: 1_000
            })
        );
        assert_eq!(at(1_000), Ok(1));
        assert_eq!(at(later - 1), Ok(1));
        assert_eq!(at(later), Ok(2));
        assert_eq!(at(u64::MAX), Ok(2));
    }

    fn usage_at(period_start: u64, energy_wh: u64) -> UsageProfile {
        UsageProfile {
            period_start,
            period_end: period_start + 30 * 86_400,
            energy_wh,
            ..Default::default()
        }
    }

    #[test]
    fn quote_uses_the_version_in_force_at_the_period_start() {
        let s = with_two_versions();
        let later = s.env.block.time.seconds() + 1_000;
        let q = |start| quote(s.deps.as_ref(), "home".into(), usage_at(start, 100_000));
        // 100 kWh at 10 c/kWh, then at 20 c/kWh.
        let first = q(later - 1).unwrap();
        assert_eq!((first.version, first.total), (1, Uint128::new(1_000)));
        let second = q(later).unwrap();
        assert_eq!((second.version, second.total), (2, Uint128::new(2_000)));
        assert_eq!(second.tariff_id, "home");
        assert_eq!(second.lines.len(), 1);
        assert_eq!(
            q(999),
            Err(ContractError::NoVersionInForce {
                tariff_id: "home".into(),
                at: 999,
                first: 1_000
            })
        );
    }

    #[test]
    fn quote_through_the_entry_point() {
        let tou = TariffComponents {
            time_of_use: Some(TimeOfUse {
                band_names: vec!["night".into(), "day".into()],
                band_prices: vec![Uint128::new(100_000), Uint128::new(300_000)],
                weekday: vec![[vec![0u8; 7], vec![1u8; 16], vec![0u8; 1]].concat(); 12],
                weekend: vec![vec![0u8; 24]; 12],
            }),
            fixed_charge: Some(Uint128::new(500)),
            tax_bps: Some(2_000),
            ..Default::default()
        };
        let s = setup_with(&[("tou", tou, 0), ("tiers", tiered(), 0)]);
        let mut usage = usage_at(0, 0);
        let mut mh = MonthHours {
            month: 2,
            weekday_wh: [0; 24],
            weekend_wh: [0; 24],
        };
        mh.weekday_wh[3] = 10_000; // night
        mh.weekday_wh[12] = 10_000; // day
        mh.weekend_wh[12] = 5_000; // night (weekend)
        usage.hourly = vec![mh];
        usage.energy_wh = 25_000;
        let res: QuoteResponse = from_json(
            raw(
                &s,
                QueryMsg::Quote {
                    tariff_id: "tou".into(),
                    usage: usage.clone(),
                },
            )
            .unwrap(),
        )
        .unwrap();
        let lines: Vec<(LineKind, u64, u128)> = res
            .lines
            .iter()
            .map(|l| (l.kind.clone(), l.quantity, l.amount.u128()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (LineKind::FixedCharge, 1, 500),
                (LineKind::TimeOfUse { band: 0 }, 15_000, 1_500),
                (LineKind::TimeOfUse { band: 1 }, 10_000, 3_000),
            ]
        );
        assert_eq!(res.lines[2].description, "Time of use: day");
        assert_eq!(res.subtotal, Uint128::new(5_000));
        assert_eq!(res.tax, Uint128::new(1_000));
        assert_eq!(res.total, Uint128::new(6_000));

        usage.hourly[0].month = 13;
        assert_eq!(
            raw(
                &s,
                QueryMsg::Quote {
                    tariff_id: "tou".into(),
                    usage,
                },
            )
            .unwrap_err(),
            ContractError::InvalidUsageMonth { month: 13 }
        );
    }
}
