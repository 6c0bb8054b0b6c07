//! The money side of a lease's end: the charge at a moment, the bill with its indexes and
//! running totals, and the payout (or, when a party is blacklisted, the hold).

use cosmwasm_std::{
    Addr, OverflowError, QuerierWrapper, Storage, Uint128, WasmMsg, to_json_binary,
};
use cw20::Cw20ExecuteMsg;
use ledger_contract_kit::Registry;
use ledger_types::admin::Standing;
use ledger_types::cloud::pricing::{Rate, split, usage_charge};
use ledger_types::cloud::{Bill, BillTotals, CloseReason, HeldPayout, Lease, Resources};
use ledger_types::time::{DAY, civil_from_days};

use crate::ContractResult;
use crate::state::{
    BILLS, BILLS_BY_CONSUMER, BILLS_BY_PAIR, BILLS_BY_PROVIDER, CONSUMER_TOTALS, ESCROW, HELD,
    IN_USE, MONTH_TOTALS, OPEN_BY_PROVIDER, PAIR_TOTALS, PROVIDER_TOTALS, bill_key,
};

/// A running lease's charge at a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Charge {
    pub started_at: u64,
    pub holding_ends_at: u64,
    /// The moment, or the holding period's end if earlier.
    pub charged_until: u64,
    pub time_charge: Uint128,
    pub usage_charge: Uint128,
    /// Paid to the provider (capped at the escrow) and refunded.
    pub amount: Uint128,
    pub refund: Uint128,
    /// Why anyone may close it at this moment, if they may.
    pub closable: Option<CloseReason>,
}

/// The charge of a running lease if it ended at `now`.
pub fn charge_at(lease: &Lease, now: u64) -> ContractResult<Charge> {
    let started_at = lease
        .started_at
        .ok_or_else(|| crate::execute::leases::not_running(lease))?;
    let holding_ends_at = started_at
        .checked_add(lease.holding_seconds)
        .ok_or_else(|| OverflowError::new(cosmwasm_std::OverflowOperation::Add))?;
    let charged_until = now.clamp(started_at, holding_ends_at);
    let time = Rate::of_lease(lease).time_charge(charged_until - started_at)?;
    let usage = usage_charge(lease.usage_gb, &lease.prices)?;
    let (amount, refund) = split(time, usage, lease.escrow)?;
    let closable = if now >= holding_ends_at {
        Some(CloseReason::HoldingPeriodOver)
    } else if time.checked_add(usage)? >= lease.escrow {
        Some(CloseReason::FundsExhausted)
    } else {
        None
    };
    Ok(Charge {
        started_at,
        holding_ends_at,
        charged_until,
        time_charge: time,
        usage_charge: usage,
        amount,
        refund,
        closable,
    })
}

/// `a + b`, resource by resource.
pub fn add_resources(a: &Resources, b: &Resources) -> Result<Resources, OverflowError> {
    let over = || OverflowError::new(cosmwasm_std::OverflowOperation::Add);
    Ok(Resources {
        vcpus: a.vcpus.checked_add(b.vcpus).ok_or_else(over)?,
        memory_mib: a.memory_mib.checked_add(b.memory_mib).ok_or_else(over)?,
        disk_gib: a.disk_gib.checked_add(b.disk_gib).ok_or_else(over)?,
        public_ips: a.public_ips.checked_add(b.public_ips).ok_or_else(over)?,
        gpus: a.gpus.checked_add(b.gpus).ok_or_else(over)?,
    })
}

/// `a - b`, resource by resource.
pub fn sub_resources(a: &Resources, b: &Resources) -> Result<Resources, OverflowError> {
    let under = || OverflowError::new(cosmwasm_std::OverflowOperation::Sub);
    Ok(Resources {
        vcpus: a.vcpus.checked_sub(b.vcpus).ok_or_else(under)?,
        memory_mib: a.memory_mib.checked_sub(b.memory_mib).ok_or_else(under)?,
        disk_gib: a.disk_gib.checked_sub(b.disk_gib).ok_or_else(under)?,
        public_ips: a.public_ips.checked_sub(b.public_ips).ok_or_else(under)?,
        gpus: a.gpus.checked_sub(b.gpus).ok_or_else(under)?,
    })
}

/// A lease leaves the open ones: its resources go back to the quota and the provider's open
/// index forgets it.
pub fn release_resources(storage: &mut dyn Storage, lease: &Lease) -> ContractResult<()> {
    let key = (lease.provider.as_str(), lease.consumer.as_str());
    let in_use = IN_USE.may_load(storage, key)?.unwrap_or_default();
    IN_USE.save(storage, key, &sub_resources(&in_use, &lease.resources)?)?;
    OPEN_BY_PROVIDER.remove(storage, (&lease.provider, lease.id));
    Ok(())
}

