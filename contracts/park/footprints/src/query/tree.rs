//! The inputs tree under a footprint, walked depth first (inputs in product-id order) and
//! numbered in that order, so that a page starts after a node's position. Breadth is bounded
//! by publication (`MAX_INPUTS` per footprint), depth by `MAX_TREE_DEPTH` and the walk by
//! `MAX_TREE_NODES`: a query never reads more than that, however wide the tree below.

use cosmwasm_std::{Deps, Order, StdResult};
use ledger_types::paging::page_size;
use ledger_types::park::footprints::{
    InputsTreeResponse, MAX_TREE_DEPTH, MAX_TREE_NODES, TreeNode,
};

use crate::ContractResult;
use crate::query::pact::input_view;
use crate::state::{INPUTS, StoredInput, footprint, product};

/// A node waiting to be visited: an input of `parent` at `depth`.
struct Pending {
    depth: u32,
    parent: String,
    parent_version: u32,
    input_id: String,
    input: StoredInput,
}

pub fn inputs_tree(
    deps: Deps,
    product_id: &str,
    version: Option<u32>,
    max_depth: Option<u32>,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<InputsTreeResponse> {
    let version = match version {
        Some(version) => version,
        None => product(deps.storage, product_id)?.current,
    };
    let (_, root) = footprint(deps.storage, product_id, version)?;
    let max_depth = max_depth.unwrap_or(MAX_TREE_DEPTH).clamp(1, MAX_TREE_DEPTH);
    let skip = start_after.unwrap_or(0);
    let size = page_size(limit);

    let mut stack = Vec::new();
    push_inputs(deps, &mut stack, 1, product_id, version)?;
    let mut nodes = Vec::with_capacity(size);
    let (mut position, mut has_more, mut truncated) = (0u32, false, false);
    while let Some(next) = stack.pop() {
        if position >= MAX_TREE_NODES {
            truncated = true;
            break;
        }
        position += 1;
        if position > skip {
            if nodes.len() == size {
                has_more = true;
                break;
            }
            nodes.push(TreeNode {
                position,
                depth: next.depth,
                parent_product_id: next.parent.clone(),
                parent_version: next.parent_version,
                input: input_view(deps, next.input_id.clone(), next.input.clone())?,
            });
        }
        if next.depth < max_depth {
            push_inputs(
                deps,
                &mut stack,
                next.depth + 1,
                &next.input_id,
                next.input.version,
            )?;
        }
    }
    Ok(InputsTreeResponse {
        product_id: product_id.to_string(),
        version,
        attributed_emissions: root.attributed_emissions,
        nodes,
        has_more,
        truncated,
    })
}

/// Pushes the footprint's inputs so that the first in product-id order is popped first.
fn push_inputs(
    deps: Deps,
    stack: &mut Vec<Pending>,
    depth: u32,
    product_id: &str,
    version: u32,
) -> StdResult<()> {
    let inputs: Vec<(String, StoredInput)> = INPUTS
        .prefix((product_id, version))
        .range(deps.storage, None, None, Order::Descending)
        .collect::<StdResult<_>>()?;
    stack.extend(inputs.into_iter().map(|(input_id, input)| Pending {
        depth,
        parent: product_id.to_string(),
        parent_version: version,
        input_id,
        input,
    }));
    Ok(())
}
