//! A participant's own transactions, signed in her browser: the gateway prepares what she
//! asked for (the message, her sequence, simulated gas and the fee), the page checks the
//! message and signs, and the gateway broadcasts what she signed. Her key never reaches
//! the gateway.
//!
//! The gateway only relays transactions of the signed-in participant's own account that
//! call the ledger's contracts ([`check_own`]), so it is no open relay for anyone's
//! transactions.

use cosmwasm_std::Uint128;
use ledger_client::cosmrs::proto::cosmos::crypto::secp256k1::PubKey;
use ledger_client::cosmrs::proto::cosmos::tx::v1beta1::{AuthInfo, TxBody};
use ledger_client::cosmrs::proto::cosmwasm::wasm::v1::MsgExecuteContract;
use ledger_client::cosmrs::proto::prost::Message;
use ledger_client::cosmrs::{AccountId, Any};
use ledger_client::{UnsignedTx, msgs, secp256k1_public_key};
use ledger_sdk::Ledger;
use ledger_sdk::contracts::bank::ReceiveMsg;
use ledger_sdk::contracts::token::cw20_send_call;

use crate::chain::ChainFuture;
use crate::signer::{Acted, acted};

/// What a participant asks to sign in her browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnAction {
    /// Send `amount` of her settlement tokens to the bank's prepaid balance.
    Prepay {
        /// Minor units.
        amount: Uint128,
    },
    /// Escrow `amount` of her settlement tokens for a payout in fiat to `payout_account`.
    RequestRedemption {
        /// Minor units.
        amount: Uint128,
        /// Where the fiat goes.
        payout_account: String,
    },
}

impl OwnAction {
    /// The action's name in the logs.
    pub fn name(&self) -> &'static str {
        match self {
            OwnAction::Prepay { .. } => "prepay",
            OwnAction::RequestRedemption { .. } => "request_redemption",
        }
    }
}

/// Prepares and relays participants' own transactions.
pub trait OwnTransactions: Send + Sync + 'static {
    /// `action` as a transaction of the account of `public_key` (33 compressed bytes),
    /// ready for its holder to sign.
    fn prepare(&self, public_key: Vec<u8>, action: OwnAction) -> ChainFuture<'_, UnsignedTx>;
    /// The contracts a relayed transaction may call (the settlement token's `Send` carries
    /// every own action).
    fn contracts(&self) -> Vec<String>;
    /// Broadcasts a signed transaction that passed [`check_own`] and waits until it is in a
    /// block.
    fn submit(&self, signed: SignedTx) -> ChainFuture<'_, Acted>;
}

/// A transaction signed in the browser, as the page sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedTx {
    /// The body the gateway prepared.
    pub body_bytes: Vec<u8>,
    /// The auth info the gateway prepared.
    pub auth_info_bytes: Vec<u8>,
    /// 64 bytes, r ‖ s, over the SHA-256 of the sign document.
    pub signature: Vec<u8>,
}

/// The type URL of the one message kind relayed.
const EXECUTE_CONTRACT: &str = "/cosmwasm.wasm.v1.MsgExecuteContract";
const SECP256K1_KEY: &str = "/cosmos.crypto.secp256k1.PubKey";

