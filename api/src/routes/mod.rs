//! The router: one module per resource, `/health`, the write-token check and the error
//! shape for unknown paths and methods.

mod apn;
mod auth;
mod subscriber;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use store::{Imsi, Store, StoreError, SubscriberStore};

use crate::error::ApiError;

/// The whole API over `store`. With a `token`, every request but `GET` must carry
/// `Authorization: Bearer <token>`.
pub fn router<B: SubscriberStore + 'static>(store: Arc<Store<B>>, token: Option<String>) -> Router {
    let token: Arc<Option<String>> = Arc::new(token);
    Router::new()
        .route("/health", get(health::<B>))
        .merge(apn::routes::<B>())
        .merge(auth::routes::<B>())
        .merge(subscriber::routes::<B>())
        .fallback(|| async { ApiError::no_route() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed",
            )
        })
        .layer(middleware::from_fn_with_state(token, require_token))
        .with_state(store)
}

/// Runs a store operation on tokio's blocking pool: RocksDB calls (synced writes above all)
/// must not hold up the runtime's workers.
async fn blocking<B, T>(
    store: Arc<Store<B>>,
    f: impl FnOnce(&Store<B>) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError>
where
    B: SubscriberStore + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "store task failed");
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "store task failed"))
        }
    }
}

/// An IMSI from a path or a body; 422 naming `imsi` when it is not 5 to 15 digits.
fn parse_imsi(raw: &str) -> Result<Imsi, ApiError> {
    Ok(Imsi::parse(raw)?)
}

async fn health<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
) -> Result<Json<Value>, ApiError> {
    match blocking(store, |s| s.list_apn_profiles(0, 1)).await {
        Ok(_) => Ok(Json(json!({"status": "ok"}))),
        Err(e) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("store not answering: {}", e.message),
        )),
    }
}

async fn require_token(
    State(token): State<Arc<Option<String>>>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(expected) = token.as_deref() else {
        return Ok(next.run(req).await);
    };
    if req.method() == Method::GET || req.method() == Method::HEAD {
        return Ok(next.run(req).await);
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if constant_time_eq(given.as_bytes(), expected.as_bytes()) => {
            Ok(next.run(req).await)
        }
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this request needs Authorization: Bearer <token>",
        )),
    }
}

/// Compares without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
