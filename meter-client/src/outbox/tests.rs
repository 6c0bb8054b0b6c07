//! The outbox across reopenings, compaction, and a crash at every byte of its last record.

use super::*;

fn reading(sequence: u64) -> Pending {
    let mut signature = [0u8; 64];
    signature[0] = sequence as u8;
    signature[63] = 0xAB;
    Pending {
        sequence,
        interval_start: 1_000 + sequence * 900,
        interval_length: 900,
        energy_wh: sequence * 3,
        register_wh: 500 + sequence * 10,
        signature,
    }
}

fn sequences(outbox: &Outbox, meter: u32) -> Vec<u64> {
    outbox.pending(meter).iter().map(|p| p.sequence).collect()
}

fn assert_consistent(outbox: &Outbox) {
    let mut total = 0;
    for m in 0..outbox.meter_slots() as u32 {
        let seqs = sequences(outbox, m);
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "meter {m}: duplicated or unordered {seqs:?}"
        );
        total += seqs.len();
    }
    assert_eq!(total, outbox.len());
}

#[test]
fn readings_survive_reopening_and_leave_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let (mut outbox, recovery) = Outbox::open(&path).unwrap();
    assert_eq!(recovery, Recovery::default());
    assert!(outbox.is_empty());
    outbox
        .append(&[(0, reading(1)), (0, reading(2)), (3, reading(7))])
        .unwrap();
    assert_eq!(outbox.len(), 3);
    drop(outbox);

    let (mut outbox, recovery) = Outbox::open(&path).unwrap();
    assert_eq!(recovery.records, 3);
    assert_eq!(recovery.truncated_bytes, 0);
    assert_eq!(sequences(&outbox, 0), [1, 2]);
    assert_eq!(sequences(&outbox, 3), [7]);
    assert_eq!(outbox.pending(0)[1], reading(2));
    assert_eq!(outbox.meters_with_pending().collect::<Vec<_>>(), [0, 3]);

    assert_eq!(outbox.confirm(0, 1).unwrap(), 1);
    assert_eq!(outbox.confirm(0, 1).unwrap(), 0, "nothing left to confirm");
    assert_eq!(sequences(&outbox, 0), [2]);
    drop(outbox);

    let (mut outbox, _) = Outbox::open(&path).unwrap();
    assert_eq!(sequences(&outbox, 0), [2]);
    assert_eq!(outbox.len(), 2);
    // The tail remembers the highest reading even once it is confirmed.
    outbox.confirm(0, 2).unwrap();
    assert_eq!(outbox.tail(0).unwrap().sequence, 2);
    assert_eq!(outbox.tail(0).unwrap().register_wh, reading(2).register_wh);
    assert_eq!(outbox.tail(1), None);
    assert_eq!(outbox.len(), 1);
    assert_consistent(&outbox);
}

#[test]
fn a_reading_already_confirmed_is_not_pending_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let (mut outbox, _) = Outbox::open(&path).unwrap();
    outbox.append(&[(0, reading(1)), (0, reading(2))]).unwrap();
    outbox.confirm(0, 2).unwrap();
    outbox.append(&[(0, reading(2)), (0, reading(3))]).unwrap();
    assert_eq!(sequences(&outbox, 0), [3]);
    drop(outbox);
    let (outbox, _) = Outbox::open(&path).unwrap();
    assert_eq!(sequences(&outbox, 0), [3]);
}

#[test]
fn dropping_and_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let (mut outbox, _) = Outbox::open(&path).unwrap();
    outbox
        .append(&[(0, reading(1)), (0, reading(2)), (0, reading(3))])
        .unwrap();
    let mut rebased = reading(3);
    rebased.interval_start -= 900;
    rebased.interval_length = 1_800;
    outbox
        .write(&[
            Change::Dropped {
                meter: 0,
                sequence: 2,
            },
            Change::Reading {
                meter: 0,
                reading: rebased,
            },
        ])
        .unwrap();
    assert_eq!(sequences(&outbox, 0), [1, 3]);
    assert_eq!(outbox.pending(0)[1], rebased);
    drop(outbox);
    let (outbox, _) = Outbox::open(&path).unwrap();
    assert_eq!(sequences(&outbox, 0), [1, 3]);
    assert_eq!(outbox.pending(0)[1], rebased);
    assert_consistent(&outbox);
}

#[test]
fn compaction_keeps_exactly_the_pending_readings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let (mut outbox, _) = Outbox::open(&path).unwrap();
    for s in 1..=50 {
        outbox.append(&[(0, reading(s)), (1, reading(s))]).unwrap();
    }
    outbox.confirm(0, 45).unwrap();
    outbox.confirm(1, 50).unwrap();
    let before = outbox.file_len();
    outbox.compact().unwrap();
    assert!(outbox.file_len() < before / 10);
    assert_eq!(sequences(&outbox, 0), [46, 47, 48, 49, 50]);
    outbox.append(&[(1, reading(51))]).unwrap();
    drop(outbox);
    // A leftover temporary file of a compaction that crashed is ignored.
    fs::write(dir.path().join("outbox.log.tmp"), b"half a compaction").unwrap();
    let (outbox, recovery) = Outbox::open(&path).unwrap();
    assert_eq!(recovery.truncated_bytes, 0);
    assert_eq!(sequences(&outbox, 0), [46, 47, 48, 49, 50]);
    assert_eq!(sequences(&outbox, 1), [51]);
    assert_consistent(&outbox);
}