/// Why a transaction is not `address`'s own call of the ledger's `contracts`, or `Ok`.
///
/// Its body must hold exactly one `MsgExecuteContract` from `address` to one of `contracts`,
/// with no native funds and no extension options, and its one signer must be `address`'s
/// secp256k1 key.
pub fn check_own(
    signed: &SignedTx,
    address: &str,
    prefix: &str,
    contracts: &[&str],
) -> Result<(), String> {
    let body = TxBody::decode(signed.body_bytes.as_slice())
        .map_err(|e| format!("the body is not a transaction body: {e}"))?;
    if !body.extension_options.is_empty() || !body.non_critical_extension_options.is_empty() {
        return Err("the body carries extension options".to_string());
    }
    let [message] = body.messages.as_slice() else {
        return Err(format!(
            "the body must hold exactly one message, not {}",
            body.messages.len()
        ));
    };
    if message.type_url != EXECUTE_CONTRACT {
        return Err(format!(
            "only contract calls are relayed, not {}",
            message.type_url
        ));
    }
    let call = MsgExecuteContract::decode(message.value.as_slice())
        .map_err(|e| format!("the message is not a contract call: {e}"))?;
    if call.sender != address {
        return Err(format!(
            "the message is sent by {}, not by the signed-in {address}",
            call.sender
        ));
    }
    if !contracts.contains(&call.contract.as_str()) {
        return Err(format!(
            "{} is not one of the ledger's contracts",
            call.contract
        ));
    }
    if !call.funds.is_empty() {
        return Err("the call sends native funds".to_string());
    }

    let auth = AuthInfo::decode(signed.auth_info_bytes.as_slice())
        .map_err(|e| format!("the auth info does not decode: {e}"))?;
    let [signer] = auth.signer_infos.as_slice() else {
        return Err(format!(
            "the transaction must have exactly one signer, not {}",
            auth.signer_infos.len()
        ));
    };
    let key = signer
        .public_key
        .as_ref()
        .filter(|k| k.type_url == SECP256K1_KEY)
        .ok_or("the signer's key is not a secp256k1 key")?;
    let key = PubKey::decode(key.value.as_slice())
        .map_err(|e| format!("the signer's key does not decode: {e}"))?;
    let key = secp256k1_public_key(&key.key).map_err(|e| e.to_string())?;
    let signer_address = key.account_id(prefix).map_err(|e| e.to_string())?;
    if signer_address.as_ref() != address {
        return Err(format!(
            "the transaction is signed by {signer_address}, not by the signed-in {address}"
        ));
    }
    if signed.signature.len() != 64 {
        return Err(format!(
            "a signature is 64 bytes (r ‖ s), not {}",
            signed.signature.len()
        ));
    }
    Ok(())
}

/// `action` as its one message: `sender`'s `Send` of the settlement `token` to the `bank`
/// with the bank's hook.
pub fn own_message(
    sender: &AccountId,
    token: &str,
    bank: &str,
    action: OwnAction,
) -> ledger_sdk::Result<Any> {
    let (amount, hook) = match action {
        OwnAction::Prepay { amount } => (amount, ReceiveMsg::Prepay {}),
        OwnAction::RequestRedemption {
            amount,
            payout_account,
        } => (amount, ReceiveMsg::RequestRedemption { payout_account }),
    };
    let call = cw20_send_call(token, bank, amount, &hook)?;
    Ok(msgs::execute_raw(
        sender,
        &call.contract,
        call.msg,
        call.funds,
    )?)
}

/// Participants' own transactions through the SDK.
#[derive(Clone, Debug)]
pub struct SdkOwnTransactions {
    ledger: Ledger,
}

impl SdkOwnTransactions {
    /// Prepares and relays on `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkOwnTransactions { ledger }
    }

    async fn prepare(
        &self,
        public_key: Vec<u8>,
        action: OwnAction,
    ) -> ledger_sdk::Result<UnsignedTx> {
        let client = &self.ledger.client;
        let key = secp256k1_public_key(&public_key)?;
        let sender = key
            .account_id(&client.config().account_prefix)
            .map_err(|e| ledger_sdk::Error::Invalid(format!("public key: {e}")))?;
        let contracts = self.ledger.contracts()?;
        let msg = own_message(&sender, &contracts.token, &contracts.bank, action)?;
        Ok(client.prepare_for(key, &[msg], "").await?)
    }

    async fn submit(&self, signed: SignedTx) -> ledger_sdk::Result<Acted> {
        let contracts = self.ledger.contracts()?;
        let outcome = self
            .ledger
            .client
            .broadcast_signed(signed.body_bytes, signed.auth_info_bytes, signed.signature)
            .await?;
        Ok(acted(&outcome, &contracts.bank))
    }
}

