//! Passing a draft down its chain of holders and the banks' records of it.

use super::*;

// ------------------------------------------------------------------ Endorse

#[test]
fn endorse_by_anyone_but_the_current_holder_is_refused() {
    let (mut s, _, id) = issued();
    let p = s.parties.clone();
    // Not even the next holder can pull the draft to itself.
    for sender in [
        s.addrs.stranger.clone(),
        p.finance_department.clone(),
        p.unit.clone(),
        p.county.clone(),
    ] {
        s.assert_refused(
            |s| s.endorse(&sender, id, &p.finance_department, "S-1"),
            ContractError::NotCurrentHolder {
                draft_id: id,
                holder: p.province.clone(),
                sender: sender.clone(),
            },
        );
    }
    s.endorse_next(id, "S-0").unwrap();
    s.assert_refused(
        |s| s.endorse(&p.province, id, &p.commercial_bank, "S-1"),
        ContractError::NotCurrentHolder {
            draft_id: id,
            holder: p.finance_department.clone(),
            sender: p.province.clone(),
        },
    );
}

#[test]
fn endorse_with_bad_input_is_refused() {
    let (mut s, _, id) = issued();
    let p = s.parties.clone();
    let province = p.province.clone();
    s.assert_refused(
        |s| s.endorse(&province, 99, &p.finance_department, "S-0"),
        ContractError::DraftNotFound { draft_id: 99 },
    );
    // Skipping ahead to the unit, or to anyone off the plan.
    for to in [
        p.unit.clone(),
        p.commercial_bank.clone(),
        s.addrs.stranger.clone(),
    ] {
        s.assert_refused(
            |s| s.endorse(&province, id, &to, "S-0"),
            ContractError::NotNextHolder {
                draft_id: id,
                expected: p.finance_department.clone(),
                to: to.clone(),
            },
        );
    }
    s.assert_refused(
        |s| s.endorse(&province, id, &p.finance_department, "S 0"),
        ContractError::InvalidSerial {
            serial: "S 0".to_string(),
        },
    );
    s.assert_refused(
        |s| s.endorse(&province, id, &p.finance_department, ""),
        empty("serial number"),
    );
    s.assert_refused_with(
        |s| {
            s.execute_draft(
                &province,
                &ExecuteMsg::Endorse {
                    draft_id: id,
                    to: "Nobody".to_string(),
                    serial: "S-0".to_string(),
                },
            )
        },
        is_std,
    );
    s.endorse_next(id, "S-0").unwrap();
    let finance = p.finance_department.clone();
    s.assert_refused(
        |s| s.endorse(&finance, id, &p.commercial_bank, "S-0"),
        ContractError::SerialUsed {
            serial: "S-0".to_string(),
            draft_id: id,
            hop: 0,
        },
    );
    // Past its expiry nothing is endorsable.
    let expires_at = s.draft(id).unwrap().expires_at;
    s.advance_to(expires_at);
    s.assert_refused(
        |s| s.endorse(&finance, id, &p.commercial_bank, "S-1"),
        ContractError::DraftExpired {
            draft_id: id,
            expires_at,
        },
    );
}

#[test]
fn a_delivered_draft_cannot_be_endorsed_further() {
    let (mut s, _, id) = issued();
    for hop in 0..5 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    let unit = s.parties.unit.clone();
    let county = s.parties.county.clone();
    s.assert_refused(
        |s| s.endorse(&unit, id, &county, "S-5"),
        ContractError::DraftNotActive {
            draft_id: id,
            status: "delivered".to_string(),
        },
    );
}

// ------------------------------------------------------------------ PostBankRecords

#[test]
fn post_bank_records_by_anyone_but_an_active_bank_operator_is_refused() {
    let (mut s, _, _) = issued();
    let p = s.parties.clone();
    let now = s.now();
    let records = vec![bank_record(
        1,
        "S-0",
        &p.province,
        &p.finance_department,
        AMOUNT,
        now,
    )];
    for sender in [
        s.addrs.stranger.clone(),
        p.province.clone(),
        p.commercial_bank.clone(),
        s.addrs.administrator.clone(),
    ] {
        s.assert_refused(
            |s| s.post_bank_records(&sender, records.clone()),
            ContractError::NotBankOperator {
                sender: sender.clone(),
            },
        );
    }
    // A suspended operator may not post either.
    let admin = s.addrs.administrator.clone();
    let operator = s.addrs.bank_operator.clone();
    s.set_participant_status(&admin, &operator, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.post_bank_records(&operator, records),
        ContractError::NotBankOperator {
            sender: operator.clone(),
        },
    );
}

#[test]
fn post_bank_records_with_bad_input_is_refused() {
    let (mut s, _, _) = issued();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    let now = s.now();
    let good =
        |serial: &str| bank_record(1, serial, &p.province, &p.finance_department, AMOUNT, now);
    s.post_bank_records(&operator, vec![good("POSTED-1")])
        .unwrap();
    let many: Vec<_> = (0..51).map(|i| good(&format!("M-{i}"))).collect();
    let cases = vec![
        (
            vec![],
            ContractError::InvalidRecordCount { count: 0, max: 50 },
        ),
        (
            many,
            ContractError::InvalidRecordCount { count: 51, max: 50 },
        ),
        (
            vec![good("A-1"), good("A-2"), good("A-1")],
            ContractError::DuplicateSerial {
                serial: "A-1".to_string(),
            },
        ),
        (
            vec![good("A-1"), good("POSTED-1")],
            ContractError::BankRecordExists {
                serial: "POSTED-1".to_string(),
            },
        ),
        (
            vec![bank_record(1, "A-1", &p.province, &p.unit, AMOUNT, now + 1)],
            ContractError::BankRecordInFuture {
                serial: "A-1".to_string(),
                time: now + 1,
                now,
            },
        ),
        (
            vec![bank_record(1, "A-1", &p.province, &p.unit, 0, now)],
            ContractError::ZeroAmount {
                what: "amount of bank record A-1".to_string(),
            },
        ),
        (
            vec![good("A\t1")],
            ContractError::InvalidSerial {
                serial: "A\t1".to_string(),
            },
        ),
        (vec![good("")], empty("serial number")),
    ];
    for (records, expected) in cases {
        s.assert_refused(|s| s.post_bank_records(&operator, records), expected);
    }
    let mut bad_payer = good("A-1");
    bad_payer.payer = "ICBC account 6222".to_string();
    s.assert_refused_with(|s| s.post_bank_records(&operator, vec![bad_payer]), is_std);
    assert_eq!(s.bank_records().len(), 1);
}
