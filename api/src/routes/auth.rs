//! `/auth-data`: a subscriber's Ki, OPc (or OP), AMF and SQN. Secrets go in, never out: reads
//! show only that they are set.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{AuthData, AuthInfo, AuthUpdate, Key128, OpcSource, OperatorKey};

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null};
use crate::schema::{PageJson, hex_array};

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/auth-data", get(list).post(create))
        .route("/auth-data/{imsi}", get(read).patch(update).delete(delete))
}

/// What is provisioned, without the secrets.
#[derive(Debug, Serialize)]
pub struct AuthJson {
    imsi: String,
    ki_set: bool,
    opc_set: bool,
    opc_source: &'static str,
    amf: String,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Create {
    imsi: String,
    ki: String,
    opc: Option<String>,
    op: Option<String>,
    amf: Option<String>,
    sqn: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    #[serde(default, deserialize_with = "non_null")]
    ki: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    opc: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    op: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    amf: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
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

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<AuthJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_auth(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// The authentication data of a subscriber created with its keys (`POST /subscribers` and
/// the bulk import's `auth` object): the body of `POST /auth-data` without the IMSI.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AuthFields {
    ki: String,
    opc: Option<String>,
    op: Option<String>,
    amf: Option<String>,
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

async fn read(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<Json<AuthJson>, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    Ok(Json(blocking(api, move |s| s.auth(imsi)).await?.into()))
}

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

async fn delete(
    State(api): State<Shared>,
    PathParam(imsi): PathParam,
) -> Result<StatusCode, ApiError> {
    let imsi = parse_imsi(&imsi)?;
    blocking(api, move |s| s.delete_auth(imsi)).await?;
    Ok(StatusCode::NO_CONTENT)
}
