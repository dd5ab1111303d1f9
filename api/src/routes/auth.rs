//! `/auth-data`: a subscriber's Ki, OPc (or OP), AMF and SQN. Secrets go in, never out: reads
//! show only that they are set.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::{AuthData, AuthInfo, AuthUpdate, Key128, OpcSource, OperatorKey};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null};
use crate::openapi::params::ImsiParam;
use crate::openapi::tags;
use crate::schema::{PageJson, hex_array};

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(read, update, delete))
}

/// What is provisioned, without the secrets.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuthData)]
pub struct AuthJson {
    imsi: String,
    /// Ki is stored (it is never shown).
    ki_set: bool,
    /// OPc (or OP) is stored.
    opc_set: bool,
    /// `opc`, or `op` (OPc derived from the OP given).
    #[schema(example = "opc")]
    opc_source: &'static str,
    /// AMF, 4 hex digits.
    amf: String,
    /// The highest SQN reserved.
    sqn: u64,
}

impl From<AuthInfo> for AuthJson {
    fn from(a: AuthInfo) -> Self {
        Self {
            imsi: a.imsi.to_string(),
            ki_set: a.ki_set,
            opc_set: a.opc_set,
            opc_source: match a.opc_source {
                OpcSource::Opc => "opc",
                OpcSource::Op => "op",
            },
            amf: hex::encode(a.amf),
            sqn: a.sqn_reserved,
        }
    }
}

/// A subscriber's keys: Ki and OPc (or OP, not both), 32 hex digits each.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AuthDataCreate, example = json!({"imsi": "001010000000001",
    "ki": "465b5ce8b199b49faa5f0a2ee238a6bc", "opc": "cd63cb71954a9f4e48a5994e37a02baf"}))]
struct Create {
    imsi: String,
    /// 32 hex digits.
    #[schema(write_only)]
    ki: String,
    /// 32 hex digits; give `opc` or `op`.
    #[schema(write_only)]
    opc: Option<String>,
    /// 32 hex digits: the OPc is derived from it.
    #[schema(write_only)]
    op: Option<String>,
    /// 4 hex digits (`8000` when absent).
    amf: Option<String>,
    /// The starting SQN (0 when absent).
    sqn: Option<u64>,
}

/// A change of keys: the fields given replace the stored ones (none may be `null`); a new
/// `ki` needs `opc` or `op` with it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AuthDataPatch)]
struct Patch {
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = String, write_only)]
    ki: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = String, write_only)]
    opc: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = String, write_only)]
    op: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = String)]
    amf: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = u64)]
    sqn: Option<u64>,
}

// Bodies hold secrets: no derived Debug that could print them.
impl std::fmt::Debug for Create {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Create").field("imsi", &self.imsi).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Patch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patch").finish_non_exhaustive()
    }
}

fn key(field: &str, hex: &str) -> Result<Key128, ApiError> {
    Key128::from_hex(hex).map_err(|e| ApiError::invalid(field, e.reason))
}

/// OPc or OP, not both.
fn operator_key(opc: Option<&str>, op: Option<&str>) -> Result<Option<OperatorKey>, ApiError> {
    match (opc, op) {
        (Some(_), Some(_)) => Err(ApiError::invalid("op", "give opc or op, not both")),
        (Some(opc), None) => Ok(Some(OperatorKey::Opc(key("opc", opc)?))),
        (None, Some(op)) => Ok(Some(OperatorKey::Op(key("op", op)?))),
        (None, None) => Ok(None),
    }
}

/// The subscribers' authentication data (without the keys), by IMSI.
#[utoipa::path(
    get,
    path = "/auth-data",
    tag = tags::AUTH,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<AuthJson>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<AuthJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_auth(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// The authentication data of a subscriber created with its keys (`POST /subscribers` and
/// the bulk import's `auth` object): the body of `POST /auth-data` without the IMSI.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AuthFields)]
pub(super) struct AuthFields {
    /// 32 hex digits.
    #[schema(write_only)]
    ki: String,
    /// 32 hex digits; give `opc` or `op`.
    #[schema(write_only)]
    opc: Option<String>,
    /// 32 hex digits.
    #[schema(write_only)]
    op: Option<String>,
    /// 4 hex digits (`8000` when absent).
    amf: Option<String>,
    /// The starting SQN (0 when absent).
    sqn: Option<u64>,
}

impl std::fmt::Debug for AuthFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthFields").finish_non_exhaustive()
    }
}

