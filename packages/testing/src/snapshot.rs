//! Everything the contracts hold that a query can show, captured in one comparable value, so
//! that a test can prove a refused action changed nothing.

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};

use cosmwasm_std::{Addr, Coin};
use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;
use ledger_types::admin::{self, MeterInfo, Participant};
use ledger_types::bank::{Instalment, Payment, PrepaidResponse, Redemption, TotalsResponse};
use ledger_types::draft::{self, BankRecord, Draft, Event, Project, ReconciliationResponse};
use ledger_types::emergency::PauseStatus;
use ledger_types::loan_share::{
    self, Confirmation, DataServicePayment, Disclosure, KeyInfo, PlanInfo, Recharge,
};
use ledger_types::meter::{self, Bill, DailyTotal, MeterState, PeriodUsage, StoredReading};
use ledger_types::tariff::{self, TariffInfo, TariffVersion};

use serde::Serialize;

use crate::errors::err;
use crate::pages::read_all;
use crate::suite::Suite;

/// The admin contract's state.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminSnapshot {
    pub config: admin::ConfigResponse,
    pub admin: admin::AdminResponse,
    pub participants: Vec<Participant>,
    pub meters: Vec<MeterInfo>,
    pub pause: PauseStatus,
    pub timelocked: admin::TimelockedOperationsResponse,
}

/// One meter's state in its meter contract.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterSnapshot {
    pub state: MeterState,
    pub readings: Vec<StoredReading>,
    pub days: Vec<DailyTotal>,
    /// Totals of every period from the first one still open back to two before it.
    pub periods: Vec<PeriodUsage>,
    pub bills: Vec<Bill>,
}

/// A meter contract's state.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterContractSnapshot {
    pub config: meter::ConfigResponse,
    pub meters: BTreeMap<String, MeterSnapshot>,
}

/// The tariff contract's state.
#[derive(Clone, Debug, PartialEq)]
pub struct TariffSnapshot {
    pub tariffs: Vec<TariffInfo>,
    pub versions: Vec<TariffVersion>,
}

/// The bank's state and the token's balances.
#[derive(Clone, Debug, PartialEq)]
pub struct BankSnapshot {
    pub totals: TotalsResponse,
    pub prepaid: Vec<PrepaidResponse>,
    pub instalments: Vec<Instalment>,
    pub credits: Vec<(String, u128)>,
    pub payments: Vec<Payment>,
    pub redemptions: Vec<Redemption>,
    pub overdue: Vec<Instalment>,
    pub token_supply: u128,
    pub token_holders: Vec<(Addr, u128)>,
    /// Instalments held because a party is blacklisted.
    pub held: Vec<ledger_types::bank::HeldInstalment>,
    pub pause: ledger_types::emergency::PauseStatus,
    pub token_pause: ledger_types::emergency::PauseStatus,
}

/// The draft contract's state.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftSnapshot {
    pub config: draft::ConfigResponse,
    pub totals: draft::TotalsResponse,
    pub members: Vec<draft::RolesResponse>,
    pub projects: Vec<Project>,
    pub drafts: Vec<Draft>,
    /// Every project's history, in project order.
    pub histories: Vec<Vec<Event>>,
    pub bank_records: Vec<BankRecord>,
    pub unmatched: Vec<BankRecord>,
    pub discrepancies: Vec<ReconciliationResponse>,
}

/// The loan-share contract's state and its token's balances.
#[derive(Clone, Debug, PartialEq)]
pub struct LoanShareSnapshot {
    pub config: loan_share::ConfigResponse,
    pub totals: loan_share::TotalsResponse,
    pub members: Vec<loan_share::RolesResponse>,
    /// Every lender's key, in lender order.
    pub keys: Vec<Option<KeyInfo>>,
    pub recharges: Vec<Recharge>,
    pub redemptions: Vec<loan_share::Redemption>,
    pub plans: Vec<PlanInfo>,
    pub open_plans: Vec<PlanInfo>,
    pub confirmations: Vec<Confirmation>,
    /// Every lender's pending disclosures, in lender order.
    pub pending: Vec<Vec<Confirmation>>,
    pub disclosures: Vec<Disclosure>,
    pub data_payments: Vec<DataServicePayment>,
    pub token_supply: u128,
    pub token_holders: Vec<(Addr, u128)>,
}

