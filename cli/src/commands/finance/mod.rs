//! Finance: `ledger draft` (staged payment drafts) and `ledger loan` (loan sharing).

pub mod draft;
pub mod loan;
