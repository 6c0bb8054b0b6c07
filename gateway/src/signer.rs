//! The gateway's signer: its organisation's key from the ledger's encrypted key store,
//! unlocked at start, and the actions it signs through the SDK, one at a time.
//!
//! The actions sit behind [`LedgerActions`] (the SDK in production, [`SdkActions`]; a
//! recorder in the handler tests), as typed [`Action`] values, so that a test sees exactly
//! what would have been signed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{Context, bail};
use cosmwasm_std::Uint128;
use ledger_client::{KeyStore, Signer, TxOutcome};
use ledger_sdk::{Ledger, Sender};
use ledger_types::admin::{MeterStatus, ParticipantStatus, RegisterMeter, Role};
use ledger_types::park::Requirements;
use ledger_types::tariff::TariffComponents;

use crate::chain::ChainFuture;

/// The environment variable holding the signer key's passphrase (never a flag: flags show in
/// the process list).
pub const PASSPHRASE_ENV: &str = "LEDGER_GATEWAY_PASSPHRASE";

/// An action the gateway signs, with the arguments the SDK call takes.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Bank operator: mint `amount` for `recipient` against the deposit `reference`.
    Deposit {
        /// The deposit's reference.
        reference: String,
        /// Who receives the tokens.
        recipient: String,
        /// Minor units.
        amount: Uint128,
        /// Into the recipient's prepaid balance.
        prepay: bool,
    },
    /// Pay due instalments from prepaid balances, at most `limit`.
    Settle {
        /// Most instalments per step.
        limit: Option<u32>,
    },
    /// Bank operator: pay `amount` of a meter's open instalments from its owner's prepaid
    /// balance.
    MakePayment {
        /// The meter.
        meter_id: String,
        /// Minor units.
        amount: Uint128,
    },
    /// Bank operator: mark a redemption request paid out (burning its escrowed tokens).
    Redeem {
        /// The request.
        request_id: u64,
        /// The bank transfer that paid it out.
        payout_reference: String,
    },
    /// Blacklister or administrator: blacklist `address`.
    Blacklist {
        /// The participant.
        address: String,
        /// Why.
        reason: String,
    },
    /// Blacklister or administrator: lift the blacklisting of `address`.
    Unblacklist {
        /// The participant.
        address: String,
    },
    /// Administrator: register a participant with its roles.
    RegisterParticipant {
        /// Its address.
        address: String,
        /// Its name.
        name: String,
        /// Its roles.
        roles: Vec<Role>,
    },
    /// Administrator: replace a participant's roles.
    SetRoles {
        /// The participant.
        address: String,
        /// All its roles from now on.
        roles: Vec<Role>,
    },
    /// Administrator: suspend or reactivate a participant.
    SetParticipantStatus {
        /// The participant.
        address: String,
        /// Its new status.
        status: ParticipantStatus,
    },
    /// Administrator: register a meter with its owner, retailer, public key and tariff.
    RegisterMeter(Box<RegisterMeter>),
    /// Administrator: suspend, reactivate or retire a meter.
    SetMeterStatus {
        /// The meter.
        meter_id: String,
        /// Its new status.
        status: MeterStatus,
    },
    /// Guardian or administrator: pause a contract (`reason` given); administrator: resume
    /// it (`reason` absent).
    SetPaused {
        /// The contract's address.
        contract: String,
        /// Why it is paused; `None` resumes it.
        reason: Option<String>,
    },
    /// A retailer or the administrator: define a tariff with its first version.
    CreateTariff {
        /// The new tariff's id.
        tariff_id: String,
        /// Its name.
        name: String,
        /// Minutes east of UTC in which its hours, weekdays and months are read.
        utc_offset_minutes: i32,
        /// The first version's parts.
        components: Box<TariffComponents>,
        /// When the first version applies, unix seconds.
        effective_from: u64,
    },
    /// The tariff's owner or the administrator: add a version taking effect later.
    AddTariffVersion {
        /// The tariff.
        tariff_id: String,
        /// The version's parts.
        components: Box<TariffComponents>,
        /// When it applies, unix seconds: after the latest version's start, not in the past.
        effective_from: u64,
    },
    /// A cloud user of the organisation: request a host of `provider`'s instance type for
    /// `holding_seconds`, escrowing `escrow` of the settlement token.
    RequestInstance {
        /// The providing organisation.
        provider: String,
        /// An instance type of its price list in force.
        instance_type: String,
        /// How long the host is held.
        holding_seconds: u64,
        /// Minor units sent into the lease's escrow.
        escrow: Uint128,
    },
    /// The provider's administrator: accept a requested lease.
    AcceptLease {
        /// The lease.
        lease_id: u64,
    },
    /// The provider's administrator: reject a requested lease; its escrow goes back.
    RejectLease {
        /// The lease.
        lease_id: u64,
        /// Why, kept with the lease.
        reason: String,
    },
    /// Either side of a lease: release a running lease (billed at once) or withdraw a request.
    ReleaseLease {
        /// The lease.
        lease_id: u64,
    },
    /// A generation meter's owner: offer energy in an open slot of the park's market.
    PostOffer {
        /// The slot's number in the market's schedule; its gate must still be open.
        slot: u64,
        /// The generation meter.
        meter_id: String,
        /// Wh offered.
        energy_wh: u64,
        /// The least accepted, minor units per kWh.
        min_price: u64,
    },
    /// A participant: bid for energy in an open slot, escrowing its maximum cost.
    PostBid {
        /// The slot's number in the market's schedule; its gate must still be open.
        slot: u64,
        /// Wh wanted.
        energy_wh: u64,
        /// The most paid, minor units per kWh.
        max_price: u64,
        /// Which energy only.
        requirements: Requirements,
    },
    /// An order's owner: withdraw it while its slot's gate is open.
    CancelOrder {
        /// The order.
        order_id: u64,
    },
}

