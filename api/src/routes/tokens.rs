//! `/tokens` (`admin` scope): the REST API's tokens. A create answers the secret once; the
//! store keeps only its keyed digest. A revoke takes effect on the next request.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{ApiToken, Scope};

use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::JsonBody;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/tokens", get(list).post(create))
        .route("/tokens/{name}", get(read).delete(revoke))
}

/// A token as the API shows it: never its secret or digest.
#[derive(Debug, Serialize)]
pub struct TokenJson {
    name: String,
    scopes: Vec<Scope>,
    /// Unix seconds.
    created: u64,
    /// Unix seconds; absent: never.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<u64>,
}

impl From<ApiToken> for TokenJson {
    fn from(t: ApiToken) -> Self {
        Self { name: t.name, scopes: t.scopes, created: t.created, expires: t.expires }
    }
}

/// A create's answer: the token and, this once, its secret.
#[derive(Serialize)]
struct Created {
    #[serde(flatten)]
    token: TokenJson,
    secret: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Create {
    name: String,
    scopes: Vec<Scope>,
    /// Unix seconds.
    #[serde(default)]
    expires: Option<u64>,
}

#[derive(Serialize)]
struct List {
    items: Vec<TokenJson>,
}

async fn list(State(api): State<Shared>) -> Json<List> {
    Json(List { items: api.store.api_tokens().into_iter().map(Into::into).collect() })
}

async fn read(
    State(api): State<Shared>,
    PathParam(name): PathParam,
) -> Result<Json<TokenJson>, ApiError> {
    api.store
        .api_tokens()
        .into_iter()
        .find(|t| t.name == name)
        .map(|t| Json(t.into()))
        .ok_or_else(|| store::StoreError::NotFound(store::Entity::ApiToken).into())
}

async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let new =
        blocking(api, move |s| s.create_api_token(&body.name, &body.scopes, body.expires)).await?;
    tracing::info!(token = %new.token.name, scopes = ?new.token.scopes, "REST token created");
    Ok((StatusCode::CREATED, Json(Created { token: new.token.into(), secret: new.secret })))
}

async fn revoke(
    State(api): State<Shared>,
    PathParam(name): PathParam,
) -> Result<StatusCode, ApiError> {
    let revoked = blocking(api, move |s| s.revoke_api_token(&name)).await?;
    tracing::info!(token = %revoked.name, "REST token revoked");
    Ok(StatusCode::NO_CONTENT)
}
