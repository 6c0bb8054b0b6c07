//! The park's hourly green certificates (`ledger_types::park::certificates` for the rules):
//! the market issues them to buyers on settlement; here are the calls of everyone else. A
//! generator's owner certifies its unsold output of an hour, an owner transfers or claims a
//! certificate, and anyone reads an owner's certificates, a certificate's history, what a
//! (meter, hour) has certified, and verifies any number of ids (sent in batches of
//! [`MAX_VERIFY_IDS`], the most one query answers).
//!
//! Pausing the contract is the pause every contract shares ([`crate::contracts::emergency`],
//! with [`Ledger::park_certificates_contract`]'s address).
//!
//! ```no_run
//! use ledger_sdk::paging::ALL;
//! # async fn run(ledger: ledger_sdk::Ledger, buyer: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
//! let mine = ledger.park_certificates_of(&buyer.address(), ALL).await?;
//! let ids: Vec<u64> = mine.items.iter().map(|c| c.id).collect();
//! for answer in ledger.park_verify(&ids).await? {
//!     println!("{}: {:?}", answer.id, answer.verdict);
//! }
//! # Ok(()) }
//! ```

use ledger_client::TxOutcome;
use ledger_types::error_code::{Coded, HasCode};
pub use ledger_types::park::certificates::*;
use ledger_types::park::codes::certificates as codes;

use crate::error::{Error, Result};
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// A certificates call the contract would refuse, caught before anything is signed; its code
/// is the contract's for the same refusal (`park_certificates.*`), so a client decides on both
/// alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificatesError {
    /// An hour that does not start on a multiple of 3600 s.
    #[error(
        "{hour_start} is not the start of a clock hour: give the hour's start (a multiple of \
         3600, e.g. {})",
        hour_of(*hour_start)
    )]
    InvalidHour {
        /// The time given.
        hour_start: u64,
    },
    /// A claim's beneficiary or purpose empty or too long.
    #[error("a claim's {field} must be 1 to {max} bytes long; it is {len}: give a shorter one")]
    InvalidClaimText {
        /// `beneficiary` or `purpose`.
        field: &'static str,
        /// Its length, bytes.
        len: usize,
        /// The most the contract keeps.
        max: usize,
    },
    /// A claim's consumption period that does not end after it starts.
    #[error(
        "a claim's consumption period must end after it starts; {from} to {to} was given: \
         give --period-to after --period-from"
    )]
    InvalidPeriod {
        /// Start, unix seconds.
        from: u64,
        /// End, unix seconds.
        to: u64,
    },
}

impl HasCode for CertificatesError {
    fn code(&self) -> &'static str {
        match self {
            CertificatesError::InvalidHour { .. } => codes::INVALID_HOUR,
            CertificatesError::InvalidClaimText { .. } => codes::INVALID_CLAIM_TEXT,
            CertificatesError::InvalidPeriod { .. } => codes::INVALID_PERIOD,
        }
    }
}

impl From<CertificatesError> for Error {
    fn from(e: CertificatesError) -> Self {
        Error::ParkCertificates(Coded(e))
    }
}

/// Checks an hour's start as the contract will.
pub fn check_hour(hour_start: u64) -> Result<(), CertificatesError> {
    if hour_start % HOUR_SECONDS != 0 {
        return Err(CertificatesError::InvalidHour { hour_start });
    }
    Ok(())
}

/// Checks a claim's texts and period as the contract will.
pub fn check_claim(
    beneficiary: &str,
    purpose: &str,
    period_from: u64,
    period_to: u64,
) -> Result<(), CertificatesError> {
    for (field, text, max) in [
        ("beneficiary", beneficiary, MAX_BENEFICIARY_LEN),
        ("purpose", purpose, MAX_PURPOSE_LEN),
    ] {
        if text.is_empty() || text.len() > max {
            return Err(CertificatesError::InvalidClaimText {
                field,
                len: text.len(),
                max,
            });
        }
    }
    if period_to <= period_from {
        return Err(CertificatesError::InvalidPeriod {
            from: period_from,
            to: period_to,
        });
    }
    Ok(())
}

/// The event every issued certificate has, as the chain names a contract's custom event.
pub const ISSUED_EVENT: &str = "wasm-certificate_issued";

/// The id of the (first) certificate a transaction issued, from its `certificate_issued`
/// event.
pub fn certificate_id_of(outcome: &TxOutcome) -> Option<u64> {
    outcome
        .attribute(ISSUED_EVENT, "id")
        .and_then(|v| v.parse().ok())
}

