use super::*;

/// An event of `contract_name` at (`height`, `tx`, `event`), signed by `actor`.
pub(crate) fn row(
    height: u64,
    tx: u32,
    event: u32,
    contract_name: &str,
    action: &str,
    actor: &str,
) -> EventRow {
    EventRow {
        height,
        tx_index: tx,
        event_index: event,
        time: 1_700_000_000 + height * 5,
        tx_hash: format!("{height:04X}{tx:02X}AB"),
        actor: Some(actor.to_string()),
        contract: format!("wasm1{contract_name}"),
        contract_name: contract_name.to_string(),
        kind: "wasm".to_string(),
        action: Some(action.to_string()),
        attributes: vec![
            Attribute {
                key: "_contract_address".to_string(),
                value: format!("wasm1{contract_name}"),
            },
            Attribute {
                key: "action".to_string(),
                value: action.to_string(),
            },
        ],
    }
}

fn batch(from: u64, to: u64, rows: Vec<EventRow>) -> Batch {
    Batch {
        from,
        to,
        rows,
        skipped: None,
        contracts: vec![],
        to_hash: None,
    }
}

fn all(store: &Store) -> Vec<EventRow> {
    store.select(&Filter::default(), 10_000).unwrap()
}

#[test]
fn rows_round_trip_and_the_cursor_moves_with_them() {
    let store = Store::in_memory().unwrap();
    assert_eq!(store.cursor().unwrap(), None);
    let mut with_nothing = row(2, 0, 3, "bank", "credit_deposit", "wasm1alice");
    with_nothing.actor = None;
    with_nothing.action = None;
    let rows = vec![
        row(1, 0, 2, "registry", "register", "wasm1admin"),
        with_nothing,
    ];
    assert_eq!(store.commit(&batch(1, 3, rows.clone())).unwrap(), 2);
    assert_eq!(store.cursor().unwrap(), Some(3));
    assert_eq!(all(&store), rows);
}

#[test]
fn a_failure_in_the_middle_of_a_block_stores_nothing_of_it() {
    let store = Store::in_memory().unwrap();
    store
        .commit(&batch(1, 6, vec![row(4, 0, 1, "bank", "a", "wasm1a")]))
        .unwrap();
    // The second event of block 7 collides with the first: the insert fails after the
    // first row of the block went in.
    let broken = vec![
        row(7, 0, 1, "bank", "b", "wasm1a"),
        row(7, 0, 1, "bank", "c", "wasm1a"),
    ];
    let failed = store.commit(&batch(7, 7, broken)).unwrap_err();
    assert!(
        format!("{failed:#}").contains("storing blocks 7..=7"),
        "{failed:#}"
    );
    assert_eq!(store.cursor().unwrap(), Some(6));
    assert_eq!(all(&store).len(), 1);
    assert!(all(&store).iter().all(|r| r.height != 7));
}

#[test]
fn replaying_blocks_stores_each_event_once() {
    let store = Store::in_memory().unwrap();
    let first = vec![
        row(2, 0, 1, "bank", "a", "wasm1a"),
        row(5, 1, 0, "bank", "b", "wasm1a"),
    ];
    assert_eq!(store.commit(&batch(1, 5, first.clone())).unwrap(), 2);
    assert_eq!(store.commit(&batch(1, 5, first.clone())).unwrap(), 0);
    // An overlapping batch adds only what lies after the cursor.
    let mut overlapping = first;
    overlapping.push(row(7, 0, 0, "registry", "c", "wasm1b"));
    assert_eq!(store.commit(&batch(3, 8, overlapping)).unwrap(), 1);
    assert_eq!(all(&store).len(), 3);
    assert_eq!(store.cursor().unwrap(), Some(8));
}

#[test]
fn a_batch_that_would_leave_a_hole_is_refused_unless_the_node_pruned_it() {
    let store = Store::in_memory().unwrap();
    store.commit(&batch(1, 5, vec![])).unwrap();
    let refused = store.commit(&batch(8, 9, vec![])).unwrap_err();
    assert!(format!("{refused:#}").contains("6..8"), "{refused:#}");
    assert_eq!(store.cursor().unwrap(), Some(5));
    let pruned = Batch {
        skipped: Some((6, 7)),
        ..batch(8, 9, vec![])
    };
    store.commit(&pruned).unwrap();
    assert_eq!(store.cursor().unwrap(), Some(9));
    assert_eq!(store.skipped().unwrap(), vec![(6, 7)]);
}

