//! Paging parameters and pages, as the contracts page: `start_after` (exclusive) and
//! `limit`, answered with `has_more`.

use ledger_types::paging::{DEFAULT_LIMIT, MAX_LIMIT};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `?start_after=&limit=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The key of the last item of the previous page.
    pub start_after: Option<String>,
    /// How many items at most (capped at the contracts' largest page).
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The limit to ask the contract for.
    pub fn limit(&self) -> u32 {
        limit(self.limit)
    }
}

/// The limit to ask the contract for, given the one asked of the gateway.
pub fn limit(asked: Option<u32>) -> u32 {
    asked.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// `?start_after=&limit=` over a list keyed by numeric ids.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdPageQuery {
    /// The id of the last item of the previous page.
    pub start_after: Option<u64>,
    /// How many items at most (capped at the contracts' largest page).
    pub limit: Option<u32>,
}

/// One page of a list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The items, in the contract's order.
    pub items: Vec<T>,
    /// More items follow: ask again with `start_after` set to the last item's key.
    pub has_more: bool,
}