impl AuthFields {
    /// The store's form; errors name the field as `{prefix}{field}` (`auth.ki`).
    pub(super) fn to_auth_data(&self, prefix: &str) -> Result<AuthData, ApiError> {
        auth_data(
            prefix,
            &self.ki,
            self.opc.as_deref(),
            self.op.as_deref(),
            self.amf.as_deref(),
            self.sqn,
        )
    }
}

/// Checks and converts the fields of new authentication data.
fn auth_data(
    prefix: &str,
    ki: &str,
    opc: Option<&str>,
    op: Option<&str>,
    amf: Option<&str>,
    sqn: Option<u64>,
) -> Result<AuthData, ApiError> {
    let named = |e: ApiError| match e.field {
        Some(f) if !prefix.is_empty() => {
            let field = format!("{prefix}{f}");
            ApiError { message: e.message.replacen(&f, &field, 1), field: Some(field), ..e }
        }
        _ => e,
    };
    let data = AuthData {
        ki: key("ki", ki).map_err(named)?,
        operator_key: operator_key(opc, op)
            .and_then(|k| k.ok_or_else(|| ApiError::invalid("opc", "opc or op is required")))
            .map_err(named)?,
        amf: amf.map_or(Ok([0x80, 0]), |a| hex_array("amf", a)).map_err(named)?,
        sqn: sqn.unwrap_or(0),
    };
    data.validate().map_err(|e| named(e.into()))?;
    Ok(data)
}

/// Stores a subscriber's keys; they are never shown again.
#[utoipa::path(
    post,
    path = "/auth-data",
    tag = tags::AUTH,
    request_body = Create,
    responses(
        (status = 201, description = "Stored (before or after the subscriber)", body = AuthJson),
        (status = 409, description = "The subscriber has keys (`auth_data.duplicate`)")
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let imsi = parse_imsi(&body.imsi)?;
    let data = auth_data(
        "",
        &body.ki,
        body.opc.as_deref(),
        body.op.as_deref(),
        body.amf.as_deref(),
        body.sqn,
    )?;
    let info = blocking(api, move |s| {
        s.create_auth(imsi, &data)?;
        s.auth(imsi)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(AuthJson::from(info))))
}

/// What is stored for a subscriber, without the keys.
#[utoipa::path(
    get,
    path = "/auth-data/{imsi}",
    tag = tags::AUTH,
    params(ImsiParam),
    responses(
        (status = 200, description = "The authentication data", body = AuthJson),
        (status = 404, description = "No keys stored (`auth_data.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<Json<AuthJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    Ok(Json(blocking(api, move |s| s.auth(imsi)).await?.into()))
}

/// Changes a subscriber's keys, AMF or SQN.
#[utoipa::path(
    patch,
    path = "/auth-data/{imsi}",
    tag = tags::AUTH,
    params(ImsiParam),
    request_body = Patch,
    responses(
        (status = 200, description = "The authentication data as changed", body = AuthJson),
        (status = 404, description = "No keys stored (`auth_data.not_found`)")
    )
)]
async fn update(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<AuthJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    let update = AuthUpdate {
        ki: patch.ki.as_deref().map(|k| key("ki", k)).transpose()?,
        operator_key: operator_key(patch.opc.as_deref(), patch.op.as_deref())?,
        amf: patch.amf.as_deref().map(|a| hex_array("amf", a)).transpose()?,
        sqn: patch.sqn,
    };
    update.validate().map_err(|e| match e.field {
        "operator_key" => ApiError::invalid("opc", "opc or op is required when ki changes"),
        _ => e.into(),
    })?;
    let info = blocking(api, move |s| {
        s.update_auth(imsi, &update)?;
        s.auth(imsi)
    })
    .await?;
    Ok(Json(info.into()))
}

/// Deletes a subscriber's keys.
#[utoipa::path(
    delete,
    path = "/auth-data/{imsi}",
    tag = tags::AUTH,
    params(ImsiParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No keys stored (`auth_data.not_found`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<StatusCode, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    blocking(api, move |s| s.delete_auth(imsi)).await?;
    Ok(StatusCode::NO_CONTENT)
}
