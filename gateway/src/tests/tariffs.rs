//! Tariffs through the API: pages of tariffs with their owners and versions, one version's
//! prices, and the contract's refusals kept by code.

use cosmwasm_std::Uint128;
use ledger_types::tariff::{TariffComponents, TariffInfo, TariffVersion, Tier, TimeOfUse};

use super::*;
use crate::tariff_reads::{OwnedTariff, TariffPage, TariffReads};

/// Three tariffs: `t1` of the retailer (seed 4) with a flat first version and a tiered,
/// time-of-use, taxed second; `t2` and `t3` with one version and no recorded owner.
pub(crate) struct TariffBook;

pub(crate) fn contract_refusal(code: &str, message: &str) -> ledger_sdk::Error {
    ledger_sdk::Error::Client(ledger_client::ClientError::Contract {
        message: format!("[ledger:{code}] {message}"),
    })
}

fn book() -> Vec<OwnedTariff> {
    let info = |id: &str, name: &str, from: Vec<u64>| TariffInfo {
        tariff_id: id.to_string(),
        name: name.to_string(),
        utc_offset_minutes: 60,
        versions: from.len() as u32,
        effective_from: from,
    };
    vec![
        OwnedTariff {
            info: info("t1", "Home", vec![1_700_000_000, 1_710_000_000]),
            owner: Some(address(4)),
        },
        OwnedTariff {
            info: info("t2", "Night", vec![1_700_000_000]),
            owner: None,
        },
        OwnedTariff {
            info: info("t3", "Business", vec![1_700_000_000]),
            owner: None,
        },
    ]
}

impl TariffReads for TariffBook {
    fn tariffs(&self, start_after: Option<String>, limit: u32) -> ChainFuture<'_, TariffPage> {
        let (tariffs, has_more) =
            page_after(&book(), |t| t.info.tariff_id.clone(), start_after, limit);
        Box::pin(async move { Ok(TariffPage { tariffs, has_more }) })
    }

    fn version<'a>(&'a self, tariff_id: &'a str, version: u32) -> ChainFuture<'a, TariffVersion> {
        let Some(found) = book().into_iter().find(|t| t.info.tariff_id == tariff_id) else {
            let refused = contract_refusal("tariff.tariff_not_found", "no such tariff");
            return Box::pin(async move { Err(refused) });
        };
        if version == 0 || version > found.info.versions {
            let refused = contract_refusal("tariff.version_not_found", "no such version");
            return Box::pin(async move { Err(refused) });
        }
        let components = if version == 1 {
            TariffComponents {
                fixed_charge: Some(Uint128::new(500)),
                flat_rate: Some(Uint128::new(25_000)),
                ..Default::default()
            }
        } else {
            TariffComponents {
                tiers: Some(vec![
                    Tier {
                        up_to_wh: Some(200_000),
                        price_per_mwh: Uint128::new(20_000),
                    },
                    Tier {
                        up_to_wh: None,
                        price_per_mwh: Uint128::new(30_000),
                    },
                ]),
                time_of_use: Some(TimeOfUse {
                    band_names: vec!["off-peak".into(), "peak".into()],
                    band_prices: vec![Uint128::new(1_000), Uint128::new(5_000)],
                    weekday: vec![[vec![0; 8], vec![1; 12], vec![0; 4]].concat(); 12],
                    weekend: vec![vec![0; 24]; 12],
                }),
                tax_bps: Some(2_000),
                ..Default::default()
            }
        };
        let found = TariffVersion {
            tariff_id: tariff_id.to_string(),
            version,
            effective_from: found.info.effective_from[version as usize - 1],
            components,
        };
        Box::pin(async move { Ok(found) })
    }
}

#[tokio::test]
async fn anyone_signed_in_pages_through_the_tariffs_with_owners_and_versions() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, page) = call(
        &app,
        Method::GET,
        "/api/tariffs?limit=2",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["has_more"], true);
    assert_eq!(page["items"][0]["tariff_id"], "t1");
    assert_eq!(page["items"][0]["owner"], address(4).as_str());
    assert_eq!(
        page["items"][0]["versions"],
        json!([
            { "version": 1, "effective_from": 1_700_000_000u64 },
            { "version": 2, "effective_from": 1_710_000_000u64 }
        ])
    );
    assert_eq!(page["items"][1]["owner"], Value::Null);
    let (_, rest) = call(
        &app,
        Method::GET,
        "/api/tariffs?limit=2&start_after=t2",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(rest["items"][0]["tariff_id"], "t3");
    assert_eq!(rest["has_more"], false);
}

#[tokio::test]
async fn a_version_reads_with_every_price_it_charges() {
    let app = app();
    let retailer = token(&app, 4).await;
    let uri = "/api/tariffs/t1/versions/2";
    let (status, v) = call(&app, Method::GET, uri, Some(&retailer), None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 2);
    assert_eq!(v["effective_from"], 1_710_000_000u64);
    assert_eq!(
        v["tiers"],
        json!([
            { "up_to_wh": 200_000, "price_per_mwh": "20000" },
            { "up_to_wh": null, "price_per_mwh": "30000" }
        ])
    );
    assert_eq!(
        v["time_of_use"]["bands"],
        json!([
            { "name": "off-peak", "price_per_mwh": "1000" },
            { "name": "peak", "price_per_mwh": "5000" }
        ])
    );
    assert_eq!(v["time_of_use"]["weekday"][0][8], 1);
    assert_eq!(v["time_of_use"]["weekend"][11][8], 0);
    assert_eq!(v["tax_bps"], 2_000);
    assert_eq!(v["fixed_charge"], Value::Null);

    let (_, first) = call(
        &app,
        Method::GET,
        "/api/tariffs/t1/versions/1",
        Some(&retailer),
        None,
    )
    .await;
    assert_eq!(first["fixed_charge"], "500");
    assert_eq!(first["flat_rate_per_mwh"], "25000");
    assert_eq!(first["tiers"], json!([]));
    assert_eq!(first["time_of_use"], Value::Null);
}

#[tokio::test]
async fn unknown_tariffs_and_versions_are_refused_with_the_contract_s_code() {
    let app = app();
    let alice = token(&app, 2).await;
    for (uri, expected) in [
        (
            "/api/tariffs/t9/versions/1",
            (StatusCode::NOT_FOUND, "tariff.tariff_not_found"),
        ),
        (
            "/api/tariffs/t1/versions/3",
            (StatusCode::NOT_FOUND, "tariff.version_not_found"),
        ),
        (
            "/api/tariffs/t1/versions/two",
            (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
        ),
    ] {
        let (status, body) = call(&app, Method::GET, uri, Some(&alice), None).await;
        assert_eq!((status, body["code"].as_str().unwrap()), expected, "{uri}");
    }
    let (status, body) = call(&app, Method::GET, "/api/tariffs", None, None).await;
    assert_eq!(
        (status, body["code"].as_str().unwrap()),
        (StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED)
    );
}
