//! The gateway's web cabinet driven in Debian's headless Chromium (`e2e/browser/cabinet.mjs`,
//! Playwright without its own browser download), as a participant uses it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::repo;

/// Where the pages' screenshots go: `$BROWSER_SHOTS_DIR`, else `e2e/browser/screenshots/`.
pub fn screenshots() -> PathBuf {
    std::env::var_os("BROWSER_SHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("e2e/browser/screenshots"))
}

/// Runs one scenario of `cabinet.mjs` against the gateway at `url` with the account key
/// `key_hex` and the scenario's `args` (see the script's head); what the pages showed, as
/// the script reports it.
pub fn cabinet(scenario: &str, url: &str, key_hex: &str, args: Value) -> Value {
    cabinet_while(scenario, url, key_hex, args, || {})
}

/// [`cabinet`], calling `when_ready` when the script prints `READY` (the page is open and
/// waits for the chain to change).
pub fn cabinet_while(
    scenario: &str,
    url: &str,
    key_hex: &str,
    args: Value,
    when_ready: impl FnOnce(),
) -> Value {
    let dir = repo().join("e2e/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run scripts/setup.sh (npm ci in e2e/browser)"
    );
    let shots = screenshots();
    let mut child = Command::new("node")
        .current_dir(&dir)
        .arg("cabinet.mjs")
        .args([scenario, url, key_hex, "a browser passphrase"])
        .arg(&shots)
        .arg(args.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (scripts/setup.sh installs it)");
    let mut lines = Vec::new();
    let mut when_ready = Some(when_ready);
    let stdout = child.stdout.take().expect("piped stdout");
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("the script's output is text");
        if line == "READY" {
            if let Some(ready) = when_ready.take() {
                ready();
            }
        } else {
            lines.push(line);
        }
    }
    let out = child.wait_with_output().expect("the script ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the browser's {scenario} scenario failed (screenshots in {}):\n{stderr}",
        shots.display()
    );
    let last = lines.iter().rev().find(|l| !l.trim().is_empty());
    let seen: Value = last
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("cabinet.mjs reports JSON last:\n{lines:?}\n{stderr}"));
    assert!(
        seen.get("page_errors").is_none(),
        "errors in the page: {seen}"
    );
    seen
}
