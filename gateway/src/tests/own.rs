//! A participant's own money and transactions: holdings, instalments, and transactions
//! prepared for her browser and relayed once signed, with a relay that records what it was
//! asked for.

use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ledger_client::cosmrs::tx::{Body, Fee, SignerInfo};
use ledger_client::{UnsignedTx, msgs};
use ledger_types::bank::{Instalment, InstalmentKind, InstalmentStatus};

use super::*;
use crate::bank_reads::Holdings;
use crate::own_tx::{OwnAction, OwnTransactions, SignedTx};
use crate::signer::Acted;

/// The settlement token of the test deployment (a contract's 32-byte address).
pub(crate) fn token_contract() -> String {
    ledger_client::cosmrs::AccountId::new("wasm", &[5u8; 32])
        .unwrap()
        .to_string()
}

/// Prepares a fixed transaction and records what it was asked to prepare and relay.
#[derive(Default)]
pub(crate) struct Relay {
    prepared: Mutex<Vec<(Vec<u8>, OwnAction)>>,
    submitted: Mutex<Vec<SignedTx>>,
}

impl OwnTransactions for Relay {
    fn prepare(&self, public_key: Vec<u8>, action: OwnAction) -> ChainFuture<'_, UnsignedTx> {
        self.prepared.lock().unwrap().push((public_key, action));
        Box::pin(async {
            Ok(UnsignedTx {
                body_bytes: vec![1, 2, 3],
                auth_info_bytes: vec![4, 5],
                chain_id: "ledger-test".to_string(),
                account_number: 7,
                sequence: 3,
                gas_limit: 180_000,
                fee: vec![msgs::coin(4_500, "stake").unwrap()],
            })
        })
    }

    fn contracts(&self) -> Vec<String> {
        vec![token_contract()]
    }

    fn submit(&self, signed: SignedTx) -> ChainFuture<'_, Acted> {
        let mut submitted = self.submitted.lock().unwrap();
        submitted.push(signed);
        let acted = Acted {
            tx_hash: format!("OWN{}", submitted.len()),
            height: 200,
            attributes: Default::default(),
        };
        Box::pin(async move { Ok(acted) })
    }
}

fn instalment(id: u64, meter_id: &str, owner: u8) -> Instalment {
    Instalment {
        id,
        meter_id: meter_id.to_string(),
        consumer: Addr::unchecked(address(owner)),
        retailer: Addr::unchecked(address(4)),
        period: 1,
        kind: InstalmentKind::Final,
        due: 1_702_600_000 + id,
        amount: Uint128::new(6_000),
        paid: Uint128::new(if id == 1 { 6_000 } else { 0 }),
        status: if id == 1 {
            InstalmentStatus::Paid
        } else {
            InstalmentStatus::Open
        },
    }
}

/// The gateway over the test ledger, with Alice's instalments and tokens, and `relay`.
fn app_relaying(relay: &Arc<Relay>) -> Router {
    let mut bank = crate::api::actions::tests::MemoryBank::default();
    bank.instalments = vec![
        instalment(1, "m-alice-1", 2),
        instalment(2, "m-alice-1", 2),
        instalment(3, "m-bob-1", 3),
        instalment(4, "m-alice-1", 2),
    ];
    bank.holdings.insert(
        address(2),
        Holdings {
            wallet: Uint128::new(12_000),
            prepaid: Uint128::new(3_500),
        },
    );
    app_with(
        ledger(),
        Options {
            bank,
            own: relay.clone(),
            ..Options::default()
        },
    )
}

fn public_key_b64(seed: u8) -> String {
    let (key, _, _) = test_key(seed);
    BASE64.encode(key.verifying_key().to_encoded_point(true).as_bytes())
}

/// A transaction of `sender`'s account calling `contract`, signed (in its signer info) by
/// `signer`'s key.
fn own_tx(sender: u8, contract: &str, signer: u8) -> Value {
    let (key, _, _) = test_key(signer);
    let public = ledger_client::cosmrs::crypto::PublicKey::from(key.verifying_key());
    let call = msgs::execute_raw(
        &msgs::account_id(&address(sender)).unwrap(),
        contract,
        br#"{"send":{}}"#.to_vec(),
        vec![],
    )
    .unwrap();
    let auth = SignerInfo::single_direct(Some(public), 0).auth_info(Fee::from_amount_and_gas(
        msgs::coin(1, "stake").unwrap(),
        100_000u64,
    ));
    json!({
        "body_bytes": BASE64.encode(Body::new(vec![call], "", 0u32).into_bytes().unwrap()),
        "auth_info_bytes": BASE64.encode(auth.into_bytes().unwrap()),
        "signature": BASE64.encode([7u8; 64]),
    })
}

fn prepay(amount: &str, key_of: u8) -> Value {
    json!({"public_key": public_key_b64(key_of), "action": {"prepay": {"amount": amount}}})
}

