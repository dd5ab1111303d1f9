//! `/tokens` (`admin` scope): the REST API's tokens. A create answers the secret once; the
//! store keeps only its keyed digest. A revoke takes effect on the next request.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::{ApiToken, Scope};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::openapi::{model, tags};

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(read, revoke))
}

/// A token as the API shows it: never its secret or digest.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Token)]
pub struct TokenJson {
    name: String,
    #[schema(value_type = Vec<model::Scope>)]
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
#[derive(Serialize, ToSchema)]
#[schema(as = TokenCreated)]
struct Created {
    #[serde(flatten)]
    token: TokenJson,
    /// `hss_` and 64 hex digits; shown this once only.
    secret: String,
}

/// A new token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TokenCreate, example = json!({"name": "ops", "scopes": ["read", "write"]}))]
struct Create {
    /// 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
    name: String,
    #[schema(value_type = Vec<model::Scope>)]
    scopes: Vec<Scope>,
    /// Unix seconds.
    #[serde(default)]
    expires: Option<u64>,
}

/// Every token.
#[derive(Serialize, ToSchema)]
#[schema(as = TokenList)]
struct List {
    items: Vec<TokenJson>,
}

/// The tokens, without their secrets.
#[utoipa::path(
    get,
    path = "/tokens",
    tag = tags::TOKENS,
    responses((status = 200, description = "Every token", body = List))
)]
async fn list(State(api): State<Shared>) -> Json<List> {
    Json(List { items: api.store.api_tokens().into_iter().map(Into::into).collect() })
}

/// One token, without its secret.
#[utoipa::path(
    get,
    path = "/tokens/{name}",
    tag = tags::TOKENS,
    params(("name" = String, Path, description = "The token's name")),
    responses(
        (status = 200, description = "The token", body = TokenJson),
        (status = 404, description = "No such token (`api_token.not_found`)")
    )
)]
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

/// Creates a token; its secret is in this answer only (the store keeps a keyed digest).
#[utoipa::path(
    post,
    path = "/tokens",
    tag = tags::TOKENS,
    request_body = Create,
    responses(
        (status = 201, description = "Created, with the secret", body = Created),
        (
            status = 409,
            description = "The name is taken (`api_token.duplicate`)"
        )
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let new =
        blocking(api, move |s| s.create_api_token(&body.name, &body.scopes, body.expires)).await?;
    tracing::info!(token = %new.token.name, scopes = ?new.token.scopes, "REST token created");
    Ok((StatusCode::CREATED, Json(Created { token: new.token.into(), secret: new.secret })))
}

/// Revokes a token: refused from the next request on.
#[utoipa::path(
    delete,
    path = "/tokens/{name}",
    tag = tags::TOKENS,
    params(("name" = String, Path, description = "The token's name")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such token (`api_token.not_found`)")
    )
)]
async fn revoke(
    State(api): State<Shared>,
    PathParam(name): PathParam,
) -> Result<StatusCode, ApiError> {
    let revoked = blocking(api, move |s| s.revoke_api_token(&name)).await?;
    tracing::info!(token = %revoked.name, "REST token revoked");
    Ok(StatusCode::NO_CONTENT)
}
