//! A JSON body extractor whose refusals have the gateway's `{code, message}` form.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

use crate::error::{ApiError, codes};

/// A JSON request body of type `T`.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(
                    rejection.status(),
                    codes::PAYLOAD_TOO_LARGE,
                    rejection.body_text(),
                ))
            }
            Err(rejection) => Err(ApiError::new(
                rejection.status(),
                codes::BAD_REQUEST,
                rejection.body_text(),
            )),
        }
    }
}
