//! Blacklisting, suspension, clawback, the cancel rule, serial binding and the emergency pause
//! of the draft contract, through its public interface: every refusal with its exact error and
//! no contract's state changed.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Addr;
use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;
use ledger_contract_kit::GuardError;
use ledger_draft::ContractError;
use ledger_testing::{DAY, Suite, SuiteBuilder, bank_record};
use ledger_types::admin::{ParticipantStatus, Role};
use ledger_types::draft::{
    ClawbackReason, DraftRole, DraftStatus, EventKind, ExecuteMsg, HopCheck, QueryMsg,
};
use ledger_types::emergency::PauseStatus;

const AMOUNT: u128 = 100_000_00;
const REASON: &str = "sanctions list 2026-12";

/// The province holds ten stages' worth; `drafts` projects are approved and issued a standard
/// draft each (ids 1..). Every draft party is a registered participant (the registry needs a
/// role; `Consumer` is the plainest), so that the blacklister and the administrator can act on
/// it.
fn world(drafts: usize) -> (Suite, Vec<u64>) {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    for (address, _) in p.roles() {
        s.register_participant(&admin, &address, "draft party", vec![Role::Consumer])
            .unwrap();
    }
    let ids = s.standard_drafts(drafts, AMOUNT, "Drinking water");
    (s, ids)
}

fn blacklist(s: &mut Suite, address: &Addr) {
    let blacklister = s.addrs.blacklister.clone();
    s.blacklist(&blacklister, address, REASON).unwrap();
}

fn blacklisted(address: &Addr) -> ContractError {
    ContractError::Guard(GuardError::Blacklisted {
        address: address.clone(),
        reason: REASON.to_string(),
    })
}

fn suspended(address: &Addr) -> ContractError {
    ContractError::Guard(GuardError::Suspended {
        address: address.clone(),
    })
}

fn clawback(s: &mut Suite, sender: &Addr, draft_id: u64, reason: &str) -> AnyResult<AppResponse> {
    s.execute_draft(
        sender,
        &ExecuteMsg::Clawback {
            draft_id,
            reason: reason.to_string(),
        },
    )
}

/// Endorses a draft `hops` times, each with a serial of its own.
fn endorse_hops(s: &mut Suite, id: u64, hops: usize) {
    for hop in 0..hops {
        s.endorse_next(id, &format!("D{id}-S{hop}")).unwrap();
    }
}

// ------------------------------------------------------------------ issue

#[test]
fn a_draft_is_not_issued_to_a_chain_with_a_blacklisted_or_suspended_holder() {
    let (mut s, _) = world(0);
    let p = s.parties.clone();
    let app = s.application("Bridge", &[AMOUNT]);
    let project = s.applied_project(&p.county, app).unwrap();
    s.approve_all_levels(project, 1).unwrap();
    let terms = s.standard_terms(project, 1, s.now() + 30 * DAY);

    // The county fund company (hop 3) is blacklisted: the draft is refused at issue.
    blacklist(&mut s, &p.county_fund);
    let t = terms.clone();
    s.assert_refused(
        |s| s.issue_draft(&p.province, AMOUNT, t),
        blacklisted(&p.county_fund),
    );
    let blacklister = s.addrs.blacklister.clone();
    s.unblacklist(&blacklister, &p.county_fund).unwrap();

    // A suspended holder may not receive a new draft either.
    let admin = s.addrs.administrator.clone();
    s.set_participant_status(&admin, &p.commercial_bank, ParticipantStatus::Suspended)
        .unwrap();
    let t = terms.clone();
    s.assert_refused(
        |s| s.issue_draft(&p.province, AMOUNT, t),
        suspended(&p.commercial_bank),
    );
    s.set_participant_status(&admin, &p.commercial_bank, ParticipantStatus::Active)
        .unwrap();

    // Nor may a blacklisted issuer issue one: its funds cannot even leave its wallet, so the
    // settlement token refuses the Send that would carry them to the draft contract.
    blacklist(&mut s, &p.province);
    let t = terms.clone();
    s.assert_refused(
        |s| s.issue_draft(&p.province, AMOUNT, t),
        ledger_settlement_token::ContractError::Guard(GuardError::Blacklisted {
            address: p.province.clone(),
            reason: REASON.to_string(),
        }),
    );
    s.unblacklist(&blacklister, &p.province).unwrap();
    s.issued_draft(&p.province, AMOUNT, terms).unwrap();
    s.assert_draft_books();
}