impl OwnTransactions for SdkOwnTransactions {
    fn prepare(&self, public_key: Vec<u8>, action: OwnAction) -> ChainFuture<'_, UnsignedTx> {
        Box::pin(self.prepare(public_key, action))
    }

    fn contracts(&self) -> Vec<String> {
        self.ledger
            .contracts()
            .map(|c| vec![c.token.clone()])
            .unwrap_or_default()
    }

    fn submit(&self, signed: SignedTx) -> ChainFuture<'_, Acted> {
        Box::pin(self.submit(signed))
    }
}

#[cfg(test)]
mod tests {
    use ledger_client::cosmrs::tx::{Body, Fee, SignerInfo};

    use super::*;

    const PREFIX: &str = "wasm";
    /// The settlement token of the test deployment (a contract's 32-byte address).
    fn token() -> String {
        ledger_client::cosmrs::AccountId::new("wasm", &[5u8; 32])
            .unwrap()
            .to_string()
    }

    fn key(seed: u8) -> (ledger_client::cosmrs::crypto::PublicKey, String) {
        let key =
            ledger_client::cosmrs::crypto::secp256k1::SigningKey::from_slice(&[seed; 32]).unwrap();
        let public = key.public_key();
        let address = public.account_id(PREFIX).unwrap().to_string();
        (public, address)
    }

    fn call(sender: &str, contract: &str, funds: u128) -> Any {
        let funds = if funds == 0 {
            vec![]
        } else {
            vec![msgs::coin(funds, "stake").unwrap()]
        };
        msgs::execute_raw(
            &msgs::account_id(sender).unwrap(),
            contract,
            br#"{"send":{}}"#.to_vec(),
            funds,
        )
        .unwrap()
    }

    fn signed(messages: Vec<Any>, signers: &[u8]) -> SignedTx {
        let infos: Vec<SignerInfo> = signers
            .iter()
            .map(|s| SignerInfo::single_direct(Some(key(*s).0), 0))
            .collect();
        let auth = ledger_client::cosmrs::tx::AuthInfo {
            signer_infos: infos,
            fee: Fee::from_amount_and_gas(msgs::coin(1, "stake").unwrap(), 100_000u64),
        };
        SignedTx {
            body_bytes: Body::new(messages, "", 0u32).into_bytes().unwrap(),
            auth_info_bytes: auth.into_bytes().unwrap(),
            signature: vec![1; 64],
        }
    }

    #[test]
    fn her_own_call_of_the_token_is_relayed() {
        let (_, alice) = key(1);
        let tx = signed(vec![call(&alice, &token(), 0)], &[1]);
        assert_eq!(check_own(&tx, &alice, PREFIX, &[token().as_str()]), Ok(()));
    }

    #[test]
    fn anything_else_is_refused_with_the_reason() {
        let (_, alice) = key(1);
        let (_, bob) = key(2);
        let cases = [
            (signed(vec![], &[1]), "exactly one message, not 0"),
            (
                signed(
                    vec![call(&alice, &token(), 0), call(&alice, &token(), 0)],
                    &[1],
                ),
                "exactly one message, not 2",
            ),
            (signed(vec![call(&bob, &token(), 0)], &[1]), "sent by"),
            (
                signed(vec![call(&alice, &bob, 0)], &[1]),
                "not one of the ledger's contracts",
            ),
            (
                signed(vec![call(&alice, &token(), 5)], &[1]),
                "native funds",
            ),
            (signed(vec![call(&alice, &token(), 0)], &[2]), "signed by"),
            (
                signed(vec![call(&alice, &token(), 0)], &[1, 2]),
                "exactly one signer",
            ),
            (
                signed(
                    vec![
                        msgs::bank_send(&msgs::account_id(&alice).unwrap(), &bob, 5, "stake")
                            .unwrap(),
                    ],
                    &[1],
                ),
                "only contract calls",
            ),
        ];
        for (tx, expected) in cases {
            let reason = check_own(&tx, &alice, PREFIX, &[token().as_str()]).unwrap_err();
            assert!(reason.contains(expected), "{reason} (expected {expected})");
        }
        let mut short = signed(vec![call(&alice, &token(), 0)], &[1]);
        short.signature.pop();
        assert!(
            check_own(&short, &alice, PREFIX, &[token().as_str()])
                .unwrap_err()
                .contains("64 bytes")
        );
        let garbage = SignedTx {
            body_bytes: vec![0xff; 5],
            ..signed(vec![call(&alice, &token(), 0)], &[1])
        };
        assert!(
            check_own(&garbage, &alice, PREFIX, &[token().as_str()])
                .unwrap_err()
                .contains("not a transaction body")
        );
    }

