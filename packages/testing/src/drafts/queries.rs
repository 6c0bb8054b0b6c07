//! The draft contract's queries in the Suite (lists read to the last page) and the books'
//! invariants.

use cosmwasm_std::{Addr, StdResult, Uint128};
use ledger_types::draft::{
    self, BankRecord, Draft, DraftRole, Event, HopCheck, Project, ProjectStatus,
    ReconciliationCounts, ReconciliationResponse, RolesResponse, TotalsResponse,
};

use crate::suite::Suite;

use crate::pages::read_all;

impl Suite {
    // ---------------------------------------------------------------- queries

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
        read_all(|last: Option<&RolesResponse>| {
            let page: draft::MembersResponse = self
                .query_draft(&draft::QueryMsg::Members {
                    start_after: last.map(|m| m.address.to_string()),
                    limit: Some(3),
                })
                .expect("draft members");
            page.members
        })
    }

    pub fn project(&self, project_id: u64) -> StdResult<Project> {
        self.query_draft(&draft::QueryMsg::Project { project_id })
    }

    /// Projects (optionally of one status), every page.
    pub fn projects(&self, status: Option<ProjectStatus>) -> Vec<Project> {
        read_all(|last: Option<&Project>| {
            let page: draft::ProjectsResponse = self
                .query_draft(&draft::QueryMsg::Projects {
                    status,
                    start_after: last.map(|p| p.id),
                    limit: Some(2),
                })
                .expect("projects");
            page.projects
        })
    }

    pub fn draft(&self, draft_id: u64) -> StdResult<Draft> {
        self.query_draft(&draft::QueryMsg::Draft { draft_id })
    }

    /// Every draft, every page.
    pub fn drafts(&self) -> Vec<Draft> {
        read_all(|last: Option<&Draft>| {
            let page: draft::DraftsResponse = self
                .query_draft(&draft::QueryMsg::Drafts {
                    start_after: last.map(|d| d.id),
                    limit: Some(2),
                })
                .expect("drafts");
            page.drafts
        })
    }

    /// Drafts an address holds now, every page.
    pub fn drafts_held_by(&self, holder: &Addr) -> Vec<Draft> {
        read_all(|last: Option<&Draft>| {
            let page: draft::DraftsResponse = self
                .query_draft(&draft::QueryMsg::DraftsByHolder {
                    holder: holder.to_string(),
                    start_after: last.map(|d| d.id),
                    limit: Some(2),
                })
                .expect("drafts by holder");
            page.drafts
        })
    }

    pub fn reconciliation(&self, draft_id: u64) -> StdResult<ReconciliationResponse> {
        self.query_draft(&draft::QueryMsg::Reconciliation { draft_id })
    }

    /// Drafts with open discrepancies, every page.
    pub fn discrepancies(&self) -> Vec<ReconciliationResponse> {
        read_all(|last: Option<&ReconciliationResponse>| {
            let page: draft::DiscrepanciesResponse = self
                .query_draft(&draft::QueryMsg::Discrepancies {
                    start_after: last.map(|d| d.draft_id),
                    limit: Some(2),
                })
                .expect("discrepancies");
            page.drafts
        })
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
        read_all(|last: Option<&BankRecord>| {
            let start_after = last.map(|r| r.serial.clone());
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
            page.records
        })
    }

    /// A project's whole history, every page.
    pub fn project_history(&self, project_id: u64) -> Vec<Event> {
        read_all(|last: Option<&Event>| {
            let page: draft::HistoryResponse = self
                .query_draft(&draft::QueryMsg::ProjectHistory {
                    project_id,
                    start_after: last.map(|e| e.seq),
                    limit: Some(4),
                })
                .expect("project history");
            page.events
        })
    }

    /// A draft's whole history, every page.
    pub fn draft_history(&self, draft_id: u64) -> Vec<Event> {
        read_all(|last: Option<&Event>| {
            let page: draft::HistoryResponse = self
                .query_draft(&draft::QueryMsg::DraftHistory {
                    draft_id,
                    start_after: last.and_then(|e| e.draft_seq),
                    limit: Some(4),
                })
                .expect("draft history");
            page.events
        })
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
