//! Turning a failed action into the contract error that caused it.

use std::fmt::{Debug, Display};

use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;

/// The typed error of a failed action, so that tests can `assert_eq!` on it.
///
/// cw-multi-test wraps a contract's error in context (the message, and the outer messages of
/// a submessage chain); this looks through that context for an error of type `E`, also when
/// `E` is the root cause, and panics with the whole chain if the action succeeded or failed
/// with another error.
pub fn err<E: Display + Debug + Send + Sync + 'static>(res: AnyResult<AppResponse>) -> E {
    let error = match res {
        Ok(res) => panic!(
            "expected a {} but the action succeeded: {res:?}",
            std::any::type_name::<E>()
        ),
        Err(error) => error,
    };
    let chain = format!("{error:?}");
    let root = error.root_cause().to_string();
    error.downcast::<E>().unwrap_or_else(|_| {
        panic!(
            "expected a {}, got: {root}\nfull error: {chain}",
            std::any::type_name::<E>()
        )
    })
}

/// The error text of a failed action's root cause (for errors outside the contracts, such as
/// cw20-base's).
pub fn root_message(res: AnyResult<AppResponse>) -> String {
    match res {
        Ok(res) => panic!("expected an error but the action succeeded: {res:?}"),
        Err(error) => error.root_cause().to_string(),
    }
}