/// `yyyymm` (UTC) of a unix time.
pub fn month_of(unix: u64) -> u32 {
    let (year, month, _) = civil_from_days((unix / DAY) as i64);
    (year as u32) * 100 + u32::from(month)
}

fn add_to(totals: &mut BillTotals, bill: &Bill) -> Result<(), OverflowError> {
    totals.bills += 1;
    totals.time_charged = totals.time_charged.checked_add(bill.time_charge)?;
    totals.usage_charged = totals.usage_charged.checked_add(bill.usage_charge)?;
    totals.amount = totals.amount.checked_add(bill.amount)?;
    totals.refunded = totals.refunded.checked_add(bill.refund)?;
    Ok(())
}

/// Records a bill once: the bill, its three time-ordered indexes, the running totals (per
/// provider, consumer, pair and provider-month) and the escrow's whereabouts.
pub fn record_bill(storage: &mut dyn Storage, bill: &Bill) -> ContractResult<()> {
    let (provider, consumer) = (bill.provider.as_str(), bill.consumer.as_str());
    let key = bill_key(bill.closed_at, bill.lease_id);
    BILLS.save(storage, bill.lease_id, bill)?;
    BILLS_BY_PROVIDER.save(storage, (provider, key), &())?;
    BILLS_BY_PAIR.save(storage, (provider, consumer, key), &())?;
    BILLS_BY_CONSUMER.save(storage, (consumer, key), &())?;

    let mut totals = PROVIDER_TOTALS
        .may_load(storage, provider)?
        .unwrap_or_default();
    add_to(&mut totals, bill)?;
    PROVIDER_TOTALS.save(storage, provider, &totals)?;
    let mut totals = CONSUMER_TOTALS
        .may_load(storage, consumer)?
        .unwrap_or_default();
    add_to(&mut totals, bill)?;
    CONSUMER_TOTALS.save(storage, consumer, &totals)?;
    let mut totals = PAIR_TOTALS
        .may_load(storage, (provider, consumer))?
        .unwrap_or_default();
    add_to(&mut totals, bill)?;
    PAIR_TOTALS.save(storage, (provider, consumer), &totals)?;
    let month = month_of(bill.closed_at);
    let mut totals = MONTH_TOTALS
        .may_load(storage, (provider, month))?
        .unwrap_or_default();
    add_to(&mut totals, bill)?;
    MONTH_TOTALS.save(storage, (provider, month), &totals)?;

    let mut escrow = ESCROW.load(storage)?;
    escrow.billed = escrow.billed.checked_add(bill.amount)?;
    escrow.refunded = escrow.refunded.checked_add(bill.refund)?;
    escrow.in_escrow = escrow.in_escrow.checked_sub(bill.escrow)?;
    ESCROW.save(storage, &escrow)?;
    Ok(())
}

/// Counts an unbilled lease's whole escrow as refunded (a rejection or a withdrawal).
pub fn record_refund(storage: &mut dyn Storage, escrow_amount: Uint128) -> ContractResult<()> {
    let mut escrow = ESCROW.load(storage)?;
    escrow.refunded = escrow.refunded.checked_add(escrow_amount)?;
    escrow.in_escrow = escrow.in_escrow.checked_sub(escrow_amount)?;
    ESCROW.save(storage, &escrow)?;
    Ok(())
}

/// What a lease's end owes: the provider's amount to its payout address, the refund to the
/// payer.
pub struct Payout {
    pub lease_id: u64,
    pub provider_payout: Addr,
    pub provider_amount: Uint128,
    pub payer: Addr,
    pub refund: Uint128,
}

/// What paying a lease's end did.
pub enum Paid {
    /// Sent: the token transfers to execute.
    Sent(Vec<WasmMsg>),
    /// Held because this party may not receive value now.
    Held(Addr),
}

/// The first party of a payout (the payer, whose escrow it is, then the provider's payout
/// address if it is owed anything) that may not receive value now, with why: blacklisted (no
/// value reaches or leaves it) or suspended (the settlement token moves no new value to it).
pub fn barred(
    querier: &QuerierWrapper,
    registry: &Registry,
    payout: &Payout,
) -> ContractResult<Option<(Addr, String)>> {
    let mut parties = vec![&payout.payer];
    if !payout.provider_amount.is_zero() {
        parties.push(&payout.provider_payout);
    }
    for party in parties {
        match registry.standing(querier, party)? {
            Standing::Blacklisted { reason } => {
                return Ok(Some((party.clone(), format!("blacklisted: {reason}"))));
            }
            Standing::Suspended => return Ok(Some((party.clone(), "suspended".to_string()))),
            Standing::Active | Standing::Unregistered => {}
        }
    }
    Ok(None)
}

