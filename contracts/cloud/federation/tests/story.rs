//! The federation's story, as in the seed: three organisations each provide and consume.
//! Quotas and price lists are published; one price list changes while a lease runs (which
//! keeps its version); a request over quota is refused; one lease is released early by its
//! user, one by its provider, one closed by a third party after its holding period, one closed
//! for exhausted funds, one rejected; one is requested by an instance type of a price list
//! rather than by resources, and billed at the type's hourly price. Every bill is checked against amounts computed here, the
//! totals against the sum of the bills, and a third organisation cannot read a pair's terms.

mod common;

use common::{HOUR, World, host, hourly, prices};
use cosmwasm_std::Uint128;
use ledger_cloud_federation::ContractError;
use ledger_crypto::{open_field, open_field_verified};
use ledger_types::cloud::{
    Bill, BillTotals, CloseReason, CurrentPricesResponse, ExecuteMsg, InstanceType, LeaseStatus,
    MonthlyTotalsResponse, Prices, QueryMsg, ReceiveMsg, Resources, StoredTerms,
};

const CNIC: usize = 0;
const PKU: usize = 1;
const USTC: usize = 2;

/// The bill the test expects: `hours` of `res` at `p`, plus `gb` of usage, capped at
/// `escrow`.
fn expected(res: &Resources, p: &Prices, seconds: u64, gb: u64, escrow: u128) -> (u128, u128) {
    // Whole-GiB hosts: the hourly price is exact, so the time charge is
    // floor(seconds × hourly / 3600).
    let time = u128::from(seconds) * hourly(res, p) / 3600;
    let amount = (time + u128::from(gb) * u128::from(p.per_gb_transferred)).min(escrow);
    (amount, escrow - amount)
}

fn sum(bills: &[Bill]) -> BillTotals {
    let mut t = BillTotals::default();
    for b in bills {
        t.bills += 1;
        t.time_charged += b.time_charge;
        t.usage_charged += b.usage_charge;
        t.amount += b.amount;
        t.refunded += b.refund;
    }
    t
}

