//! ADR-036 off-chain signatures: the amino JSON sign document of a `MsgSignData`, and its
//! verification against a secp256k1 key that must derive the signing address.
//!
//! The document is the one Keplr's `signArbitrary` and cosmjs sign: chain id "", account
//! number and sequence 0, no fee, one `sign/MsgSignData` message carrying the signer and the
//! base64 of the data, serialised with sorted keys and no whitespace.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k256::ecdsa::signature::Verifier;
use k256::ecdsa::{Signature, VerifyingKey};
use ledger_client::cosmrs::crypto::PublicKey;
use serde_json::json;

use crate::error::codes;

/// Why a signed sign-in does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Adr036Error {
    /// The public key or signature is not valid base64 of the right shape.
    #[error("{0}")]
    Malformed(String),
    /// The key derives another address.
    #[error("the public key belongs to {derived}, not to {claimed}")]
    AddressMismatch {
        /// The address that signs in.
        claimed: String,
        /// The key's address.
        derived: String,
    },
    /// The signature does not verify.
    #[error("the signature does not verify over the ADR-036 sign document of the challenge")]
    BadSignature,
}

impl Adr036Error {
    /// The stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Adr036Error::Malformed(_) => codes::BAD_REQUEST,
            Adr036Error::AddressMismatch { .. } => codes::ADDRESS_MISMATCH,
            Adr036Error::BadSignature => codes::BAD_SIGNATURE,
        }
    }
}

/// The canonical bytes `signer` signs to prove it holds its key while signing `data`.
pub fn sign_doc(signer: &str, data: &[u8]) -> Vec<u8> {
    // serde_json's map keeps keys sorted, which is amino JSON's canonical order.
    let doc = json!({
        "account_number": "0",
        "chain_id": "",
        "fee": { "amount": [], "gas": "0" },
        "memo": "",
        "msgs": [{
            "type": "sign/MsgSignData",
            "value": { "data": STANDARD.encode(data), "signer": signer },
        }],
        "sequence": "0",
    });
    doc.to_string().into_bytes()
}

/// The bech32 account address (`prefix`) of a compressed secp256k1 public key.
pub fn address_of(pub_key: &VerifyingKey, prefix: &str) -> Result<String, Adr036Error> {
    PublicKey::from(*pub_key)
        .account_id(prefix)
        .map(|id| id.to_string())
        .map_err(|e| Adr036Error::Malformed(format!("no address with prefix '{prefix}': {e}")))
}

