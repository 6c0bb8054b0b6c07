//! A fixed-group multisig (cw-plus's `cw3-fixed-multisig` 2.0, unchanged) built as an
//! artifact of our own, `artifacts/multisig.wasm`.
//!
//! Why a crate of our own for code we do not change: a deployment should store exactly the
//! multisig code it reviewed, built with the same pinned toolchain, profile and size budget as
//! the other contracts (`make wasm`), with its checksum in `artifacts/checksums.txt`, instead
//! of a binary downloaded from elsewhere. cw3-fixed-multisig is the ecosystem's audited
//! multisig: nothing here re-implements it; these entry points only forward to it.
//!
//! Its use here: the registry's administrator (and the contracts' wasm admin, which may
//! migrate them) is a multisig of, say, three consortium members with a threshold of two, so
//! that every key operation (registering participants, resuming a paused contract, moving the
//! administrator role, migrating code) needs two signatures: one member proposes the message
//! (which counts as its vote), a second votes yes, and anyone then executes it.

pub mod contract;