/// Asks `ask` for the verdicts of `ids` in batches of at most [`MAX_VERIFY_IDS`] (the most
/// one `Verify` answers), and returns them in the order of `ids`.
pub async fn verify_in_batches<F, Fut>(ids: &[u64], mut ask: F) -> Result<Vec<Verification>>
where
    F: FnMut(Vec<u64>) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<Verification>>>,
{
    let mut results = Vec::with_capacity(ids.len());
    for batch in ids.chunks(MAX_VERIFY_IDS) {
        let answers = ask(batch.to_vec()).await?;
        if answers.len() != batch.len() {
            return Err(Error::Invalid(format!(
                "the certificates contract answered {} of {} ids; is the deployment's \
                 contract this SDK's?",
                answers.len(),
                batch.len()
            )));
        }
        results.extend(answers);
    }
    Ok(results)
}

/// How many of each verdict `results` hold: valid, claimed, expired, unknown.
pub fn verdict_counts(results: &[Verification]) -> VerdictCounts {
    let mut counts = VerdictCounts::default();
    for r in results {
        match r.verdict {
            Verdict::Valid { .. } => counts.valid += 1,
            Verdict::Claimed { .. } => counts.claimed += 1,
            Verdict::Expired { .. } => counts.expired += 1,
            Verdict::Unknown => counts.unknown += 1,
        }
    }
    counts
}

/// A count per verdict of a verification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerdictCounts {
    /// Active and unexpired.
    pub valid: usize,
    /// Retired for a beneficiary.
    pub claimed: usize,
    /// Past their expiry, unclaimed.
    pub expired: usize,
    /// No such certificate.
    pub unknown: usize,
}

