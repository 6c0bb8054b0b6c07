//! Where a ciphertext belongs, encoded as the envelope's associated data.

/// First bytes of every context's encoding.
pub const AAD_DOMAIN: &[u8] = b"ledger-crypto/aad/v1";

/// The place a sensitive field's ciphertext belongs to. Its [`Context::aad`] is what
/// [`crate::encrypt_to`] binds, so a ciphertext decrypts only in the place it was made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context<'a> {
    /// The contributor's own copy of a field in a plan (made before the chain numbers the
    /// plan; the contract keeps (contributor, asset id) unique).
    PlanField {
        /// The loan-share contract's address.
        contract: &'a str,
        contributor: &'a str,
        asset_id: &'a str,
        field: &'a str,
    },
    /// A field disclosed to a participant after a confirmation.
    Disclosure {
        contract: &'a str,
        plan_id: u64,
        confirmation_id: u64,
        participant: &'a str,
        field: &'a str,
    },
    /// A cloud lease's private terms, sealed to both organisations of the lease. Bound to the
    /// contract and the lease, so that terms sealed for one lease do not open as another's.
    LeaseTerms {
        /// The cloud-federation contract's address.
        contract: &'a str,
        lease_id: u64,
    },
}

/// The field name a lease's terms are committed under ([`Context::field`] of
/// [`Context::LeaseTerms`]).
pub const LEASE_TERMS_FIELD: &str = "lease_terms";

impl Context<'_> {
    /// The field's name.
    pub fn field(&self) -> &str {
        match self {
            Context::PlanField { field, .. } | Context::Disclosure { field, .. } => field,
            Context::LeaseTerms { .. } => LEASE_TERMS_FIELD,
        }
    }

    /// The associated data: [`AAD_DOMAIN`], a tag byte (1 plan field, 2 disclosure, 3 lease
    /// terms), then each
    /// part in order, strings prefixed with their length (4 bytes big-endian) and ids as 8
    /// bytes big-endian, so that no two contexts encode alike.
    pub fn aad(&self) -> Vec<u8> {
        let mut out = AAD_DOMAIN.to_vec();
        match self {
            Context::PlanField {
                contract,
                contributor,
                asset_id,
                field,
            } => {
                out.push(1);
                for part in [contract, contributor, asset_id, field] {
                    push_str(&mut out, part);
                }
            }
            Context::Disclosure {
                contract,
                plan_id,
                confirmation_id,
                participant,
                field,
            } => {
                out.push(2);
                push_str(&mut out, contract);
                out.extend_from_slice(&plan_id.to_be_bytes());
                out.extend_from_slice(&confirmation_id.to_be_bytes());
                push_str(&mut out, participant);
                push_str(&mut out, field);
            }
            Context::LeaseTerms { contract, lease_id } => {
                out.push(3);
                push_str(&mut out, contract);
                out.extend_from_slice(&lease_id.to_be_bytes());
            }
        }
        out
    }
}

/// Appends `s` with its length as 4 bytes big-endian (strings here are far below 4 GiB).
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_field<'a>(asset_id: &'a str, field: &'a str) -> Context<'a> {
        Context::PlanField {
            contract: "wasm1contract",
            contributor: "wasm1lender",
            asset_id,
            field,
        }
    }

    #[test]
    fn contexts_encode_apart() {
        assert_ne!(
            plan_field("A-1", "phone").aad(),
            plan_field("A-1", "id_number").aad()
        );
        assert_ne!(
            plan_field("A-1", "phone").aad(),
            plan_field("A-2", "phone").aad()
        );
        // Lengths keep the boundaries: ("A-1p", "hone") is not ("A-1", "phone").
        assert_ne!(
            plan_field("A-1p", "hone").aad(),
            plan_field("A-1", "phone").aad()
        );
        let disclosure = |plan_id, confirmation_id| Context::Disclosure {
            contract: "wasm1contract",
            plan_id,
            confirmation_id,
            participant: "wasm1bank",
            field: "phone",
        };
        assert_ne!(disclosure(1, 2).aad(), disclosure(2, 1).aad());
        assert_ne!(disclosure(1, 2).aad(), disclosure(1, 3).aad());
        assert_eq!(disclosure(1, 2).field(), "phone");
        let aad = plan_field("A-1", "phone").aad();
        assert!(aad.starts_with(AAD_DOMAIN));
        assert_eq!(aad[AAD_DOMAIN.len()], 1);
        assert_eq!(disclosure(1, 2).aad()[AAD_DOMAIN.len()], 2);
    }

    #[test]
    fn lease_terms_have_their_own_tag_and_bind_contract_and_lease() {
        let terms = |contract, lease_id| Context::LeaseTerms { contract, lease_id };
        let aad = terms("wasm1cloud", 7).aad();
        assert!(aad.starts_with(AAD_DOMAIN));
        assert_eq!(aad[AAD_DOMAIN.len()], 3);
        // Domain, tag, the contract with its length, the lease id as 8 bytes.
        let mut want = AAD_DOMAIN.to_vec();
        want.push(3);
        want.extend_from_slice(&10u32.to_be_bytes());
        want.extend_from_slice(b"wasm1cloud");
        want.extend_from_slice(&7u64.to_be_bytes());
        assert_eq!(aad, want);
        assert_ne!(aad, terms("wasm1cloud", 8).aad());
        assert_ne!(aad, terms("wasm1other", 7).aad());
        assert_eq!(terms("wasm1cloud", 7).field(), LEASE_TERMS_FIELD);
        // No other context encodes like a lease's terms, even over the same contract.
        let others = [
            plan_field("A-1", "phone").aad(),
            Context::Disclosure {
                contract: "wasm1cloud",
                plan_id: 7,
                confirmation_id: 7,
                participant: "",
                field: "",
            }
            .aad(),
            Context::PlanField {
                contract: "wasm1cloud",
                contributor: "",
                asset_id: "",
                field: "",
            }
            .aad(),
        ];
        for other in others {
            assert_ne!(aad, other);
            assert_ne!(aad[AAD_DOMAIN.len()], other[AAD_DOMAIN.len()]);
        }
    }
}
