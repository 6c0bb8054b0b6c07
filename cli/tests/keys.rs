//! `ledger keys` through the binary, offline: keys go in encrypted, come out by address, and
//! no secret ever reaches the terminal or the key file in the clear.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use ledger_client::Signer;

/// The localnet admin's public, test-only mnemonic (`localnet/accounts.json`).
const ADMIN_MNEMONIC: &str = "noise bar wheat gossip clown boost adapt soldier elegant visual bar \
    barrel concert inmate panda text excite lock wait patch mutual collect plate frame";
const ADMIN_ADDRESS: &str = "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5";
const PASSPHRASE: &str = "a passphrase nobody prints";

fn ledger(home: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ledger"));
    for (key, _) in std::env::vars() {
        if key.starts_with("LEDGER_") {
            cmd.env_remove(key);
        }
    }
    let mut child = cmd
        .arg("--home")
        .arg(home)
        .args(args)
        .env("LEDGER_PASSPHRASE", PASSPHRASE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn keys_are_imported_encrypted_and_shown_by_address() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let secret_hex = hex::encode(
        Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm")
            .unwrap()
            .secret_bytes(),
    );

    let out = ledger(
        h,
        &["keys", "add", "admin", "--recover", "-o", "json"],
        Some(ADMIN_MNEMONIC),
    );
    assert!(out.status.success(), "{}", text(&out));
    let key: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(key["address"], ADMIN_ADDRESS);

    let out = ledger(h, &["keys", "import-hex", "admin-hex"], Some(&secret_hex));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(ADMIN_ADDRESS));

    let out = ledger(h, &["keys", "generate", "fresh", "-o", "json"], None);
    assert!(out.status.success(), "{}", text(&out));

    let out = ledger(h, &["keys", "list", "-o", "json"], None);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "admin-hex", "fresh"]);
    assert_ne!(list[2]["address"], ADMIN_ADDRESS);

    let out = ledger(h, &["keys", "show", "admin"], None);
    assert!(out.status.success());
    assert!(text(&out).contains(ADMIN_ADDRESS));

    // The secret comes out only when asked for with --unsafe, and only on stdout.
    let out = ledger(h, &["keys", "export-hex", "admin"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("--unsafe"), "{}", text(&out));
    assert!(!text(&out).contains(&secret_hex));
    let out = ledger(h, &["keys", "export-hex", "admin-hex", "--unsafe"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), secret_hex);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&secret_hex));

    // Taken names are refused before any secret is read; bad secrets are named, not echoed.
    let out = ledger(h, &["keys", "add", "admin", "--recover"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).starts_with("error: a key named 'admin' already exists"),
        "{}",
        text(&out)
    );
    let wrong = ADMIN_MNEMONIC.replace("frame", "abandon");
    let out = ledger(h, &["keys", "add", "other", "--recover"], Some(&wrong));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).starts_with("error: invalid mnemonic"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("gossip"), "{}", text(&out));

    let out = ledger(h, &["keys", "delete", "fresh"], None);
    assert_eq!(out.status.code(), Some(1));
    let out = ledger(h, &["keys", "delete", "fresh", "--yes"], None);
    assert!(out.status.success());
    let out = ledger(h, &["keys", "show", "fresh"], None);
    assert!(
        text(&out).contains("no key named 'fresh'"),
        "{}",
        text(&out)
    );

    // Nothing secret at rest in the clear.
    for entry in std::fs::read_dir(h.join("keys")).unwrap() {
        let file = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for secret in ["gossip", &secret_hex, PASSPHRASE] {
            assert!(
                !file.contains(secret),
                "a key file holds a secret in the clear"
            );
        }
    }
}

#[test]
fn commands_name_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = ledger(h, &["admin", "accept-admin", "--from", "nobody"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("ledger keys add nobody --recover"),
        "{}",
        text(&out)
    );
    let out = ledger(h, &["bank", "settle"], None);
    assert!(text(&out).contains("--from <key name>"), "{}", text(&out));
    let out = ledger(h, &["query", "tariffs"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("deployment.json: run `ledger deploy` first"),
        "{}",
        text(&out)
    );
    let out = ledger(
        h,
        &["deploy", "--from", "nobody", "--artifacts", "/nonexistent"],
        None,
    );
    assert!(
        text(&out).contains("missing contract artifacts"),
        "{}",
        text(&out)
    );
}
