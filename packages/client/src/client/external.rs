//! Transactions whose key is elsewhere (a participant's browser): the client prepares the
//! body and the auth info for a public key, the key's holder signs the sign document
//! (SIGN_MODE_DIRECT), and the client broadcasts what she signed. The private key never
//! reaches this process.

use cosmrs::Any;
use cosmrs::crypto::PublicKey;
use cosmrs::proto::cosmos::tx::v1beta1::{SignDoc as ProtoSignDoc, TxRaw};
use cosmrs::proto::prost::Message;
use cosmrs::tx::{Body, Fee, SignDoc, SignerInfo};

use super::Client;
use crate::error::ClientError;
use crate::outcome::TxOutcome;

/// A transaction ready to be signed by the holder of `public_key`'s private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsignedTx {
    /// The `TxBody` as it will be signed and broadcast.
    pub body_bytes: Vec<u8>,
    /// The `AuthInfo`: the signer's public key and sequence, the fee and gas limit.
    pub auth_info_bytes: Vec<u8>,
    /// The chain the signature is for.
    pub chain_id: String,
    /// The signer's account number.
    pub account_number: u64,
    /// The signer's sequence the transaction is signed at.
    pub sequence: u64,
    /// The gas limit (the simulated gas × the configured adjustment).
    pub gas_limit: u64,
    /// The fee in the configured denom (empty when the gas price is zero).
    pub fee: Vec<cosmrs::Coin>,
}

impl UnsignedTx {
    /// The bytes to sign: the protobuf `SignDoc` of body, auth info, chain id and account
    /// number. The signature is secp256k1 over their SHA-256.
    pub fn sign_doc_bytes(&self) -> Vec<u8> {
        ProtoSignDoc {
            body_bytes: self.body_bytes.clone(),
            auth_info_bytes: self.auth_info_bytes.clone(),
            chain_id: self.chain_id.clone(),
            account_number: self.account_number,
        }
        .encode_to_vec()
    }
}

/// The secp256k1 public key of 33 compressed bytes.
pub fn secp256k1_public_key(bytes: &[u8]) -> Result<PublicKey, ClientError> {
    if bytes.len() != 33 || !matches!(bytes[0], 0x02 | 0x03) {
        return Err(ClientError::InvalidInput {
            what: "public key".to_string(),
            reason: format!(
                "a compressed secp256k1 key is 33 bytes starting 02 or 03, not {} bytes",
                bytes.len()
            ),
        });
    }
    let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| {
        ClientError::InvalidInput {
            what: "public key".to_string(),
            reason: "not a point of secp256k1".to_string(),
        }
    })?;
    Ok(PublicKey::from(key))
}

impl Client {
    /// `msgs` prepared for the account of `public_key` at its current sequence: simulated
    /// (with an empty signature, which simulation does not check) for the gas limit, with
    /// the fee the configured gas price asks for it.
    ///
    /// A contract's refusal surfaces here already, as [`ClientError::Contract`].
    pub async fn prepare_for(
        &self,
        public_key: PublicKey,
        msgs: &[Any],
        memo: &str,
    ) -> Result<UnsignedTx, ClientError> {
        let address = public_key
            .account_id(&self.config.account_prefix)
            .map_err(|e| ClientError::invalid("public key", e))?;
        let account = self.require_account(address.as_ref()).await?;
        let body = Body::new(msgs.to_vec(), memo, 0u32);
        let signer = SignerInfo::single_direct(Some(public_key), account.sequence);
        let invalid = |e: cosmrs::ErrorReport| ClientError::invalid("transaction", e);

        // As in `simulate_at`: the smallest fee, so that the estimate includes deducting one.
        let probe_fee = Fee {
            amount: if self.config.fee_for_gas(1)? == 0 {
                Vec::new()
            } else {
                vec![crate::msgs::coin(1, &self.config.denom)?]
            },
            gas_limit: 0,
            payer: None,
            granter: None,
        };
        let probe = TxRaw {
            body_bytes: body.clone().into_bytes().map_err(invalid)?,
            auth_info_bytes: signer
                .clone()
                .auth_info(probe_fee)
                .into_bytes()
                .map_err(invalid)?,
            signatures: vec![Vec::new()],
        };
        let gas_used = self.simulate_bytes(probe.encode_to_vec()).await?;
        let gas_limit = self.config.adjusted_gas(gas_used)?;
        let fee = self.fee(gas_limit)?;
        let amount = fee.amount.clone();
        let doc = SignDoc::new(
            &body,
            &signer.auth_info(fee),
            &self.chain_id,
            account.account_number,
        )
        .map_err(invalid)?;
        Ok(UnsignedTx {
            body_bytes: doc.body_bytes,
            auth_info_bytes: doc.auth_info_bytes,
            chain_id: self.chain_id.to_string(),
            account_number: account.account_number,
            sequence: account.sequence,
            gas_limit,
            fee: amount,
        })
    }