impl Ledger {
    /// The certificates contract's address, or [`crate::Error::NotDeployed`].
    pub fn park_certificates_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.park_certificates, "park-certificates")
    }

    /// A query of the certificates contract.
    pub async fn park_certificates_query<T: serde::de::DeserializeOwned>(
        &self,
        msg: &QueryMsg,
    ) -> Result<T> {
        self.query(self.park_certificates_contract()?, msg).await
    }

    /// Executes `msg` on the certificates contract.
    pub async fn park_certificates_execute(
        &self,
        sender: &Sender,
        msg: &ExecuteMsg,
    ) -> Result<TxOutcome> {
        self.exec(sender, self.park_certificates_contract()?, msg)
            .await
    }

    /// The registry, market, validity and direct-issuance delay the contract was set up with.
    pub async fn park_certificates_config(&self) -> Result<ConfigResponse> {
        self.park_certificates_query(&QueryMsg::Config {}).await
    }

    /// One certificate (`park_certificates.unknown_certificate` if there is none).
    pub async fn park_certificate(&self, id: u64) -> Result<Certificate> {
        self.park_certificates_query(&QueryMsg::Certificate { id })
            .await
    }

    /// `owner`'s certificates (active, claimed and expired) by id, every page up to `cap`.
    pub async fn park_certificates_of(
        &self,
        owner: &str,
        cap: usize,
    ) -> Result<Paged<Certificate>> {
        self.list(
            self.park_certificates_contract()?,
            cap,
            |start_after, limit| QueryMsg::Certificates {
                owner: owner.to_string(),
                start_after,
                limit,
            },
            |r: CertificatesResponse| r.certificates,
            |c| c.id,
        )
        .await
    }

    /// A certificate's issuance, transfers and claim, oldest first, every page up to `cap`.
    pub async fn park_certificate_history(
        &self,
        id: u64,
        cap: usize,
    ) -> Result<Paged<HistoryEvent>> {
        self.list(
            self.park_certificates_contract()?,
            cap,
            |start_after, limit| QueryMsg::History {
                id,
                start_after,
                limit,
            },
            |r: HistoryResponse| r.events,
            |e| e.seq,
        )
        .await
    }

    /// What meter `meter_id` has certified in the hour starting at `hour_start`.
    pub async fn park_meter_hour(
        &self,
        meter_id: &str,
        hour_start: u64,
    ) -> Result<MeterHourResponse> {
        check_hour(hour_start)?;
        self.park_certificates_query(&QueryMsg::MeterHour {
            meter_id: meter_id.to_string(),
            hour_start,
        })
        .await
    }

    /// What each of `ids` is worth now, in the order given: valid, claimed, expired or
    /// unknown. Any number of ids: they are asked in batches of [`MAX_VERIFY_IDS`].
    pub async fn park_verify(&self, ids: &[u64]) -> Result<Vec<Verification>> {
        verify_in_batches(ids, async |ids| {
            let answer: VerifyResponse = self
                .park_certificates_query(&QueryMsg::Verify { ids })
                .await?;
            Ok(answer.results)
        })
        .await
    }

    /// The generation meter's owner, once the hour has ended and the direct-issuance delay
    /// passed: certifies what `meter_id` signed for in the hour starting at `hour_start` that
    /// nothing certified yet. The id is in the outcome ([`certificate_id_of`]).
    pub async fn park_issue_unsold(
        &self,
        sender: &Sender,
        meter_id: &str,
        hour_start: u64,
    ) -> Result<TxOutcome> {
        check_hour(hour_start)?;
        let msg = ExecuteMsg::IssueUnsold {
            meter_id: meter_id.to_string(),
            hour_start,
        };
        self.park_certificates_execute(sender, &msg).await
    }

    /// The owner: hands active, unexpired certificate `id` to `recipient`, a participant in
    /// good standing.
    pub async fn park_transfer_certificate(
        &self,
        sender: &Sender,
        id: u64,
        recipient: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Transfer {
            id,
            recipient: recipient.to_string(),
        };
        self.park_certificates_execute(sender, &msg).await
    }

    /// The owner: retires active, unexpired certificate `id` for `beneficiary`'s consumption
    /// in `[period_from, period_to)`, for `purpose`; nothing moves it after that.
    pub async fn park_claim_certificate(
        &self,
        sender: &Sender,
        id: u64,
        beneficiary: &str,
        purpose: &str,
        period_from: u64,
        period_to: u64,
    ) -> Result<TxOutcome> {
        check_claim(beneficiary, purpose, period_from, period_to)?;
        let msg = ExecuteMsg::Claim {
            id,
            beneficiary: beneficiary.to_string(),
            purpose: purpose.to_string(),
            period_from,
            period_to,
        };
        self.park_certificates_execute(sender, &msg).await
    }

    /// The registry's administrator, once: has the market's settlements issue certificates in
    /// the contract at `address` (instantiated with this market as its market).
    pub async fn park_set_certificates(&self, sender: &Sender, address: &str) -> Result<TxOutcome> {
        let msg = super::ExecuteMsg::SetCertificates {
            address: address.to_string(),
        };
        self.park_execute(sender, &msg).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(e: CertificatesError) -> String {
        Error::from(e).contract_code().unwrap().to_string()
    }

    #[test]
    fn calls_the_contract_would_refuse_carry_its_codes() {
        assert!(check_hour(7_200).is_ok());
        let hour = check_hour(7_260).unwrap_err();
        assert_eq!(code(hour.clone()), codes::INVALID_HOUR);
        assert!(Error::from(hour).to_string().contains("e.g. 7200"));

        assert!(check_claim("Factory", "scope 2", 0, 3_600).is_ok());
        let empty = check_claim("", "scope 2", 0, 3_600).unwrap_err();
        assert_eq!(
            empty,
            CertificatesError::InvalidClaimText {
                field: "beneficiary",
                len: 0,
                max: MAX_BENEFICIARY_LEN
            }
        );
        assert_eq!(code(empty), codes::INVALID_CLAIM_TEXT);
        let long = "p".repeat(MAX_PURPOSE_LEN + 1);
        assert!(matches!(
            check_claim("Factory", &long, 0, 1),
            Err(CertificatesError::InvalidClaimText {
                field: "purpose",
                ..
            })
        ));
        let backwards = check_claim("Factory", "scope 2", 3_600, 3_600).unwrap_err();
        assert_eq!(code(backwards.clone()), codes::INVALID_PERIOD);
        let text = Error::from(backwards).to_string();
        assert!(
            text.contains("[ledger:park_certificates.invalid_period]"),
            "{text}"
        );
    }

    #[test]
    fn any_number_of_ids_is_verified_in_batches_the_contract_takes() {
        let ids: Vec<u64> = (1..=250).collect();
        let mut batches = Vec::new();
        let results = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(verify_in_batches(&ids, |batch: Vec<u64>| {
                batches.push(batch.len());
                let answers = batch
                    .iter()
                    .map(|&id| Verification {
                        id,
                        verdict: Verdict::Unknown,
                    })
                    .collect();
                async move { Ok(answers) }
            }))
            .unwrap();
        assert_eq!(batches, [100, 100, 50]);
        assert_eq!(results.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
        // A contract answering for fewer ids than asked is not taken at its word.
        let short = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(verify_in_batches(&[1, 2], |_| async { Ok(Vec::new()) }));
        assert!(short.unwrap_err().to_string().contains("answered 0 of 2"));
    }

    #[test]
    fn verdicts_are_counted_per_answer() {
        let v = |id, verdict| Verification { id, verdict };
        let results = [
            v(
                1,
                Verdict::Valid {
                    owner: "wasm1a".into(),
                    expires_at: 9,
                },
            ),
            v(2, Verdict::Unknown),
            v(
                3,
                Verdict::Claimed {
                    claimed_by: "wasm1a".into(),
                    beneficiary: "Factory".into(),
                    purpose: "scope 2".into(),
                },
            ),
            v(4, Verdict::Unknown),
            v(
                5,
                Verdict::Expired {
                    owner: "wasm1b".into(),
                },
            ),
        ];
        assert_eq!(
            verdict_counts(&results),
            VerdictCounts {
                valid: 1,
                claimed: 1,
                expired: 1,
                unknown: 2
            }
        );
    }
}