/// The whole world's state.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldSnapshot {
    pub admin: AdminSnapshot,
    pub meter_contracts: BTreeMap<Addr, MeterContractSnapshot>,
    pub tariff: TariffSnapshot,
    pub bank: BankSnapshot,
    /// Present when the world has the draft contract.
    pub draft: Option<DraftSnapshot>,
    /// Present when the world has the loan-share contract.
    pub loan_share: Option<LoanShareSnapshot>,
}

impl Suite {
    pub fn admin_snapshot(&self) -> AdminSnapshot {
        AdminSnapshot {
            config: self.admin_config(),
            admin: self.administrator(),
            participants: self.participants(None),
            meters: self.meters(),
            pause: self.registry_pause_status(),
            timelocked: self.timelocked_operations(),
        }
    }

    /// One meter's state as its meter contract shows it.
    pub fn meter_snapshot(&self, meter_id: &str) -> MeterSnapshot {
        let state = self.meter_state(meter_id);
        let open = state.next_period_to_close;
        let periods = (open.saturating_sub(2)..=open.saturating_add(1))
            .filter_map(|p| self.period_totals(meter_id, p).ok())
            .collect();
        MeterSnapshot {
            readings: self.readings(meter_id),
            days: self.daily_totals(meter_id),
            periods,
            bills: self.bills(meter_id),
            state,
        }
    }

    pub fn meter_contract_snapshot(&self, contract: &Addr) -> MeterContractSnapshot {
        let meters = read_all(|last: Option<&meter::MeterState>| {
            let page: meter::MetersResponse = self
                .query(
                    contract,
                    &meter::QueryMsg::Meters {
                        start_after: last.map(|m| m.meter_id.clone()),
                        limit: None,
                    },
                )
                .expect("meters of a meter contract");
            page.meters
        })
        .into_iter()
        .map(|m| (m.meter_id.clone(), self.meter_snapshot(&m.meter_id)))
        .collect();
        MeterContractSnapshot {
            config: self.meter_config(contract),
            meters,
        }
    }

    pub fn tariff_snapshot(&self) -> TariffSnapshot {
        let tariffs = read_all(|last: Option<&TariffInfo>| {
            let page: tariff::TariffsResponse = self
                .query(
                    &self.tariff,
                    &tariff::QueryMsg::Tariffs {
                        start_after: last.map(|t| t.tariff_id.clone()),
                        limit: None,
                    },
                )
                .expect("tariffs");
            page.tariffs
        });
        let versions = tariffs
            .iter()
            .flat_map(|t| {
                (1..=t.versions).map(|v| {
                    self.tariff_version(&t.tariff_id, v)
                        .expect("tariff version")
                })
            })
            .collect();
        TariffSnapshot { tariffs, versions }
    }

    pub fn bank_snapshot(&self) -> BankSnapshot {
        let meter_ids: Vec<String> = self.meters().into_iter().map(|m| m.meter_id).collect();
        let mut consumers: Vec<Addr> = self.consumers.values().cloned().collect();
        consumers.sort();
        BankSnapshot {
            totals: self.bank_totals(),
            prepaid: self.prepaid_balances(),
            instalments: meter_ids.iter().flat_map(|m| self.instalments(m)).collect(),
            credits: meter_ids
                .iter()
                .map(|m| (m.clone(), self.credit(m)))
                .collect(),
            payments: consumers.iter().flat_map(|c| self.payments(c)).collect(),
            redemptions: self.redemptions(),
            overdue: self.overdue(),
            token_supply: self.token_supply(),
            token_holders: self.token_holders(),
            held: self.held(),
            pause: self.bank_pause_status(),
            token_pause: self.token_pause_status(),
        }
    }

    /// The draft contract's state (the world must have it).
    pub fn draft_snapshot(&self) -> DraftSnapshot {
        let projects = self.projects(None);
        DraftSnapshot {
            config: self.draft_config(),
            totals: self.draft_totals(),
            members: self.draft_members(),
            histories: projects
                .iter()
                .map(|p| self.project_history(p.id))
                .collect(),
            projects,
            drafts: self.drafts(),
            bank_records: self.bank_records(),
            unmatched: self.unmatched_bank_records(),
            discrepancies: self.discrepancies(),
        }
    }