    /// The vectors the page's transaction module is tested against (gateway/web/test).
    const BROWSER_VECTORS: &str = include_str!("../web/test/tx-vectors.json");

    #[test]
    fn the_browser_vectors_are_what_the_gateway_prepares_and_k256_signs() {
        use k256::ecdsa::SigningKey;
        use k256::ecdsa::signature::Signer as _;
        use serde_json::{Value, json};
        let b64 = |bytes: &[u8]| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        let file: Value = serde_json::from_str(BROWSER_VECTORS).unwrap();
        let mut computed = Vec::new();
        for v in file["vectors"].as_array().unwrap() {
            let secret = hex::decode(v["private_key_hex"].as_str().unwrap()).unwrap();
            let key = SigningKey::from_slice(&secret).unwrap();
            let public = ledger_client::cosmrs::crypto::PublicKey::from(key.verifying_key());
            let sender = public.account_id(PREFIX).unwrap();
            let action: OwnAction = match &v["action"] {
                a if a.get("prepay").is_some() => OwnAction::Prepay {
                    amount: a["prepay"]["amount"].as_str().unwrap().parse().unwrap(),
                },
                a => OwnAction::RequestRedemption {
                    amount: a["request_redemption"]["amount"]
                        .as_str()
                        .unwrap()
                        .parse()
                        .unwrap(),
                    payout_account: a["request_redemption"]["payout_account"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                },
            };
            let token = v["token"].as_str().unwrap();
            let bank = v["bank"].as_str().unwrap();
            let msg = own_message(&sender, token, bank, action).unwrap();
            let fee = Fee::from_amount_and_gas(
                msgs::coin(v["fee_amount"].as_str().unwrap().parse().unwrap(), "stake").unwrap(),
                v["gas_limit"].as_u64().unwrap(),
            );
            let auth = SignerInfo::single_direct(Some(public), v["sequence"].as_u64().unwrap())
                .auth_info(fee);
            let unsigned = UnsignedTx {
                body_bytes: Body::new(vec![msg], "", 0u32).into_bytes().unwrap(),
                auth_info_bytes: auth.into_bytes().unwrap(),
                chain_id: v["chain_id"].as_str().unwrap().to_string(),
                account_number: v["account_number"].as_u64().unwrap(),
                sequence: v["sequence"].as_u64().unwrap(),
                gas_limit: v["gas_limit"].as_u64().unwrap(),
                fee: vec![],
            };
            let doc = unsigned.sign_doc_bytes();
            // k256 signs the SHA-256 and normalises s, as cosmrs and the chain do.
            let signature: k256::ecdsa::Signature = key.sign(&doc);
            let signed = SignedTx {
                body_bytes: unsigned.body_bytes.clone(),
                auth_info_bytes: unsigned.auth_info_bytes.clone(),
                signature: signature.to_bytes().to_vec(),
            };
            // What the page signs is a transaction the gateway relays.
            assert_eq!(
                check_own(&signed, sender.as_ref(), PREFIX, &[token]),
                Ok(())
            );
            let mut written = v.clone();
            let outputs = json!({
                "address": sender.to_string(),
                "body_bytes": b64(&unsigned.body_bytes),
                "auth_info_bytes": b64(&unsigned.auth_info_bytes),
                "sign_doc": b64(&doc),
                "signature": b64(&signed.signature),
            });
            for (k, value) in outputs.as_object().unwrap() {
                written[k] = value.clone();
            }
            computed.push(written);
        }
        // On a mismatch the message is the file's `vectors` as the gateway computes them.
        assert_eq!(
            file["vectors"],
            Value::Array(computed.clone()),
            "the gateway computes these vectors:\n{:#}",
            Value::Array(computed)
        );
    }
}
