//! Unit tests that span the registry's handlers.

mod regional;
