//! Borrowers' data never reaches the chain in clear.
//!
//! The whole loan-share flow runs (keys, tokens, three plans of three kinds of loan, two
//! confirmations, every field disclosed, a withdrawal, a redemption); then every key and value
//! in the storage of every contract of the App, every message the clients sent (including the
//! hooks inside token sends) and every response and event they got back are searched for every
//! sensitive value of every borrower: as UTF-8, as hex and as base64 at each of the three
//! alignments (the encodings a leaked value would take in JSON, `Binary` or `HexBinary`). The
//! search is shown to work: it finds the non-sensitive facts that are meant to be in clear, and
//! it finds a sensitive value planted in a copy of the storage.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Binary, HexBinary};
use ledger_testing::{Suite, SuiteBuilder, sample_applications};

/// The forms a value may take once serialised: itself, hex (either case) and the part of its
/// base64 that does not depend on what precedes or follows it, at each of the three alignments.
fn encodings(value: &str) -> Vec<Vec<u8>> {
    let bytes = value.as_bytes();
    let hex = HexBinary::from(bytes).to_hex();
    let mut out = vec![
        bytes.to_vec(),
        hex.clone().into_bytes(),
        hex.to_uppercase().into_bytes(),
    ];
    for shift in 0..3usize {
        let mut shifted = vec![0u8; shift];
        shifted.extend_from_slice(bytes);
        let b64 = Binary::from(shifted.clone()).to_base64();
        // Drop the first group if the padding bytes share it, and the last one if it is partial.
        let head = if shift == 0 { 0 } else { 4 };
        let tail = if shifted.len() % 3 == 0 { 0 } else { 4 };
        if b64.len() > head + tail + 4 {
            out.push(b64.as_bytes()[head..b64.len() - tail].to_vec());
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where `value` shows, in any of its encodings, among the named byte strings.
fn leaks<'a>(haystacks: &'a [(String, Vec<u8>)], value: &str) -> Vec<&'a str> {
    let forms = encodings(value);
    haystacks
        .iter()
        .filter(|(_, bytes)| forms.iter().any(|form| find(bytes, form)))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// Every key and value stored by every contract of the world, named by contract.
fn storage(s: &Suite) -> Vec<(String, Vec<u8>)> {
    let mut contracts: Vec<(&str, Addr)> = vec![
        ("admin", s.admin.clone()),
        ("tariff", s.tariff.clone()),
        ("bank", s.bank.clone()),
        ("settlement token", s.token.clone()),
        ("loan-share", s.loan_contract()),
        ("consortium token", s.loan_token()),
    ];
    for m in s.meters() {
        contracts.push(("meter", m.contract));
    }
    let mut out = vec![];
    for (name, address) in contracts {
        let records = s.app.dump_wasm_raw(&address);
        assert!(!records.is_empty(), "{name} stores nothing?");
        for (key, value) in records {
            let label = format!("{name} storage key {}", String::from_utf8_lossy(&key));
            out.push((format!("{label} (key)"), key));
            out.push((label, value));
        }
    }
    out
}

#[test]
fn no_sensitive_value_appears_in_any_state_message_or_event() {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    let l = s.lenders();
    let apps = sample_applications();

    s.recharge(&l.issuer, "PAY-1", &l.lender_a, 100_00).unwrap();
    s.recharge(&l.issuer, "PAY-2", &l.lender_b, 100_00).unwrap();
    let mut plans = vec![];
    for app in &apps {
        let input = s.plan_of(&l.contributor, app, app.amount / 2, 3);
        plans.push(s.posted_plan(&l.contributor, input).unwrap());
    }
    s.advance_time(600);
    s.confirm_share(&l.lender_a, plans[0], 50_000_00, 1_800)
        .unwrap();
    s.confirm_share(&l.lender_b, plans[1], 20_000_00, 2_000)
        .unwrap();
    s.confirm_share(&l.lender_a, plans[1], 10_000_00, 1_900)
        .unwrap();
    s.disclose_pending(&l.contributor).unwrap();
    assert_eq!(s.disclosures().len(), 3 + 5 + 5);
    s.withdraw_plan(&l.contributor, plans[2]).unwrap();
    let earned = s.loan_balance(&l.contributor);
    s.request_loan_redemption(&l.contributor, earned, "ACCOUNT-1")
        .unwrap();
    s.redeem_loan_tokens(&l.issuer, 1, "PAYOUT-1").unwrap();
    // The participants did read the values (so they existed in clear on their side).
    let read = s.read_disclosures(&l.lender_b, 2);
    assert_eq!(read.len(), 5);
    assert!(read.iter().all(|(_, value)| value.is_ok()));

    let mut haystacks = storage(&s);
    let transcript = &s.loans.transcript;
    assert!(transcript.len() > 20, "the transcript recorded the flow");
    for (i, entry) in transcript.iter().enumerate() {
        haystacks.push((format!("transcript entry {i}"), entry.clone().into_bytes()));
    }

    let mut sensitive = 0;
    for app in &apps {
        for (field, value) in app.sensitive() {
            let found = leaks(&haystacks, &value);
            assert!(
                found.is_empty(),
                "{} of {} ({value:?}) appears in clear in: {found:?}",
                field.as_str(),
                app.asset_id
            );
            sensitive += 1;
        }
    }
    assert_eq!(sensitive, 3 + 5 + 3);

    // The search does see what is meant to be public ...
    for app in &apps {
        assert!(
            !leaks(&haystacks, &app.asset_id).is_empty(),
            "asset id {} not found: the scan is blind",
            app.asset_id
        );
        assert!(!leaks(&haystacks, &app.risk_score).is_empty() || app.risk_score.len() < 3);
    }
    // ... and would see a sensitive value in any encoding, wherever it was planted.
    let value = &apps[1].phone;
    for (i, form) in [
        value.clone().into_bytes(),
        format!("{{\"v\":\"{}\"}}", HexBinary::from(value.as_bytes())).into_bytes(),
        format!("x{}", Binary::from(value.as_bytes())).into_bytes(),
        format!(
            "{}",
            Binary::from([b"ab".as_slice(), value.as_bytes()].concat())
        )
        .into_bytes(),
        format!(
            "{}",
            Binary::from([b"a".as_slice(), value.as_bytes(), b"zz"].concat())
        )
        .into_bytes(),
    ]
    .into_iter()
    .enumerate()
    {
        let planted = vec![(format!("planted {i}"), form)];
        assert_eq!(
            leaks(&planted, value).len(),
            1,
            "planted form {i} not found"
        );
    }
}
