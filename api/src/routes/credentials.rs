//! `GET /subscribers/{imsi}/credentials` (`secrets` scope): a subscriber's Ki, OPc, AMF and
//! SQN, as Ella Core offers them. Off unless the API is started with `reveal_credentials`
//! (hssd: `rest_reveal_credentials`); every read is written to the operation log first, with
//! the token and the time, and no key is returned when that record fails.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use store::OpcSource;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::access::current_context;
use crate::error::ApiError;
use crate::openapi::params::ImsiParam;
use crate::openapi::tags;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(read))
}

/// A subscriber's key material, in hex.
#[derive(Serialize, ToSchema)]
#[schema(as = Credentials)]
struct CredentialsJson {
    imsi: String,
    /// 32 hex digits.
    ki: String,
    /// 32 hex digits.
    opc: String,
    /// `opc`, or `op` (the OPc was derived from an OP).
    #[schema(example = "opc")]
    opc_source: &'static str,
    /// 4 hex digits.
    amf: String,
    /// The SQN reservation mark.
    sqn: u64,
    /// The operation-log record of this read.
    audit_seq: u64,
}

/// Reveals a subscriber's Ki, OPc, AMF and SQN (off unless hssd runs with
/// `rest_reveal_credentials`); every read is recorded in the operation log first.
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}/credentials",
    tag = tags::AUTH,
    params(ImsiParam),
    responses(
        (status = 200, description = "The key material", body = CredentialsJson),
        (
            status = 403,
            description = "Credential reads are off (`disabled`), or the token lacks the \
                `secrets` scope (`forbidden`)"
        ),
        (
            status = 404,
            description = "No such subscriber (`subscriber.not_found`) or no keys \
                (`auth_data.not_found`)"
        )
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<CredentialsJson>, ApiError> {
    if !api.reveal_credentials {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "disabled",
            "credential reads are off; start hssd with rest_reveal_credentials = true",
        ));
    }
    let imsi = parse_imsi(&raw)?;
    let mut context = current_context().unwrap_or_default();
    context.request = "GET /subscribers/{imsi}/credentials".into();
    let (c, seq) = blocking(api, move |s| s.reveal_credentials(imsi, &context)).await?;
    tracing::info!(%imsi, audit_seq = seq, "credentials revealed");
    Ok(Json(CredentialsJson {
        imsi: imsi.to_string(),
        ki: hex::encode(c.ki),
        opc: hex::encode(c.opc),
        opc_source: match c.opc_source {
            OpcSource::Opc => "opc",
            OpcSource::Op => "op",
        },
        amf: hex::encode(c.amf),
        sqn: c.sqn,
        audit_seq: seq,
    }))
}
