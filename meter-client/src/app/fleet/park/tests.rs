//! The traders against a simulated market: what lands in the book, what is sent, and what
//! becomes of refusals and lost answers.

use std::sync::Mutex;

use cosmwasm_std::from_json;
use cw20::Cw20ExecuteMsg;
use ledger_types::park::clearing::cost_ceil;
use ledger_types::park::{ExecuteMsg, ReceiveMsg, SlotSchedule};

use super::*;
use crate::park::ParkFile;

/// Monday 2026-06-22 00:00 UTC.
const ORIGIN: u64 = 1_782_086_400;
const SEED: u64 = 9;
const NOT_OWNER: &str = "[ledger:park.not_generator_owner] park-000001 belongs to someone else";

fn schedule() -> SlotSchedule {
    SlotSchedule {
        origin: ORIGIN,
        slot_seconds: 900,
        gate_closure_seconds: 300,
        settlement_delay_seconds: 120,
    }
}

fn park() -> ParkFile {
    serde_json::from_str(
        r#"{
          "generators": [ { "meter": 0, "trader": "sun" }, { "meter": 1, "trader": "sun" } ],
          "consumers":  [ { "meter": 2, "trader": "shop" }, { "meter": 3, "trader": "shop" },
                          { "meter": 4, "trader": "mill" } ],
          "prices": { "offer_min_price": 80, "bid_max_price": 140, "spread": 20 }
        }"#,
    )
    .unwrap()
}

fn forecast() -> Forecast {
    let f = park();
    Forecast {
        meters: (0..5)
            .map(|i| Some((ParkFile::curve(Some(&f), SEED, i), 60)))
            .collect(),
        max_power_w: None,
    }
}

const ADDRESSES: [&str; 3] = ["wasm1sun", "wasm1shop", "wasm1mill"];

/// A market in memory: it takes every transaction whole or refuses it whole, refusing any
/// offer of the meters in `refuse`; `lose` answers are lost after the transaction landed.
#[derive(Default)]
struct FakeVenue {
    book: Mutex<Vec<Order>>,
    sent: Mutex<Vec<(usize, usize)>>,
    refuse: Vec<String>,
    /// Traders whose bids the token refuses (a short balance; the token has no codes).
    short: Vec<usize>,
    lose: Mutex<u32>,
}

impl FakeVenue {
    fn order_of(trader: usize, call: &ExecuteCall, id: u64) -> Order {
        let owner = ADDRESSES[trader].to_string();
        let order = |slot, side, energy_wh, price| Order {
            id,
            slot,
            owner: owner.clone(),
            side,
            energy_wh,
            price,
            meter_id: None,
            energy_type: None,
            carbon_g_per_kwh: None,
            requirements: None,
            escrow: None,
            held: 0,
        };
        if let Ok(ExecuteMsg::PostOffer {
            slot,
            meter_id,
            energy_wh,
            min_price,
        }) = from_json(&call.msg)
        {
            assert_eq!(call.contract, "wasm1market");
            return Order {
                meter_id: Some(meter_id),
                ..order(slot, Side::Offer, energy_wh, min_price)
            };
        }
        let Cw20ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } = from_json(&call.msg).unwrap()
        else {
            panic!("neither an offer nor a bid");
        };
        assert_eq!(
            (call.contract.as_str(), contract.as_str()),
            ("wasm1token", "wasm1market")
        );
        let ReceiveMsg::PostBid {
            slot,
            energy_wh,
            max_price,
            ..
        } = from_json(&msg).unwrap();
        Order {
            escrow: Some(amount.u128()),
            ..order(slot, Side::Bid, energy_wh, max_price)
        }
    }

    fn count(&self, meter_id: &str) -> usize {
        let book = self.book.lock().unwrap();
        book.iter()
            .filter(|o| o.meter_id.as_deref() == Some(meter_id))
            .count()
    }
}

impl Venue for FakeVenue {
    async fn book(&self, slot: u64, side: Side) -> Result<Vec<Order>, ClientError> {
        let book = self.book.lock().unwrap();
        Ok(book
            .iter()
            .filter(|o| o.slot == slot && o.side == side)
            .cloned()
            .collect())
    }

