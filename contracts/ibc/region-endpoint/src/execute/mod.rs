//! What the region's meter contracts (`notices`) and its operator (`operator`) send.

pub mod notices;
pub mod operator;
