//! The draft flow in the Suite: the parties, installing the draft contract, one method per
//! action, queries that read every page, and the books' invariants.

mod actions;
mod queries;

use std::hash::{DefaultHasher, Hash, Hasher};

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, HexBinary, StdResult, Uint128};
use cw_multi_test::{AppResponse, Executor};
use ledger_types::draft::{
    self, Application, BankRecordInput, DraftRole, DraftTerms, HopPlan, StagePlan,
};

use crate::suite::Suite;

/// Veto window of the draft contract unless a test asks for another: three days.
pub const DRAFT_VETO_WINDOW: u64 = 3 * 86_400;
/// Approval levels of the draft contract, lowest first.
pub const APPROVAL_LEVELS: [&str; 2] = ["county finance", "provincial office"];

/// The people of the draft flow.
#[derive(Clone, Debug)]
pub struct DraftParties {
    /// Provincial office: issues and cancels drafts.
    pub province: Addr,
    /// County office: applies and gives opinions.
    pub county: Addr,
    /// Approver at level 0.
    pub county_finance: Addr,
    /// Approver at level 1.
    pub provincial_approver: Addr,
    /// Implementing unit; also a holder, the chain's final recipient.
    pub unit: Addr,
    /// Holders along the chain.
    pub finance_department: Addr,
    pub commercial_bank: Addr,
    pub partnership_fund: Addr,
    pub county_fund: Addr,
}

impl DraftParties {
    pub fn new(api: &MockApi) -> Self {
        DraftParties {
            province: api.addr_make("provincial-office"),
            county: api.addr_make("county-office"),
            county_finance: api.addr_make("county-finance"),
            provincial_approver: api.addr_make("provincial-approver"),
            unit: api.addr_make("implementing-unit"),
            finance_department: api.addr_make("finance-department"),
            commercial_bank: api.addr_make("commercial-bank"),
            partnership_fund: api.addr_make("partnership-fund"),
            county_fund: api.addr_make("county-fund"),
        }
    }

    /// Everyone with their draft roles.
    pub fn roles(&self) -> Vec<(Addr, Vec<DraftRole>)> {
        vec![
            (self.province.clone(), vec![DraftRole::Issuer]),
            (self.county.clone(), vec![DraftRole::Applicant]),
            (
                self.county_finance.clone(),
                vec![DraftRole::Approver { level: 0 }],
            ),
            (
                self.provincial_approver.clone(),
                vec![DraftRole::Approver { level: 1 }],
            ),
            (
                self.unit.clone(),
                vec![DraftRole::ImplementingUnit, DraftRole::Holder],
            ),
            (self.finance_department.clone(), vec![DraftRole::Holder]),
            (self.commercial_bank.clone(), vec![DraftRole::Holder]),
            (self.partnership_fund.clone(), vec![DraftRole::Holder]),
            (self.county_fund.clone(), vec![DraftRole::Holder]),
        ]
    }

    /// The chain every standard draft travels after the province: the finance department,
    /// the commercial bank and the partnership fund pass it on; the county fund company keeps
    /// 6% and the implementing unit receives the rest.
    pub fn chain(&self) -> Vec<(Addr, &'static str, u16)> {
        vec![
            (self.finance_department.clone(), "finance department", 0),
            (self.commercial_bank.clone(), "commercial bank", 0),
            (self.partnership_fund.clone(), "partnership fund", 0),
            (self.county_fund.clone(), "county fund company", 600),
            (self.unit.clone(), "implementing unit", 9_400),
        ]
    }
}

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
