//! What the probe keeps: the answers it received.

use cw_storage_plus::{Item, Map};

use crate::msg::Answer;

/// Id of the last answer recorded (0 before the first).
pub const LAST_ANSWER: Item<u64> = Item::new("last_answer");

/// Every answer received, by id (order of arrival).
pub const ANSWERS: Map<u64, Answer> = Map::new("answers");
