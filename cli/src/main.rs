//! `ledger`: the admin CLI of the obligation ledger. Everything is in the library.

fn main() -> std::process::ExitCode {
    ledger_cli::main()
}
