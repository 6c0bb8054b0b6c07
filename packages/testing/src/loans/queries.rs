//! The loan-share contract's queries in the Suite (lists read to the last page), its
//! consortium token's balances, and the books' invariants.

use cosmwasm_std::{Addr, StdResult};
use ledger_types::loan_share::{
    self, Confirmation, DataServicePayment, Disclosure, KeyInfo, LoanShareRole, PlanInfo, Recharge,
    Redemption, RolesResponse, TotalsResponse, fee_for,
};

use crate::suite::Suite;

use crate::pages::read_all;

impl Suite {
    // ---------------------------------------------------------------- queries

    pub fn loan_config(&self) -> loan_share::ConfigResponse {
        self.query_loan(&loan_share::QueryMsg::Config {})
            .expect("loan-share config")
    }

    pub fn loan_totals(&self) -> TotalsResponse {
        self.query_loan(&loan_share::QueryMsg::Totals {})
            .expect("loan-share totals")
    }

    pub fn loan_roles(&self, address: &Addr) -> Vec<LoanShareRole> {
        let res: RolesResponse = self
            .query_loan(&loan_share::QueryMsg::Roles {
                address: address.to_string(),
            })
            .expect("loan-share roles");
        res.roles
    }

    /// Everyone holding loan-share roles, every page.
    pub fn loan_members(&self) -> Vec<RolesResponse> {
        read_all(|last: Option<&RolesResponse>| {
            let page: loan_share::MembersResponse = self
                .query_loan(&loan_share::QueryMsg::Members {
                    start_after: last.map(|m| m.address.to_string()),
                    limit: Some(3),
                })
                .expect("loan-share members");
            page.members
        })
    }

    pub fn key_of(&self, address: &Addr) -> Option<KeyInfo> {
        self.query_loan(&loan_share::QueryMsg::Key {
            address: address.to_string(),
        })
        .expect("key")
    }

    /// Every lender's key, in lender order.
    pub fn keys(&self) -> Vec<Option<KeyInfo>> {
        self.loans
            .parties
            .lenders()
            .iter()
            .map(|lender| self.key_of(lender))
            .collect()
    }

    pub fn recharge_record(&self, reference: &str) -> StdResult<Recharge> {
        self.query_loan(&loan_share::QueryMsg::Recharge {
            reference: reference.to_string(),
        })
    }

    /// Every recharge, every page.
    pub fn recharges(&self) -> Vec<Recharge> {
        read_all(|last: Option<&Recharge>| {
            let page: loan_share::RechargesResponse = self
                .query_loan(&loan_share::QueryMsg::Recharges {
                    start_after: last.map(|r| r.reference.clone()),
                    limit: Some(3),
                })
                .expect("recharges");
            page.recharges
        })
    }

    pub fn loan_redemption(&self, request_id: u64) -> StdResult<Redemption> {
        self.query_loan(&loan_share::QueryMsg::Redemption { request_id })
    }

    /// Every redemption request, every page.
    pub fn loan_redemptions(&self) -> Vec<Redemption> {
        read_all(|last: Option<&Redemption>| {
            let page: loan_share::RedemptionsResponse = self
                .query_loan(&loan_share::QueryMsg::Redemptions {
                    start_after: last.map(|r| r.id),
                    limit: Some(3),
                })
                .expect("redemptions");
            page.redemptions
        })
    }

    pub fn plan(&self, plan_id: u64) -> StdResult<PlanInfo> {
        self.query_loan(&loan_share::QueryMsg::Plan { plan_id })
    }

    fn plan_pages(&self, page: impl Fn(Option<u64>) -> loan_share::QueryMsg) -> Vec<PlanInfo> {
        read_all(|last: Option<&PlanInfo>| {
            let res: loan_share::PlansResponse = self
                .query_loan(&page(last.map(|p| p.plan.id)))
                .expect("plans");
            res.plans
        })
    }