/// Builds a log with some history and returns the file's bytes and the offset where its
/// last record starts.
fn history(path: &Path, last: Change) -> (Vec<u8>, usize, Outbox) {
    let (mut outbox, _) = Outbox::open(path).unwrap();
    outbox
        .append(&[(0, reading(1)), (0, reading(2)), (1, reading(1))])
        .unwrap();
    outbox.confirm(0, 1).unwrap();
    let before_last = outbox.file_len() as usize;
    outbox.write(&[last]).unwrap();
    drop(outbox);
    let bytes = fs::read(path).unwrap();
    let (expected_before, _) = {
        let cut = dir_copy(path, &bytes[..before_last]);
        Outbox::open(&cut).unwrap()
    };
    (bytes, before_last, expected_before)
}

fn dir_copy(path: &Path, bytes: &[u8]) -> PathBuf {
    let copy = path.with_file_name(format!("cut-{}.log", bytes.len()));
    fs::write(&copy, bytes).unwrap();
    copy
}

fn snapshot(outbox: &Outbox) -> Vec<Vec<Pending>> {
    (0..outbox.meter_slots().max(2) as u32)
        .map(|m| outbox.pending(m).iter().copied().collect())
        .collect()
}

/// A crash inside the last write, at every byte: reopening gives the state before it (or
/// after it, when the record is whole), never a panic, never a duplicate.
#[test]
fn crash_at_every_byte_of_the_last_record_leaves_a_consistent_prefix() {
    let lasts = [
        Change::Reading {
            meter: 0,
            reading: reading(3),
        },
        Change::Confirmed {
            meter: 0,
            through: 2,
        },
        Change::Dropped {
            meter: 1,
            sequence: 1,
        },
    ];
    for last in lasts {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (bytes, start, before) = history(&path, last);
        let (after, _) = Outbox::open(&path).unwrap();
        assert_ne!(
            snapshot(&before),
            snapshot(&after),
            "{last:?} changes something"
        );
        for cut in start..=bytes.len() {
            let copy = dir.path().join("crashed.log");
            fs::write(&copy, &bytes[..cut]).unwrap();
            let (mut outbox, recovery) = Outbox::open(&copy).unwrap();
            assert_consistent(&outbox);
            if cut == bytes.len() {
                assert_eq!(snapshot(&outbox), snapshot(&after));
                assert_eq!(recovery.truncated_bytes, 0);
            } else {
                assert_eq!(
                    snapshot(&outbox),
                    snapshot(&before),
                    "cut at {cut} of {last:?}"
                );
                assert_eq!(recovery.truncated_bytes, (cut - start) as u64);
                assert_eq!(recovery.damaged_copy, None);
                assert_eq!(fs::metadata(&copy).unwrap().len(), start as u64);
            }
            // Writing goes on after the cut, and a second reopening sees it.
            outbox.append(&[(5, reading(9))]).unwrap();
            drop(outbox);
            let (outbox, recovery) = Outbox::open(&copy).unwrap();
            assert_eq!(recovery.truncated_bytes, 0);
            assert_eq!(sequences(&outbox, 5), [9]);
            assert_consistent(&outbox);
        }
    }
}

#[test]
fn a_corrupted_last_record_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let last = Change::Reading {
        meter: 0,
        reading: reading(3),
    };
    let (bytes, start, before) = history(&path, last);
    for i in start..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x40;
        let copy = dir.path().join("flipped.log");
        fs::write(&copy, &bad).unwrap();
        let (outbox, recovery) = Outbox::open(&copy).unwrap();
        assert_eq!(snapshot(&outbox), snapshot(&before), "byte {i} flipped");
        assert_eq!(recovery.truncated_bytes, (bytes.len() - start) as u64);
    }
    // Zeros after the end (a file system that grew the file before writing the data).
    let mut zeros = bytes.clone();
    zeros.extend(std::iter::repeat_n(0u8, 4_096));
    let copy = dir.path().join("zeros.log");
    fs::write(&copy, &zeros).unwrap();
    let (outbox, recovery) = Outbox::open(&copy).unwrap();
    assert_eq!(recovery.truncated_bytes, 4_096);
    assert_eq!(recovery.damaged_copy, None);
    assert_eq!(sequences(&outbox, 0), [2, 3]);
}

#[test]
fn damage_in_the_middle_keeps_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    let (mut outbox, _) = Outbox::open(&path).unwrap();
    for s in 1..=10 {
        outbox.append(&[(0, reading(s))]).unwrap();
    }
    drop(outbox);
    let mut bytes = fs::read(&path).unwrap();
    let third = HEADER_LEN + 2 * MAX_FRAME + 20;
    bytes[third] ^= 1;
    fs::write(&path, &bytes).unwrap();
    let (outbox, recovery) = Outbox::open(&path).unwrap();
    assert_eq!(sequences(&outbox, 0), [1, 2]);
    let copy = recovery.damaged_copy.expect("a copy of the damaged log");
    assert_eq!(fs::read(copy).unwrap(), bytes);
}

#[test]
fn other_files_are_refused_and_empty_ones_start_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.log");
    fs::write(&path, b"{\"not\": \"an outbox\"}").unwrap();
    let err = Outbox::open(&path).unwrap_err();
    assert!(err.to_string().contains("is not an outbox file"), "{err}");
    fs::write(&path, &header()[..5]).unwrap();
    let (outbox, _) = Outbox::open(&path).unwrap();
    assert!(outbox.is_empty());
    assert_eq!(fs::read(&path).unwrap(), header());
}

#[test]
fn signed_readings_round_trip() {
    let p = reading(4);
    let signed = p.to_signed("m-1");
    assert_eq!(signed.meter_id, "m-1");
    assert_eq!(Pending::from_signed(&signed), Some(p));
    let mut short = signed.clone();
    short.signature = vec![1u8; 10].into();
    assert_eq!(Pending::from_signed(&short), None);
}
