//! The `ledger-gateway` binary as an operator starts it: its flags, and the refusals that
//! stop it before it serves anything. (Serving against a real chain is e2e's gateway chain
//! test.)

use std::process::{Command, Output};

fn gateway(args: &[&str], home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ledger-gateway"))
        .args(args)
        .env("HOME", home)
        .env_remove("LEDGER_GATEWAY_CONFIG")
        .env_remove("LEDGER_NODE")
        .env_remove("LEDGER_CHAIN_ID")
        .env_remove("LEDGER_DEPLOYMENT")
        .output()
        .expect("the gateway binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_names_every_setting() {
    let home = tempfile::tempdir().unwrap();
    let out = gateway(&["--help"], home.path());
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--config",
        "--listen",
        "--node",
        "--chain-id",
        "--deployment",
        "--data-dir",
    ] {
        assert!(help.contains(flag), "--help lists {flag}:\n{help}");
    }
}

#[test]
fn a_missing_deployment_file_is_named_and_nothing_is_served() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nowhere/deployment.json");
    let out = gateway(
        &[
            "--deployment",
            missing.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("reading the deployment file") && err.contains("nowhere/deployment.json"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_in_the_config_file_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("gateway.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:0\"\nsesion_ttl_secs = 60\n").unwrap();
    let out = gateway(&["--config", config.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("gateway.toml") && err.contains("sesion_ttl_secs"),
        "{err}"
    );
}
