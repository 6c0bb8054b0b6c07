//! The commands' pure parts: arguments, first intervals, gas prices, fleet keys, data
//! directories.

use std::fs;
use std::path::Path;

use super::*;
use crate::keys;

#[test]
fn sources_parse() {
    assert_eq!("simulator".parse(), Ok(SourceSpec::Simulator));
    assert_eq!("lines:-".parse(), Ok(SourceSpec::Lines("-".into())));
    assert_eq!(
        "lines:/dev/ttyUSB0".parse(),
        Ok(SourceSpec::Lines("/dev/ttyUSB0".into()))
    );
    assert!("lines:".parse::<SourceSpec>().is_err());
    assert_eq!(
        "dsmr:/dev/ttyUSB0".parse(),
        Ok(SourceSpec::Dsmr("/dev/ttyUSB0".into()))
    );
    assert!("dsmr:".parse::<SourceSpec>().is_err());
    assert_eq!(
        "modbus-tcp:192.168.1.20:502".parse(),
        Ok(SourceSpec::ModbusTcp("192.168.1.20:502".into()))
    );
    assert_eq!(
        "sml:/dev/ttyUSB2".parse(),
        Ok(SourceSpec::Sml("/dev/ttyUSB2".into()))
    );
    assert_eq!(
        "modbus-rtu:/dev/ttyUSB1".parse(),
        Ok(SourceSpec::ModbusRtu("/dev/ttyUSB1".into()))
    );
    assert!("serial".parse::<SourceSpec>().is_err());
}

#[test]
fn first_interval_starts_on_a_boundary_after_registration() {
    // Registered at 12:03:17, now 12:10: the first interval is 12:30-13:00.
    let day = 1_793_491_200;
    let registered = day + 12 * 3_600 + 197;
    let now = day + 12 * 3_600 + 600;
    assert_eq!(
        first_start(registered, None, 1_800, now),
        day + 12 * 3_600 + 1_800
    );
    // Registered long ago: from the current interval on.
    assert_eq!(first_start(day, None, 1_800, now), day + 12 * 3_600);
    // Backfill: from the backfill instant, but never before registration.
    assert_eq!(
        first_start(registered, Some(day), 1_800, now),
        day + 12 * 3_600 + 1_800
    );
    assert_eq!(first_start(day, Some(day + 3_600), 1_800, now), day + 3_600);
}

#[test]
fn gas_prices_and_fleet_keys() {
    let (price, denom) = parse_gas_prices("0.025stake").unwrap();
    assert_eq!(
        (price.to_string().as_str(), denom.as_str()),
        ("0.025", "stake")
    );
    assert!(parse_gas_prices("0.025").is_err());
    assert!(parse_gas_prices("stake").is_err());
    let args = FleetKeysArgs {
        meters: 3,
        seed: 9,
        id_prefix: "f-".into(),
        format: KeysFormat::Csv,
    };
    let csv = render_fleet_keys(&args).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], "meter_id,pubkey_hex,pubkey_base64");
    assert!(lines[1].starts_with("f-000000,0"));
    let json: Vec<FleetKey> = serde_json::from_str(
        &render_fleet_keys(&FleetKeysArgs {
            format: KeysFormat::Json,
            ..args
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(json[2].meter_id, "f-000002");
    assert_eq!(
        json[2].pubkey_hex,
        hex::encode(keys::fleet_key(9, 2).public_key())
    );
}

#[test]
fn a_data_directory_has_one_client() {
    let dir = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(dir.path()).unwrap();
    // A lock of a process that is gone is taken over.
    drop(lock);
    fs::write(dir.path().join("lock"), "999999999").unwrap();
    let lock = DirLock::acquire(dir.path()).unwrap();
    // A live process (pid 1 always exists on Linux) keeps it.
    fs::write(dir.path().join("lock"), "1").unwrap();
    if Path::new("/proc/1").exists() {
        let err = DirLock::acquire(dir.path()).unwrap_err();
        assert!(err.to_string().contains("in use by process 1"), "{err}");
    }
    drop(lock);
}

#[test]
fn init_and_pubkey() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass");
    fs::write(&pass, "secret\n").unwrap();
    let args = InitArgs {
        data_dir: dir.path().join("meter"),
        meter_id: "m-7".into(),
        import_key: None,
        import_passphrase_file: None,
        passphrase_file: Some(pass.clone()),
        insecure_fast_kdf: true,
    };
    let key = init(&args).unwrap();
    assert_eq!(key.len(), 66);
    assert_eq!(pubkey(&args.data_dir).unwrap(), key);
    assert_eq!(read_meter_file(&args.data_dir).unwrap().meter_id, "m-7");
    let err = init(&args).unwrap_err();
    assert!(err.to_string().contains("belongs to meter 'm-7'"), "{err}");
    let loaded = keys::load_meter_key(&args.data_dir, "secret").unwrap();
    assert_eq!(hex::encode(loaded.public_key()), key);
    let too_long = InitArgs {
        meter_id: "x".repeat(65),
        data_dir: dir.path().join("other"),
        ..args
    };
    assert!(init(&too_long).is_err());
}
