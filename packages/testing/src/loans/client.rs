//! The client side of the loan-share flow: sealing a borrower's fields to a key, posting a
//! plan, disclosing to confirmed lenders and reading disclosures, with `ledger-crypto`.

use cosmwasm_std::{Addr, Binary, HexBinary, Uint128};
use cw_multi_test::error::AnyResult;
use ledger_crypto::{
    Context, CryptoError, Opening, open_field_verified, public_key_bytes, reseal_field, seal_field,
};
use ledger_types::loan_share::{
    FieldCiphertext, JoinTerms, PlanInput, RiskSummary, SealedField, SensitiveField,
};

use crate::suite::Suite;

use super::{LoanApplication, PLAN_DAYS};

impl Suite {
    // ---------------------------------------------------------------- the client side

    /// What a contributor's client does with an application: each sensitive field sealed to
    /// the contributor's own key under the plan-field context, with its commitment.
    pub fn seal_fields(&self, contributor: &Addr, app: &LoanApplication) -> Vec<SealedField> {
        let contract = self.loan_contract();
        let public = public_key_bytes(&self.loans.parties.secret(contributor));
        app.sensitive()
            .into_iter()
            .map(|(field, value)| {
                let context = Context::PlanField {
                    contract: contract.as_str(),
                    contributor: contributor.as_str(),
                    asset_id: &app.asset_id,
                    field: field.as_str(),
                };
                let (envelope, commitment) =
                    seal_field(&public, &context, &Opening::new(&value)).expect("seal a field");
                SealedField {
                    field,
                    ciphertext: Binary::from(envelope),
                    commitment: HexBinary::from(commitment.to_vec()),
                }
            })
            .collect()
    }

    /// The standard plan of an application: `offered` of it at 18.00%-20.00%, one token unit
    /// per 10,000 confirmed, at most `max_participants`, open from now for [`PLAN_DAYS`].
    pub fn plan_of(
        &self,
        contributor: &Addr,
        app: &LoanApplication,
        offered: u128,
        max_participants: u32,
    ) -> PlanInput {
        let now = self.now();
        PlanInput {
            asset_id: app.asset_id.clone(),
            loan_type: app.loan_type,
            loan_amount: Uint128::new(app.amount),
            sealed_fields: self.seal_fields(contributor, app),
            risk: RiskSummary {
                score: app.risk_score.clone(),
                loan_limit: Uint128::new(app.loan_limit),
                suggested_share_limit: Uint128::new(app.suggested_share_limit),
            },
            vehicle: app.vehicle.clone(),
            data_links: app.data_links.clone(),
            terms: JoinTerms {
                offered: Uint128::new(offered),
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
                fee_per_10k: 1,
                max_participants,
                start: now,
                end: now + PLAN_DAYS * 86_400,
            },
        }
    }

    /// What a contributor's watcher does: for every confirmation of its plans with fields
    /// still to disclose, open its own copy of each such field and seal it again to the key the
    /// confirmation records, under the disclosure context; one `Disclose` per confirmation.
    /// Returns the confirmations served.
    pub fn disclose_pending(&mut self, contributor: &Addr) -> AnyResult<Vec<u64>> {
        let secret = self.loans.parties.secret(contributor);
        let contract = self.loan_contract();
        let mut served = vec![];
        for confirmation in self.pending_disclosures(contributor) {
            let plan = self.plan(confirmation.plan_id)?.plan;
            let fields = plan
                .sealed_fields
                .iter()
                .filter(|sealed| !confirmation.disclosed.contains(&sealed.field))
                .map(|sealed| {
                    let from = Context::PlanField {
                        contract: contract.as_str(),
                        contributor: contributor.as_str(),
                        asset_id: &plan.asset_id,
                        field: sealed.field.as_str(),
                    };
                    let to = Context::Disclosure {
                        contract: contract.as_str(),
                        plan_id: plan.id,
                        confirmation_id: confirmation.id,
                        participant: confirmation.participant.as_str(),
                        field: sealed.field.as_str(),
                    };
                    let envelope = reseal_field(
                        &secret,
                        sealed.ciphertext.as_slice(),
                        &from,
                        confirmation.participant_key.as_slice(),
                        &to,
                    )
                    .expect("re-seal a field");
                    FieldCiphertext {
                        field: sealed.field,
                        ciphertext: Binary::from(envelope),
                    }
                })
                .collect();
            self.disclose(contributor, confirmation.id, fields)?;
            served.push(confirmation.id);
        }
        Ok(served)
    }

    /// What a participant's client does: decrypts every field disclosed for a confirmation and
    /// checks it against the plan's commitment (a mismatch is an error, never a value).
    pub fn read_disclosures(
        &self,
        participant: &Addr,
        confirmation_id: u64,
    ) -> Vec<(SensitiveField, Result<String, CryptoError>)> {
        let secret = self.loans.parties.secret(participant);
        let contract = self.loan_contract();
        let confirmation = self.confirmation(confirmation_id).expect("confirmation");
        let plan = self.plan(confirmation.plan_id).expect("plan").plan;
        self.confirmation_disclosures(confirmation_id)
            .into_iter()
            .map(|disclosure| {
                let commitment = plan
                    .sealed_fields
                    .iter()
                    .find(|sealed| sealed.field == disclosure.field)
                    .map(|sealed| sealed.commitment.to_vec())
                    .unwrap_or_default();
                let context = Context::Disclosure {
                    contract: contract.as_str(),
                    plan_id: plan.id,
                    confirmation_id,
                    participant: participant.as_str(),
                    field: disclosure.field.as_str(),
                };
                let value = open_field_verified(
                    &secret,
                    disclosure.ciphertext.as_slice(),
                    &context,
                    &commitment,
                )
                .map(|opening| opening.value.clone());
                (disclosure.field, value)
            })
            .collect()
    }
}
