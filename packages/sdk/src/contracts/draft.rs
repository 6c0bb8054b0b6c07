//! The draft contract: projects approved level by level, drafts issued against their stages
//! and endorsed hop by hop, bank records reconciled against the hops, history.

use cosmwasm_std::{HexBinary, Uint128};
use ledger_client::TxOutcome;
pub use ledger_types::draft::*;

use crate::error::Result;
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// Whose history [`Ledger::history`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryOf {
    /// Everything that happened to a project and its drafts.
    Project(u64),
    /// Only what concerns one draft.
    Draft(u64),
}

/// An approver's decision on a project's stage ([`Ledger::decide_stage`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageDecision {
    /// Approves the stage at the approver's level; after the last level it may be issued.
    Approve,
    /// Rejects the stage, which stops the project.
    Reject,
    /// Overturns a lower level's approval within the veto window, which stops the project.
    Veto,
}

/// How [`Ledger::close_draft`] ends a draft; what it still locks returns to its issuer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftClosing {
    /// Its issuer (or the registry's administrator) cancels it.
    Cancel {
        /// Why, on the record.
        reason: String,
    },
    /// Its issuer (or the registry's administrator) claws it back from a blacklisted holder.
    Clawback {
        /// Why, on the record.
        reason: String,
    },
    /// Anyone closes it once it has expired.
    Expire,
}

