//! The deployment file: where the ledger's contracts live on a chain.
//!
//! `ledger deploy` writes it; every other command reads it, so nobody types contract
//! addresses.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::ClientError;

/// Conventional file name of the deployment file.
pub const DEFAULT_DEPLOYMENT_FILE: &str = "deployment.json";

/// Chain, code ids and contract addresses of one deployment of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// Chain id the contracts were deployed on.
    pub chain_id: String,
    /// RPC address used for the deployment.
    pub node: String,
    /// Code id of every stored contract.
    pub code_ids: CodeIds,
    /// Address of every instantiated contract (meter contracts are created per consumer by the
    /// admin contract and are found through it).
    pub contracts: Contracts,
    /// The regional sub-chains linked to this (main) chain, in the order they were added
    /// (absent from single-chain deployments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionDeployment>,
}

/// One regional sub-chain: where it is and the contracts the ledger put there. Its meter
/// contracts are created by its endpoint and found through the main chain's router.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionDeployment {
    /// The region's name in the router (`region-1`).
    pub region: String,
    /// The sub-chain's id.
    pub chain_id: String,
    /// RPC address of one of its nodes.
    pub node: String,
    /// The IBC connection on the main chain to this sub-chain (the router's end).
    pub main_connection: String,
    /// The IBC connection on the sub-chain to the main chain (the endpoint's end).
    pub region_connection: String,
    /// Code ids stored on the sub-chain.
    pub code_ids: RegionCodeIds,
    /// Contracts instantiated on the sub-chain.
    pub contracts: RegionContracts,
}

/// Code ids stored on a regional sub-chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionCodeIds {
    /// The admin contract, instantiated as the region's registry of tariff roles.
    pub admin: u64,
    /// The per-consumer meter contract (instantiated by the endpoint).
    pub meter: u64,
    /// The tariff contract.
    pub tariff: u64,
    /// The region endpoint.
    pub endpoint: u64,
}

/// Contracts of a regional sub-chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionContracts {
    /// The region's registry: who may write the region's tariffs.
    pub registry: String,
    /// The region's tariffs (the meter contracts of the region price with them).
    pub tariff: String,
    /// The endpoint of the channel to the main chain's router.
    pub endpoint: String,
}

/// Code ids of the stored contracts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeIds {
    /// The admin (registry) contract.
    pub admin: u64,
    /// The per-consumer meter contract.
    pub meter: u64,
    /// The tariff contract.
    pub tariff: u64,
    /// The bank contract.
    pub bank: u64,
    /// The cw20 settlement token.
    pub settlement_token: u64,
    /// The draft contract (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<u64>,
    /// The loan-share contract (absent from deployment files written before it existed). Its
    /// consortium token is an instance of `settlement_token` (plain cw20-base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan_share: Option<u64>,
    /// The router of regional meters (absent until a region is added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router: Option<u64>,
    /// The cloud-federation contract (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_federation: Option<u64>,
    /// The park's energy market (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_market: Option<u64>,
    /// The park's green certificates (absent from deployment files written before they
    /// existed, and from deployments without the market).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_certificates: Option<u64>,
    /// The park's carbon-credit registry (absent from deployment files written before it
    /// existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_credits: Option<u64>,
    /// The product footprints along the supply chain (absent from deployment files written
    /// before they existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_footprints: Option<u64>,
}

/// Addresses of the instantiated contracts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contracts {
    /// The admin (registry) contract.
    pub admin: String,
    /// The tariff contract.
    pub tariff: String,
    /// The bank contract.
    pub bank: String,
    /// The cw20 settlement token.
    pub token: String,
    /// The draft contract (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The loan-share contract (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan_share: Option<String>,
    /// The consortium token the loan-share contract instantiated and is the only minter of
    /// (absent with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan_token: Option<String>,
    /// The router of regional meters (absent until a region is added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router: Option<String>,
    /// The cloud-federation contract (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_federation: Option<String>,
    /// The park's energy market (absent from deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_market: Option<String>,
    /// The park's green certificates, which the market's settlements issue in (absent from
    /// deployment files written before they existed, and from deployments without the market).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_certificates: Option<String>,
    /// The park's carbon-credit registry, linked to the footprints contract (absent from
    /// deployment files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_credits: Option<String>,
    /// The product footprints along the supply chain (absent from deployment files written
    /// before they existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park_footprints: Option<String>,
}

