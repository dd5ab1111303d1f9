//! The one error shape of the API: `{"error": {"code", "message", "field"}}`, and how store
//! errors map onto it (404, 409, 422; 503 with `Retry-After` for a transient failure, 500).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use store::{InvalidField, StoreError};

/// An error answer: status, stable machine-readable code, message, and the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code (`subscriber.not_found`, `invalid`, ...).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// The field the error is about (`imsi`, `arp.priority_level`), where there is one.
    pub field: Option<String>,
    /// Seconds after which the same request may succeed (`Retry-After`), for a failure that
    /// passes ([`STORE_RETRY_AFTER_SECS`]).
    pub retry_after: Option<u32>,
}

/// The `Retry-After` of a transient store failure: a few seconds, several turns of the
/// RocksDB resumer (which tries once a second) and short enough for a provisioning system to
/// wait rather than give up.
pub const STORE_RETRY_AFTER_SECS: u32 = 5;

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub(crate) struct Body<'a> {
    error: Inner<'a>,
}

/// What went wrong.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ErrorDetail)]
pub(crate) struct Inner<'a> {
    /// Stable, machine-readable code: `invalid`, `bad_request`, `unauthorized`, `forbidden`,
    /// `not_found`, `{entity}.not_found`, `{entity}.duplicate`, `{entity}.in_use`,
    /// `unsupported_media_type`, `payload_too_large`, `store.unavailable`,
    /// `data_plane.unavailable`, `peer.not_connected`, `internal`, ...
    code: &'a str,
    /// What a person should read.
    message: &'a str,
    /// The field of the request the error is about (`arp.priority_level`, `apns[1].profile`,
    /// `imsi`), when there is one.
    field: Option<&'a str>,
}

impl ApiError {
    /// An error without a field.
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { status, code: code.into(), message: message.into(), field: None, retry_after: None }
    }

    /// 503 `store.unavailable` with `Retry-After`: the store cannot do it now (writes failing
    /// with a full or failing disk, RocksDB stopped after a background error, a write stall)
    /// and may shortly; `cause` is the store's error, named in the message.
    pub fn store_unavailable(cause: &StoreError) -> Self {
        Self {
            retry_after: Some(STORE_RETRY_AFTER_SECS),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "store.unavailable",
                format!("the store cannot do this now, retry later: {cause}"),
            )
        }
    }

    /// 422 `invalid` on `field`.
    pub fn invalid(field: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        let field = field.into();
        Self {
            field: Some(field.clone()),
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("invalid {field}: {reason}"),
            )
        }
    }

    /// 400 `bad_request`, naming the field where it is known.
    pub fn bad_request(message: impl Into<String>, field: Option<String>) -> Self {
        Self { field, ..Self::new(StatusCode::BAD_REQUEST, "bad_request", message) }
    }

    /// 404 for a path no route serves.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such resource")
    }
}

impl From<InvalidField> for ApiError {
    fn from(e: InvalidField) -> Self {
        Self::invalid(e.field, e.reason)
    }
}

/// The one mapping of store errors to answers: what the data decided keeps its 4xx; a
/// transient failure ([`StoreError::is_transient`], as the data plane answers 3004) is 503
/// with `Retry-After`; anything else is 500, logged.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(entity) => Self::new(
                StatusCode::NOT_FOUND,
                format!("{}.not_found", entity.name()),
                e.to_string(),
            ),
            StoreError::Duplicate { entity, field } => Self {
                field: Some(field.into()),
                ..Self::new(
                    StatusCode::CONFLICT,
                    format!("{}.duplicate", entity.name()),
                    e.to_string(),
                )
            },
            StoreError::InUse(entity) => {
                Self::new(StatusCode::CONFLICT, format!("{}.in_use", entity.name()), e.to_string())
            }
            StoreError::Invalid(f) => f.into(),
            StoreError::SequenceOutOfSync => Self {
                field: Some("sequence_number".into()),
                ..Self::new(
                    StatusCode::CONFLICT,
                    "repository_data.sequence_out_of_sync",
                    e.to_string(),
                )
            },
            StoreError::RollbackRefused { seq, reason } => Self::new(
                StatusCode::CONFLICT,
                "operation.conflict",
                format!("operation {seq} cannot be rolled back: {reason}"),
            ),
            StoreError::Resync(_) => Self {
                field: Some("auts".into()),
                ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "resync.refused", e.to_string())
            },
            StoreError::NoAuthData => {
                Self::new(StatusCode::NOT_FOUND, "auth_data.not_found", e.to_string())
            }
            StoreError::SqnExhausted => {
                Self::new(StatusCode::CONFLICT, "sqn.exhausted", e.to_string())
            }
            StoreError::UnknownSubscriber => {
                Self::new(StatusCode::NOT_FOUND, "subscriber.not_found", "subscriber not found")
            }
            transient if transient.is_transient() => {
                tracing::warn!(error = %transient, "transient store failure on the REST path");
                Self::store_unavailable(&transient)
            }
            other => {
                tracing::error!(error = %other, "store failure on the REST path");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "storage failure")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner { code: &self.code, message: &self.message, field: self.field.as_deref() },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
