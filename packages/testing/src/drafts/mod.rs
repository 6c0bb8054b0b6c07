//! The draft flow in the Suite: the parties, installing the draft contract, one method per
//! action, queries that read every page, and the books' invariants.

mod actions;
mod queries;

use std::hash::{DefaultHasher, Hash, Hasher};

use cosmwasm_std::{Addr, HexBinary, StdResult, Uint128};
use cw_multi_test::{AppResponse, Executor};
use ledger_types::draft::{self, Application, BankRecordInput, DraftTerms, HopPlan, StagePlan};

use crate::suite::Suite;

pub use crate::parties::{APPROVAL_LEVELS, DraftParties};

/// Veto window of the draft contract unless a test asks for another: three days.
pub const DRAFT_VETO_WINDOW: u64 = 3 * 86_400;

/// A 32-byte stand-in for the SHA-256 of a piece of evidence.
pub fn evidence_hash(text: &str) -> HexBinary {
    let mut out = Vec::with_capacity(32);
    for salt in 0u8..4 {
        let mut hasher = DefaultHasher::new();
        (salt, text).hash(&mut hasher);
        out.extend_from_slice(&hasher.finish().to_be_bytes());
    }
    HexBinary::from(out)
}

/// A bank record of a transfer for draft `draft_id`.
pub fn bank_record(
    draft_id: u64,
    serial: &str,
    payer: &Addr,
    payee: &Addr,
    amount: u128,
    time: u64,
) -> BankRecordInput {
    BankRecordInput {
        serial: serial.to_string(),
        draft_id,
        payer: payer.to_string(),
        payee: payee.to_string(),
        amount: Uint128::new(amount),
        time,
    }
}

impl Suite {
    // ---------------------------------------------------------------- set-up

    /// Instantiates the draft contract on the settlement token and gives the parties their
    /// roles (by the registry's administrator).
    pub fn install_drafts(&mut self, veto_window_seconds: u64) {
        let owner = self.addrs.administrator.clone();
        let contract = self
            .app
            .instantiate_contract(
                self.codes.draft,
                owner.clone(),
                &draft::InstantiateMsg {
                    admin_contract: self.admin.to_string(),
                    fund_token: self.token.to_string(),
                    approval_levels: APPROVAL_LEVELS.iter().map(|l| l.to_string()).collect(),
                    veto_window_seconds,
                },
                &[],
                "ledger-draft",
                Some(owner.to_string()),
            )
            .unwrap_or_else(|e| panic!("instantiate draft: {e:?}"));
        self.draft_contract = Some(contract);
        for (address, roles) in self.parties.roles() {
            self.set_draft_roles(&owner, &address, roles)
                .unwrap_or_else(|e| panic!("draft roles of {address}: {e:?}"));
        }
    }

    /// The draft contract (the world must be built with drafts).
    pub fn draft_contract(&self) -> Addr {
        self.draft_contract
            .clone()
            .expect("the suite was built without the draft contract (SuiteBuilder::with_drafts)")
    }

    /// An application by the county office for the implementing unit, one stage per amount,
    /// the budget their sum.
    pub fn application(&self, name: &str, stages: &[u128]) -> Application {
        let now = self.now();
        Application {
            name: name.to_string(),
            project_type: "industry".to_string(),
            department: "county agriculture bureau".to_string(),
            budget: Uint128::new(stages.iter().sum()),
            description: format!("{name}: greenhouses and seedlings for 120 households"),
            implementing_unit: self.parties.unit.to_string(),
            unit_qualifications: "grade B agricultural contractor, licence 52-0001".to_string(),
            start_date: now,
            end_date: now + 365 * 86_400,
            stages: stages
                .iter()
                .enumerate()
                .map(|(i, amount)| StagePlan {
                    amount: Uint128::new(*amount),
                    purpose: format!("stage {}", i + 1),
                })
                .collect(),
        }
    }

    /// The terms of a draft down the standard chain ([`DraftParties::chain`]).
    pub fn standard_terms(&self, project_id: u64, stage: u32, expires_at: u64) -> DraftTerms {
        DraftTerms {
            project_id,
            stage,
            hops: self
                .parties
                .chain()
                .into_iter()
                .map(|(holder, label, release_bps)| HopPlan {
                    holder: holder.to_string(),
                    label: label.to_string(),
                    release_bps,
                })
                .collect(),
            final_recipients: vec![self.parties.unit.to_string()],
            expires_at,
        }
    }

    fn query_draft<T: serde::de::DeserializeOwned>(&self, msg: &draft::QueryMsg) -> StdResult<T> {
        self.query(&self.draft_contract(), msg)
    }
}

/// The value of an attribute of the action's wasm events.
pub fn attribute(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} in {res:?}"))
}
