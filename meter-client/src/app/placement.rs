//! Where a meter's readings go: the main chain's meter contract, or for a meter of a regional
//! sub-chain the contract its region created, as the main chain's router records it.
//!
//! Only the location is asked of the main chain; limits, resyncs and readings go to the
//! meter's own chain. `run` keeps the answer in `state.json` (the meter's contract with the
//! chain id it is on, [`ContractEntry::chain_id`]), so that a restart while the main chain
//! is unreachable still sends to the region.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{anyhow, bail};
use ledger_client::Deployment;
use ledger_sdk::contracts::router::RouteState;
use ledger_types::admin::MeterInfo;

use crate::backoff::Backoff;
use crate::chain::LedgerChain;
use crate::checkpoint::{Checkpoint, ContractEntry};

/// Where one meter's readings go, as far as the main chain knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A meter contract: on the main chain (`chain_id` `None`) or on a region's chain.
    Contract {
        /// The contract's address.
        address: String,
        /// The regional sub-chain's id, `None` for the main chain.
        chain_id: Option<String>,
    },
    /// Routed to `region`, which has not created the meter's contract yet.
    Pending {
        /// The region.
        region: String,
    },
    /// `region` refused to create the meter's contract.
    Refused {
        /// The region.
        region: String,
        /// The region's stable error code.
        code: String,
        /// The region's words.
        message: String,
    },
}

/// The chain id of `region`, from the deployment file.
pub fn region_chain_id(deployment: &Deployment, region: &str) -> anyhow::Result<String> {
    deployment
        .region(region)
        .map(|r| r.chain_id.clone())
        .map_err(|e| {
            anyhow!(
                "{e}: use the deployment file written when region {region} was deployed \
                 (it lists the region's chain id and node)"
            )
        })
}

/// Where `info`'s readings go: its registry's meter contract, or for a regional meter what
/// the router's `routes` (by meter id, for its region) say. A regional meter the router does
/// not list yet is pending.
pub fn place(
    info: &MeterInfo,
    routes: &HashMap<String, RouteState>,
    deployment: &Deployment,
) -> anyhow::Result<Placement> {
    let Some(region) = &info.region else {
        return Ok(Placement::Contract {
            address: info.contract.to_string(),
            chain_id: None,
        });
    };
    Ok(match routes.get(&info.meter_id) {
        Some(RouteState::Active { meter_contract }) => Placement::Contract {
            address: meter_contract.clone(),
            chain_id: Some(region_chain_id(deployment, region)?),
        },
        Some(RouteState::Refused { code, message }) => Placement::Refused {
            region: region.clone(),
            code: code.clone(),
            message: message.clone(),
        },
        Some(RouteState::Pending) | None => Placement::Pending {
            region: region.clone(),
        },
    })
}

/// The contract a checkpoint of one meter recorded for `meter_id` on `main_chain_id`, if it
/// is still usable: a regional chain must still be in the deployment file.
pub fn cached_contract(
    checkpoint: &Checkpoint,
    meter_id: &str,
    main_chain_id: &str,
    deployment: &Deployment,
) -> Option<ContractEntry> {
    let [meter] = checkpoint.meters.as_slice() else {
        return None;
    };
    let [contract] = checkpoint.contracts.as_slice() else {
        return None;
    };
    let known_chain = contract
        .chain_id
        .as_ref()
        .is_none_or(|id| deployment.regions.iter().any(|r| &r.chain_id == id));
    (checkpoint.chain_id == main_chain_id && meter.id == meter_id && !meter.parked && known_chain)
        .then(|| contract.clone())
}

