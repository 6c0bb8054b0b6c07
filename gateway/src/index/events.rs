//! A block as the index sees it, and the audit rows it yields: every `wasm` and `wasm-*`
//! event of a successful transaction whose contract belongs to the deployment.

use std::collections::HashMap;

use ledger_client::{Deployment, RegionDeployment};
use serde::{Deserialize, Serialize};

/// One block: its height, time and transactions with their results, in block order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockData {
    /// The block's height.
    pub height: u64,
    /// The block's hash (upper-case hex): tells this chain's block from another's.
    pub hash: String,
    /// The block's time, unix seconds.
    pub time: u64,
    /// Its transactions in block order.
    pub txs: Vec<TxData>,
}

/// One transaction of a block and what executing it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxData {
    /// Upper-case hex SHA-256 of the transaction bytes.
    pub hash: String,
    /// The result code; 0 is success.
    pub code: u32,
    /// Its events in the order the chain emitted them.
    pub events: Vec<EventData>,
}

/// One event of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventData {
    /// The event's type: `message`, `wasm`, `wasm-bill_closed`, ...
    pub kind: String,
    /// Its attributes in order (a key may repeat).
    pub attributes: Vec<Attribute>,
}

/// An event attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attribute {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

impl EventData {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }
}

/// One stored audit event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// The block's height.
    pub height: u64,
    /// The transaction's index in the block.
    pub tx_index: u32,
    /// The event's index among all of the transaction's events.
    pub event_index: u32,
    /// The block's time, unix seconds.
    pub time: u64,
    /// The transaction's hash.
    pub tx_hash: String,
    /// Who signed the message that caused the event, when the chain says.
    pub actor: Option<String>,
    /// The contract that emitted it.
    pub contract: String,
    /// The contract's name in the deployment (`registry`, `bank`, ...).
    pub contract_name: String,
    /// The event's type (`wasm` or `wasm-*`).
    pub kind: String,
    /// Its `action` attribute.
    pub action: Option<String>,
    /// Every attribute, in order.
    pub attributes: Vec<Attribute>,
}

/// The deployment's contracts by address, each with its name, and the code ids whose new
/// instances join them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractNames {
    by_address: HashMap<String, String>,
    by_code: HashMap<u64, String>,
}

impl ContractNames {
    /// The main chain's contracts of `deployment`, and its meter contracts as the index
    /// sees them instantiated (the registry makes one per consumer; the deployment file
    /// does not list them).
    pub fn of(deployment: &Deployment) -> Self {
        let mut names =
            Self::from_pairs(crate::contract_kinds::on_main_chain(&deployment.contracts));
        names
            .by_code
            .insert(deployment.code_ids.meter, METER.to_string());
        names
    }

    /// A regional sub-chain's contracts: its registry, tariff and endpoint, and the meter
    /// contracts its endpoint instantiates for the region's consumers.
    pub fn of_region(region: &RegionDeployment) -> Self {
        Self::from_pairs(crate::contract_kinds::in_region(&region.contracts))
            .with_code(region.code_ids.meter, METER)
    }

    /// Names from `(name, address)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        ContractNames {
            by_address: pairs
                .into_iter()
                .map(|(name, address)| (address.to_string(), name.to_string()))
                .collect(),
            by_code: HashMap::new(),
        }
    }

    /// New instances of `code_id` are called `name`.
    pub fn with_code(mut self, code_id: u64, name: &str) -> Self {
        self.by_code.insert(code_id, name.to_string());
        self
    }

    /// Adds contracts learnt earlier, as `(address, name)`.
    pub fn learn(&mut self, contracts: impl IntoIterator<Item = (String, String)>) {
        self.by_address.extend(contracts);
    }

    /// The name of the contract at `address`, if it is the deployment's.
    pub fn name(&self, address: &str) -> Option<&str> {
        self.by_address.get(address).map(String::as_str)
    }
}

/// The name of every meter contract.
pub const METER: &str = "meter";

/// What a block gives the index: its audit rows, and the contracts it saw instantiated
/// whose code makes them the deployment's, as `(address, name)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockRows {
    /// The audit rows.
    pub rows: Vec<EventRow>,
    /// Contracts learnt.
    pub contracts: Vec<(String, String)>,
}

