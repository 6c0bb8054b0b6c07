//! The gateway's web cabinet driven in Debian's headless Chromium (`e2e/browser/cabinet.mjs`,
//! Playwright without its own browser download), as a participant uses it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::repo;

/// Where the pages' screenshots go: `$BROWSER_SHOTS_DIR`, else `e2e/browser/screenshots/`.
pub fn screenshots() -> PathBuf {
    std::env::var_os("BROWSER_SHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("e2e/browser/screenshots"))
}

/// Runs one scenario of `cabinet.mjs` (`bills` with a meter id, or `refused`) against the
/// gateway at `url` with the account key `key_hex`; what the pages showed, as the script
/// reports it.
pub fn cabinet(scenario: &str, url: &str, key_hex: &str, meter_id: Option<&str>) -> Value {
    let dir = repo().join("e2e/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run scripts/setup.sh (npm ci in e2e/browser)"
    );
    let shots = screenshots();
    let mut command = Command::new("node");
    command
        .current_dir(&dir)
        .arg("cabinet.mjs")
        .args([scenario, url, key_hex, "a browser passphrase"])
        .arg(&shots);
    if let Some(meter_id) = meter_id {
        command.arg(meter_id);
    }
    let out = command
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the browser's {scenario} scenario failed (screenshots in {}):\n{stderr}",
        shots.display()
    );
    let seen: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("cabinet.mjs reports JSON ({e}):\n{stderr}"));
    assert!(
        seen.get("page_errors").is_none(),
        "errors in the page: {seen}"
    );
    seen
}