    async fn send(
        &self,
        trader: usize,
        calls: Vec<ExecuteCall>,
    ) -> Result<String, ledger_sdk::Error> {
        self.sent.lock().unwrap().push((trader, calls.len()));
        let mut book = self.book.lock().unwrap();
        let orders: Vec<Order> = calls
            .iter()
            .enumerate()
            .map(|(i, c)| Self::order_of(trader, c, (book.len() + i) as u64 + 1))
            .collect();
        if orders
            .iter()
            .any(|o| o.meter_id.as_ref().is_some_and(|m| self.refuse.contains(m)))
        {
            return Err(ClientError::Contract {
                message: NOT_OWNER.to_string(),
            }
            .into());
        }
        if self.short.contains(&trader) && orders.iter().any(|o| o.side == Side::Bid) {
            return Err(ClientError::Contract {
                message: "Cannot Sub with 2 and 145".to_string(),
            }
            .into());
        }
        book.extend(orders);
        let mut lose = self.lose.lock().unwrap();
        if *lose > 0 {
            *lose -= 1;
            return Err(ClientError::TxTimeout {
                hash: "LOST".into(),
                timeout: std::time::Duration::from_secs(60),
            }
            .into());
        }
        Ok(format!("TX{}", book.len()))
    }
}

fn desk(venue: FakeVenue) -> Desk<FakeVenue> {
    let ids: Vec<String> = (0..5).map(|i| format!("park-{i:06}")).collect();
    let addresses = ADDRESSES.map(String::from);
    Desk {
        venue,
        plan: ParkPlan::new(&park(), SEED, &ids, &addresses, 2, None),
        market: "wasm1market".into(),
        token: "wasm1token".into(),
    }
}

/// One tick of the trading loop at `now`.
async fn tick(desk: &Desk<FakeVenue>, now: u64, state: &mut ParkState) -> bool {
    state.forget_closed(&schedule(), now);
    let outstanding = desk.plan.outstanding(&schedule(), now, &forecast(), state);
    desk.post(outstanding, state).await.unwrap()
}

#[tokio::test]
async fn each_order_is_posted_once_and_a_refused_one_is_not_sent_again() {
    let desk = desk(FakeVenue {
        refuse: vec!["park-000001".into()],
        ..FakeVenue::default()
    });
    let mut state = ParkState::new("wasm1market");
    // 11:45 UTC: slots 48 and 49 (12:00 and 12:15 UTC) are the next open ones.
    let now = schedule().starts_at(47);
    assert!(tick(&desk, now, &mut state).await);
    // Per slot: the sun's two offers together, refused for meter 1, then one by one; the
    // shop's two bids together; the mill's bid.
    let sent = desk.venue.sent.lock().unwrap().clone();
    assert_eq!(sent, [(0, 2), (0, 1), (0, 1), (1, 2), (2, 1)].repeat(2));
    assert_eq!(desk.venue.count("park-000000"), 2);
    assert_eq!(desk.venue.count("park-000001"), 0);
    for slot in [48, 49] {
        for meter in 0..5 {
            assert!(state.is_done(slot, meter), "slot {slot} meter {meter}");
        }
    }
    // Bids escrow their exact cost.
    let book = desk.venue.book.lock().unwrap().clone();
    let bids: Vec<&Order> = book.iter().filter(|o| o.side == Side::Bid).collect();
    assert_eq!(bids.len(), 6);
    for b in bids {
        assert_eq!(b.escrow, Some(cost_ceil(b.energy_wh, b.price)));
    }
    // The next tick has nothing to do: nothing sent again, the refusal included.
    assert!(!tick(&desk, now + 2, &mut state).await);
    assert_eq!(desk.venue.sent.lock().unwrap().len(), 10);
    // A slot on: slot 50 comes, slot 48's gate has closed and it is forgotten.
    let later = schedule().gate_closes_at(48);
    assert!(tick(&desk, later, &mut state).await);
    assert_eq!(state.done.keys().copied().collect::<Vec<_>>(), [49, 50]);
    assert_eq!(desk.venue.count("park-000000"), 3);
}

#[tokio::test]
async fn a_lost_answer_is_found_in_the_book_and_not_posted_again() {
    let desk = desk(FakeVenue {
        lose: Mutex::new(2),
        ..FakeVenue::default()
    });
    let mut state = ParkState::new("wasm1market");
    let now = schedule().starts_at(47);
    // The sun's and the shop's first transactions landed but their answers were lost: not
    // recorded as done.
    tick(&desk, now, &mut state).await;
    assert!(!state.is_done(48, 0) && !state.is_done(48, 2));
    assert!(state.is_done(48, 4) && state.is_done(49, 0));
    let sent = desk.venue.sent.lock().unwrap().len();
    // The next tick reads the book, finds them there and sends nothing.
    assert!(tick(&desk, now + 2, &mut state).await);
    assert_eq!(desk.venue.sent.lock().unwrap().len(), sent);
    for meter in 0..5 {
        assert!(state.is_done(48, meter));
    }
    let book = desk.venue.book.lock().unwrap().clone();
    assert_eq!(book.len(), 10, "each order of the two slots once: {book:?}");
}