impl Deployment {
    /// Reads a deployment file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ClientError> {
        let path = path.as_ref();
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ClientError::DeploymentMissing {
                    path: path.to_path_buf(),
                });
            }
            Err(source) => {
                return Err(ClientError::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| ClientError::DeploymentInvalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Writes the deployment file (pretty JSON), creating its directory if needed. The file is
    /// written beside its final place and renamed, so readers never see half of it.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ClientError> {
        let path = path.as_ref();
        let io = |action: &'static str, path: &Path, source: std::io::Error| ClientError::Io {
            action,
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
        }
        let mut json =
            serde_json::to_vec_pretty(self).map_err(|e| ClientError::decode("deployment", e))?;
        json.push(b'\n');
        let tmp = path.with_extension("json.tmp");
        let mut file = fs::File::create(&tmp).map_err(|e| io("write", &tmp, e))?;
        file.write_all(&json)
            .and_then(|()| file.sync_all())
            .map_err(|e| io("write", &tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| io("write", path, e))
    }

    /// The regional sub-chain called `region`, or an error naming the regions there are.
    pub fn region(&self, region: &str) -> Result<&RegionDeployment, ClientError> {
        self.regions
            .iter()
            .find(|r| r.region == region)
            .ok_or_else(|| ClientError::UnknownRegion {
                region: region.to_string(),
                known: self.regions.iter().map(|r| r.region.clone()).collect(),
            })
    }

    /// Records `region`, replacing an earlier record of the same name.
    pub fn put_region(&mut self, region: RegionDeployment) {
        match self.regions.iter_mut().find(|r| r.region == region.region) {
            Some(known) => *known = region,
            None => self.regions.push(region),
        }
    }

    /// Checks that this deployment belongs to the chain `chain_id`.
    pub fn ensure_chain(&self, chain_id: &str) -> Result<(), ClientError> {
        if self.chain_id == chain_id {
            Ok(())
        } else {
            Err(ClientError::ChainIdMismatch {
                node: self.node.clone(),
                expected: chain_id.to_string(),
                actual: self.chain_id.clone(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Deployment {
        Deployment {
            chain_id: "ledger-localnet-1".into(),
            node: "http://127.0.0.1:26657".into(),
            code_ids: CodeIds {
                admin: 1,
                meter: 2,
                tariff: 3,
                bank: 4,
                settlement_token: 5,
                draft: Some(6),
                loan_share: Some(7),
                router: None,
                cloud_federation: Some(8),
                park_market: Some(9),
                park_certificates: Some(10),
                park_credits: Some(11),
                park_footprints: Some(12),
            },
            contracts: Contracts {
                admin: "wasm1admin".into(),
                tariff: "wasm1tariff".into(),
                bank: "wasm1bank".into(),
                token: "wasm1token".into(),
                draft: Some("wasm1draft".into()),
                loan_share: Some("wasm1loanshare".into()),
                loan_token: Some("wasm1loantoken".into()),
                router: None,
                cloud_federation: Some("wasm1cloud".into()),
                park_market: Some("wasm1park".into()),
                park_certificates: Some("wasm1certs".into()),
                park_credits: Some("wasm1credits".into()),
                park_footprints: Some("wasm1footprints".into()),
            },
            regions: Vec::new(),
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/deployment.json");
        sample().save(&path).unwrap();
        assert_eq!(Deployment::load(&path).unwrap(), sample());
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(r#""settlement_token": 5"#), "{text}");
        assert!(!dir.path().join("out/deployment.json.tmp").exists());
    }

    /// [`sample`] as a file written before loan sharing (and every contract after it) existed.
    fn sample_before_loan_share() -> Deployment {
        let mut d = sample();
        let (codes, contracts) = (&mut d.code_ids, &mut d.contracts);
        (codes.loan_share, contracts.loan_share, contracts.loan_token) = (None, None, None);
        (codes.cloud_federation, contracts.cloud_federation) = (None, None);
        (codes.park_market, contracts.park_market) = (None, None);
        (codes.park_certificates, contracts.park_certificates) = (None, None);
        (codes.park_credits, contracts.park_credits) = (None, None);
        (codes.park_footprints, contracts.park_footprints) = (None, None);
        d
    }

    #[test]
    fn files_without_the_draft_contract_still_load() {
        let written_before_drafts = r#"{
            "chain_id": "ledger-localnet-1",
            "node": "http://127.0.0.1:26657",
            "code_ids": {"admin": 1, "meter": 2, "tariff": 3, "bank": 4, "settlement_token": 5},
            "contracts": {"admin": "wasm1admin", "tariff": "wasm1tariff", "bank": "wasm1bank",
                          "token": "wasm1token"}
        }"#;
        let (loaded, text) = load_and_save(written_before_drafts);
        let mut expected = sample_before_loan_share();
        expected.code_ids.draft = None;
        expected.contracts.draft = None;
        assert_eq!(loaded, expected);
        // Written back, it stays in the old shape.
        assert!(!text.contains("draft"), "{text}");
        assert!(!text.contains("loan"), "{text}");
    }

    #[test]
    fn files_without_the_loan_share_contract_still_load() {
        let written_before_loan_share = r#"{
            "chain_id": "ledger-localnet-1",
            "node": "http://127.0.0.1:26657",
            "code_ids": {"admin": 1, "meter": 2, "tariff": 3, "bank": 4, "settlement_token": 5,
                         "draft": 6},
            "contracts": {"admin": "wasm1admin", "tariff": "wasm1tariff", "bank": "wasm1bank",
                          "token": "wasm1token", "draft": "wasm1draft"}
        }"#;
        let (loaded, text) = load_and_save(written_before_loan_share);
        assert_eq!(loaded, sample_before_loan_share());
        assert!(
            text.contains("wasm1draft") && !text.contains("loan") && !text.contains("cloud"),
            "{text}"
        );
        // A full deployment names both the contract and its token.
        let text = saved(&sample());
        assert!(text.contains(r#""loan_share": 7"#), "{text}");
        assert!(text.contains(r#""loan_token": "wasm1loantoken""#), "{text}");
        assert!(text.contains(r#""cloud_federation": 8"#), "{text}");
        assert!(
            text.contains(r#""cloud_federation": "wasm1cloud""#),
            "{text}"
        );
        assert!(text.contains(r#""park_market": 9"#), "{text}");
        assert!(text.contains(r#""park_market": "wasm1park""#), "{text}");
        assert!(text.contains(r#""park_certificates": 10"#), "{text}");
        assert!(
            text.contains(r#""park_certificates": "wasm1certs""#),
            "{text}"
        );
    }

    #[test]
    fn files_with_the_market_and_without_its_certificates_still_load() {
        let mut market_only = sample();
        market_only.code_ids.park_certificates = None;
        market_only.contracts.park_certificates = None;
        let text = saved(&market_only);
        assert!(
            text.contains("wasm1park") && !text.contains("park_certificates"),
            "{text}"
        );
        let (loaded, again) = load_and_save(&text);
        assert_eq!(loaded, market_only);
        assert_eq!(again, text);
    }

    fn region(name: &str, endpoint: &str) -> RegionDeployment {
        RegionDeployment {
            region: name.into(),
            chain_id: format!("ledger-{name}-1"),
            node: "http://127.0.0.1:26757".into(),
            main_connection: "connection-0".into(),
            region_connection: "connection-0".into(),
            code_ids: RegionCodeIds {
                admin: 1,
                meter: 2,
                tariff: 3,
                endpoint: 4,
            },
            contracts: RegionContracts {
                registry: "wasm1registry".into(),
                tariff: "wasm1tariff".into(),
                endpoint: endpoint.into(),
            },
        }
    }

    #[test]
    fn regions_are_recorded_found_and_replaced_by_name() {
        let mut deployment = sample();
        assert_eq!(
            deployment.region("region-1").unwrap_err().to_string(),
            "the deployment file has no region 'region-1' (it has: none); add one with \
             `ledger region deploy`"
        );
        deployment.code_ids.router = Some(8);
        deployment.contracts.router = Some("wasm1router".into());
        deployment.put_region(region("region-1", "wasm1first"));
        deployment.put_region(region("region-2", "wasm1second"));
        deployment.put_region(region("region-1", "wasm1again"));
        assert_eq!(deployment.regions.len(), 2);
        assert_eq!(
            deployment.region("region-1").unwrap().contracts.endpoint,
            "wasm1again"
        );
        assert_eq!(
            deployment.region("region-3").unwrap_err().to_string(),
            "the deployment file has no region 'region-3' (it has: region-1, region-2); add one \
             with `ledger region deploy`"
        );
        let text = saved(&deployment);
        assert!(text.contains(r#""router": "wasm1router""#), "{text}");
        let (loaded, _) = load_and_save(&text);
        assert_eq!(loaded, deployment);
        // A single-chain deployment is written without any of it.
        let text = saved(&sample());
        assert!(
            !text.contains("region") && !text.contains("router"),
            "{text}"
        );
    }

    /// The text of `deployment` saved as a deployment file.
    fn saved(deployment: &Deployment) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deployment.json");
        deployment.save(&path).unwrap();
        fs::read_to_string(&path).unwrap()
    }

    /// Loads `json` as a deployment file: what loaded, and its text saved again.
    fn load_and_save(json: &str) -> (Deployment, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deployment.json");
        fs::write(&path, json).unwrap();
        let loaded = Deployment::load(&path).unwrap();
        (loaded.clone(), saved(&loaded))
    }

    #[test]
    fn missing_file_says_to_deploy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deployment.json");
        let err = Deployment::load(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no deployment file at {}: run `ledger deploy` first",
                path.display()
            )
        );
    }

    #[test]
    fn invalid_file_names_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deployment.json");
        fs::write(&path, r#"{"chain_id": "x"}"#).unwrap();
        let err = Deployment::load(&path).unwrap_err();
        assert!(matches!(err, ClientError::DeploymentInvalid { .. }));
        assert!(err.to_string().contains("missing field"), "{err}");
    }

    #[test]
    fn chain_is_checked() {
        assert!(sample().ensure_chain("ledger-localnet-1").is_ok());
        assert!(matches!(
            sample().ensure_chain("other-1"),
            Err(ClientError::ChainIdMismatch { .. })
        ));
    }
}
