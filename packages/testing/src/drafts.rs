//! The draft flow in the Suite: the parties, installing the draft contract, one method per
//! action, queries that read every page, and the books' invariants.

use std::hash::{DefaultHasher, Hash, Hasher};

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, HexBinary, StdResult, Uint128, to_json_binary};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use cw20::Cw20ExecuteMsg;
use ledger_types::draft::{
    self, Application, BankRecord, BankRecordInput, Draft, DraftRole, DraftTerms, Event, HopCheck,
    HopPlan, Project, ProjectStatus, ReceiveMsg, ReconciliationCounts, ReconciliationResponse,
    RolesResponse, StagePlan, TotalsResponse,
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

    // ---------------------------------------------------------------- actions

    pub fn execute_draft(
        &mut self,
        sender: &Addr,
        msg: &draft::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let contract = self.draft_contract();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    pub fn set_draft_roles(
        &mut self,
        sender: &Addr,
        address: &Addr,
        roles: Vec<DraftRole>,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::SetRoles {
                address: address.to_string(),
                roles,
            },
        )
    }

    pub fn apply_project(&mut self, sender: &Addr, app: Application) -> AnyResult<AppResponse> {
        self.execute_draft(sender, &draft::ExecuteMsg::Apply(app))
    }

    /// Applies and returns the new project's id.
    pub fn applied_project(&mut self, sender: &Addr, app: Application) -> AnyResult<u64> {
        let res = self.apply_project(sender, app)?;
        Ok(attribute(&res, "project_id")
            .parse()
            .expect("project id attribute"))
    }

    pub fn approve_stage(
        &mut self,
        sender: &Addr,
        project_id: u64,
        stage: u32,
        comment: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::Approve {
                project_id,
                stage,
                comment: comment.to_string(),
            },
        )
    }

    pub fn reject_stage(
        &mut self,
        sender: &Addr,
        project_id: u64,
        stage: u32,
        comment: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::Reject {
                project_id,
                stage,
                comment: comment.to_string(),
            },
        )
    }

    pub fn veto_stage(
        &mut self,
        sender: &Addr,
        project_id: u64,
        stage: u32,
        comment: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::Veto {
                project_id,
                stage,
                comment: comment.to_string(),
            },
        )
    }

    /// Both levels approve the stage.
    pub fn approve_all_levels(&mut self, project_id: u64, stage: u32) -> AnyResult<()> {
        let (county, province) = (
            self.parties.county_finance.clone(),
            self.parties.provincial_approver.clone(),
        );
        self.approve_stage(&county, project_id, stage, "budget checked")?;
        self.approve_stage(&province, project_id, stage, "fits the provincial plan")?;
        Ok(())
    }

    pub fn apply_next_stage(
        &mut self,
        sender: &Addr,
        project_id: u64,
        note: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::ApplyNextStage {
                project_id,
                note: note.to_string(),
            },
        )
    }

    /// Sends `amount` of the fund token to the draft contract with an `IssueDraft` hook.
    pub fn issue_draft(
        &mut self,
        sender: &Addr,
        amount: u128,
        terms: DraftTerms,
    ) -> AnyResult<AppResponse> {
        self.send_to_draft(sender, amount, &ReceiveMsg::IssueDraft(terms))
    }

    /// Issues and returns the new draft's id.
    pub fn issued_draft(
        &mut self,
        sender: &Addr,
        amount: u128,
        terms: DraftTerms,
    ) -> AnyResult<u64> {
        let res = self.issue_draft(sender, amount, terms)?;
        Ok(attribute(&res, "draft_id")
            .parse()
            .expect("draft id attribute"))
    }

    /// Sends fund tokens to the draft contract with any hook.
    pub fn send_to_draft<T: serde::Serialize>(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &T,
    ) -> AnyResult<AppResponse> {
        let msg = Cw20ExecuteMsg::Send {
            contract: self.draft_contract().to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook)?,
        };
        self.execute_token(sender, &msg)
    }

    pub fn endorse(
        &mut self,
        sender: &Addr,
        draft_id: u64,
        to: &Addr,
        serial: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::Endorse {
                draft_id,
                to: to.to_string(),
                serial: serial.to_string(),
            },
        )
    }

    /// The current holder endorses the draft to the next holder of its plan.
    pub fn endorse_next(&mut self, draft_id: u64, serial: &str) -> AnyResult<AppResponse> {
        let d = self.draft(draft_id).expect("draft");
        let next = d.hops[d.endorsed as usize].to.clone();
        self.endorse(&d.holder, draft_id, &next, serial)
    }

    pub fn post_bank_records(
        &mut self,
        sender: &Addr,
        records: Vec<BankRecordInput>,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(sender, &draft::ExecuteMsg::PostBankRecords { records })
    }

    /// The bank operator posts the record that agrees with hop `hop` of a draft, dated now.
    pub fn post_matching_record(
        &mut self,
        draft_id: u64,
        hop: usize,
        serial: &str,
    ) -> AnyResult<AppResponse> {
        let d = self.draft(draft_id).expect("draft");
        let h = &d.hops[hop];
        let record = bank_record(draft_id, serial, &h.from, &h.to, h.value.u128(), self.now());
        let operator = self.addrs.bank_operator.clone();
        self.post_bank_records(&operator, vec![record])
    }

    pub fn report_progress(
        &mut self,
        sender: &Addr,
        project_id: u64,
        percent: u8,
        text: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::ReportProgress {
                project_id,
                percent,
                text: text.to_string(),
                evidence: evidence_hash(text),
            },
        )
    }

    pub fn add_opinion(
        &mut self,
        sender: &Addr,
        project_id: u64,
        text: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::AddOpinion {
                project_id,
                text: text.to_string(),
            },
        )
    }

    pub fn cancel_draft(
        &mut self,
        sender: &Addr,
        draft_id: u64,
        reason: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_draft(
            sender,
            &draft::ExecuteMsg::Cancel {
                draft_id,
                reason: reason.to_string(),
            },
        )
    }

    pub fn expire_draft(&mut self, sender: &Addr, draft_id: u64) -> AnyResult<AppResponse> {
        self.execute_draft(sender, &draft::ExecuteMsg::Expire { draft_id })
    }

    // ---------------------------------------------------------------- queries

    fn query_draft<T: serde::de::DeserializeOwned>(&self, msg: &draft::QueryMsg) -> StdResult<T> {
        self.query(&self.draft_contract(), msg)
    }

    pub fn draft_config(&self) -> draft::ConfigResponse {
        self.query_draft(&draft::QueryMsg::Config {})
            .expect("draft config")
    }

    pub fn draft_totals(&self) -> TotalsResponse {
        self.query_draft(&draft::QueryMsg::Totals {})
            .expect("draft totals")
    }

    pub fn draft_roles(&self, address: &Addr) -> Vec<DraftRole> {
        let res: RolesResponse = self
            .query_draft(&draft::QueryMsg::Roles {
                address: address.to_string(),
            })
            .expect("draft roles");
        res.roles
    }

    /// Everyone holding draft roles, every page.
    pub fn draft_members(&self) -> Vec<RolesResponse> {
        let mut out: Vec<RolesResponse> = vec![];
        loop {
            let page: draft::MembersResponse = self
                .query_draft(&draft::QueryMsg::Members {
                    start_after: out.last().map(|m| m.address.to_string()),
                    limit: Some(3),
                })
                .expect("draft members");
            if page.members.is_empty() {
                return out;
            }
            out.extend(page.members);
        }
    }

    pub fn project(&self, project_id: u64) -> StdResult<Project> {
        self.query_draft(&draft::QueryMsg::Project { project_id })
    }

    /// Projects (optionally of one status), every page.
    pub fn projects(&self, status: Option<ProjectStatus>) -> Vec<Project> {
        let mut out: Vec<Project> = vec![];
        loop {
            let page: draft::ProjectsResponse = self
                .query_draft(&draft::QueryMsg::Projects {
                    status,
                    start_after: out.last().map(|p| p.id),
                    limit: Some(2),
                })
                .expect("projects");
            if page.projects.is_empty() {
                return out;
            }
            out.extend(page.projects);
        }
    }

    pub fn draft(&self, draft_id: u64) -> StdResult<Draft> {
        self.query_draft(&draft::QueryMsg::Draft { draft_id })
    }

    /// Every draft, every page.
    pub fn drafts(&self) -> Vec<Draft> {
        let mut out: Vec<Draft> = vec![];
        loop {
            let page: draft::DraftsResponse = self
                .query_draft(&draft::QueryMsg::Drafts {
                    start_after: out.last().map(|d| d.id),
                    limit: Some(2),
                })
                .expect("drafts");
            if page.drafts.is_empty() {
                return out;
            }
            out.extend(page.drafts);
        }
    }

    /// Drafts an address holds now, every page.
    pub fn drafts_held_by(&self, holder: &Addr) -> Vec<Draft> {
        let mut out: Vec<Draft> = vec![];
        loop {
            let page: draft::DraftsResponse = self
                .query_draft(&draft::QueryMsg::DraftsByHolder {
                    holder: holder.to_string(),
                    start_after: out.last().map(|d| d.id),
                    limit: Some(2),
                })
                .expect("drafts by holder");
            if page.drafts.is_empty() {
                return out;
            }
            out.extend(page.drafts);
        }
    }

    pub fn reconciliation(&self, draft_id: u64) -> StdResult<ReconciliationResponse> {
        self.query_draft(&draft::QueryMsg::Reconciliation { draft_id })
    }

    /// Drafts with open discrepancies, every page.
    pub fn discrepancies(&self) -> Vec<ReconciliationResponse> {
        let mut out: Vec<ReconciliationResponse> = vec![];
        loop {
            let page: draft::DiscrepanciesResponse = self
                .query_draft(&draft::QueryMsg::Discrepancies {
                    start_after: out.last().map(|d| d.draft_id),
                    limit: Some(2),
                })
                .expect("discrepancies");
            if page.drafts.is_empty() {
                return out;
            }
            out.extend(page.drafts);
        }
    }

    pub fn bank_record(&self, serial: &str) -> StdResult<BankRecord> {
        self.query_draft(&draft::QueryMsg::BankRecord {
            serial: serial.to_string(),
        })
    }

    /// Every bank record, every page.
    pub fn bank_records(&self) -> Vec<BankRecord> {
        self.bank_record_pages(false)
    }

    /// Bank records no endorsement has claimed, every page.
    pub fn unmatched_bank_records(&self) -> Vec<BankRecord> {
        self.bank_record_pages(true)
    }

    fn bank_record_pages(&self, unmatched: bool) -> Vec<BankRecord> {
        let mut out: Vec<BankRecord> = vec![];
        loop {
            let start_after = out.last().map(|r| r.serial.clone());
            let msg = if unmatched {
                draft::QueryMsg::UnmatchedBankRecords {
                    start_after,
                    limit: Some(3),
                }
            } else {
                draft::QueryMsg::BankRecords {
                    start_after,
                    limit: Some(3),
                }
            };
            let page: draft::BankRecordsResponse = self.query_draft(&msg).expect("bank records");
            if page.records.is_empty() {
                return out;
            }
            out.extend(page.records);
        }
    }

    /// A project's whole history, every page.
    pub fn project_history(&self, project_id: u64) -> Vec<Event> {
        let mut out: Vec<Event> = vec![];
        loop {
            let page: draft::HistoryResponse = self
                .query_draft(&draft::QueryMsg::ProjectHistory {
                    project_id,
                    start_after: out.last().map(|e| e.seq),
                    limit: Some(4),
                })
                .expect("project history");
            if page.events.is_empty() {
                return out;
            }
            out.extend(page.events);
        }
    }

    /// A draft's whole history, every page.
    pub fn draft_history(&self, draft_id: u64) -> Vec<Event> {
        let mut out: Vec<Event> = vec![];
        loop {
            let page: draft::HistoryResponse = self
                .query_draft(&draft::QueryMsg::DraftHistory {
                    draft_id,
                    start_after: out.last().and_then(|e| e.draft_seq),
                    limit: Some(4),
                })
                .expect("draft history");
            if page.events.is_empty() {
                return out;
            }
            out.extend(page.events);
        }
    }

    // ---------------------------------------------------------------- assertions

    /// The draft contract's books: for every draft, amount = released + locked + clawed back,
    /// released = the releases of its endorsed hops, its counts agree with its hops' checks,
    /// it is listed among the discrepancies exactly when it has one; the totals are the sums
    /// over the drafts; and the contract holds exactly the tokens still locked.
    pub fn assert_draft_books(&self) {
        let drafts = self.drafts();
        let mut sums = TotalsResponse::default();
        for d in &drafts {
            assert_eq!(
                d.amount,
                d.released + d.locked + d.clawed_back,
                "draft {} does not add up: {d:?}",
                d.id
            );
            let endorsed: Uint128 = d.hops[..d.endorsed as usize]
                .iter()
                .map(|h| h.release)
                .sum();
            assert_eq!(d.released, endorsed, "draft {} released", d.id);
            let mut counts = ReconciliationCounts::default();
            for (i, hop) in d.hops.iter().enumerate() {
                let endorsed = i < d.endorsed as usize;
                match &hop.check {
                    HopCheck::NotEndorsed => assert!(!endorsed, "hop {i} of draft {}", d.id),
                    HopCheck::MissingBankRecord => counts.missing += 1,
                    HopCheck::Reconciled => counts.reconciled += 1,
                    HopCheck::Mismatch { .. } => counts.mismatched += 1,
                }
                assert_eq!(hop.serial.is_some(), endorsed, "hop {i} of draft {}", d.id);
            }
            assert_eq!(counts, d.counts, "counts of draft {}", d.id);
            sums.issued += d.amount;
            sums.locked += d.locked;
            sums.released += d.released;
            sums.clawed_back += d.clawed_back;
        }
        let totals = self.draft_totals();
        assert_eq!(totals.issued, sums.issued, "issued");
        assert_eq!(totals.locked, sums.locked, "locked");
        assert_eq!(totals.released, sums.released, "released");
        assert_eq!(totals.clawed_back, sums.clawed_back, "clawed back");
        assert_eq!(totals.drafts, drafts.len() as u64, "draft count");
        assert_eq!(
            totals.issued,
            totals.locked + totals.released + totals.clawed_back,
            "issued = locked + released + clawed back"
        );
        assert_eq!(
            Uint128::new(self.balance(&self.draft_contract())),
            totals.locked,
            "the contract's token balance differs from what its drafts lock"
        );
        let listed: Vec<u64> = self.discrepancies().iter().map(|d| d.draft_id).collect();
        let open: Vec<u64> = drafts
            .iter()
            .filter(|d| d.counts.missing + d.counts.mismatched > 0)
            .map(|d| d.id)
            .collect();
        assert_eq!(listed, open, "drafts listed with open discrepancies");
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