#[test]
fn a_reopened_file_continues_from_its_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let store = Store::open(&path).unwrap();
        store.bind_chain("ledger-localnet-1").unwrap();
        let learnt = Batch {
            contracts: vec![("wasm1meter7".to_string(), "meter".to_string())],
            ..batch(1, 10, vec![row(9, 0, 1, "bank", "a", "wasm1a")])
        };
        store.commit(&learnt).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.cursor().unwrap(), Some(10));
    assert_eq!(all(&store).len(), 1);
    assert_eq!(
        store.contracts().unwrap(),
        vec![("wasm1meter7".to_string(), "meter".to_string())]
    );
    store.bind_chain("ledger-localnet-1").unwrap();
    let other = store.bind_chain("another-chain").unwrap_err();
    assert!(format!("{other:#}").contains("another-chain"), "{other:#}");
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
}

#[test]
fn a_file_of_a_newer_gateway_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let refused = Store::open(&path).unwrap_err();
    assert!(format!("{refused:#}").contains("newer"), "{refused:#}");
}

fn sample() -> Store {
    let store = Store::in_memory().unwrap();
    let mut rows = Vec::new();
    for height in 1..=10u64 {
        let (name, actor) = if height % 2 == 0 {
            ("bank", "wasm1alice")
        } else {
            ("registry", "wasm1admin")
        };
        let action = if height <= 5 { "early" } else { "late" };
        rows.push(row(height, 0, 1, name, action, actor));
        rows.push(row(height, 1, 4, name, action, actor));
    }
    store.commit(&batch(1, 10, rows)).unwrap();
    store
}

fn keys(rows: &[EventRow]) -> Vec<String> {
    rows.iter().map(|r| r.key().to_string()).collect()
}

#[test]
fn filters_narrow_the_log() {
    let store = sample();
    let by = |filter: Filter| store.select(&filter, 100).unwrap();
    let bank = by(Filter {
        contract: Some("bank".into()),
        ..Filter::default()
    });
    assert_eq!(bank.len(), 10);
    assert!(bank.iter().all(|r| r.contract_name == "bank"));
    let by_address = by(Filter {
        contract: Some("wasm1bank".into()),
        ..Filter::default()
    });
    assert_eq!(by_address, bank);
    let late_admin = by(Filter {
        actor: Some("wasm1admin".into()),
        action: Some("late".into()),
        ..Filter::default()
    });
    assert_eq!(keys(&late_admin), ["7.0.1", "7.1.4", "9.0.1", "9.1.4"]);
    let heights = by(Filter {
        from_height: Some(3),
        to_height: Some(4),
        ..Filter::default()
    });
    assert_eq!(keys(&heights), ["3.0.1", "3.1.4", "4.0.1", "4.1.4"]);
    let tx = by(Filter {
        tx: Some(row(4, 1, 0, "", "", "").tx_hash.to_lowercase()),
        ..Filter::default()
    });
    assert_eq!(keys(&tx), ["4.1.4"]);
    assert!(
        by(Filter {
            contract: Some("nothing".into()),
            ..Filter::default()
        })
        .is_empty()
    );
}

#[test]
fn pages_follow_each_other_with_has_more() {
    let store = sample();
    let mut filter = Filter {
        contract: Some("bank".into()),
        ..Filter::default()
    };
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let (rows, more) = store.search(&filter, 4).unwrap();
        pages += 1;
        seen.extend(keys(&rows));
        if !more {
            assert_eq!(rows.len(), 2, "the last page holds the rest");
            break;
        }
        assert_eq!(rows.len(), 4);
        filter.after = rows.last().map(EventRow::key);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 10);
    assert_eq!(seen[0], "2.0.1");
    assert_eq!(seen[9], "10.1.4");
    // An exact fit has no further page.
    let (rows, more) = store.search(&Filter::default(), 20).unwrap();
    assert_eq!((rows.len(), more), (20, false));
}

#[test]
fn cursors_read_back_and_refuse_other_text() {
    let key = EventKey {
        height: 12,
        tx_index: 3,
        event_index: 7,
    };
    assert_eq!(key.to_string().parse::<EventKey>(), Ok(key));
    for bad in ["", "12", "12.3", "12.3.7.1", "a.b.c", "-1.0.0"] {
        assert!(bad.parse::<EventKey>().is_err(), "{bad}");
    }
}