/// The token transfers of a payout (none for a zero amount).
pub fn transfers(token: &Addr, payout: &Payout) -> ContractResult<Vec<WasmMsg>> {
    let mut msgs = vec![];
    for (recipient, amount) in [
        (&payout.provider_payout, payout.provider_amount),
        (&payout.payer, payout.refund),
    ] {
        if !amount.is_zero() {
            msgs.push(WasmMsg::Execute {
                contract_addr: token.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                    recipient: recipient.to_string(),
                    amount,
                })?,
                funds: vec![],
            });
        }
    }
    Ok(msgs)
}

/// Pays a lease's end, or holds all of it while the payer or the provider is barred (the
/// bank's rule: no value reaches or leaves a blacklisted party; what is in flight stays where
/// it is and is reported). A suspended party's share is held too, because the settlement token
/// moves no value to a suspended holder from anyone but its minter.
pub fn pay_or_hold(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    registry: &Registry,
    token: &Addr,
    payout: Payout,
    now: u64,
) -> ContractResult<Paid> {
    let Some((party, reason)) = barred(querier, registry, &payout)? else {
        return Ok(Paid::Sent(transfers(token, &payout)?));
    };
    let total = payout.provider_amount.checked_add(payout.refund)?;
    let mut escrow = ESCROW.load(storage)?;
    escrow.held = escrow.held.checked_add(total)?;
    ESCROW.save(storage, &escrow)?;
    HELD.save(
        storage,
        payout.lease_id,
        &HeldPayout {
            lease_id: payout.lease_id,
            provider_payout: payout.provider_payout,
            provider_amount: payout.provider_amount,
            payer: payout.payer,
            refund: payout.refund,
            barred: party.clone(),
            reason,
            held_at: now,
        },
    )?;
    Ok(Paid::Held(party))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_types::cloud::{LeaseStatus, LeasedInstance, Prices};

    fn lease(escrow: u128) -> Lease {
        Lease {
            id: 1,
            provider: "p".into(),
            consumer: "c".into(),
            payer: Addr::unchecked("payer"),
            resources: Resources {
                vcpus: 2,
                memory_mib: 2048,
                disk_gib: 0,
                public_ips: 0,
                gpus: 0,
            },
            holding_seconds: 10 * 3600,
            price_version: 1,
            prices: Prices {
                per_vcpu_hour: 30,
                per_memory_gib_hour: 20,
                per_gb_transferred: 5,
                ..Prices::default()
            },
            instance_type: None,
            escrow: Uint128::new(escrow),
            status: LeaseStatus::Running,
            requested_at: 900,
            started_at: Some(1_000),
            ended_at: None,
            rejection: None,
            usage_gb: 4,
            usage_sequence: 1,
            usage_until: 2_000,
        }
    }

    #[test]
    fn the_charge_runs_from_the_start_to_the_holding_end() {
        // 2×30 + 2×20 = 100 per hour.
        let c = charge_at(&lease(10_000), 1_000 + 1_800).unwrap();
        assert_eq!(c.time_charge, Uint128::new(50));
        assert_eq!(c.usage_charge, Uint128::new(20));
        assert_eq!(
            (c.amount, c.refund),
            (Uint128::new(70), Uint128::new(9_930))
        );
        assert_eq!(c.closable, None);
        // Past the holding period the charge stops at its end.
        let c = charge_at(&lease(10_000), 1_000 + 20 * 3600).unwrap();
        assert_eq!(c.charged_until, 1_000 + 10 * 3600);
        assert_eq!(c.time_charge, Uint128::new(1_000));
        assert_eq!(c.closable, Some(CloseReason::HoldingPeriodOver));
        // A charge that reaches the escrow makes it closable, and is capped.
        let c = charge_at(&lease(120), 1_000 + 3600).unwrap();
        assert_eq!(c.closable, Some(CloseReason::FundsExhausted));
        assert_eq!((c.amount, c.refund), (Uint128::new(120), Uint128::zero()));
    }

    #[test]
    fn a_typed_lease_is_charged_its_type_not_its_resources() {
        let typed = Lease {
            instance_type: Some(LeasedInstance {
                name: "m1.small".into(),
                per_hour: 45,
            }),
            ..lease(10_000)
        };
        // 45 per hour for 1 800 s is 22.5 -> 22 (the resources would cost 50); usage is
        // still charged per GB.
        let c = charge_at(&typed, 1_000 + 1_800).unwrap();
        assert_eq!(c.time_charge, Uint128::new(22));
        assert_eq!(c.usage_charge, Uint128::new(20));
        assert_eq!(c.amount, Uint128::new(42));
    }

    #[test]
    fn months_and_resources() {
        // 2024-02-29T12:00:00Z
        assert_eq!(month_of(1_709_208_000), 202_402);
        assert_eq!(month_of(0), 197_001);
        let a = lease(1).resources;
        assert_eq!(sub_resources(&add_resources(&a, &a).unwrap(), &a), Ok(a));
        assert!(sub_resources(&Resources::default(), &a).is_err());
    }
}