// ------------------------------------------------------------------ endorse

#[test]
fn no_draft_or_release_reaches_or_leaves_a_blacklisted_holder() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    let p = s.parties.clone();
    endorse_hops(&mut s, id, 3); // now held by the partnership fund

    // The next holder, the county fund company, is blacklisted: the draft and its 6% release
    // cannot reach it.
    blacklist(&mut s, &p.county_fund);
    s.assert_refused(
        |s| s.endorse(&p.partnership_fund, id, &p.county_fund, "D1-S3"),
        blacklisted(&p.county_fund),
    );
    assert_eq!(s.balance(&p.county_fund), 0);

    // A blacklisted holder cannot pass the draft on either.
    let blacklister = s.addrs.blacklister.clone();
    s.unblacklist(&blacklister, &p.county_fund).unwrap();
    blacklist(&mut s, &p.partnership_fund);
    s.assert_refused(
        |s| s.endorse(&p.partnership_fund, id, &p.county_fund, "D1-S3"),
        blacklisted(&p.partnership_fund),
    );

    // A suspended holder may not act, nor a suspended next holder receive.
    s.unblacklist(&blacklister, &p.partnership_fund).unwrap();
    let admin = s.addrs.administrator.clone();
    s.set_participant_status(&admin, &p.county_fund, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.endorse(&p.partnership_fund, id, &p.county_fund, "D1-S3"),
        suspended(&p.county_fund),
    );
    s.set_participant_status(&admin, &p.county_fund, ParticipantStatus::Active)
        .unwrap();
    s.endorse(&p.partnership_fund, id, &p.county_fund, "D1-S3")
        .unwrap();
    assert_eq!(s.balance(&p.county_fund), AMOUNT * 6 / 100);
    s.assert_draft_books();
}

// ------------------------------------------------------------------ clawback

#[test]
fn the_issuer_claws_back_a_draft_held_by_a_blacklisted_holder() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    let p = s.parties.clone();
    endorse_hops(&mut s, id, 4); // the county fund holds it; 6% released to it
    let province_before = s.balance(&p.province);
    let fund_before = s.balance(&p.county_fund);
    let locked = s.draft(id).unwrap().locked.u128();
    assert_eq!(locked, AMOUNT - AMOUNT * 6 / 100);

    // While the holder stands well there is nothing to claw back.
    s.assert_refused(
        |s| clawback(s, &p.province, id, "fraud suspected"),
        ContractError::HolderNotBlacklisted {
            draft_id: id,
            holder: p.county_fund.clone(),
        },
    );

    blacklist(&mut s, &p.county_fund);
    s.assert_refused(
        |s| s.endorse(&p.county_fund, id, &p.unit, "D1-S4"),
        blacklisted(&p.county_fund),
    );
    s.clawback_is_refused_to_strangers_and_bad_input(id);

    let res = clawback(&mut s, &p.province, id, "county fund blacklisted").unwrap();
    assert!(res.events.iter().any(|e| {
        e.attributes
            .iter()
            .any(|a| a.key == "action" && a.value == "clawback")
    }));
    let d = s.draft(id).unwrap();
    assert_eq!(d.status, DraftStatus::ClawedBack);
    assert_eq!((d.locked.u128(), d.clawed_back.u128()), (0, locked));
    assert_eq!(d.holder, p.county_fund);
    // What the draft still locked went back to the province; what the county fund had already
    // received stays where it is.
    assert_eq!(s.balance(&p.province), province_before + locked);
    assert_eq!(s.balance(&p.county_fund), fund_before);
    let last = s.draft_history(id).pop().unwrap();
    assert_eq!(
        last.kind,
        EventKind::ClawedBack {
            draft_id: id,
            amount: d.clawed_back,
            reason: ClawbackReason::HolderBlacklisted,
            note: "county fund blacklisted".to_string(),
        }
    );
    s.assert_refused(
        |s| clawback(s, &p.province, id, "again"),
        ContractError::DraftClosed {
            draft_id: id,
            status: "clawed_back".to_string(),
        },
    );
    s.assert_draft_books();
}