/// Asks the main chain where `meter_id`'s contract is, waiting while the chain is
/// unreachable or the meter's region has not created its contract yet.
pub async fn locate(
    chain: &LedgerChain,
    deployment: &Deployment,
    meter_id: &str,
    cap: Duration,
) -> anyhow::Result<ContractEntry> {
    let mut backoff = Backoff::new(Duration::from_millis(500), cap);
    loop {
        match chain.locate_meter(meter_id).await {
            Ok(location) => {
                let chain_id = location
                    .region
                    .as_deref()
                    .map(|r| region_chain_id(deployment, r))
                    .transpose()?;
                return Ok(ContractEntry {
                    address: location.contract,
                    limits: None,
                    chain_id,
                });
            }
            Err(ledger_sdk::Error::MeterPending { region, .. }) => {
                let delay = backoff.next_delay();
                tracing::info!(
                    meter = %meter_id,
                    %region,
                    retry_in_ms = delay.as_millis() as u64,
                    "the meter's region has not created its meter contract yet (the relayer \
                     carries the registration); asking the main chain again"
                );
                tokio::time::sleep(delay).await;
            }
            Err(ledger_sdk::Error::MeterRefused {
                region,
                code,
                message,
                ..
            }) => bail!(
                "{region} refused meter '{meter_id}' ({code}): {message}; the registration \
                 waits in the router's outbox: the administrator corrects what the region \
                 refused and sends it again (`ledger region outbox`, `ledger region retry <id>`)"
            ),
            Err(ledger_sdk::Error::Client(e)) if e.is_transient() => {
                let delay = backoff.next_delay();
                tracing::warn!(
                    retry_in_ms = delay.as_millis() as u64,
                    "waiting for the main chain to say where the meter is: {e}"
                );
                tokio::time::sleep(delay).await;
            }
            Err(e) if e.contract_code() == Some(ledger_types::admin::codes::METER_NOT_FOUND) => {
                bail!(
                    "meter '{meter_id}' is not registered on the main chain: register it \
                     (`ledger admin meter register`), or pass --contract"
                )
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::{MeterCursor, MeterEntry, VERSION};
    use cosmwasm_std::{Addr, Binary};
    use ledger_types::admin::{MeterKind, MeterStatus};

    fn deployment() -> Deployment {
        serde_json::from_value(serde_json::json!({
            "chain_id": "main-1",
            "node": "http://127.0.0.1:26657",
            "code_ids": {"admin": 1, "meter": 2, "tariff": 3, "bank": 4, "settlement_token": 5},
            "contracts": {"admin": "wasm1a", "tariff": "wasm1t", "bank": "wasm1b", "token": "wasm1c"},
            "regions": [{
                "region": "region-1",
                "chain_id": "region-1-chain",
                "node": "http://127.0.0.1:27657",
                "main_connection": "connection-0",
                "region_connection": "connection-0",
                "code_ids": {"admin": 1, "meter": 2, "tariff": 3, "endpoint": 4},
                "contracts": {"registry": "wasm1r", "tariff": "wasm1t", "endpoint": "wasm1e"}
            }]
        }))
        .unwrap()
    }

    fn info(id: &str, region: Option<&str>) -> MeterInfo {
        MeterInfo {
            meter_id: id.into(),
            owner: Addr::unchecked("owner"),
            retailer: Addr::unchecked("retailer"),
            pubkey: Binary::from(vec![2; 33]),
            tariff_id: "flat".into(),
            status: MeterStatus::Active,
            contract: Addr::unchecked(if region.is_some() {
                "router"
            } else {
                "meter-main"
            }),
            registered_at: 0,
            region: region.map(str::to_string),
            kind: MeterKind::Consumption,
        }
    }

    #[test]
    fn regional_meters_are_placed_on_their_region_through_the_router() {
        let d = deployment();
        let routes = HashMap::from([
            (
                "a".to_string(),
                RouteState::Active {
                    meter_contract: "meter-r1".into(),
                },
            ),
            ("p".to_string(), RouteState::Pending),
            (
                "x".to_string(),
                RouteState::Refused {
                    code: "region_endpoint.tariff_unknown".into(),
                    message: "no such tariff".into(),
                },
            ),
        ]);
        assert_eq!(
            place(&info("m", None), &routes, &d).unwrap(),
            Placement::Contract {
                address: "meter-main".into(),
                chain_id: None
            }
        );
        // Never the router the registry records for a regional meter.
        assert_eq!(
            place(&info("a", Some("region-1")), &routes, &d).unwrap(),
            Placement::Contract {
                address: "meter-r1".into(),
                chain_id: Some("region-1-chain".into())
            }
        );
        for id in ["p", "unrouted"] {
            assert_eq!(
                place(&info(id, Some("region-1")), &routes, &d).unwrap(),
                Placement::Pending {
                    region: "region-1".into()
                }
            );
        }
        assert!(matches!(
            place(&info("x", Some("region-1")), &routes, &d).unwrap(),
            Placement::Refused { code, .. } if code == "region_endpoint.tariff_unknown"
        ));
        // A region the deployment file does not record: the file is the wrong one.
        let mut other = info("a", Some("region-9"));
        other.meter_id = "a".into();
        let err = place(&other, &routes, &d).unwrap_err().to_string();
        assert!(err.contains("region-9"), "{err}");
    }

    fn one_meter(contract: ContractEntry, parked: bool) -> Checkpoint {
        Checkpoint {
            version: VERSION,
            chain_id: "main-1".into(),
            fleet_seed: None,
            contracts: vec![contract],
            meters: vec![MeterEntry {
                id: "m-1".into(),
                contract: 0,
                utc_offset_minutes: 0,
                cursor: MeterCursor {
                    next_sequence: 4,
                    register_wh: 10,
                    next_start: 100,
                },
                parked,
            }],
        }
    }

    #[test]
    fn a_restart_reuses_the_recorded_region_without_the_main_chain() {
        let d = deployment();
        let regional = ContractEntry {
            address: "meter-r1".into(),
            limits: None,
            chain_id: Some("region-1-chain".into()),
        };
        let cp = one_meter(regional.clone(), false);
        assert_eq!(
            cached_contract(&cp, "m-1", "main-1", &d),
            Some(regional.clone())
        );
        // Survives the file: what `run` writes is what it reads back.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        cp.save(&path).unwrap();
        let back = Checkpoint::load(&path).unwrap().unwrap();
        assert_eq!(
            cached_contract(&back, "m-1", "main-1", &d),
            Some(regional.clone())
        );
        // Another meter, another main chain, a region no longer in the file, a meter still
        // without its contract: asked again.
        assert_eq!(cached_contract(&cp, "m-2", "main-1", &d), None);
        assert_eq!(cached_contract(&cp, "m-1", "main-2", &d), None);
        let gone = ContractEntry {
            chain_id: Some("region-7-chain".into()),
            ..regional.clone()
        };
        assert_eq!(
            cached_contract(&one_meter(gone, false), "m-1", "main-1", &d),
            None
        );
        assert_eq!(
            cached_contract(&one_meter(regional, true), "m-1", "main-1", &d),
            None
        );
        // A main-chain meter's contract is reused as well.
        let main = ContractEntry::main("meter-main", None);
        assert_eq!(
            cached_contract(&one_meter(main.clone(), false), "m-1", "main-1", &d),
            Some(main)
        );
    }
}
