//! `GET /subscribers/{imsi}/credentials` (`secrets` scope): a subscriber's Ki, OPc, AMF and
//! SQN, as Ella Core offers them. Off unless the API is started with `reveal_credentials`
//! (hssd: `rest_reveal_credentials`); every read is written to the operation log first, with
//! the token and the time, and no key is returned when that record fails.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use store::OpcSource;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::access::current_context;
use crate::error::ApiError;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new().route("/subscribers/{imsi}/credentials", get(read))
}

#[derive(Serialize)]
struct CredentialsJson {
    imsi: String,
    ki: String,
    opc: String,
    opc_source: &'static str,
    amf: String,
    sqn: u64,
    /// The operation-log record of this read.
    audit_seq: u64,
}

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
