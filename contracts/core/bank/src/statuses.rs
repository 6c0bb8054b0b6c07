//! Payment statuses of regional bills, for the router to carry to the bills' regions.
//!
//! A meter living in a region has the router recorded as its contract in the registry, so its
//! advances and bills reach the bank from the router. The bank keeps that router on the
//! period's account when it records them ([`BillAccount::router`]): a later payment then knows
//! where to report from the account it updates anyway, without asking the registry again.
//! Every action gathers the bills whose paid amount it changed and tells the router once per
//! bill, in the same transaction, with the running totals the account keeps.
//!
//! Nothing is reported before the bill is recorded (a status carries the bill's total): the
//! status sent when the bill is recorded counts the advances paid until then.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, Event, Response, WasmMsg, to_json_binary};
use ledger_types::admin::MeterInfo;
use ledger_types::bank::BillAccount;
use ledger_types::router::{BillPayment, ExecuteMsg as RouterMsg};

use crate::ContractResult;

/// The router that reports a meter's billing: the meter's registered contract when the meter
/// lives in a region (the sender of a notice has been checked to be that contract).
pub fn reporting_router(meter: &MeterInfo) -> Option<Addr> {
    meter.region.as_ref().map(|_| meter.contract.clone())
}

/// What the router is told of a regional bill's account, if the account is a recorded
/// regional bill's. Once the bill is recorded its unpaid advances are superseded and its final
/// instalment is the total less the advances paid, so nothing remains to pay exactly when the
/// advances and the final paid reach the total.
pub fn bill_payment(account: &BillAccount) -> ContractResult<Option<(Addr, BillPayment)>> {
    let (Some(router), Some(total)) = (&account.router, account.total) else {
        return Ok(None);
    };
    let paid = account.advances_paid.checked_add(account.final_paid)?;
    Ok(Some((
        router.clone(),
        BillPayment {
            meter_id: account.meter_id.clone(),
            period: account.period,
            total,
            paid,
            settled: paid >= total,
        },
    )))
}

/// The regional bills one action changed, each with its latest state.
#[derive(Default)]
pub struct BillStatuses(BTreeMap<(String, u32), (Addr, BillPayment)>);

impl BillStatuses {
    /// Notes `account` as it stands after a change of what is paid of it; a main-chain
    /// meter's account, or one whose bill is not recorded yet, is not reported.
    pub fn touch(&mut self, account: &BillAccount) -> ContractResult<()> {
        if let Some((router, payment)) = bill_payment(account)? {
            let key = (payment.meter_id.clone(), payment.period);
            self.0.insert(key, (router, payment));
        }
        Ok(())
    }

    /// `response` with one `BillPaid` to the router per bill touched, in (meter, period)
    /// order, and a `ledger_bill_paid` event for each.
    pub fn report(self, mut response: Response) -> ContractResult<Response> {
        for (router, payment) in self.0.into_values() {
            let event = Event::new("ledger_bill_paid")
                .add_attribute("meter_id", &payment.meter_id)
                .add_attribute("period", payment.period.to_string())
                .add_attribute("total", payment.total)
                .add_attribute("paid", payment.paid)
                .add_attribute("settled", payment.settled.to_string())
                .add_attribute("router", &router);
            let msg = WasmMsg::Execute {
                contract_addr: router.into_string(),
                msg: to_json_binary(&RouterMsg::BillPaid(payment))?,
                funds: vec![],
            };
            response = response.add_message(msg).add_event(event);
        }
        Ok(response)
    }
}
