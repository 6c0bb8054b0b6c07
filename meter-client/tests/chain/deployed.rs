//! The ledger the chain tests deploy once (admin, tariff, bank, two consumers, a gateway)
//! and how they ask it about meters.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cosmwasm_std::{Binary, Uint128};
use ledger_client::{
    ChainConfig, Client, ClientError, Deployment, Gas, KdfParams, KeyStore, Signer,
};
use ledger_types::admin::{self, MeterInfo, RegisterMeter, Role};
use ledger_types::bank;
use ledger_types::billing::{BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::meter::MeterKind;
use ledger_types::meter::{self, MeterState, ReadingsResponse, StoredReading};
use ledger_types::tariff::{self, TariffComponents};
use meter_client::curve::mix;

use super::process::GATEWAY_PASS;

pub(crate) const TARIFF: &str = "flat-test";
pub(crate) const TARIFF_OFFSET_MINUTES: i32 = 60;
pub(crate) const INITIAL_REGISTER: u64 = 5_000;

/// The ledger the tests deployed.
pub(crate) struct World {
    pub(crate) admin_contract: String,
    pub(crate) tariff_contract: String,
    pub(crate) bank_contract: String,
    pub(crate) token: String,
    /// Code ids, as the deployment file's `code_ids`.
    pub(crate) codes: serde_json::Value,
    /// The ledger's administrator (and retailer): a fresh account.
    pub(crate) operator_secret: String,
    pub(crate) consumers: Vec<String>,
    /// The gateway's key file (a fresh, funded account) and a scratch directory.
    pub(crate) gateway_key: PathBuf,
    pub(crate) scratch: PathBuf,
}

pub(crate) static WORLD: OnceLock<World> = OnceLock::new();

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub(crate) fn admin_signer() -> Signer {
    let text = std::fs::read_to_string(repo().join("localnet/accounts.json")).unwrap();
    let accounts: serde_json::Value = serde_json::from_str(&text).unwrap();
    let admin = accounts["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "admin")
        .unwrap();
    Signer::from_mnemonic(admin["mnemonic"].as_str().unwrap(), "wasm").unwrap()
}

/// The localnet's settings; its node's RPC port moved up by `LOCALNET_PORT_OFFSET`, as
/// `localnet/env.sh` moves a second network beside a running one.
pub(crate) fn localnet_config() -> ChainConfig {
    let mut config = ChainConfig::localnet();
    let offset: u16 = std::env::var("LOCALNET_PORT_OFFSET")
        .ok()
        .map(|v| {
            v.parse()
                .expect("LOCALNET_PORT_OFFSET is a number of ports")
        })
        .unwrap_or(0);
    config.node = format!("http://127.0.0.1:{}", 26_657 + offset);
    // Other suites share the chain (scripts/chain-test.sh): blocks can come slowly.
    config.tx_timeout = Duration::from_secs(180);
    config
}

pub(crate) async fn connect() -> Client {
    Client::connect(localnet_config())
        .await
        .expect("the localnet runs: start it with localnet/start.sh")
}

/// Retries what another user of the same account may have raced (sequence numbers).
pub(crate) async fn again<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClientError>>,
{
    for attempt in 0.. {
        match call().await {
            Ok(v) => return v,
            Err(
                e @ (ClientError::SequenceMismatch { .. } | ClientError::AlreadyInMempool { .. }),
            ) if attempt < 5 => {
                eprintln!("retrying: {e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    unreachable!()
}

pub(crate) async fn deploy() -> World {
    let client = connect().await;
    let admin = admin_signer();
    let operator = Signer::generate("wasm").unwrap();
    let gateway = Signer::generate("wasm").unwrap();
    for who in [&operator, &gateway] {
        let to = who.address().to_string();
        again(|| client.send(&admin, &to, 100_000_000_000, Gas::Auto)).await;
    }
    let store = |name: &'static str| {
        let client = &client;
        let admin = &admin;
        async move {
            let path = repo().join("artifacts").join(format!("{name}.wasm"));
            let wasm = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; build the contracts with ./scripts/build-wasm.sh",
                    path.display()
                )
            });
            again(|| client.store_code(admin, wasm.clone())).await
        }
    };
    let codes = serde_json::json!({
        "admin": store("admin").await,
        "meter": store("meter").await,
        "tariff": store("tariff").await,
        "bank": store("bank").await,
        "settlement_token": store("settlement_token").await,
    });
    let code = |name: &str| codes[name].as_u64().unwrap();
    let me = operator.address().to_string();
    let settings = MeterSettings {
        cycle: BillingCycle::CalendarMonth {
            utc_offset_minutes: 0,
        },
        schedule: PaymentSchedule::default(),
        // The line-source test feeds readings up to a few hours ahead of the chain's clock.
        future_tolerance_seconds: 86_400,
        max_interval_seconds: 86_400,
        max_power_w: 1_000_000,
    };
    let admin_contract = client
        .instantiate(
            &operator,
            code("admin"),
            &admin::InstantiateMsg {
                admin: Some(me.clone()),
                meter_code_id: code("meter"),
                meter_settings: settings,
                timelock_delay_seconds: None,
            },
            "meter-client-test-admin",
            Some(&me),
        )
        .await
        .unwrap();
    let tariff_contract = client
        .instantiate(
            &operator,
            code("tariff"),
            &tariff::InstantiateMsg {
                admin_contract: admin_contract.clone(),
            },
            "meter-client-test-tariff",
            Some(&me),
        )
        .await
        .unwrap();
    let bank_contract = client
        .instantiate(
            &operator,
            code("bank"),
            &bank::InstantiateMsg {
                admin_contract: admin_contract.clone(),
                token_code_id: code("settlement_token"),
                token_name: "Ledger Euro".into(),
                token_symbol: "LEUR".into(),
                token_decimals: 2,
            },
            "meter-client-test-bank",
            Some(&me),
        )
        .await
        .unwrap();
    let bank_config: bank::ConfigResponse = client
        .query_smart(&bank_contract, &bank::QueryMsg::Config {})
        .await
        .unwrap();
    let exec = |msg: admin::ExecuteMsg| {
        let client = &client;
        let operator = &operator;
        let admin_contract = admin_contract.clone();
        async move {
            client
                .execute(operator, &admin_contract, &msg, vec![])
                .await
                .unwrap()
        }
    };
    exec(admin::ExecuteMsg::SetContracts {
        tariff: tariff_contract.clone(),
        bank: bank_contract.clone(),
    })
    .await;
    exec(admin::ExecuteMsg::RegisterParticipant {
        address: me.clone(),
        name: "Retailer".into(),
        roles: vec![Role::Retailer],
    })
    .await;
    let mut consumers = Vec::new();
    for i in 0..2 {
        let address = Signer::generate("wasm").unwrap().address().to_string();
        exec(admin::ExecuteMsg::RegisterParticipant {
            address: address.clone(),
            name: format!("Consumer {i}"),
            roles: vec![Role::Consumer],
        })
        .await;
        consumers.push(address);
    }
    client
        .execute(
            &operator,
            &tariff_contract,
            &tariff::ExecuteMsg::CreateTariff {
                tariff_id: TARIFF.into(),
                name: "Flat test tariff".into(),
                utc_offset_minutes: TARIFF_OFFSET_MINUTES,
                components: TariffComponents {
                    flat_rate: Some(Uint128::new(23_450)),
                    ..TariffComponents::default()
                },
                effective_from: 0,
            },
            vec![],
        )
        .await
        .unwrap();

    let scratch = tempfile::tempdir().unwrap().keep();
    let keys = KeyStore::open(&scratch, "wasm").with_kdf(KdfParams::insecure_for_tests());
    keys.store("gateway", &gateway, GATEWAY_PASS).unwrap();
    World {
        admin_contract,
        tariff_contract,
        bank_contract,
        token: bank_config.token.to_string(),
        codes,
        operator_secret: hex::encode(operator.secret_bytes().as_ref()),
        consumers,
        gateway_key: scratch.join("gateway.json"),
        scratch,
    }
}

pub(crate) fn world() -> &'static World {
    WORLD.get_or_init(|| runtime().block_on(deploy()))
}

impl World {
    pub(crate) fn operator(&self) -> Signer {
        Signer::from_hex(&self.operator_secret, "wasm").unwrap()
    }

    /// Registers the simulated fleet's meters `0..meters` (ids from `prefix`, keys from
    /// `seed`), alternately of the two consumers, 200 to a transaction.
    pub(crate) async fn register_fleet(
        &self,
        client: &Client,
        prefix: &str,
        seed: u64,
        meters: u32,
    ) {
        let operator = self.operator();
        for chunk in (0..meters).collect::<Vec<_>>().chunks(200) {
            let calls = chunk
                .iter()
                .map(|&i| {
                    let msg = admin::ExecuteMsg::RegisterMeter(RegisterMeter {
                        meter_id: meter_client::keys::fleet_meter_id(prefix, i),
                        owner: self.consumers[i as usize % 2].clone(),
                        retailer: operator.address().to_string(),
                        pubkey: Binary::from(
                            meter_client::keys::fleet_key(seed, i).public_key().to_vec(),
                        ),
                        tariff_id: TARIFF.into(),
                        initial_register_wh: INITIAL_REGISTER,
                        contracted_monthly_amount: Uint128::new(5_000),
                        region: None,
                        kind: MeterKind::Consumption,
                    });
                    ledger_client::ExecuteCall::new(&self.admin_contract, &msg).unwrap()
                })
                .collect();
            client.execute_multi(&operator, calls).await.unwrap();
        }
    }

    /// Registers a meter of consumer `owner`; returns its meter contract and state.
    pub(crate) async fn register(
        &self,
        client: &Client,
        meter_id: &str,
        owner: usize,
        pubkey: &[u8],
    ) -> (String, MeterState) {
        self.register_for(client, meter_id, &self.consumers[owner], TARIFF, pubkey)
            .await
    }

    /// Registers a consumption meter of the participant `owner` (a consumer) on `tariff`;
    /// returns its meter contract and state.
    pub(crate) async fn register_for(
        &self,
        client: &Client,
        meter_id: &str,
        owner: &str,
        tariff: &str,
        pubkey: &[u8],
    ) -> (String, MeterState) {
        self.register_kind_for(
            client,
            meter_id,
            owner,
            tariff,
            pubkey,
            MeterKind::Consumption,
        )
        .await
    }

    /// Registers a meter of `kind` (a generation meter has no contracted amount).
    pub(crate) async fn register_kind_for(
        &self,
        client: &Client,
        meter_id: &str,
        owner: &str,
        tariff: &str,
        pubkey: &[u8],
        kind: MeterKind,
    ) -> (String, MeterState) {
        let contracted = match kind {
            MeterKind::Consumption => 5_000,
            MeterKind::Generation => 0,
        };
        let operator = self.operator();
        client
            .execute(
                &operator,
                &self.admin_contract,
                &admin::ExecuteMsg::RegisterMeter(RegisterMeter {
                    meter_id: meter_id.into(),
                    owner: owner.to_string(),
                    retailer: operator.address().to_string(),
                    pubkey: Binary::from(pubkey.to_vec()),
                    tariff_id: tariff.into(),
                    initial_register_wh: INITIAL_REGISTER,
                    contracted_monthly_amount: Uint128::new(contracted),
                    region: None,
                    kind,
                }),
                vec![],
            )
            .await
            .unwrap();
        let info: MeterInfo = client
            .query_smart(
                &self.admin_contract,
                &admin::QueryMsg::Meter {
                    meter_id: meter_id.into(),
                },
            )
            .await
            .unwrap();
        let state = meter_state(client, info.contract.as_str(), meter_id).await;
        (info.contract.to_string(), state)
    }

    pub(crate) fn deployment_file(&self) -> PathBuf {
        let path = self.scratch.join("deployment.json");
        let config = localnet_config();
        // Through JSON, so that contracts the deployment file learns later stay optional here.
        let deployment: Deployment = serde_json::from_value(serde_json::json!({
            "chain_id": config.chain_id,
            "node": config.node,
            "code_ids": self.codes,
            "contracts": {
                "admin": self.admin_contract,
                "tariff": self.tariff_contract,
                "bank": self.bank_contract,
                "token": self.token,
            },
        }))
        .unwrap();
        deployment.save(&path).unwrap();
        path
    }
}

pub(crate) async fn meter_state(client: &Client, contract: &str, meter_id: &str) -> MeterState {
    client
        .query_smart(
            contract,
            &meter::QueryMsg::Meter {
                meter_id: meter_id.into(),
            },
        )
        .await
        .unwrap()
}

/// Every reading the contract holds for a meter, in time order.
pub(crate) async fn chain_readings(
    client: &Client,
    contract: &str,
    meter_id: &str,
) -> Vec<StoredReading> {
    let mut out: Vec<StoredReading> = Vec::new();
    loop {
        let page: ReadingsResponse = client
            .query_smart(
                contract,
                &meter::QueryMsg::Readings {
                    meter_id: meter_id.into(),
                    from: None,
                    to: None,
                    start_after: out.last().map(|r| r.interval_start),
                    limit: Some(100),
                },
            )
            .await
            .unwrap();
        let n = page.readings.len();
        out.extend(page.readings);
        if n < 100 {
            return out;
        }
    }
}

/// A unique name per test run.
pub(crate) fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{:x}",
        mix(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64)
            & 0xff_ffff
    )
}