impl Action {
    /// The action's name in the logs (the contract message's).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Deposit { .. } => "deposit",
            Action::Settle { .. } => "settle",
            Action::MakePayment { .. } => "make_payment",
            Action::Redeem { .. } => "redeem",
            Action::Blacklist { .. } => "blacklist",
            Action::Unblacklist { .. } => "unblacklist",
            Action::RegisterParticipant { .. } => "register_participant",
            Action::SetRoles { .. } => "set_roles",
            Action::SetParticipantStatus { .. } => "set_participant_status",
            Action::RegisterMeter(_) => "register_meter",
            Action::SetMeterStatus { .. } => "set_meter_status",
            Action::SetPaused {
                reason: Some(_), ..
            } => "pause",
            Action::SetPaused { reason: None, .. } => "unpause",
            Action::CreateTariff { .. } => "create_tariff",
            Action::AddTariffVersion { .. } => "add_version",
            Action::RequestInstance { .. } => "request_lease",
            Action::AcceptLease { .. } => "accept_lease",
            Action::RejectLease { .. } => "reject_lease",
            Action::ReleaseLease { .. } => "release_lease",
            Action::PostOffer { .. } => "post_offer",
            Action::PostBid { .. } => "post_bid",
            Action::CancelOrder { .. } => "cancel_order",
        }
    }
}

/// A signed action, included in a block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Acted {
    /// The transaction's hash.
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The attributes of the acted-on contract's own `wasm` event (ids, counts, amounts).
    pub attributes: BTreeMap<String, String>,
}

impl Acted {
    /// The attribute `key` of the contract's event.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }
}

/// Signs and broadcasts the gateway's actions with its one key.
pub trait LedgerActions: Send + Sync + 'static {
    /// The signer's account address.
    fn address(&self) -> &str;
    /// Signs `action`, broadcasts it and waits until it is in a block.
    fn perform(&self, action: Action) -> ChainFuture<'_, Acted>;
}

/// The actions through the SDK, signed by one key.
pub struct SdkActions {
    ledger: Ledger,
    address: String,
    /// Held across sign-and-broadcast, so that two requests never sign with the same
    /// account sequence.
    sender: tokio::sync::Mutex<Sender>,
}

impl SdkActions {
    /// Actions on `ledger` signed by `signer`, paying the client's gas price for simulated
    /// gas.
    pub fn new(ledger: Ledger, signer: Signer) -> Self {
        let sender = Sender::new(ledger.client.clone(), signer);
        SdkActions {
            address: sender.address(),
            ledger,
            sender: tokio::sync::Mutex::new(sender),
        }
    }

