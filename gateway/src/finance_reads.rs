//! What the drafts and loans panels read from the draft and loan-share contracts, behind one
//! trait: the SDK in production ([`SdkFinanceReads`]), in-memory books in the handler tests.
//! Lists are one contract page each, as in [`crate::chain`].

use ledger_sdk::Ledger;
use ledger_sdk::contracts::draft::{
    self, Draft, DraftRole, DraftsResponse, Project, QueryMsg as DraftQuery,
};
use ledger_sdk::contracts::loan_share::{
    self, ConfirmationsResponse, LoanShareRole, PlanInfo, PlansResponse, QueryMsg as LoanQuery,
};

use crate::chain::ChainFuture;

/// Which confirmations [`FinanceReads::confirmations`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfirmationsOf {
    /// A lender's own, as a participant of other lenders' plans.
    Participant(String),
    /// Those of one plan.
    Plan(u64),
}

/// The draft and loan-share contracts' reads the gateway serves.
pub trait FinanceReads: Send + Sync + 'static {
    /// `address`'s roles in the draft contract (empty when it has none).
    fn draft_roles<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Vec<DraftRole>>;
    /// One page of drafts in id order.
    fn drafts(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, DraftsResponse>;
    /// One draft with its hops and their reconciliation.
    fn draft(&self, draft_id: u64) -> ChainFuture<'_, Draft>;
    /// One project with its stages.
    fn project(&self, project_id: u64) -> ChainFuture<'_, Project>;
    /// `address`'s roles in the loan-share contract (empty when it has none).
    fn loan_roles<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Vec<LoanShareRole>>;
    /// One page of the plans still taking confirmations, by end time then id.
    fn open_plans(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, PlansResponse>;
    /// One plan with its state now.
    fn plan(&self, plan_id: u64) -> ChainFuture<'_, PlanInfo>;
    /// One page of confirmations in id order.
    fn confirmations(
        &self,
        of: ConfirmationsOf,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, ConfirmationsResponse>;
}

/// The draft and loan-share contracts' reads through the SDK.
#[derive(Clone, Debug)]
pub struct SdkFinanceReads {
    ledger: Ledger,
}

impl SdkFinanceReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkFinanceReads { ledger }
    }
}

impl FinanceReads for SdkFinanceReads {
    fn draft_roles<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Vec<DraftRole>> {
        Box::pin(async move {
            let found: draft::RolesResponse = self
                .ledger
                .draft(&DraftQuery::Roles {
                    address: address.to_string(),
                })
                .await?;
            Ok(found.roles)
        })
    }

    fn drafts(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, DraftsResponse> {
        Box::pin(async move {
            let msg = DraftQuery::Drafts {
                start_after,
                limit: Some(limit),
            };
            self.ledger.draft(&msg).await
        })
    }

    fn draft(&self, draft_id: u64) -> ChainFuture<'_, Draft> {
        Box::pin(self.ledger.draft_by_id(draft_id))
    }

    fn project(&self, project_id: u64) -> ChainFuture<'_, Project> {
        Box::pin(self.ledger.project(project_id))
    }

    fn loan_roles<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Vec<LoanShareRole>> {
        Box::pin(async move {
            let found: loan_share::RolesResponse = self
                .ledger
                .loan(&LoanQuery::Roles {
                    address: address.to_string(),
                })
                .await?;
            Ok(found.roles)
        })
    }

    fn open_plans(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, PlansResponse> {
        Box::pin(async move {
            let msg = LoanQuery::OpenPlans {
                start_after,
                limit: Some(limit),
            };
            self.ledger.loan(&msg).await
        })
    }

    fn plan(&self, plan_id: u64) -> ChainFuture<'_, PlanInfo> {
        Box::pin(self.ledger.loan_plan(plan_id))
    }

    fn confirmations(
        &self,
        of: ConfirmationsOf,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, ConfirmationsResponse> {
        Box::pin(async move {
            let limit = Some(limit);
            let msg = match of {
                ConfirmationsOf::Participant(participant) => {
                    LoanQuery::ConfirmationsByParticipant {
                        participant,
                        start_after,
                        limit,
                    }
                }
                ConfirmationsOf::Plan(plan_id) => LoanQuery::ConfirmationsByPlan {
                    plan_id,
                    start_after,
                    limit,
                },
            };
            self.ledger.loan(&msg).await
        })
    }
}
