//! Unit tests that span the registry's handlers.

mod generation;
mod regional;
