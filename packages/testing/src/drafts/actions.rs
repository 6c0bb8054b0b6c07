//! The draft flow's actions in the Suite, one method per message, with the sender explicit.

use cosmwasm_std::Addr;
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use ledger_types::draft::{self, Application, BankRecordInput, DraftRole, DraftTerms, ReceiveMsg};

use crate::DAY;
use crate::suite::Suite;

use super::{attribute, bank_record, evidence_hash};

impl Suite {
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

    /// The bank operator funds the province with ten times `amount` (deposit `PROV-1`); then
    /// `drafts` one-stage projects of `amount`, named `"{name} {n}"`, are applied for by the
    /// county, approved at every level and issued a standard draft expiring in 30 days.
    /// Returns the draft ids, in order.
    pub fn standard_drafts(&mut self, drafts: usize, amount: u128, name: &str) -> Vec<u64> {
        let p = self.parties.clone();
        let operator = self.addrs.bank_operator.clone();
        self.deposit(&operator, "PROV-1", &p.province, 10 * amount, false)
            .unwrap();
        let mut ids = vec![];
        for n in 0..drafts {
            let app = self.application(&format!("{name} {n}"), &[amount]);
            let project = self.applied_project(&p.county, app).unwrap();
            self.approve_all_levels(project, 1).unwrap();
            let terms = self.standard_terms(project, 1, self.now() + 30 * DAY);
            ids.push(self.issued_draft(&p.province, amount, terms).unwrap());
        }
        ids
    }

    /// Sends fund tokens to the draft contract with any hook.
    pub fn send_to_draft<T: serde::Serialize>(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &T,
    ) -> AnyResult<AppResponse> {
        let (token, drafts) = (self.token.clone(), self.draft_contract());
        self.cw20_send(&token, sender, &drafts, amount, hook)
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
}