#[test]
fn three_organisations_lend_each_other_hosts() {
    let mut w = World::new();
    let t0 = w.s.now();
    let stranger = w.s.addrs.stranger.clone();

    // Anyone compares the providers' prices.
    let current: CurrentPricesResponse = w.query(&QueryMsg::CurrentPrices {
        start_after: None,
        limit: None,
    });
    let listed: Vec<(String, Prices)> = current
        .prices
        .iter()
        .map(|v| (v.provider.clone(), v.prices))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("cnic".to_string(), prices(CNIC)),
            ("pku".to_string(), prices(PKU)),
            ("ustc".to_string(), prices(USTC)),
        ]
    );

    // Lease A: pku's user takes a host at cnic for up to 10 hours, prepaying all of it; the
    // pair's terms are sealed to both organisations.
    let a_hourly = hourly(&host(), &prices(CNIC));
    let a_escrow = 10 * a_hourly;
    let a = w.running(PKU, CNIC, host(), 10 * HOUR, a_escrow);
    w.assert_query_refused(
        &QueryMsg::Terms { lease_id: a },
        ContractError::NoTerms { lease_id: a },
    );
    w.assert_query_refused(
        &QueryMsg::Terms { lease_id: a + 100 },
        ContractError::UnknownLease { lease_id: a + 100 },
    );
    let (terms, opening) = w.seal(
        CNIC,
        PKU,
        a,
        "host gpu-07.cnic, 159.226.0.7, ssh key fp 9a:1c",
    );
    let admin = w.admin(CNIC);
    w.exec(
        &admin,
        &ExecuteMsg::SealTerms {
            lease_id: a,
            terms: terms.clone(),
        },
    )
    .unwrap();

    // cnic doubles its vCPU price from t0 + 1h; lease A keeps version 1.
    let v2 = Prices {
        per_vcpu_hour: 20,
        ..prices(CNIC)
    };
    w.publish(CNIC, v2, t0 + HOUR).unwrap();
    w.s.advance_time(HOUR);

    // Lease B: ustc's user at cnic, priced under version 2.
    let b_escrow = 48 * hourly(&host(), &v2);
    let b = w.running(USTC, CNIC, host(), 48 * HOUR, b_escrow);
    assert_eq!(w.lease(a).price_version, 1);
    assert_eq!(w.lease(b).price_version, 2);
    assert_eq!(w.lease(b).prices, v2);

    // Lease D: pku's user at ustc with only the minimum prepaid hour.
    let d_escrow = hourly(&host(), &prices(USTC));
    let d = w.running(PKU, USTC, host(), 24 * HOUR, d_escrow);

    // A request past pku's vCPU quota at ustc is refused, naming what is left.
    let pku_user = w.user(PKU);
    let greedy = Resources {
        vcpus: 13,
        ..host()
    };
    w.assert_refused(
        |w| w.request(&pku_user, USTC, greedy, HOUR, 10_000),
        ContractError::OverQuota {
            resource: "vcpus".into(),
            requested: 13,
            limit: 16,
            in_use: 4,
            left: 12,
        },
    );

    // Lease E: ustc's user asks pku, which rejects it; the escrow comes back whole.
    let ustc_user = w.user(USTC);
    let before = w.balance(&ustc_user);
    let e = w.requested(USTC, PKU, host(), 2 * HOUR, 1_000);
    let pku_admin = w.admin(PKU);
    w.exec(
        &pku_admin,
        &ExecuteMsg::RejectLease {
            lease_id: e,
            reason: "maintenance window".into(),
        },
    )
    .unwrap();
    assert_eq!(w.balance(&ustc_user), before);
    assert_eq!(w.lease(e).status, LeaseStatus::Rejected);
    assert!(
        w.try_query::<Bill>(&QueryMsg::Bill { lease_id: e })
            .is_none()
    );

    // cnic's agent reports lease A's traffic.
    w.s.advance_time(HOUR);
    let records = vec![
        w.usage(CNIC, a, 1, 5, (t0, t0 + HOUR)),
        w.usage(CNIC, a, 2, 7, (t0 + HOUR, t0 + 2 * HOUR)),
    ];
    w.submit(records).unwrap();
    assert_eq!(w.lease(a).usage_gb, 12);
    w.assert_escrow_conserved();

    // t0 + 3h: pku's user releases A early.
    w.s.advance_time(HOUR);
    let cnic_admin = w.admin(CNIC);
    let cnic_paid_before = w.balance(&cnic_admin);
    let pku_before = w.balance(&pku_user);
    w.release(&pku_user, a).unwrap();
    let bill_a = w.bill(a);
    let (amount, refund) = expected(&host(), &prices(CNIC), 3 * HOUR, 12, a_escrow);
    assert_eq!(bill_a.reason, CloseReason::ReleasedByUser);
    assert_eq!(
        (bill_a.amount.u128(), bill_a.refund.u128()),
        (amount, refund)
    );
    assert_eq!(bill_a.price_version, 1);
    assert_eq!(w.balance(&cnic_admin), cnic_paid_before + amount);
    assert_eq!(w.balance(&pku_user), pku_before + refund);

    // Lease D's hour of escrow is used up: a third party closes it and ustc is paid all of it.
    w.assert_refused(
        |w| w.release(&stranger, d),
        ContractError::NotLeaseParty {
            lease_id: d,
            sender: stranger.clone(),
        },
    );
    w.close(&stranger, d).unwrap();
    let bill_d = w.bill(d);
    assert_eq!(bill_d.reason, CloseReason::FundsExhausted);
    assert_eq!((bill_d.amount.u128(), bill_d.refund.u128()), (d_escrow, 0));
    assert_eq!(bill_d.closed_by, stranger);

    // Lease C: cnic's user at pku for at most 2 hours; closed by a third party after 3.
    let c_escrow = 5 * hourly(&host(), &prices(PKU));
    let c = w.running(CNIC, PKU, host(), 2 * HOUR, c_escrow);

    // Lease F: pku starts selling an instance type beside its unit prices, and ustc's user
    // asks for one by name; it holds the type's resources and is billed at its hourly price.
    let medium = InstanceType {
        name: "g1.medium".into(),
        resources: Resources {
            vcpus: 2,
            memory_mib: 4 * 1024,
            disk_gib: 40,
            public_ips: 0,
            gpus: 0,
        },
        per_hour: 47,
    };
    let now = w.s.now();
    w.publish_list(PKU, prices(PKU), vec![medium.clone()], now)
        .unwrap();
    let f_escrow = 4 * u128::from(medium.per_hour);
    let ask = ReceiveMsg::RequestLease {
        provider: w.id(PKU),
        resources: None,
        instance_type: Some("g1.medium".into()),
        holding_seconds: 4 * HOUR,
        terms: None,
    };
    let res = w.send(&ustc_user, f_escrow, &ask).unwrap();
    let f: u64 = common::attr(&res, "lease_id").parse().unwrap();
    assert_eq!(w.lease(f).resources, medium.resources);
    assert_eq!(w.quota_of(PKU, USTC).in_use, medium.resources);
    w.accept(PKU, f).unwrap();
    w.s.advance_time(HOUR);
    let charge = w.lease(c).escrow;
    w.assert_refused(
        |w| w.close(&stranger, c),
        ContractError::LeaseNotClosable {
            lease_id: c,
            holding_ends_at: t0 + 5 * HOUR,
            charge: Uint128::new(hourly(&host(), &prices(PKU))),
            escrow: charge,
        },
    );
    w.s.advance_time(2 * HOUR);
    w.close(&stranger, c).unwrap();
    let bill_c = w.bill(c);
    assert_eq!(bill_c.reason, CloseReason::HoldingPeriodOver);
    assert_eq!(bill_c.charged_until, t0 + 5 * HOUR);
    let (amount, refund) = expected(&host(), &prices(PKU), 2 * HOUR, 0, c_escrow);
    assert_eq!(
        (bill_c.amount.u128(), bill_c.refund.u128()),
        (amount, refund)
    );

    // t0 + 6h: ustc's user releases F after 3 hours: 3 × 47, from the type's price alone.
    w.release(&ustc_user, f).unwrap();
    let bill_f = w.bill(f);
    let f_amount = u128::from(3 * HOUR) * u128::from(medium.per_hour) / 3600;
    assert_eq!(bill_f.instance_type.as_deref(), Some("g1.medium"));
    assert_eq!(bill_f.price_version, 2);
    assert_eq!(
        (bill_f.amount.u128(), bill_f.refund.u128()),
        (f_amount, f_escrow - f_amount)
    );

    // t0 + 6h: cnic releases B, which ran 5 hours under version 2.
    w.release(&cnic_admin, b).unwrap();
    let bill_b = w.bill(b);
    assert_eq!(bill_b.reason, CloseReason::ReleasedByProvider);
    let (amount, refund) = expected(&host(), &v2, 5 * HOUR, 0, b_escrow);
    assert_eq!(
        (bill_b.amount.u128(), bill_b.refund.u128()),
        (amount, refund)
    );

    // Every lease is billed once: closing again is refused, and nothing changes.
    w.assert_refused(
        |w| w.close(&stranger, a),
        ContractError::LeaseNotRunning {
            lease_id: a,
            status: "closed".into(),
        },
    );

    // Bills by provider (by time), by pair and by consumer; totals equal their sums.
    let cnic_bills = w.provider_bills(CNIC, None);
    assert_eq!(
        cnic_bills.iter().map(|b| b.lease_id).collect::<Vec<_>>(),
        vec![a, b]
    );
    assert_eq!(w.provider_bills(CNIC, Some(USTC)), vec![bill_b.clone()]);
    assert_eq!(w.consumer_bills(PKU), vec![bill_a.clone(), bill_d.clone()]);
    for i in 0..3 {
        assert_eq!(w.provider_totals(i), sum(&w.provider_bills(i, None)));
        assert_eq!(w.consumer_totals(i), sum(&w.consumer_bills(i)));
    }
    let months: MonthlyTotalsResponse = w.query(&QueryMsg::MonthlyTotals {
        provider: w.id(CNIC),
        start_after: None,
        limit: None,
    });
    assert_eq!(months.months.len(), 1);
    assert_eq!(months.months[0].month, 202_611);
    assert_eq!(months.months[0].totals, sum(&cnic_bills));

    // Every quota is free again, and every token is accounted for.
    for (p, c) in [
        (CNIC, PKU),
        (CNIC, USTC),
        (PKU, CNIC),
        (PKU, USTC),
        (USTC, PKU),
    ] {
        assert_eq!(w.quota_of(p, c).in_use, Resources::default());
    }
    w.assert_escrow_conserved();
    assert_eq!(w.balance(&w.cloud), 0);

    // The pair reads its terms; the third organisation cannot.
    let stored: StoredTerms = w.query(&QueryMsg::Terms { lease_id: a });
    assert_eq!(stored.for_provider, terms.for_provider);
    assert_eq!(stored.provider_key, w.orgs[CNIC].public_key());
    let context = w.terms_context(a);
    for (org, envelope) in [(CNIC, &stored.for_provider), (PKU, &stored.for_consumer)] {
        let opened =
            open_field_verified(&w.orgs[org].key, envelope, &context, &stored.commitment).unwrap();
        assert_eq!(opened.value, opening.value);
    }
    for envelope in [&stored.for_provider, &stored.for_consumer] {
        assert!(open_field(&w.orgs[USTC].key, envelope, &context).is_err());
    }
    // Nor do the envelopes open as another lease's terms.
    assert!(
        open_field(
            &w.orgs[CNIC].key,
            &stored.for_provider,
            &w.terms_context(a + 1)
        )
        .is_err()
    );
    // Nor can it seal terms for the pair.
    let ustc_admin = w.admin(USTC);
    w.assert_refused(
        |w| {
            w.exec(
                &ustc_admin,
                &ExecuteMsg::SealTerms {
                    lease_id: a,
                    terms: terms.clone(),
                },
            )
        },
        ContractError::NotLeaseParty {
            lease_id: a,
            sender: ustc_admin.clone(),
        },
    );
}
