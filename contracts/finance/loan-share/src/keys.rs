//! Lenders' encryption keys: compressed secp256k1 public keys (33 bytes).
//!
//! A key that is not a point on the curve would make every disclosure to it impossible, so it
//! is refused at registration. The chain offers no point decoding to contracts, but its
//! `secp256k1_verify` decodes the public key before anything else: with a well-formed dummy
//! signature it answers `Ok(_)` (true or false, whatever) for a curve point and an error for
//! anything else. Only that distinction is used; no signature is being checked.

use cosmwasm_std::{Addr, Api, HexBinary, Storage};
use ledger_types::loan_share::{KeyInfo, PUBLIC_KEY_LEN};

use crate::ContractError;
use crate::ContractResult;
use crate::state::KEYS;

/// A well-formed compact signature (r = 1, s = 1), used only to make the chain decode a key.
const PROBE_SIGNATURE: [u8; 64] = {
    let mut sig = [0u8; 64];
    sig[31] = 1;
    sig[63] = 1;
    sig
};
const PROBE_HASH: [u8; 32] = [0u8; 32];

/// Refuses anything but a compressed secp256k1 point.
pub fn validate_public_key(api: &dyn Api, key: &HexBinary) -> ContractResult<()> {
    if key.len() != PUBLIC_KEY_LEN {
        return Err(ContractError::PublicKeyLength { len: key.len() });
    }
    let prefix = key.as_slice()[0];
    if prefix != 0x02 && prefix != 0x03 {
        return Err(ContractError::PublicKeyNotCompressed { prefix });
    }
    api.secp256k1_verify(&PROBE_HASH, &PROBE_SIGNATURE, key.as_slice())
        .map(|_| ())
        .map_err(|_| ContractError::PublicKeyNotOnCurve {})
}

/// The registered key of `address`; refused when it has none.
pub fn registered_key(storage: &dyn Storage, address: &Addr) -> ContractResult<KeyInfo> {
    KEYS.may_load(storage, address)?
        .ok_or_else(|| ContractError::NoKeyRegistered {
            address: address.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    /// The compressed public key of the secret key 1 (the generator point).
    const GENERATOR: &str = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    #[test]
    fn only_compressed_curve_points_are_accepted() {
        let api = MockApi::default();
        let good = HexBinary::from_hex(GENERATOR).unwrap();
        assert_eq!(validate_public_key(&api, &good), Ok(()));

        // x = 1 is on the curve (1 + 7 = 8 is a square modulo p) ...
        let mut x_one = [0u8; 33];
        x_one[0] = 0x03;
        x_one[32] = 1;
        assert_eq!(validate_public_key(&api, &HexBinary::from(x_one)), Ok(()));
        // ... x = 5 is not (132 is not).
        let mut x_five = [0u8; 33];
        x_five[0] = 0x02;
        x_five[32] = 5;
        assert_eq!(
            validate_public_key(&api, &HexBinary::from(x_five)),
            Err(ContractError::PublicKeyNotOnCurve {})
        );

        assert_eq!(
            validate_public_key(&api, &HexBinary::from(&good.as_slice()[..32])),
            Err(ContractError::PublicKeyLength { len: 32 })
        );
        let mut uncompressed_prefix = good.to_vec();
        uncompressed_prefix[0] = 0x04;
        assert_eq!(
            validate_public_key(&api, &HexBinary::from(uncompressed_prefix)),
            Err(ContractError::PublicKeyNotCompressed { prefix: 0x04 })
        );
        assert_eq!(
            validate_public_key(&api, &HexBinary::from(vec![0u8; 65])),
            Err(ContractError::PublicKeyLength { len: 65 })
        );
    }
}