/// The contract events of a wasm contract carry its address under this key.
const CONTRACT_KEY: &str = "_contract_address";

fn is_contract_event(kind: &str) -> bool {
    kind == "wasm" || kind.starts_with("wasm-")
}

/// The audit rows of `block`: the deployment's contract events of its successful
/// transactions. A failed transaction changed nothing, so it yields nothing. Contracts
/// instantiated from a code of `names` join `names` first, so their own first events count.
pub fn rows_of(block: &BlockData, names: &mut ContractNames) -> BlockRows {
    let mut out = BlockRows::default();
    for (tx_index, tx) in block.txs.iter().enumerate() {
        if tx.code != 0 {
            continue;
        }
        for event in tx.events.iter().filter(|e| e.kind == "instantiate") {
            let code = event.get("code_id").and_then(|c| c.parse::<u64>().ok());
            let name = code.and_then(|c| names.by_code.get(&c)).cloned();
            if let (Some(address), Some(name)) = (event.get(CONTRACT_KEY), name) {
                names.by_address.insert(address.to_string(), name.clone());
                out.contracts.push((address.to_string(), name));
            }
        }
        // The `tx` event's `acc_seq` is `<signer>/<sequence>`: the first signer, for events
        // no message event precedes.
        let tx_signer = tx
            .events
            .iter()
            .filter(|e| e.kind == "tx")
            .find_map(|e| e.get("acc_seq"))
            .and_then(|s| s.rsplit_once('/'))
            .map(|(address, _)| address.to_string());
        // The SDK emits a `message` event with `action` and `sender` (the message's signer)
        // before each message's own events; bank transfers add `message` events with a
        // `sender` but no `action`, which must not count as the signer.
        let mut sender: Option<String> = None;
        for (event_index, event) in tx.events.iter().enumerate() {
            if event.kind == "message" && event.get("action").is_some() {
                sender = event.get("sender").map(str::to_string);
                continue;
            }
            if !is_contract_event(&event.kind) {
                continue;
            }
            let Some(contract) = event.get(CONTRACT_KEY) else {
                continue;
            };
            let Some(name) = names.name(contract) else {
                continue;
            };
            out.rows.push(EventRow {
                height: block.height,
                tx_index: u32::try_from(tx_index).unwrap_or(u32::MAX),
                event_index: u32::try_from(event_index).unwrap_or(u32::MAX),
                time: block.time,
                tx_hash: tx.hash.clone(),
                actor: sender.clone().or_else(|| tx_signer.clone()),
                contract: contract.to_string(),
                contract_name: name.to_string(),
                kind: event.kind.clone(),
                action: event.get("action").map(str::to_string),
                attributes: event.attributes.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn event(kind: &str, attributes: &[(&str, &str)]) -> EventData {
        EventData {
            kind: kind.to_string(),
            attributes: attributes
                .iter()
                .map(|(k, v)| Attribute {
                    key: k.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        }
    }

    pub(crate) const REGISTRY: &str = "wasm1registry";
    pub(crate) const BANK: &str = "wasm1bank";

    pub(crate) fn names() -> ContractNames {
        ContractNames::from_pairs([("registry", REGISTRY), ("bank", BANK)])
    }

    /// A successful transaction of `signer` executing `action` on `contract`, as the SDK
    /// orders its events.
    pub(crate) fn exec_tx(hash: &str, signer: &str, contract: &str, action: &str) -> TxData {
        TxData {
            hash: hash.to_string(),
            code: 0,
            events: vec![
                event("tx", &[("acc_seq", &format!("{signer}/7"))]),
                event(
                    "message",
                    &[
                        ("action", "/cosmwasm.wasm.v1.MsgExecuteContract"),
                        ("sender", signer),
                        ("module", "wasm"),
                    ],
                ),
                event("execute", &[(CONTRACT_KEY, contract)]),
                event("wasm", &[(CONTRACT_KEY, contract), ("action", action)]),
            ],
        }
    }

    #[test]
    fn contract_events_of_the_deployment_become_rows_with_their_signer() {
        let mut tx = exec_tx("AA", "wasm1alice", BANK, "credit_deposit");
        tx.events.push(event(
            "wasm-deposit_credited",
            &[
                (CONTRACT_KEY, BANK),
                ("reference", "r-1"),
                ("reference", "r-2"),
            ],
        ));
        // A bank transfer's message event names the contract as sender: not the signer.
        tx.events
            .push(event("message", &[("sender", "wasm1contractsender")]));
        tx.events.push(event(
            "wasm",
            &[(CONTRACT_KEY, REGISTRY), ("action", "record")],
        ));
        let block = BlockData {
            hash: String::new(),
            height: 9,
            time: 1_700_000_000,
            txs: vec![tx],
        };
        let rows = rows_of(&block, &mut names()).rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].event_index, 3);
        assert_eq!(rows[0].contract_name, "bank");
        assert_eq!(rows[0].action.as_deref(), Some("credit_deposit"));
        assert_eq!(rows[0].actor.as_deref(), Some("wasm1alice"));
        assert_eq!(rows[1].kind, "wasm-deposit_credited");
        assert_eq!(rows[1].action, None);
        assert_eq!(rows[1].attributes.len(), 3, "repeated keys are kept");
        assert_eq!(rows[2].contract_name, "registry");
        assert_eq!(rows[2].actor.as_deref(), Some("wasm1alice"));
        assert!(rows.iter().all(|r| r.tx_hash == "AA" && r.height == 9));
    }

    #[test]
    fn failed_transactions_and_foreign_contracts_yield_nothing() {
        let mut failed = exec_tx("F1", "wasm1alice", BANK, "credit_deposit");
        failed.code = 5;
        let foreign = exec_tx("F2", "wasm1alice", "wasm1elsewhere", "anything");
        let block = BlockData {
            hash: String::new(),
            height: 3,
            time: 1,
            txs: vec![failed, foreign],
        };
        assert_eq!(rows_of(&block, &mut names()), BlockRows::default());
    }

    #[test]
    fn without_a_message_event_the_first_signer_acts() {
        let mut tx = exec_tx("AB", "wasm1bob", REGISTRY, "register");
        tx.events.remove(1);
        let block = BlockData {
            hash: String::new(),
            height: 1,
            time: 1,
            txs: vec![tx],
        };
        let rows = rows_of(&block, &mut names()).rows;
        assert_eq!(rows[0].actor.as_deref(), Some("wasm1bob"));
        assert_eq!(rows[0].tx_index, 0);
    }

    #[test]
    fn meter_contracts_the_registry_instantiates_join_the_names() {
        let mut names = names().with_code(2, METER);
        let mut register = exec_tx("AC", "wasm1admin", REGISTRY, "register_meter");
        // The meter's own events of its instantiation come before the instantiate event
        // in some orders; both count.
        register.events.push(event(
            "wasm",
            &[(CONTRACT_KEY, "wasm1meter7"), ("action", "instantiate")],
        ));
        register.events.push(event(
            "instantiate",
            &[(CONTRACT_KEY, "wasm1meter7"), ("code_id", "2")],
        ));
        register.events.push(event(
            "instantiate",
            &[(CONTRACT_KEY, "wasm1stranger"), ("code_id", "9")],
        ));
        let block = BlockData {
            hash: String::new(),
            height: 4,
            time: 1,
            txs: vec![register],
        };
        let found = rows_of(&block, &mut names);
        assert_eq!(
            found.contracts,
            vec![("wasm1meter7".to_string(), METER.to_string())]
        );
        assert_eq!(found.rows.len(), 2);
        assert_eq!(found.rows[1].contract_name, METER);
        assert_eq!(names.name("wasm1meter7"), Some(METER));
        assert_eq!(names.name("wasm1stranger"), None);
        // A later block's reading of the meter is indexed.
        let reading = BlockData {
            hash: String::new(),
            height: 5,
            time: 2,
            txs: vec![exec_tx("AD", "wasm1alice", "wasm1meter7", "submit_reading")],
        };
        assert_eq!(
            rows_of(&reading, &mut names).rows[0].actor.as_deref(),
            Some("wasm1alice")
        );
    }
}
