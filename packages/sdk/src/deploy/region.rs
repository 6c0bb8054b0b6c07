//! A regional sub-chain added to a deployed ledger: the router on the main chain (once), and on
//! the sub-chain a registry of tariff roles, a tariff contract and the endpoint, registered with
//! the router. The channel between router and endpoint is opened afterwards by the relayer
//! (`relayer/link.sh`), because only a relayer can carry the handshake between two chains.

use std::path::PathBuf;

use ledger_client::{Deployment, RegionCodeIds, RegionContracts, RegionDeployment};
use ledger_types::admin;
use ledger_types::billing::MeterSettings;
use ledger_types::region::PROTOCOL_VERSION;
use ledger_types::{region_endpoint, router, tariff};

use super::{Artifacts, Code, Progress, step};
use crate::error::{Error, Result};
use crate::sender::Sender;

/// How the router and a region's endpoint send their packets, and what the region is made with.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionSettings {
    /// The region's meter contracts' billing settings (`None`: the main registry's defaults, so
    /// that every region bills on the main chain's cycle).
    pub meter_settings: Option<MeterSettings>,
    /// How long a packet may wait for the relayer before it times out, seconds.
    pub timeout_seconds: u64,
    /// How many times a timed-out packet is sent before it is shown as stuck.
    pub max_attempts: u32,
    /// The endpoint's administrator (`None`: the deploying key on the sub-chain).
    pub admin: Option<String>,
    /// Prefix of the on-chain labels (`<label>-<region>-endpoint`, ...).
    pub label: String,
}

impl Default for RegionSettings {
    /// Ten minutes per attempt, five attempts: a relayer down for most of an hour loses nothing.
    fn default() -> Self {
        RegionSettings {
            meter_settings: None,
            timeout_seconds: 600,
            max_attempts: 5,
            admin: None,
            label: "ledger".into(),
        }
    }
}

/// A region to add to a deployment.
///
/// ```no_run
/// use ledger_client::{ChainConfig, Client, Deployment, KeyStore};
/// use ledger_sdk::deploy::{Artifacts, Code, Quiet, RegionPlan};
/// use ledger_sdk::Sender;
/// # async fn run(main: Sender, region: Sender) -> ledger_sdk::Result<()> {
/// let mut deployment = Deployment::load("deployment.json")?;
/// let artifacts = Artifacts::read_only(
///     "artifacts".as_ref(),
///     &[Code::Admin, Code::Meter, Code::Tariff, Code::RegionEndpoint, Code::Router],
/// )?;
/// let plan = RegionPlan::new("region-1", artifacts, "connection-0", "connection-0")
///     .write_to("deployment.json");
/// let added = plan.run(&main, &region, &mut deployment, &mut Quiet).await?;
/// println!("endpoint {} on {}", added.contracts.endpoint, added.chain_id);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct RegionPlan {
    /// The region's name in the router (`region-1`).
    pub region: String,
    /// The region's code (admin, meter, tariff, endpoint) and, if the main chain has no router
    /// yet, the router's.
    pub artifacts: Artifacts,
    /// What the region is made with.
    pub settings: RegionSettings,
    /// The IBC connection on the main chain to the sub-chain.
    pub main_connection: String,
    /// The IBC connection on the sub-chain to the main chain.
    pub region_connection: String,
    /// Where the deployment file is written after each chain's step (`None`: not written).
    pub file: Option<PathBuf>,
}

impl RegionPlan {
    /// A plan with the default settings that writes no file.
    pub fn new(
        region: impl Into<String>,
        artifacts: Artifacts,
        main_connection: impl Into<String>,
        region_connection: impl Into<String>,
    ) -> Self {
        RegionPlan {
            region: region.into(),
            artifacts,
            settings: RegionSettings::default(),
            main_connection: main_connection.into(),
            region_connection: region_connection.into(),
            file: None,
        }
    }