    async fn sign(&self, action: Action) -> ledger_sdk::Result<Acted> {
        let sender = self.sender.lock().await;
        let ledger = &self.ledger;
        let (contract, outcome) = match action {
            Action::Deposit {
                reference,
                recipient,
                amount,
                prepay,
            } => (
                ledger.bank_contract()?,
                ledger
                    .deposit(&sender, reference, recipient, amount, prepay)
                    .await?,
            ),
            Action::Settle { limit } => (
                ledger.bank_contract()?,
                ledger.settle(&sender, limit).await?,
            ),
            Action::MakePayment { meter_id, amount } => (
                ledger.bank_contract()?,
                ledger.make_payment(&sender, meter_id, amount).await?,
            ),
            Action::Redeem {
                request_id,
                payout_reference,
            } => (
                ledger.bank_contract()?,
                ledger.redeem(&sender, request_id, payout_reference).await?,
            ),
            Action::Blacklist { address, reason } => (
                ledger.registry_contract()?,
                ledger.blacklist(&sender, address, reason).await?,
            ),
            Action::Unblacklist { address } => (
                ledger.registry_contract()?,
                ledger.unblacklist(&sender, address).await?,
            ),
            Action::RegisterParticipant {
                address,
                name,
                roles,
            } => (
                ledger.registry_contract()?,
                ledger
                    .register_participant(&sender, address, name, roles)
                    .await?,
            ),
            Action::SetRoles { address, roles } => (
                ledger.registry_contract()?,
                ledger.set_roles(&sender, address, roles).await?,
            ),
            Action::SetParticipantStatus { address, status } => (
                ledger.registry_contract()?,
                ledger
                    .set_participant_status(&sender, address, status)
                    .await?,
            ),
            Action::RegisterMeter(meter) => (
                ledger.registry_contract()?,
                ledger.register_meter(&sender, *meter).await?,
            ),
            Action::SetMeterStatus { meter_id, status } => (
                ledger.registry_contract()?,
                ledger.set_meter_status(&sender, meter_id, status).await?,
            ),
            Action::SetPaused { contract, reason } => {
                let outcome = ledger.set_paused(&sender, &contract, reason).await?;
                return Ok(acted(&outcome, &contract));
            }
            Action::CreateTariff {
                tariff_id,
                name,
                utc_offset_minutes,
                components,
                effective_from,
            } => (
                ledger.tariff_contract()?,
                ledger
                    .create_tariff(
                        &sender,
                        tariff_id,
                        name,
                        utc_offset_minutes,
                        *components,
                        effective_from,
                    )
                    .await?,
            ),
            Action::AddTariffVersion {
                tariff_id,
                components,
                effective_from,
            } => (
                ledger.tariff_contract()?,
                ledger
                    .add_tariff_version(&sender, tariff_id, *components, effective_from)
                    .await?,
            ),
            Action::RequestInstance {
                provider,
                instance_type,
                holding_seconds,
                escrow,
            } => (
                ledger.cloud_contract()?,
                ledger
                    .cloud_request_instance(
                        &sender,
                        &provider,
                        &instance_type,
                        holding_seconds,
                        None,
                        escrow,
                    )
                    .await?,
            ),
            Action::AcceptLease { lease_id } => (
                ledger.cloud_contract()?,
                ledger.cloud_accept_lease(&sender, lease_id).await?,
            ),
            Action::RejectLease { lease_id, reason } => (
                ledger.cloud_contract()?,
                ledger
                    .cloud_reject_lease(&sender, lease_id, &reason)
                    .await?,
            ),
            Action::ReleaseLease { lease_id } => (
                ledger.cloud_contract()?,
                ledger.cloud_release_lease(&sender, lease_id).await?,
            ),
            Action::PostOffer {
                slot,
                meter_id,
                energy_wh,
                min_price,
            } => (
                ledger.park_contract()?,
                ledger
                    .park_post_offer(&sender, slot, &meter_id, energy_wh, min_price)
                    .await?,
            ),
            Action::PostBid {
                slot,
                energy_wh,
                max_price,
                requirements,
            } => (
                ledger.park_contract()?,
                ledger
                    .park_post_bid(&sender, slot, energy_wh, max_price, requirements)
                    .await?,
            ),
            Action::CancelOrder { order_id } => (
                ledger.park_contract()?,
                ledger.park_cancel_order(&sender, order_id).await?,
            ),
        };
        Ok(acted(&outcome, contract))
    }
}

