//! `ledger region deploy`: adds a regional sub-chain to the deployment (the SDK's
//! `RegionPlan`), and prints the relayer command that opens its channel.

use anyhow::{anyhow, bail};
use ledger_client::{Client, Deployment};
use ledger_sdk::deploy::{Artifacts, Code, RegionPlan, RegionSettings};

use super::args::DeployRegionArgs;
use crate::context::App;
use crate::render::progress::Progress;
use crate::render::regions::{DeployedRegion, deployed_record, link_command};
use crate::render::{self, Output};

/// The longest region name the router accepts.
pub const MAX_REGION_NAME: usize = 32;

/// Checks what can be checked without a chain: the region's name, that the deployment file
/// does not have it yet, and that its chain is not the main chain.
pub fn check_new_region(deployment: &Deployment, name: &str, chain_id: &str) -> anyhow::Result<()> {
    let well_formed = (1..=MAX_REGION_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !well_formed {
        bail!(
            "'{name}' cannot name a region: use 1 to {MAX_REGION_NAME} of a-z, 0-9 and '-' \
             (e.g. region-1)"
        );
    }
    if let Some(known) = deployment.regions.iter().find(|r| r.region == name) {
        bail!(
            "the deployment file already has region '{name}' (chain {}, endpoint {}): pick \
             another name, or see it with `ledger region show {name}`",
            known.chain_id,
            known.contracts.endpoint
        );
    }
    if chain_id == deployment.chain_id {
        bail!(
            "--chain-id {chain_id} is the main chain's: a region lives on its own sub-chain; give \
             the sub-chain's node and chain id with --node and --chain-id"
        );
    }
    if let Some(other) = deployment.regions.iter().find(|r| r.chain_id == chain_id) {
        bail!(
            "chain {chain_id} already holds region '{}': each region has its own sub-chain",
            other.region
        );
    }
    Ok(())
}

/// The sub-chain's node and chain id: the global --node and --chain-id, which must be given
/// here (the main chain's are the deployment file's).
pub fn region_chain(app: &App) -> anyhow::Result<(String, String)> {
    match (&app.args.node, &app.args.chain_id) {
        (Some(node), Some(chain_id)) => Ok((node.clone(), chain_id.clone())),
        _ => Err(anyhow!(
            "say where the region's sub-chain is with --node <URL> and --chain-id <ID> (the main \
             chain is the deployment file's)"
        )),
    }
}

/// Reads the region's artifacts, and the router's when the main chain has none yet.
pub fn read_region_artifacts(
    dir: &std::path::Path,
    with_router: bool,
) -> anyhow::Result<Artifacts> {
    let mut codes = Code::REGION.to_vec();
    if with_router {
        codes.push(Code::Router);
    }
    Artifacts::read_only(dir, &codes).map_err(|e| match e {
        ledger_sdk::Error::MissingArtifacts { .. } => anyhow!("{e} or pass --artifacts <dir>"),
        other => other.into(),
    })
}

/// Runs `ledger region deploy`.
pub async fn run(app: &App, args: DeployRegionArgs) -> anyhow::Result<()> {
    let path = app.deployment_path()?;
    let mut deployment = app.load_deployment()?;
    let (node, chain_id) = region_chain(app)?;
    check_new_region(&deployment, &args.name, &chain_id)?;
    let artifacts = read_region_artifacts(&args.artifacts, deployment.contracts.router.is_none())?;
    let from = app.require_from()?;
    let main_client =
        Client::connect(app.config_for(deployment.node.clone(), deployment.chain_id.clone()))
            .await?;
    let region_client = Client::connect(app.config_for(node, chain_id)).await?;
    let main = app.sender(main_client, app.signer(&from)?);
    let region = main.on(region_client);

    let plan = RegionPlan::new(
        args.name.clone(),
        artifacts,
        args.main_connection,
        args.region_connection,
    )
    .settings(RegionSettings {
        timeout_seconds: args.timeout_seconds,
        max_attempts: args.max_attempts,
        label: args.label,
        ..RegionSettings::default()
    })
    .write_to(&path);
    let mut progress = Progress::new(plan.steps(&deployment) as u64);
    let added = match plan
        .run(&main, &region, &mut deployment, &mut progress)
        .await
    {
        Ok(added) => added,
        Err(e) => {
            progress.fail();
            return Err(e.into());
        }
    };
    progress.finish();

    let router = deployment.contracts.router.clone().ok_or_else(|| {
        anyhow!("the deployment file names no router after the region's deployment")
    })?;
    let report = DeployedRegion {
        link: link_command(&added.region, &router, &added.contracts.endpoint),
        region: added,
        router,
    };
    match app.output() {
        Output::Json => render::json(&report),
        Output::Table => {
            println!("{}", deployed_record(&report));
            println!(
                "Region {} added to {}. Open its channel with:\n  {}\nthen check it with \
                 `ledger region show {}`.",
                report.region.region,
                path.display(),
                report.link,
                report.region.region
            );
            Ok(())
        }
    }
}