    /// The same plan with other settings.
    pub fn settings(mut self, settings: RegionSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The same plan, writing the deployment file as it goes.
    pub fn write_to(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// How many steps [`RegionPlan::run`] reports on `deployment`: the router's three when it
    /// has none, four uploads, three instantiations, the registration with the router, and the
    /// file after each chain's part.
    pub fn steps(&self, deployment: &Deployment) -> usize {
        let saves = usize::from(self.file.is_some());
        let router = if deployment.contracts.router.is_some() {
            0
        } else {
            3 + saves
        };
        router + 4 + 3 + 1 + saves
    }

    /// The router's and the endpoint's packet delivery settings.
    fn delivery(&self) -> (router::Delivery, region_endpoint::Delivery) {
        let (timeout_seconds, max_attempts) =
            (self.settings.timeout_seconds, self.settings.max_attempts);
        (
            router::Delivery {
                timeout_seconds,
                max_attempts,
            },
            region_endpoint::Delivery {
                timeout_seconds,
                max_attempts,
            },
        )
    }

    /// Deploys the router on the main chain if `deployment` has none (signed by `main`, who
    /// must be the registry's administrator to wire it), the region's contracts on the
    /// sub-chain `region` talks to, and registers the region with the router. `deployment`
    /// (and the file, when asked) records each chain's part as soon as it is done, so that a
    /// failure on the sub-chain does not lose the router.
    pub async fn run(
        &self,
        main: &Sender,
        region: &Sender,
        deployment: &mut Deployment,
        progress: &mut impl Progress,
    ) -> Result<RegionDeployment> {
        if deployment.regions.iter().any(|r| r.region == self.region) {
            return Err(Error::Invalid(format!(
                "the deployment file already has region '{}': pick another name, or remove it \
                 from the file to deploy it again",
                self.region
            )));
        }
        let chain = region.client().config().clone();
        if chain.chain_id == deployment.chain_id {
            return Err(Error::Invalid(format!(
                "region '{}' would be deployed on the main chain {}: give the sub-chain's node \
                 and chain id",
                self.region, chain.chain_id
            )));
        }
        let router = match &deployment.contracts.router {
            Some(router) => router.clone(),
            None => {
                let router = self.deploy_router(main, deployment, progress).await?;
                self.save(deployment, progress)?;
                router
            }
        };

        let (_, endpoint_delivery) = self.delivery();
        let meter_settings = match &self.settings.meter_settings {
            Some(settings) => settings.clone(),
            None => {
                let config: admin::ConfigResponse = main
                    .client()
                    .query_smart(&deployment.contracts.admin, &admin::QueryMsg::Config {})
                    .await
                    .map_err(|e| Error::from(e).during("reading the main registry's settings"))?;
                config.meter_settings
            }
        };
        let code_ids = RegionCodeIds {
            admin: store(region, &self.artifacts, Code::Admin, progress).await?,
            meter: store(region, &self.artifacts, Code::Meter, progress).await?,
            tariff: store(region, &self.artifacts, Code::Tariff, progress).await?,
            endpoint: store(region, &self.artifacts, Code::RegionEndpoint, progress).await?,
        };
        let label = |what: &str| format!("{}-{}-{what}", self.settings.label, self.region);
        let registry = step(
            progress,
            &format!("instantiating {}'s registry of tariff roles", self.region),
            region.instantiate(
                code_ids.admin,
                &admin::InstantiateMsg {
                    admin: self.settings.admin.clone(),
                    meter_code_id: code_ids.meter,
                    meter_settings: meter_settings.clone(),
                    timelock_delay_seconds: None,
                },
                &label("registry"),
            ),
        )
        .await?
        .0;
        progress.done(&format!("{} registry {registry}", self.region));
        let tariff = step(
            progress,
            &format!("instantiating {}'s tariff contract", self.region),
            region.instantiate(
                code_ids.tariff,
                &tariff::InstantiateMsg {
                    admin_contract: registry.clone(),
                },
                &label("tariff"),
            ),
        )
        .await?
        .0;
        progress.done(&format!("{} tariff contract {tariff}", self.region));
        let endpoint = step(
            progress,
            &format!("instantiating {}'s endpoint", self.region),
            region.instantiate(
                code_ids.endpoint,
                &region_endpoint::InstantiateMsg {
                    admin: self
                        .settings
                        .admin
                        .clone()
                        .unwrap_or_else(|| region.address()),
                    main_connection_id: self.region_connection.clone(),
                    router_port: port_of(&router),
                    meter_code_id: code_ids.meter,
                    tariff_contract: tariff.clone(),
                    meter_settings,
                    delivery: endpoint_delivery,
                },
                &label("endpoint"),
            ),
        )
        .await?
        .0;
        progress.done(&format!(
            "{} endpoint {endpoint} (port {})",
            self.region,
            port_of(&endpoint)
        ));

        progress.begin(&format!("adding {} to the router", self.region));
        main.execute(
            &router,
            &router::ExecuteMsg::AddRegion {
                region: self.region.clone(),
                connection_id: self.main_connection.clone(),
                endpoint_port: port_of(&endpoint),
            },
        )
        .await
        .map_err(|e| e.during(format!("AddRegion {} on the router", self.region)))?;
        progress.done(&format!(
            "router serves {} over {}; link the channel with: relayer/link.sh main-{} \
             --src-port {} --dst-port {} --version {PROTOCOL_VERSION} --order unordered",
            self.region,
            self.main_connection,
            self.region,
            port_of(&router),
            port_of(&endpoint)
        ));

        let added = RegionDeployment {
            region: self.region.clone(),
            chain_id: chain.chain_id,
            node: chain.node,
            main_connection: self.main_connection.clone(),
            region_connection: self.region_connection.clone(),
            code_ids,
            contracts: RegionContracts {
                registry,
                tariff,
                endpoint,
            },
        };
        deployment.put_region(added.clone());
        self.save(deployment, progress)?;
        Ok(added)
    }

    /// Stores and instantiates the router on the main chain and wires it into the registry.
    async fn deploy_router(
        &self,
        main: &Sender,
        deployment: &mut Deployment,
        progress: &mut impl Progress,
    ) -> Result<String> {
        let (delivery, _) = self.delivery();
        let code_id = store(main, &self.artifacts, Code::Router, progress).await?;
        let router = step(
            progress,
            "instantiating the router",
            main.instantiate(
                code_id,
                &router::InstantiateMsg {
                    registry: deployment.contracts.admin.clone(),
                    bank: deployment.contracts.bank.clone(),
                    delivery,
                },
                &format!("{}-router", self.settings.label),
            ),
        )
        .await?
        .0;
        progress.done(&format!("router {router} (port {})", port_of(&router)));
        progress.begin("wiring the router into the registry");
        main.execute(
            &deployment.contracts.admin,
            &admin::ExecuteMsg::SetRouter {
                address: router.clone(),
            },
        )
        .await
        .map_err(|e| e.during("SetRouter on the registry"))?;
        progress.done("the registry sends regional meters to the router");
        deployment.code_ids.router = Some(code_id);
        deployment.contracts.router = Some(router.clone());
        Ok(router)
    }

    fn save(&self, deployment: &Deployment, progress: &mut impl Progress) -> Result<()> {
        if let Some(path) = &self.file {
            progress.begin(&format!("writing {}", path.display()));
            deployment.save(path)?;
            progress.done(&format!("wrote {}", path.display()));
        }
        Ok(())
    }
}

/// The IBC port of a contract: wasmd names it after the contract's address.
pub fn port_of(contract: &str) -> String {
    format!("wasm.{contract}")
}

/// Stores the artifact of `code` with `sender`, as a step.
async fn store(
    sender: &Sender,
    artifacts: &Artifacts,
    code: Code,
    progress: &mut impl Progress,
) -> Result<u64> {
    let file = code.file_name();
    let wasm = artifacts.get(code).ok_or_else(|| Error::MissingArtifacts {
        dir: PathBuf::from("."),
        missing: vec![file.to_string()],
    })?;
    let chain = sender.client().config().chain_id.clone();
    progress.begin(&format!(
        "storing {file} ({} KiB) on {chain}",
        wasm.len().div_ceil(1024)
    ));
    let (code_id, _) = sender
        .store_code(wasm.to_vec())
        .await
        .map_err(|e| e.during(format!("storing {file} on {chain}")))?;
    progress.done(&format!("stored {file} on {chain}: code id {code_id}"));
    Ok(code_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_client::{CodeIds, Contracts};

    fn deployment(router: Option<&str>) -> Deployment {
        Deployment {
            chain_id: "ledger-localnet-1".into(),
            node: "http://127.0.0.1:26657".into(),
            code_ids: CodeIds {
                admin: 1,
                meter: 2,
                tariff: 3,
                bank: 4,
                settlement_token: 5,
                draft: None,
                loan_share: None,
                router: router.map(|_| 6),
                cloud_federation: None,
                park_market: None,
                park_certificates: None,
                park_credits: None,
                park_footprints: None,
            },
            contracts: Contracts {
                admin: "wasm1admin".into(),
                tariff: "wasm1tariff".into(),
                bank: "wasm1bank".into(),
                token: "wasm1token".into(),
                draft: None,
                loan_share: None,
                loan_token: None,
                cloud_federation: None,
                park_market: None,
                park_certificates: None,
                park_credits: None,
                park_footprints: None,
                router: router.map(str::to_string),
            },
            regions: Vec::new(),
        }
    }

    #[test]
    fn the_router_is_deployed_only_once_and_counted_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut codes = Code::REGION.to_vec();
        codes.push(Code::Router);
        for code in &codes {
            std::fs::write(dir.path().join(code.file_name()), b"\0asm").unwrap();
        }
        let artifacts = Artifacts::read_only(dir.path(), &codes).unwrap();
        let plan = RegionPlan::new("region-1", artifacts, "connection-0", "connection-1");
        assert_eq!(plan.steps(&deployment(None)), 3 + 8);
        assert_eq!(plan.steps(&deployment(Some("wasm1router"))), 8);
        let plan = plan.write_to("deployment.json");
        assert_eq!(plan.steps(&deployment(None)), 4 + 9);
        assert_eq!(plan.steps(&deployment(Some("wasm1router"))), 9);
    }

    #[test]
    fn delivery_settings_reach_both_ends() {
        let dir = tempfile::tempdir().unwrap();
        let artifacts = Artifacts::read_only(dir.path(), &[]).unwrap();
        let plan = RegionPlan::new("region-2", artifacts, "c", "c").settings(RegionSettings {
            timeout_seconds: 30,
            max_attempts: 9,
            ..RegionSettings::default()
        });
        let (router, endpoint) = plan.delivery();
        assert_eq!((router.timeout_seconds, router.max_attempts), (30, 9));
        assert_eq!((endpoint.timeout_seconds, endpoint.max_attempts), (30, 9));
        assert_eq!(port_of("wasm1abc"), "wasm.wasm1abc");
    }
}