    /// Broadcasts a transaction signed elsewhere and waits until it is in a block.
    ///
    /// `signature` is the 64-byte secp256k1 signature (r ‖ s) of the sign document of
    /// `body_bytes` and `auth_info_bytes` ([`UnsignedTx::sign_doc_bytes`]); the chain checks
    /// it, so a wrong one is a classified refusal (`unauthorized`), not a panic here.
    pub async fn broadcast_signed(
        &self,
        body_bytes: Vec<u8>,
        auth_info_bytes: Vec<u8>,
        signature: Vec<u8>,
    ) -> Result<TxOutcome, ClientError> {
        let tx = TxRaw {
            body_bytes,
            auth_info_bytes,
            signatures: vec![signature],
        };
        let hash = self.broadcast_sync_raw(tx.encode_to_vec()).await?;
        tracing::info!(%hash, "broadcast (signed elsewhere)");
        self.wait_for_tx(&hash, self.config.tx_timeout).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_document_is_the_one_cosmrs_signs() {
        use k256::ecdsa::SigningKey;
        let key = cosmrs::crypto::secp256k1::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let public = key.public_key();
        let body = Body::new(Vec::<Any>::new(), "memo", 0u32);
        let auth = SignerInfo::single_direct(Some(public), 3).auth_info(Fee {
            amount: vec![],
            gas_limit: 100_000,
            payer: None,
            granter: None,
        });
        let chain: cosmrs::tendermint::chain::Id = "ledger-1".parse().unwrap();
        let doc = SignDoc::new(&body, &auth, &chain, 11).unwrap();
        let unsigned = UnsignedTx {
            body_bytes: doc.body_bytes.clone(),
            auth_info_bytes: doc.auth_info_bytes.clone(),
            chain_id: "ledger-1".to_string(),
            account_number: 11,
            sequence: 3,
            gas_limit: 100_000,
            fee: vec![],
        };
        assert_eq!(unsigned.sign_doc_bytes(), doc.clone().into_bytes().unwrap());

        // A signature over those bytes is the one cosmrs puts in the transaction.
        let raw = doc.sign(&key).unwrap();
        let signing = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let (signature, _) = signing
            .sign_recoverable(&unsigned.sign_doc_bytes())
            .unwrap();
        let signature = signature.normalize_s().unwrap_or(signature);
        let proto: TxRaw = TxRaw::decode(raw.to_bytes().unwrap().as_slice()).unwrap();
        assert_eq!(proto.signatures, vec![signature.to_bytes().to_vec()]);
    }

    #[test]
    fn public_keys_are_33_bytes_on_the_curve() {
        let key = cosmrs::crypto::secp256k1::SigningKey::from_slice(&[9u8; 32]).unwrap();
        let bytes = key.public_key().to_bytes();
        assert!(secp256k1_public_key(&bytes).is_ok());
        assert!(secp256k1_public_key(&bytes[1..]).is_err());
        let mut compact = bytes.clone();
        compact[0] = 0x05;
        assert!(secp256k1_public_key(&compact).is_err());
        // x = 5 has no point on secp256k1 (5³ + 7 = 132 is not a square mod p).
        let mut off_curve = [0u8; 33];
        off_curve[0] = 0x02;
        off_curve[32] = 5;
        assert!(secp256k1_public_key(&off_curve).is_err());
    }
}