    /// The loan-share contract's state (the world must have it).
    pub fn loan_share_snapshot(&self) -> LoanShareSnapshot {
        let lenders = self.loans.parties.lenders();
        LoanShareSnapshot {
            config: self.loan_config(),
            totals: self.loan_totals(),
            members: self.loan_members(),
            keys: self.keys(),
            recharges: self.recharges(),
            redemptions: self.loan_redemptions(),
            plans: self.plans(),
            open_plans: self.open_plans(),
            confirmations: self.confirmations(),
            pending: lenders
                .iter()
                .map(|l| self.pending_disclosures(l))
                .collect(),
            disclosures: self.disclosures(),
            data_payments: self.data_payments(None),
            token_supply: self.loan_token_supply(),
            token_holders: self.loan_token_holders(),
        }
    }

    /// Everything every contract shows.
    pub fn snapshot(&self) -> WorldSnapshot {
        let mut contracts: Vec<Addr> = self.meters().into_iter().map(|m| m.contract).collect();
        contracts.sort();
        contracts.dedup();
        WorldSnapshot {
            admin: self.admin_snapshot(),
            meter_contracts: contracts
                .into_iter()
                .map(|c| {
                    let snap = self.meter_contract_snapshot(&c);
                    (c, snap)
                })
                .collect(),
            tariff: self.tariff_snapshot(),
            bank: self.bank_snapshot(),
            draft: self.draft_contract.as_ref().map(|_| self.draft_snapshot()),
            loan_share: self
                .loans
                .contract
                .as_ref()
                .map(|_| self.loan_share_snapshot()),
        }
    }

    /// Runs an action that must fail with exactly `expected` and leave every contract's state
    /// as it was.
    pub fn assert_refused<E>(
        &mut self,
        action: impl FnOnce(&mut Suite) -> AnyResult<AppResponse>,
        expected: E,
    ) where
        E: Display + Debug + PartialEq + Send + Sync + 'static,
    {
        self.assert_refused_with(action, |got: &E| {
            assert_eq!(*got, expected);
        });
    }

    /// Readings refused one by one: `action` (a `SubmitReadings`) succeeds, stores none of
    /// its readings, reports exactly `expected` as refused, and changes no contract's state.
    pub fn assert_readings_refused(
        &mut self,
        action: impl FnOnce(&mut Suite) -> AnyResult<AppResponse>,
        expected: &[meter::RefusedReading],
    ) {
        let before = self.snapshot();
        let response = action(self).unwrap_or_else(|e| panic!("the submission failed: {e:?}"));
        let outcome = crate::suite::readings_outcome(&response);
        assert_eq!(outcome.refused, expected, "refused readings");
        assert_eq!(outcome.accepted, 0, "readings accepted");
        assert_eq!(
            before,
            self.snapshot(),
            "refused readings changed the state"
        );
    }

    /// Native funds refused: `sender` is given `funds` (a native coin), then sends each
    /// message to `contract` with them attached; each must fail with exactly `expected` and
    /// leave every contract's state as it was.
    pub fn assert_funds_refused<M, E>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        funds: Coin,
        messages: impl IntoIterator<Item = M>,
        expected: E,
    ) where
        M: Serialize + Debug,
        E: Display + Debug + PartialEq + Send + Sync + 'static,
    {
        self.fund(sender, funds.amount.u128(), &funds.denom);
        let funds = [funds];
        for msg in messages {
            self.assert_refused_with(
                |s| s.execute_with_funds(sender, contract, &msg, &funds),
                |got: &E| assert_eq!(*got, expected),
            );
        }
    }

    /// Like [`Suite::assert_refused`] for errors whose text comes from elsewhere (such as a
    /// nested query's error): `check` inspects the error.
    pub fn assert_refused_with<E>(
        &mut self,
        action: impl FnOnce(&mut Suite) -> AnyResult<AppResponse>,
        check: impl FnOnce(&E),
    ) where
        E: Display + Debug + Send + Sync + 'static,
    {
        let before = self.snapshot();
        let got: E = err(action(self));
        check(&got);
        let after = self.snapshot();
        unchanged(&before.admin, &after.admin, "the admin contract");
        unchanged(
            &before.meter_contracts,
            &after.meter_contracts,
            "a meter contract",
        );
        unchanged(&before.tariff, &after.tariff, "the tariff contract");
        unchanged(&before.bank, &after.bank, "the bank or the token");
        unchanged(&before.draft, &after.draft, "the draft contract");
        unchanged(
            &before.loan_share,
            &after.loan_share,
            "the loan-share contract or its token",
        );
    }
}

/// Asserts that a refused action left `what` as it was.
fn unchanged<T: Debug + PartialEq>(before: &T, after: &T, what: &str) {
    assert_eq!(before, after, "a refused action changed {what}");
}