impl ClawbackChecks for Suite {
    fn clawback_is_refused_to_strangers_and_bad_input(&mut self, id: u64) {
        let p = self.parties.clone();
        let other_issuer = self.addr("other-province");
        let admin = self.addrs.administrator.clone();
        self.set_draft_roles(&admin, &other_issuer, vec![DraftRole::Issuer])
            .unwrap();
        for sender in [
            self.addrs.stranger.clone(),
            other_issuer,
            p.county_fund.clone(),
            p.unit.clone(),
        ] {
            self.assert_refused(
                |s| clawback(s, &sender, id, "mine now"),
                ContractError::NotDraftIssuer {
                    draft_id: id,
                    issuer: p.province.clone(),
                    sender: sender.clone(),
                },
            );
        }
        self.assert_refused(
            |s| clawback(s, &p.province, 99, "x"),
            ContractError::DraftNotFound { draft_id: 99 },
        );
        self.assert_refused(
            |s| clawback(s, &p.province, id, ""),
            ContractError::EmptyText {
                field: "clawback reason".to_string(),
            },
        );
        self.assert_refused(
            |s| clawback(s, &p.province, id, &"x".repeat(1_001)),
            ContractError::TextTooLong {
                field: "clawback reason".to_string(),
                len: 1_001,
                max: 1_000,
            },
        );
    }
}

trait ClawbackChecks {
    fn clawback_is_refused_to_strangers_and_bad_input(&mut self, id: u64);
}

#[test]
fn the_administrator_claws_back_too_but_never_to_a_blacklisted_issuer() {
    let (mut s, ids) = world(2);
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    endorse_hops(&mut s, ids[0], 1);
    blacklist(&mut s, &p.finance_department);
    // The administrator claws back the first draft; the province gets the whole amount back.
    let before = s.balance(&p.province);
    clawback(&mut s, &admin, ids[0], "blacklisted holder").unwrap();
    assert_eq!(s.balance(&p.province), before + AMOUNT);

    // With the province itself blacklisted, nothing may reach it: the second draft stays
    // locked, whoever asks and however it would close.
    let d2 = ids[1];
    blacklist(&mut s, &p.province);
    s.assert_refused(|s| clawback(s, &admin, d2, "x"), blacklisted(&p.province));
    s.assert_refused(
        |s| s.cancel_draft(&admin, d2, "x"),
        blacklisted(&p.province),
    );
    s.assert_refused(
        |s| s.cancel_draft(&p.province, d2, "x"),
        blacklisted(&p.province),
    );
    let expires_at = s.draft(d2).unwrap().expires_at;
    s.advance_to(expires_at);
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(|s| s.expire_draft(&stranger, d2), blacklisted(&p.province));
    assert_eq!(s.draft(d2).unwrap().locked.u128(), AMOUNT);
    s.assert_draft_books();
}

// ------------------------------------------------------------------ cancel

#[test]
fn only_the_drafts_own_issuer_or_the_administrator_cancels_it() {
    let (mut s, ids) = world(2);
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    let other_issuer = s.addr("other-province");
    s.set_draft_roles(&admin, &other_issuer, vec![DraftRole::Issuer])
        .unwrap();
    s.assert_refused(
        |s| s.cancel_draft(&other_issuer, ids[0], "not yours"),
        ContractError::NotDraftIssuer {
            draft_id: ids[0],
            issuer: p.province.clone(),
            sender: other_issuer.clone(),
        },
    );
    // A suspended issuer may not act.
    s.set_participant_status(&admin, &p.province, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.cancel_draft(&p.province, ids[0], "stop"),
        suspended(&p.province),
    );
    s.set_participant_status(&admin, &p.province, ParticipantStatus::Active)
        .unwrap();

    let before = s.balance(&p.province);
    s.cancel_draft(&p.province, ids[0], "stop").unwrap();
    s.cancel_draft(&admin, ids[1], "audit").unwrap();
    assert_eq!(s.balance(&p.province), before + 2 * AMOUNT);
    assert_eq!(s.draft(ids[1]).unwrap().status, DraftStatus::Cancelled);
    s.assert_draft_books();
}

// ------------------------------------------------------------------ serial binding

