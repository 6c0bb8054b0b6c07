//! What can go wrong talking to the ledger through the SDK.

use std::path::PathBuf;

use ledger_client::ClientError;

/// A failure of an SDK call.
///
/// A contract's refusal stays a [`ClientError`] inside [`Error::Client`], so its stable code
/// is still at hand ([`Error::contract_code`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The chain, the node or a contract said no (the client library's error, unchanged).
    #[error(transparent)]
    Client(#[from] ClientError),

    /// The deployment file names no such contract: it was written before the contract existed.
    #[error(
        "the deployment file has no {contract} contract: it was written before `ledger deploy` \
         deployed one; deploy again with `ledger deploy --force` (or --deployment <new file>)"
    )]
    NotDeployed {
        /// The contract in words (`draft`, `loan-share`).
        contract: &'static str,
    },

    /// The call needs the deployment file, and the ledger was made without one
    /// ([`crate::Ledger::without_deployment`]).
    #[error("this needs the deployment file (the one `ledger deploy` wrote): pass --deployment")]
    NoDeployment,

    /// A main-chain contract was asked for on a regional sub-chain's ledger
    /// ([`crate::Ledger::in_region`]).
    #[error(
        "this ledger talks to the regional sub-chain {region}, and that contract is on the main \
         chain: use the main chain's ledger"
    )]
    MainChainOnly {
        /// The sub-chain.
        region: String,
    },
    /// A regional call was made on the main chain's ledger.
    #[error(
        "this call is for a regional sub-chain: use `Ledger::in_region` (`--region` on the CLI)"
    )]
    RegionOnly,
    /// The router knows the meter, and its region has not yet created its meter contract.
    #[error(
        "meter {meter_id} is routed to {region}, which has not acknowledged it yet (the relayer \
         carries the registration); try again in a few blocks, or see `ledger region outbox`"
    )]
    MeterPending {
        /// The meter.
        meter_id: String,
        /// Its region.
        region: String,
    },
    /// The meter's region refused to create its meter contract.
    #[error("{region} refused meter {meter_id} ({code}): {message}")]
    MeterRefused {
        /// The meter.
        meter_id: String,
        /// Its region.
        region: String,
        /// The region's stable error code.
        code: String,
        /// The region's message.
        message: String,
    },
    /// Contract artifacts the deployment needs are not in the directory.
    #[error(
        "missing contract artifacts in {}: {}; build them with `make wasm` \
         (./scripts/build-wasm.sh)",
        dir.display(),
        missing.join(", ")
    )]
    MissingArtifacts {
        /// The directory searched.
        dir: PathBuf,
        /// File names not found there, in upload order.
        missing: Vec<String>,
    },

    /// An artifact exists but cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadArtifact {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// A step of a deployment failed; `source` says why.
    #[error("{step} failed")]
    Step {
        /// The step in words (`instantiating the bank contract`).
        step: String,
        /// The failure.
        #[source]
        source: Box<Error>,
    },

    /// Settings refused before anything is sent.
    #[error("{0}")]
    Invalid(String),

    /// A lease's terms cannot be sealed or opened; the code is one of
    /// [`crate::contracts::cloud::terms::codes`].
    #[error(transparent)]
    Terms(ledger_types::error_code::Coded<crate::contracts::cloud::terms::TermsError>),

    /// A park-market call the market would refuse, caught before signing; its code is the
    /// contract's for the same refusal (`park.*`).
    #[error(transparent)]
    Park(ledger_types::error_code::Coded<crate::contracts::park::market::ParkError>),

    /// A green-certificates call the contract would refuse, caught before signing; its code is
    /// the contract's for the same refusal (`park_certificates.*`).
    #[error(transparent)]
    ParkCertificates(
        ledger_types::error_code::Coded<crate::contracts::park::certificates::CertificatesError>,
    ),

    /// A PACT document (or a value given beside it) that does not make a footprint
    /// declaration, caught before signing; its code is one of
    /// [`crate::contracts::park::pact::codes`] (`pact.*`).
    #[error(transparent)]
    Pact(ledger_types::error_code::Coded<crate::contracts::park::pact::PactError>),
    /// A carbon-credits call the contract would refuse, caught before signing; its code is the
    /// contract's for the same refusal (`park_credits.*`, or `common.overflow` for a cost that
    /// does not fit).
    #[error(transparent)]
    ParkCredits(ledger_types::error_code::Coded<crate::contracts::park::credits::CreditsError>),
}

impl Error {
    /// The stable code of the contract refusal behind this error, if a contract refused (see
    /// `ledger_types::error_code`): for [`Error::MeterRefused`], the region endpoint's code;
    /// for [`Error::Terms`], the code of the client's own check of a lease's terms (the same
    /// form, `cloud_terms.*`); for [`Error::Park`], [`Error::ParkCertificates`] and
    /// [`Error::ParkCredits`], the contract's code for the refusal the client caught first, so
    /// that a client decides on every refusal alike; for [`Error::Pact`], the code of the
    /// client's own reading of a PACT document (`pact.*`).
    pub fn contract_code(&self) -> Option<&str> {
        match self {
            Error::Client(e) => e.contract_code(),
            Error::Step { source, .. } => source.contract_code(),
            Error::MeterRefused { code, .. } => Some(code),
            Error::Terms(e) => Some(ledger_types::error_code::HasCode::code(&e.0)),
            Error::Park(e) => Some(ledger_types::error_code::HasCode::code(&e.0)),
            Error::ParkCertificates(e) => Some(ledger_types::error_code::HasCode::code(&e.0)),
            Error::Pact(e) => Some(ledger_types::error_code::HasCode::code(&e.0)),
            Error::ParkCredits(e) => Some(ledger_types::error_code::HasCode::code(&e.0)),
            _ => None,
        }
    }

    /// Marks this error as the failure of `step`.
    pub fn during(self, step: impl Into<String>) -> Error {
        Error::Step {
            step: step.into(),
            source: Box::new(self),
        }
    }
}

/// The result of an SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_s_refusal_of_a_meter_carries_the_region_s_code() {
        let refused = Error::MeterRefused {
            meter_id: "m-1".to_string(),
            region: "region-1".to_string(),
            code: "region_endpoint.tariff_not_in_force".to_string(),
            message: "tariff flat has no version in force".to_string(),
        };
        assert_eq!(
            refused.contract_code(),
            Some("region_endpoint.tariff_not_in_force")
        );
        let text = refused.to_string();
        assert!(
            text.contains("region-1 refused meter m-1 (region_endpoint.tariff_not_in_force)"),
            "{text}"
        );
        let pending = Error::MeterPending {
            meter_id: "m-1".to_string(),
            region: "region-1".to_string(),
        };
        assert_eq!(pending.contract_code(), None);
    }
}