    /// Every plan, every page.
    pub fn plans(&self) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::Plans {
            start_after,
            limit: Some(2),
        })
    }

    /// Plans still taking confirmations, every page.
    pub fn open_plans(&self) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::OpenPlans {
            start_after,
            limit: Some(2),
        })
    }

    /// A contributor's plans, every page.
    pub fn plans_by(&self, contributor: &Addr) -> Vec<PlanInfo> {
        self.plan_pages(|start_after| loan_share::QueryMsg::PlansByContributor {
            contributor: contributor.to_string(),
            start_after,
            limit: Some(2),
        })
    }

    pub fn confirmation(&self, confirmation_id: u64) -> StdResult<Confirmation> {
        self.query_loan(&loan_share::QueryMsg::Confirmation { confirmation_id })
    }

    fn confirmation_pages(
        &self,
        page: impl Fn(Option<u64>) -> loan_share::QueryMsg,
    ) -> Vec<Confirmation> {
        read_all(|last: Option<&Confirmation>| {
            let res: loan_share::ConfirmationsResponse = self
                .query_loan(&page(last.map(|c| c.id)))
                .expect("confirmations");
            res.confirmations
        })
    }

    /// Every confirmation, every page.
    pub fn confirmations(&self) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::Confirmations {
            start_after,
            limit: Some(2),
        })
    }

    /// A plan's confirmations, every page.
    pub fn plan_confirmations(&self, plan_id: u64) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::ConfirmationsByPlan {
            plan_id,
            start_after,
            limit: Some(2),
        })
    }

    /// A participant's confirmations, every page.
    pub fn confirmations_of(&self, participant: &Addr) -> Vec<Confirmation> {
        self.confirmation_pages(
            |start_after| loan_share::QueryMsg::ConfirmationsByParticipant {
                participant: participant.to_string(),
                start_after,
                limit: Some(2),
            },
        )
    }

    /// Confirmations of a contributor's plans with fields still to disclose, every page.
    pub fn pending_disclosures(&self, contributor: &Addr) -> Vec<Confirmation> {
        self.confirmation_pages(|start_after| loan_share::QueryMsg::PendingDisclosures {
            contributor: contributor.to_string(),
            start_after,
            limit: Some(2),
        })
    }

    pub fn confirmation_disclosures(&self, confirmation_id: u64) -> Vec<Disclosure> {
        let res: loan_share::DisclosuresResponse = self
            .query_loan(&loan_share::QueryMsg::ConfirmationDisclosures { confirmation_id })
            .expect("confirmation disclosures");
        res.disclosures
    }

    /// Every disclosure, every page.
    pub fn disclosures(&self) -> Vec<Disclosure> {
        read_all(|last: Option<&Disclosure>| {
            let page: loan_share::DisclosuresResponse = self
                .query_loan(&loan_share::QueryMsg::Disclosures {
                    start_after: last.map(|d| d.id),
                    limit: Some(2),
                })
                .expect("disclosures");
            page.disclosures
        })
    }

    /// Data service payments (optionally to one provider), every page.
    pub fn data_payments(&self, provider: Option<&Addr>) -> Vec<DataServicePayment> {
        read_all(|last: Option<&DataServicePayment>| {
            let page: loan_share::DataServicePaymentsResponse = self
                .query_loan(&loan_share::QueryMsg::DataServicePayments {
                    provider: provider.map(Addr::to_string),
                    start_after: last.map(|p| p.id),
                    limit: Some(2),
                })
                .expect("data service payments");
            page.payments
        })
    }

    // token

    /// A wallet's consortium-token balance.
    pub fn loan_balance(&self, address: &Addr) -> u128 {
        self.cw20_balance(&self.loan_token(), address)
    }

    pub fn loan_token_supply(&self) -> u128 {
        self.cw20_supply(&self.loan_token())
    }

    /// Every consortium-token holder with their balance, every page.
    pub fn loan_token_holders(&self) -> Vec<(Addr, u128)> {
        self.cw20_holders(&self.loan_token())
    }

    // ---------------------------------------------------------------- assertions

    /// The loan-share books: the token's supply is the sum of all balances and minted minus
    /// burned; the contract holds exactly the escrowed redemptions; every plan's confirmed
    /// amount, participant count and fees are the sums over its confirmations, its confirmed
    /// amount never exceeds its offer nor its participants its limit, each fee is the plan's
    /// fee of the amount; and the totals are the sums over plans, confirmations, recharges,
    /// redemptions and data service payments.
    pub fn assert_loan_books(&self) {
        let supply = self.assert_cw20_supply_held(&self.loan_token());
        let totals = self.loan_totals();
        assert_eq!(
            totals.minted.u128() - totals.burned.u128(),
            supply,
            "minted - burned differs from supply ({totals:?})"
        );
        assert_eq!(
            self.loan_balance(&self.loan_contract()),
            totals.escrowed.u128(),
            "the contract holds other than the escrowed redemptions"
        );
        let minted: u128 = self.recharges().iter().map(|r| r.amount.u128()).sum();
        assert_eq!(minted, totals.minted.u128(), "recharges vs minted");
        let redemptions = self.loan_redemptions();
        let burned: u128 = redemptions
            .iter()
            .filter(|r| r.status == loan_share::RedemptionStatus::Redeemed)
            .map(|r| r.amount.u128())
            .sum();
        let escrowed: u128 = redemptions
            .iter()
            .filter(|r| r.status == loan_share::RedemptionStatus::Requested)
            .map(|r| r.amount.u128())
            .sum();
        assert_eq!(
            (burned, escrowed),
            (totals.burned.u128(), totals.escrowed.u128()),
            "redemptions vs totals"
        );
        let data_paid: u128 = self
            .data_payments(None)
            .iter()
            .map(|p| p.amount.u128())
            .sum();
        assert_eq!(data_paid, totals.data_service_paid.u128(), "data payments");

        let plans = self.plans();
        let (mut confirmed, mut fees, mut count) = (0u128, 0u128, 0u64);
        for info in &plans {
            let plan = &info.plan;
            let mine = self.plan_confirmations(plan.id);
            let sum: u128 = mine.iter().map(|c| c.amount.u128()).sum();
            let plan_fees: u128 = mine.iter().map(|c| c.fee.u128()).sum();
            assert_eq!(sum, plan.confirmed.u128(), "plan {} confirmed", plan.id);
            assert!(
                plan.confirmed <= plan.terms.offered,
                "plan {} confirmed {} beyond its offer {}",
                plan.id,
                plan.confirmed,
                plan.terms.offered
            );
            assert_eq!(
                mine.len() as u32,
                plan.participants,
                "plan {} places",
                plan.id
            );
            assert!(plan.participants <= plan.terms.max_participants);
            assert_eq!(plan_fees, plan.fees.u128(), "plan {} fees", plan.id);
            for c in &mine {
                assert_eq!(
                    c.fee,
                    fee_for(c.amount, plan.terms.fee_per_10k).unwrap(),
                    "fee of confirmation {}",
                    c.id
                );
                assert!(c.rate_bps >= plan.terms.min_rate_bps);
                assert!(c.rate_bps <= plan.terms.max_rate_bps);
            }
            confirmed += sum;
            fees += plan_fees;
            count += mine.len() as u64;
        }
        assert_eq!(totals.plans, plans.len() as u64, "plan count");
        assert_eq!(totals.confirmed.u128(), confirmed, "confirmed total");
        assert_eq!(totals.fees_paid.u128(), fees, "fees total");
        assert_eq!(totals.confirmations, count, "confirmation count");
        assert_eq!(
            totals.disclosures,
            self.disclosures().len() as u64,
            "disclosure count"
        );
    }
}