impl Ledger {
    /// The draft contract's address, or [`crate::Error::NotDeployed`].
    pub fn draft_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.draft, "draft")
    }

    /// A query of the draft contract.
    pub async fn draft<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.draft_contract()?, msg).await
    }

    /// The draft contract's settings.
    pub async fn draft_config(&self) -> Result<ConfigResponse> {
        self.draft(&QueryMsg::Config {}).await
    }

    /// Locked, released and clawed back over every draft.
    pub async fn draft_totals(&self) -> Result<TotalsResponse> {
        self.draft(&QueryMsg::Totals {}).await
    }

    /// A project.
    pub async fn project(&self, project_id: u64) -> Result<Project> {
        self.draft(&QueryMsg::Project { project_id }).await
    }

    /// A draft.
    pub async fn draft_by_id(&self, draft_id: u64) -> Result<Draft> {
        self.draft(&QueryMsg::Draft { draft_id }).await
    }

    /// A draft's hops by reconciliation state.
    pub async fn reconciliation(&self, draft_id: u64) -> Result<ReconciliationResponse> {
        self.draft(&QueryMsg::Reconciliation { draft_id }).await
    }

    /// A bank record by serial number, or `None` when the bank has posted none.
    pub async fn bank_record(&self, serial: &str) -> Result<Option<BankRecord>> {
        let msg = QueryMsg::BankRecord {
            serial: serial.to_string(),
        };
        match self.draft::<BankRecord>(&msg).await {
            Ok(r) => Ok(Some(r)),
            Err(e) if e.contract_code() == Some(codes::BANK_RECORD_NOT_FOUND) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Drafts in id order, or those `holder` holds now.
    pub async fn drafts(&self, holder: Option<&str>, cap: usize) -> Result<Paged<Draft>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| match holder {
                Some(h) => QueryMsg::DraftsByHolder {
                    holder: h.to_string(),
                    start_after,
                    limit,
                },
                None => QueryMsg::Drafts { start_after, limit },
            },
            |r: DraftsResponse| r.drafts,
            |d| d.id,
        )
        .await
    }

    /// Projects in id order, optionally only those with `status`.
    pub async fn projects(
        &self,
        status: Option<ProjectStatus>,
        cap: usize,
    ) -> Result<Paged<Project>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| QueryMsg::Projects {
                status,
                start_after,
                limit,
            },
            |r: ProjectsResponse| r.projects,
            |p| p.id,
        )
        .await
    }

    /// A project's or a draft's history in order.
    pub async fn history(&self, of: HistoryOf, cap: usize) -> Result<Paged<Event>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| match of {
                HistoryOf::Project(project_id) => QueryMsg::ProjectHistory {
                    project_id,
                    start_after,
                    limit,
                },
                HistoryOf::Draft(draft_id) => QueryMsg::DraftHistory {
                    draft_id,
                    start_after,
                    limit,
                },
            },
            |r: HistoryResponse| r.events,
            |e| match of {
                HistoryOf::Project(_) => e.seq,
                HistoryOf::Draft(_) => e.draft_seq.unwrap_or(e.seq),
            },
        )
        .await
    }

    /// Drafts with open discrepancies in id order.
    pub async fn discrepancies(&self, cap: usize) -> Result<Paged<ReconciliationResponse>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| QueryMsg::Discrepancies { start_after, limit },
            |r: DiscrepanciesResponse| r.drafts,
            |r| r.draft_id,
        )
        .await
    }

    /// Bank records in serial order, or only those no endorsement has claimed.
    pub async fn bank_records(&self, unmatched: bool, cap: usize) -> Result<Paged<BankRecord>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| match unmatched {
                true => QueryMsg::UnmatchedBankRecords { start_after, limit },
                false => QueryMsg::BankRecords { start_after, limit },
            },
            |r: BankRecordsResponse| r.records,
            |r| r.serial.clone(),
        )
        .await
    }

    /// Addresses holding draft roles, in address order.
    pub async fn draft_members(&self, cap: usize) -> Result<Paged<RolesResponse>> {
        self.list(
            self.draft_contract()?,
            cap,
            |start_after, limit| QueryMsg::Members { start_after, limit },
            |r: MembersResponse| r.members,
            |m| m.address.to_string(),
        )
        .await
    }

    /// Executes `msg` on the draft contract.
    pub async fn draft_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.draft_contract()?, msg).await
    }

    /// Issues a draft: sends `amount` of the contract's fund token (`fund_token`, from
    /// [`Ledger::draft_config`]) to the draft contract, which locks it under `terms`.
    pub async fn issue_draft(
        &self,
        sender: &Sender,
        fund_token: &str,
        amount: Uint128,
        terms: DraftTerms,
    ) -> Result<TxOutcome> {
        self.cw20_send(
            sender,
            fund_token,
            self.draft_contract()?,
            amount,
            &ReceiveMsg::IssueDraft(terms),
        )
        .await
    }

    /// Registry administrator: replaces the draft roles of `address` (none: removes them).
    pub async fn set_draft_roles(
        &self,
        sender: &Sender,
        address: String,
        roles: Vec<DraftRole>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetRoles { address, roles };
        self.draft_execute(sender, &msg).await
    }

    /// Applicant: applies for a project; its first stage goes to approval at once. The
    /// outcome's `wasm.project_id` attribute names the project.
    pub async fn apply_project(
        &self,
        sender: &Sender,
        application: Application,
    ) -> Result<TxOutcome> {
        self.draft_execute(sender, &ExecuteMsg::Apply(application))
            .await
    }

    /// Approver: decides on `stage` of a project.
    ///
    /// ```no_run
    /// use ledger_sdk::contracts::draft::StageDecision;
    /// # async fn run(ledger: ledger_sdk::Ledger, approver: ledger_sdk::Sender)
    /// #     -> ledger_sdk::Result<()> {
    /// let stage = ledger.project(7).await?.current_stage;
    /// ledger
    ///     .decide_stage(&approver, StageDecision::Approve, 7, stage, "budget checked".into())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn decide_stage(
        &self,
        sender: &Sender,
        decision: StageDecision,
        project_id: u64,
        stage: u32,
        comment: String,
    ) -> Result<TxOutcome> {
        let msg = match decision {
            StageDecision::Approve => ExecuteMsg::Approve {
                project_id,
                stage,
                comment,
            },
            StageDecision::Reject => ExecuteMsg::Reject {
                project_id,
                stage,
                comment,
            },
            StageDecision::Veto => ExecuteMsg::Veto {
                project_id,
                stage,
                comment,
            },
        };
        self.draft_execute(sender, &msg).await
    }

    /// Applicant: applies for the project's next planned stage.
    pub async fn apply_next_stage(
        &self,
        sender: &Sender,
        project_id: u64,
        note: String,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::ApplyNextStage { project_id, note };
        self.draft_execute(sender, &msg).await
    }

    /// The draft's holder: passes it to `to`, naming the bank transfer's `serial`.
    pub async fn endorse(
        &self,
        sender: &Sender,
        draft_id: u64,
        to: String,
        serial: String,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Endorse {
            draft_id,
            to,
            serial,
        };
        self.draft_execute(sender, &msg).await
    }

    /// Implementing unit: reports `percent` progress on the issued stage, with the SHA-256
    /// of the evidence kept off chain.
    pub async fn report_progress(
        &self,
        sender: &Sender,
        project_id: u64,
        percent: u8,
        text: String,
        evidence: HexBinary,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::ReportProgress {
            project_id,
            percent,
            text,
            evidence,
        };
        self.draft_execute(sender, &msg).await
    }

    /// Applicant: records its opinion on a project.
    pub async fn add_opinion(
        &self,
        sender: &Sender,
        project_id: u64,
        text: String,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::AddOpinion { project_id, text };
        self.draft_execute(sender, &msg).await
    }

    /// Ends a draft as `how` says; the outcome's `wasm.clawed_back` attribute is what
    /// returned to the issuer.
    pub async fn close_draft(
        &self,
        sender: &Sender,
        draft_id: u64,
        how: DraftClosing,
    ) -> Result<TxOutcome> {
        let msg = match how {
            DraftClosing::Cancel { reason } => ExecuteMsg::Cancel { draft_id, reason },
            DraftClosing::Clawback { reason } => ExecuteMsg::Clawback { draft_id, reason },
            DraftClosing::Expire => ExecuteMsg::Expire { draft_id },
        };
        self.draft_execute(sender, &msg).await
    }

    /// Bank: posts bank records, which reconcile against the drafts' hops.
    pub async fn post_bank_records(
        &self,
        sender: &Sender,
        records: Vec<BankRecordInput>,
    ) -> Result<TxOutcome> {
        self.draft_execute(sender, &ExecuteMsg::PostBankRecords { records })
            .await
    }
}