#[test]
fn a_serial_the_bank_posted_for_another_draft_cannot_be_endorsed_or_block_it() {
    let (mut s, ids) = world(2);
    let (a, b) = (ids[0], ids[1]);
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    let now = s.now();
    // The bank books draft B's first transfer.
    s.post_bank_records(
        &operator,
        vec![bank_record(
            b,
            "ICBC-B-0",
            &p.province,
            &p.finance_department,
            AMOUNT,
            now,
        )],
    )
    .unwrap();
    // The holder of draft A tries to endorse with B's serial: refused, nothing changes.
    s.assert_refused(
        |s| s.endorse(&p.province, a, &p.finance_department, "ICBC-B-0"),
        ContractError::SerialOfAnotherDraft {
            serial: "ICBC-B-0".to_string(),
            bound_to: b,
            draft_id: a,
        },
    );
    // B's real endorsement goes through and reconciles at once.
    s.endorse(&p.province, b, &p.finance_department, "ICBC-B-0")
        .unwrap();
    assert_eq!(s.draft(b).unwrap().hops[0].check, HopCheck::Reconciled);

    // The other order: A's holder endorses first with a serial that will be B's. It does not
    // block B: the serial stays a missing bank record on A, and B's endorsement with it
    // reconciles once the bank posts it for B.
    s.endorse(&p.province, a, &p.finance_department, "ICBC-B-1")
        .unwrap();
    s.endorse(&p.finance_department, b, &p.commercial_bank, "ICBC-B-1")
        .unwrap();
    let now = s.now();
    let value = s.draft(b).unwrap().hops[1].value.u128();
    s.post_bank_records(
        &operator,
        vec![bank_record(
            b,
            "ICBC-B-1",
            &p.finance_department,
            &p.commercial_bank,
            value,
            now,
        )],
    )
    .unwrap();
    assert_eq!(s.draft(b).unwrap().hops[1].check, HopCheck::Reconciled);
    assert_eq!(
        s.draft(a).unwrap().hops[0].check,
        HopCheck::MissingBankRecord
    );
    assert_eq!(s.discrepancies()[0].draft_id, a);

    // A record for a draft that does not exist is refused.
    s.assert_refused(
        |s| {
            s.post_bank_records(
                &operator,
                vec![bank_record(
                    99,
                    "ICBC-X",
                    &p.province,
                    &p.finance_department,
                    1,
                    now,
                )],
            )
        },
        ContractError::DraftNotFound { draft_id: 99 },
    );
    s.assert_draft_books();
}

// ------------------------------------------------------------------ pause

#[test]
fn a_guardian_pauses_the_draft_contract_and_only_the_administrator_resumes_it() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    let guardian = s.add_guardian("guardian").unwrap();
    let stranger = s.addrs.stranger.clone();
    let pause = |reason: &str| ExecuteMsg::Pause {
        reason: reason.to_string(),
    };

    s.assert_refused(
        |s| s.execute_draft(&stranger, &pause("x")),
        ContractError::Guard(GuardError::NotGuardian {
            sender: stranger.clone(),
        }),
    );
    s.assert_refused(
        |s| s.execute_draft(&guardian, &pause(&"x".repeat(257))),
        ContractError::Guard(GuardError::PauseReasonTooLong { len: 257, max: 256 }),
    );
    s.assert_refused(
        |s| s.execute_draft(&admin, &ExecuteMsg::Unpause {}),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "running".to_string(),
        }),
    );
    s.execute_draft(&guardian, &pause("keys leaked")).unwrap();
    let since = s.now();
    let paused = || {
        ContractError::Guard(GuardError::Paused {
            by: guardian.clone(),
            since,
            reason: "keys leaked".to_string(),
        })
    };
    let status: PauseStatus = s
        .query(&s.draft_contract(), &QueryMsg::PauseStatus {})
        .unwrap();
    assert_eq!(
        status,
        PauseStatus {
            paused: true,
            by: Some(guardian.clone()),
            since: Some(since),
            reason: Some("keys leaked".to_string()),
        }
    );
    // Value movements and record changes stop; queries keep working.
    s.assert_refused(|s| s.endorse_next(id, "S-0"), paused());
    s.assert_refused(|s| s.cancel_draft(&p.province, id, "stop"), paused());
    let terms = s.standard_terms(1, 1, s.now() + DAY);
    s.assert_refused(|s| s.issue_draft(&p.province, AMOUNT, terms), paused());
    assert_eq!(s.draft(id).unwrap().locked.u128(), AMOUNT);
    s.assert_refused(
        |s| s.execute_draft(&guardian, &ExecuteMsg::Unpause {}),
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: guardian.clone(),
        }),
    );
    s.execute_draft(&admin, &ExecuteMsg::Unpause {}).unwrap();
    s.endorse_next(id, "S-0").unwrap();
    s.assert_draft_books();
}