#[tokio::test]
async fn a_bid_the_token_refuses_without_a_code_is_not_sent_again() {
    // The mill cannot pay its escrow.
    let desk = desk(FakeVenue {
        short: vec![2],
        ..FakeVenue::default()
    });
    let mut state = ParkState::new("wasm1market");
    let now = schedule().starts_at(47);
    tick(&desk, now, &mut state).await;
    assert!(state.is_done(48, 4) && state.is_done(49, 4));
    let mill_sends = |venue: &FakeVenue| {
        let sent = venue.sent.lock().unwrap();
        sent.iter().filter(|(trader, _)| *trader == 2).count()
    };
    assert_eq!(mill_sends(&desk.venue), 2, "once per slot");
    tick(&desk, now + 2, &mut state).await;
    assert_eq!(mill_sends(&desk.venue), 2, "not again");
    let book = desk.venue.book.lock().unwrap().clone();
    assert!(book.iter().all(|o| o.owner != "wasm1mill"));
    assert_eq!(book.len(), 8);
}

/// `fleet` arguments as the command line gives them.
#[derive(clap::Parser)]
struct Line {
    #[command(flatten)]
    fleet: FleetArgs,
}

fn fleet_args(extra: &[&str]) -> FleetArgs {
    use clap::Parser;
    let base = [
        "fleet",
        "--meters",
        "5",
        "--deployment",
        "d.json",
        "--gateway-key",
        "gw",
    ];
    Line::parse_from(base.iter().chain(extra)).fleet
}

#[test]
fn the_traders_keys_load_from_the_key_store_with_their_passphrase() {
    let home = tempfile::tempdir().unwrap();
    let store = ledger_client::KeyStore::open(home.path().join("keys"), "wasm")
        .with_kdf(ledger_client::KdfParams::insecure_for_tests());
    let mut addresses = Vec::new();
    for name in ["sun", "shop", "mill"] {
        let signer = Signer::generate("wasm").unwrap();
        store.store(name, &signer, "trader pass").unwrap();
        addresses.push(signer.address().to_string());
    }
    let pass = home.path().join("traders.pass");
    std::fs::write(&pass, "trader pass\n").unwrap();
    let ids: Vec<String> = (0..5).map(|i| format!("park-{i:06}")).collect();
    let home_dir = home.path().to_str().unwrap();
    let pass_file = pass.to_str().unwrap();
    let with = |extra: &[&str]| {
        let mut line = vec!["--home", home_dir, "--park", "park.json"];
        line.extend_from_slice(extra);
        Traders::load(&fleet_args(&line), None, &park(), SEED, &ids, None)
    };

    let traders = with(&[
        "--market",
        "wasm1market",
        "--trader-passphrase-file",
        pass_file,
    ])
    .unwrap();
    assert_eq!(traders.market, "wasm1market");
    let loaded: Vec<&str> = traders
        .plan
        .traders
        .iter()
        .map(|t| t.address.as_str())
        .collect();
    assert_eq!(loaded, addresses);
    assert_eq!(traders.plan.slots_ahead, 2);

    let err = |extra: &[&str]| format!("{:#}", with(extra).err().unwrap());
    assert!(
        err(&["--trader-passphrase-file", pass_file]).contains("the deployment file names none")
    );
    let from_deployment = Traders::load(
        &fleet_args(&[
            "--home",
            home_dir,
            "--park",
            "park.json",
            "--trader-passphrase-file",
            pass_file,
        ]),
        Some("wasm1deployed"),
        &park(),
        SEED,
        &ids,
        None,
    )
    .unwrap();
    assert_eq!(from_deployment.market, "wasm1deployed");
    assert!(
        err(&[
            "--market",
            "m",
            "--trader-passphrase-file",
            pass_file,
            "--compress-time"
        ])
        .contains("cannot be combined with --compress-time")
    );
    let wrong = home.path().join("wrong.pass");
    std::fs::write(&wrong, "not it\n").unwrap();
    let wrong = err(&[
        "--market",
        "m",
        "--trader-passphrase-file",
        wrong.to_str().unwrap(),
    ]);
    assert!(
        wrong.contains("cannot load the trader key 'sun'"),
        "{wrong}"
    );
}
