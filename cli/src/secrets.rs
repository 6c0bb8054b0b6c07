//! Passphrases, mnemonics and hex secrets: read from the environment, stdin or a prompt that
//! does not echo, held in memory that is wiped on drop, and never printed or logged.

use std::io::{IsTerminal, Read};

use anyhow::{Context, bail};
use zeroize::Zeroizing;

/// Environment variable holding the passphrase of the signing key (and of keys being added).
pub const PASSPHRASE_ENV: &str = "LEDGER_PASSPHRASE";
/// Environment variable holding the passphrase of a meter key made by
/// `admin meter register --generate-key`.
pub const METER_PASSPHRASE_ENV: &str = "LEDGER_METER_PASSPHRASE";

/// The passphrase of an existing key: `env` if set, else asked on the terminal.
pub fn passphrase(env: &str, prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    if let Some(p) = from_env(env) {
        return Ok(p);
    }
    prompt_hidden(prompt, env)
}

/// A passphrase for a key about to be stored: `env` if set, else asked twice on the terminal.
pub fn new_passphrase(env: &str, what: &str) -> anyhow::Result<Zeroizing<String>> {
    if let Some(p) = from_env(env) {
        return Ok(p);
    }
    let first = prompt_hidden(&format!("Passphrase to encrypt {what}: "), env)?;
    let again = prompt_hidden("Repeat the passphrase: ", env)?;
    if *first != *again {
        bail!("the passphrases do not match; nothing was stored");
    }
    Ok(first)
}

/// A secret typed by the user (a mnemonic or a hex key): read whole from stdin when stdin is
/// not a terminal (`cat words.txt | ledger keys add admin --recover`), else asked without
/// echo.
pub fn secret_input(prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let line = Zeroizing::new(
            rpassword::prompt_password(prompt).context("cannot read from the terminal")?,
        );
        return Ok(Zeroizing::new(line.trim().to_string()));
    }
    let mut buf = Zeroizing::new(String::new());
    stdin
        .lock()
        .read_to_string(&mut buf)
        .context("cannot read the secret from stdin")?;
    let trimmed = Zeroizing::new(buf.trim().to_string());
    if trimmed.is_empty() {
        bail!("nothing was given on stdin");
    }
    Ok(trimmed)
}

fn from_env(env: &str) -> Option<Zeroizing<String>> {
    std::env::var(env).ok().map(Zeroizing::new)
}

fn prompt_hidden(prompt: &str, env: &str) -> anyhow::Result<Zeroizing<String>> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .with_context(|| format!("cannot ask for the passphrase (no terminal?); set {env} instead"))
}