/// Checks that `pub_key_b64` (33-byte compressed key) derives `address` under `prefix` and
/// that `signature_b64` (64 bytes r||s, low s) signs the ADR-036 document of `data` by
/// `address`.
pub fn verify(
    address: &str,
    pub_key_b64: &str,
    signature_b64: &str,
    data: &[u8],
    prefix: &str,
) -> Result<(), Adr036Error> {
    let key_bytes = STANDARD
        .decode(pub_key_b64)
        .map_err(|e| Adr036Error::Malformed(format!("pub_key is not base64: {e}")))?;
    if key_bytes.len() != 33 {
        return Err(Adr036Error::Malformed(format!(
            "pub_key must be a 33-byte compressed secp256k1 key, got {} bytes",
            key_bytes.len()
        )));
    }
    let key = VerifyingKey::from_sec1_bytes(&key_bytes)
        .map_err(|_| Adr036Error::Malformed("pub_key is not a secp256k1 point".to_string()))?;
    let derived = address_of(&key, prefix)?;
    if derived != address {
        return Err(Adr036Error::AddressMismatch {
            claimed: address.to_string(),
            derived,
        });
    }
    let sig_bytes = STANDARD
        .decode(signature_b64)
        .map_err(|e| Adr036Error::Malformed(format!("signature is not base64: {e}")))?;
    let signature = Signature::from_slice(&sig_bytes)
        .map_err(|_| Adr036Error::Malformed("signature must be 64 bytes, r then s".to_string()))?;
    // The chain accepts only low-s signatures; so does the gateway, so that a signature has
    // exactly one valid form.
    if signature.normalize_s().is_some() {
        return Err(Adr036Error::BadSignature);
    }
    key.verify(&sign_doc(address, data), &signature)
        .map_err(|_| Adr036Error::BadSignature)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;
    use k256::ecdsa::signature::Signer;

    /// A fixed test key, its base64 public key and its `wasm` address.
    pub(crate) fn test_key(seed: u8) -> (SigningKey, String, String) {
        let key = SigningKey::from_slice(&[seed; 32]).unwrap();
        let public = key.verifying_key();
        let pub_b64 = STANDARD.encode(public.to_encoded_point(true).as_bytes());
        let address = address_of(public, "wasm").unwrap();
        (key, pub_b64, address)
    }

    /// `key`'s base64 signature of the ADR-036 document of `data` by `address`.
    pub(crate) fn sign(key: &SigningKey, address: &str, data: &[u8]) -> String {
        let signature: Signature = key.sign(&sign_doc(address, data));
        STANDARD.encode(signature.to_bytes())
    }

    #[test]
    fn the_sign_doc_is_sorted_compact_amino_json() {
        let doc = String::from_utf8(sign_doc("wasm1xyz", b"hello")).unwrap();
        assert_eq!(
            doc,
            r#"{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"aGVsbG8=","signer":"wasm1xyz"}}],"sequence":"0"}"#
        );
    }

    #[test]
    fn a_real_key_signing_the_real_document_verifies() {
        let (key, pub_b64, address) = test_key(7);
        assert!(address.starts_with("wasm1"));
        let signature = sign(&key, &address, b"challenge text");
        assert_eq!(
            verify(&address, &pub_b64, &signature, b"challenge text", "wasm"),
            Ok(())
        );
    }

    #[test]
    fn keplr_published_vector_verifies() {
        // From a Keplr `verifyADR36Amino` example: the signer signed its own address.
        let address = "cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud";
        let pub_key = "A/MdHVpitzHNSdD1Zw3kY+L5PEIPyd9l6sD5i4aIfXp9";
        let signature = "vb78/y129cOiWyQkeFF8wCKZsOyzjpILnpEVZ72o5YUhEOmQZzVPcbUqWPLR7aZQ20j6vnYhIuCQN0HEG3igFg==";
        assert_eq!(
            verify(address, pub_key, signature, address.as_bytes(), "cosmos"),
            Ok(())
        );
        // The same signature over other data is refused.
        assert_eq!(
            verify(address, pub_key, signature, b"something else", "cosmos"),
            Err(Adr036Error::BadSignature)
        );
    }

    #[test]
    fn a_key_of_another_address_is_refused() {
        let (key, pub_b64, _) = test_key(7);
        let (_, _, other) = test_key(8);
        let signature = sign(&key, &other, b"x");
        let refused = verify(&other, &pub_b64, &signature, b"x", "wasm").unwrap_err();
        assert_eq!(refused.code(), codes::ADDRESS_MISMATCH);
    }

    #[test]
    fn a_tampered_signature_or_document_is_refused() {
        let (key, pub_b64, address) = test_key(7);
        let signature = sign(&key, &address, b"challenge");
        let mut bytes = STANDARD.decode(&signature).unwrap();
        bytes[10] ^= 0x01;
        let tampered = STANDARD.encode(&bytes);
        assert_eq!(
            verify(&address, &pub_b64, &tampered, b"challenge", "wasm"),
            Err(Adr036Error::BadSignature)
        );
        assert_eq!(
            verify(&address, &pub_b64, &signature, b"challengf", "wasm"),
            Err(Adr036Error::BadSignature)
        );
    }

    #[test]
    fn a_high_s_twin_of_a_valid_signature_is_refused() {
        let (key, pub_b64, address) = test_key(7);
        let signature: Signature = key.sign(&sign_doc(&address, b"c"));
        let (r, s) = signature.split_scalars();
        let high = Signature::from_scalars(r, -*s).unwrap();
        let high_b64 = STANDARD.encode(high.to_bytes());
        assert_eq!(
            verify(&address, &pub_b64, &high_b64, b"c", "wasm"),
            Err(Adr036Error::BadSignature)
        );
    }

    /// The vectors the browser's modules are tested against (gateway/web/test).
    const BROWSER_VECTORS: &str = include_str!("../../web/test/vectors.json");

    #[test]
    fn the_browser_vectors_are_what_k256_computes_and_sign_in_accepts() {
        let file: serde_json::Value = serde_json::from_str(BROWSER_VECTORS).unwrap();
        let prefix = file["prefix"].as_str().unwrap();
        let written = file["vectors"].as_array().unwrap();
        assert!(written.len() >= 8, "too few vectors to meet a high s");
        let computed: Vec<serde_json::Value> = written
            .iter()
            .map(|v| {
                let secret = hex::decode(v["private_key_hex"].as_str().unwrap()).unwrap();
                let key = SigningKey::from_slice(&secret).unwrap();
                let public = key.verifying_key();
                let address = address_of(public, prefix).unwrap();
                let message = v["message"].as_str().unwrap();
                let doc = String::from_utf8(sign_doc(&address, message.as_bytes())).unwrap();
                let signature: Signature = key.sign(doc.as_bytes());
                json!({
                    "private_key_hex": v["private_key_hex"],
                    "message": message,
                    "public_key_base64": STANDARD.encode(public.to_encoded_point(true).as_bytes()),
                    "address": address,
                    "sign_doc": doc,
                    "signature_base64": STANDARD.encode(signature.to_bytes()),
                })
            })
            .collect();
        // On a mismatch the message is the file's `vectors` as k256 computes them.
        assert_eq!(
            &computed,
            written,
            "k256 computes these vectors:\n{:#}",
            serde_json::Value::Array(computed.clone())
        );
        for v in written {
            let field = |name: &str| v[name].as_str().unwrap();
            // The signature the browser makes (the node test checks it is this one) signs in.
            assert_eq!(
                verify(
                    field("address"),
                    field("public_key_base64"),
                    field("signature_base64"),
                    field("message").as_bytes(),
                    prefix
                ),
                Ok(())
            );
        }
    }

    #[test]
    fn malformed_keys_and_signatures_are_bad_requests() {
        let (_, pub_b64, address) = test_key(7);
        for (key, sig) in [("%%", "AA=="), ("AAAA", "AA=="), (pub_b64.as_str(), "AAAA")] {
            let refused = verify(&address, key, sig, b"c", "wasm").unwrap_err();
            assert_eq!(refused.code(), codes::BAD_REQUEST, "{key} {sig}");
        }
    }
}
