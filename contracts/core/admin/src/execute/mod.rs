//! Execute handlers, one module per responsibility. Each checks funds, then the pause, then
//! the caller's role, then the input, and writes only once every check has passed. While the
//! registry is paused, what only takes powers away keeps working (blacklisting, suspending a
//! participant, cancelling an administrator proposal or a time-locked operation); everything
//! else is refused with `common.paused`.

pub mod admin_transfer;
pub mod blacklist;
pub mod config;
pub mod emergency;
pub mod meters;
pub mod participants;
pub mod timelock;