#[tokio::test]
async fn a_consumer_sees_her_holdings_and_her_meters_instalments() {
    let relay = Arc::new(Relay::default());
    let app = app_relaying(&relay);
    let alice = token(&app, 2).await;
    let (status, holdings) = call(&app, Method::GET, "/api/me/holdings", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{holdings}");
    assert_eq!(holdings, json!({"wallet": "12000", "prepaid": "3500"}));

    let uri = "/api/meters/m-alice-1/instalments?limit=2";
    let (status, page) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let ids: Vec<u64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect();
    assert_eq!((ids, page["has_more"].clone()), (vec![1, 2], json!(true)));
    assert_eq!(page["items"][0]["status"], "paid");
    let uri = "/api/meters/m-alice-1/instalments?start_after=2";
    let (_, rest) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(rest["items"][0]["id"], 4);
    assert_eq!(rest["has_more"], false);

    // Bob's meter is not hers; a bank operator sees any meter's.
    let uri = "/api/meters/m-bob-1/instalments";
    let (status, refused) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::FORBIDDEN, codes::FORBIDDEN)
    );
    let bank = token(&app, 5).await;
    let (status, page) = call(&app, Method::GET, uri, Some(&bank), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"][0]["id"], 3);

    let uri = "/api/meters/m-alice-1/instalments?start_after=first";
    let (status, refused) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
    );
    let (status, refused) = call(&app, Method::GET, "/api/me/holdings", None, None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED)
    );
}

#[tokio::test]
async fn a_consumer_s_prepayment_is_prepared_for_her_key() {
    let relay = Arc::new(Relay::default());
    let app = app_relaying(&relay);
    let alice = token(&app, 2).await;
    let uri = "/api/me/transactions/prepare";
    let (status, prepared) = call(
        &app,
        Method::POST,
        uri,
        Some(&alice),
        Some(prepay("2500", 2)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{prepared}");
    assert_eq!(
        prepared,
        json!({
            "body_bytes": BASE64.encode([1, 2, 3]),
            "auth_info_bytes": BASE64.encode([4, 5]),
            "chain_id": "ledger-test",
            "account_number": 7,
            "sequence": 3,
            "gas_limit": 180000,
            "fee": "4500stake",
        })
    );
    let prepared = relay.prepared.lock().unwrap().clone();
    assert_eq!(prepared.len(), 1);
    assert_eq!(BASE64.encode(&prepared[0].0), public_key_b64(2));
    assert_eq!(
        prepared[0].1,
        OwnAction::Prepay {
            amount: Uint128::new(2_500)
        }
    );
}

#[tokio::test]
async fn what_cannot_be_prepared_is_refused_by_code_and_nothing_is_prepared() {
    let relay = Arc::new(Relay::default());
    let app = app_relaying(&relay);
    let alice = token(&app, 2).await;
    let retailer = token(&app, 4).await;
    let uri = "/api/me/transactions/prepare";
    let redemption = json!({"public_key": public_key_b64(4),
        "action": {"request_redemption": {"amount": "100", "payout_account": "  "}}});
    let cases = [
        (
            None,
            prepay("2500", 2),
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHENTICATED,
        ),
        (
            Some(&alice),
            prepay("2500", 3),
            StatusCode::FORBIDDEN,
            codes::ADDRESS_MISMATCH,
        ),
        (
            Some(&retailer),
            prepay("2500", 4),
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
        ),
        (
            Some(&alice),
            prepay("0", 2),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            Some(&alice),
            prepay("12.5", 2),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            Some(&alice),
            json!({"public_key": "not base64!", "action": {"prepay": {"amount": "1"}}}),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            Some(&alice),
            json!({"public_key": BASE64.encode([2u8; 32]), "action": {"prepay": {"amount": "1"}}}),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            Some(&alice),
            json!({"public_key": public_key_b64(2), "action": {"transfer": {"amount": "1"}}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::BAD_REQUEST,
        ),
        (
            Some(&retailer),
            redemption,
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
    ];
    for (token, body, status, expected) in cases {
        let (got, answer) = call(
            &app,
            Method::POST,
            uri,
            token.map(String::as_str),
            Some(body.clone()),
        )
        .await;
        assert_eq!((got, code(&answer)), (status, expected), "{body}: {answer}");
    }
    assert!(relay.prepared.lock().unwrap().is_empty());

    // A blacklisted consumer's session is refused before anything is read.
    let blake = login(&app, 8).await;
    assert_eq!(blake.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn only_her_own_call_of_the_token_is_relayed() {
    let relay = Arc::new(Relay::default());
    let app = app_relaying(&relay);
    let alice = token(&app, 2).await;
    let uri = "/api/me/transactions";
    let refused = [
        // Bob's transaction, sent through Alice's session.
        own_tx(3, &token_contract(), 3),
        // Her message, signed by someone else's key.
        own_tx(2, &token_contract(), 3),
        // A contract that is not the ledger's.
        own_tx(2, &address(4), 2),
    ];
    for body in refused {
        let (status, answer) = call(&app, Method::POST, uri, Some(&alice), Some(body)).await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::FORBIDDEN, codes::NOT_OWN_TRANSACTION),
            "{answer}"
        );
    }
    let mut not_base64 = own_tx(2, &token_contract(), 2);
    not_base64["signature"] = json!("%%%");
    let (status, answer) = call(&app, Method::POST, uri, Some(&alice), Some(not_base64)).await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
    );
    let (status, answer) = call(
        &app,
        Method::POST,
        uri,
        None,
        Some(own_tx(2, &token_contract(), 2)),
    )
    .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED)
    );
    assert!(relay.submitted.lock().unwrap().is_empty());

    let (status, receipt) = call(
        &app,
        Method::POST,
        uri,
        Some(&alice),
        Some(own_tx(2, &token_contract(), 2)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(receipt, json!({"tx_hash": "OWN1", "height": 200}));
    let submitted = relay.submitted.lock().unwrap();
    assert_eq!(submitted.len(), 1);
    assert_eq!(submitted[0].signature, vec![7u8; 64]);
}