/// The outcome with the attributes of `contract`'s own event: a deposit's mint also emits
/// the token contract's `wasm` event, with keys of the same names.
pub(crate) fn acted(outcome: &TxOutcome, contract: &str) -> Acted {
    let attributes = outcome
        .events_of("wasm")
        .find(|e| e.attribute("_contract_address") == Some(contract))
        .map(|e| {
            e.attributes
                .iter()
                .map(|a| (a.key.clone(), a.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    Acted {
        tx_hash: outcome.hash.clone(),
        height: outcome.height,
        attributes,
    }
}

impl LedgerActions for SdkActions {
    fn address(&self) -> &str {
        &self.address
    }

    fn perform(&self, action: Action) -> ChainFuture<'_, Acted> {
        Box::pin(self.sign(action))
    }
}

/// Who the gateway signs for: its signer, if any, and the addresses allowed to act through
/// it.
#[derive(Clone, Default)]
pub struct Actions {
    /// The signer; `None`: the gateway is read-only.
    pub signer: Option<Arc<dyn LedgerActions>>,
    /// The organisation's members who may have the gateway sign (the signer's own address
    /// always may).
    pub operators: BTreeSet<String>,
}

impl Actions {
    /// A gateway that signs nothing.
    pub fn read_only() -> Self {
        Actions::default()
    }

    /// A gateway signing with `signer` for `operators`.
    pub fn signing(signer: Arc<dyn LedgerActions>, operators: &[String]) -> Self {
        Actions {
            signer: Some(signer),
            operators: operators.iter().cloned().collect(),
        }
    }

    /// The signer's address, `None` when read-only.
    pub fn signer_address(&self) -> Option<String> {
        self.signer.as_ref().map(|s| s.address().to_string())
    }

    /// True when `address` belongs to this gateway's organisation.
    pub fn is_operator(&self, address: &str) -> bool {
        self.operators.contains(address)
            || self.signer.as_ref().is_some_and(|s| s.address() == address)
    }
}

/// Decrypts the key `name` of `store` with `passphrase` (the value of [`PASSPHRASE_ENV`]),
/// failing with a message naming the key and the variable.
pub fn unlock(store: &KeyStore, name: &str, passphrase: Option<&str>) -> anyhow::Result<Signer> {
    let Some(passphrase) = passphrase.filter(|p| !p.is_empty()) else {
        bail!(
            "the signer key '{name}' needs its passphrase: set {PASSPHRASE_ENV} (or start without \
             --signer for a read-only gateway)"
        );
    };
    store.load(name, passphrase).with_context(|| {
        format!(
            "unlocking the signer key '{name}' of {}",
            store.dir().display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_client::KdfParams;

    fn store_with(name: &str, passphrase: &str) -> (tempfile::TempDir, KeyStore, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path(), "wasm").with_kdf(KdfParams::insecure_for_tests());
        let info = store.generate(name, passphrase).unwrap();
        (dir, store, info.address)
    }

    #[test]
    fn the_right_passphrase_unlocks_the_key() {
        let (_dir, store, address) = store_with("bank", "correct horse");
        let signer = unlock(&store, "bank", Some("correct horse")).unwrap();
        assert_eq!(signer.address().to_string(), address);
    }

    #[test]
    fn a_wrong_passphrase_is_an_error_naming_the_key() {
        let (_dir, store, _) = store_with("bank", "correct horse");
        let error = unlock(&store, "bank", Some("battery staple")).unwrap_err();
        let text = format!("{error:#}");
        assert!(text.contains("'bank'"), "{text}");
        assert!(text.contains("wrong passphrase"), "{text}");
        assert!(!text.contains("battery staple"), "{text}");
    }

    #[test]
    fn a_missing_key_or_passphrase_is_an_error_naming_the_key() {
        let (_dir, store, _) = store_with("bank", "correct horse");
        let text = format!("{:#}", unlock(&store, "retail", Some("x")).unwrap_err());
        assert!(text.contains("no key named 'retail'"), "{text}");
        for missing in [None, Some("")] {
            let text = format!("{:#}", unlock(&store, "bank", missing).unwrap_err());
            assert!(text.contains("'bank'"), "{text}");
            assert!(text.contains(PASSPHRASE_ENV), "{text}");
        }
    }

    #[test]
    fn only_the_attributes_of_the_acted_on_contract_are_kept() {
        use ledger_client::{Attribute, Event};
        let event = |contract: &str, amount: &str| Event {
            kind: "wasm".to_string(),
            attributes: vec![
                Attribute {
                    key: "_contract_address".to_string(),
                    value: contract.to_string(),
                },
                Attribute {
                    key: "amount".to_string(),
                    value: amount.to_string(),
                },
            ],
        };
        let outcome = TxOutcome {
            hash: "AB12".to_string(),
            height: 7,
            gas_wanted: 1,
            gas_used: 1,
            events: vec![event("wasm1token", "1"), event("wasm1bank", "500")],
            msg_responses: vec![],
        };
        let acted = acted(&outcome, "wasm1bank");
        assert_eq!(acted.tx_hash, "AB12");
        assert_eq!(acted.height, 7);
        assert_eq!(acted.attribute("amount"), Some("500"));
    }
}
