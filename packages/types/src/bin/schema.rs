//! Writes the JSON schema of every contract's messages to `<out>/<contract>/` (default `schema/`),
//! and that of the meter's `SubmitReadings` response data to `<out>/meter/raw/`.
//!
//! The schema is generated from ledger-types rather than from each contract so that one run
//! covers every interface, and so that CI can regenerate it and fail on any difference.

use std::fs;
use std::path::{Path, PathBuf};

use cosmwasm_schema::{Api, generate_api};
use ledger_types::{
    admin, bank, cloud, draft, loan_share, meter, park, region_endpoint, router, tariff,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "schema".into()));
    let apis: [(&str, Api); 13] = [
        (
            "admin",
            generate_api! {
                name: "admin",
                instantiate: admin::InstantiateMsg,
                execute: admin::ExecuteMsg,
                query: admin::QueryMsg,
                migrate: admin::MigrateMsg,
            },
        ),
        (
            "meter",
            generate_api! {
                name: "meter",
                instantiate: meter::InstantiateMsg,
                execute: meter::ExecuteMsg,
                query: meter::QueryMsg,
                migrate: meter::MigrateMsg,
            },
        ),
        (
            "tariff",
            generate_api! {
                name: "tariff",
                instantiate: tariff::InstantiateMsg,
                execute: tariff::ExecuteMsg,
                query: tariff::QueryMsg,
                migrate: tariff::MigrateMsg,
            },
        ),
        (
            "bank",
            generate_api! {
                name: "bank",
                instantiate: bank::InstantiateMsg,
                execute: bank::ExecuteMsg,
                query: bank::QueryMsg,
                migrate: bank::MigrateMsg,
            },
        ),
        (
            "draft",
            generate_api! {
                name: "draft",
                instantiate: draft::InstantiateMsg,
                execute: draft::ExecuteMsg,
                query: draft::QueryMsg,
                migrate: draft::MigrateMsg,
            },
        ),
        (
            "loan-share",
            generate_api! {
                name: "loan-share",
                instantiate: loan_share::InstantiateMsg,
                execute: loan_share::ExecuteMsg,
                query: loan_share::QueryMsg,
                migrate: loan_share::MigrateMsg,
            },
        ),
        (
            "router",
            generate_api! {
                name: "router",
                instantiate: router::InstantiateMsg,
                execute: router::ExecuteMsg,
                query: router::QueryMsg,
                migrate: router::MigrateMsg,
            },
        ),
        (
            "region-endpoint",
            generate_api! {
                name: "region-endpoint",
                instantiate: region_endpoint::InstantiateMsg,
                execute: region_endpoint::ExecuteMsg,
                query: region_endpoint::QueryMsg,
                migrate: region_endpoint::MigrateMsg,
            },
        ),
        (
            "cloud-federation",
            generate_api! {
                name: "cloud-federation",
                instantiate: cloud::InstantiateMsg,
                execute: cloud::ExecuteMsg,
                query: cloud::QueryMsg,
                migrate: cloud::MigrateMsg,
            },
        ),
        (
            "park-market",
            generate_api! {
                name: "park-market",
                instantiate: park::InstantiateMsg,
                execute: park::ExecuteMsg,
                query: park::QueryMsg,
                migrate: park::MigrateMsg,
            },
        ),
        (
            "park-certificates",
            generate_api! {
                name: "park-certificates",
                instantiate: park::certificates::InstantiateMsg,
                execute: park::certificates::ExecuteMsg,
                query: park::certificates::QueryMsg,
                migrate: park::certificates::MigrateMsg,
            },
        ),
        (
            "park-credits",
            generate_api! {
                name: "park-credits",
                instantiate: park::credits::InstantiateMsg,
                execute: park::credits::ExecuteMsg,
                query: park::credits::QueryMsg,
                migrate: park::credits::MigrateMsg,
            },
        ),
        (
            "park-footprints",
            generate_api! {
                name: "park-footprints",
                instantiate: park::footprints::InstantiateMsg,
                execute: park::footprints::ExecuteMsg,
                query: park::footprints::QueryMsg,
                migrate: park::footprints::MigrateMsg,
            },
        ),
    ];
    for (name, api) in apis {
        write_contract(&out.join(name), name, api)?;
    }
    // The generated API holds no execute responses; the one message whose response data
    // clients decode has its schema written beside the meter's others.
    cosmwasm_schema::export_schema(
        &cosmwasm_schema::schema_for!(meter::SubmitReadingsResponse),
        &out.join("meter").join("raw"),
    );
    Ok(())
}

fn write_contract(dir: &Path, name: &str, api: Api) -> Result<(), Box<dyn std::error::Error>> {
    let raw = dir.join("raw");
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(&raw)?;
    let json = api.render();
    fs::write(dir.join(format!("{name}.json")), json.to_string()? + "\n")?;
    for (file, content) in json.to_schema_files()? {
        fs::write(raw.join(file), content + "\n")?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}
