//! The AuC over REST (PyHSS `/auc/aka/vector_count`, `/auc/aka/resync`, `/auc/eap_aka`),
//! `secrets` scope, each call recorded in the operation log before any vector is made:
//!
//! - `POST /auth-data/{imsi}/vectors`: `count` (1 to 32) vectors of `type` `eps` (for
//!   `visited_plmn`), `umts`, `eap_aka` (UMTS quintuplets), `eap_aka_prime` (for
//!   `access_network_name`, default `WLAN`) or `ims_aka`, from the subscriber's one SQN space,
//!   never reused, the same the Diameter path uses.
//! - `POST /auth-data/{imsi}/resync`: RAND and AUTS from the USIM; the next vectors continue
//!   after its SQN.

use axum::extract::State;
use axum::{Json, Router, routing::post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::auc::{AUTS_LEN, PlmnId};
use store::{Imsi, OpContext, OsRand, Store, StoreError};

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::access::current_context;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::schema::hex_array;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/auth-data/{imsi}/vectors", post(vectors))
        .route("/auth-data/{imsi}/resync", post(resync))
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum VectorType {
    Eps,
    Umts,
    EapAka,
    EapAkaPrime,
    ImsAka,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorsRequest {
    #[serde(rename = "type")]
    kind: VectorType,
    #[serde(default = "one")]
    count: usize,
    /// MCC and MNC digits (`00101`), for `eps`.
    visited_plmn: Option<String>,
    /// The ANID, for `eap_aka_prime`.
    access_network_name: Option<String>,
}

const fn one() -> usize {
    1
}

#[derive(Debug, Serialize)]
struct VectorsJson {
    imsi: String,
    #[serde(rename = "type")]
    kind: &'static str,
    vectors: Vec<Value>,
    /// The operation-log record of this call.
    audit_seq: u64,
}

fn plmn(text: &str) -> Result<PlmnId, ApiError> {
    let bad = || ApiError::invalid("visited_plmn", "must be the MCC and MNC, 5 or 6 digits");
    if !(5..=6).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    PlmnId::from_mcc_mnc(&text[..3], &text[3..]).map_err(|_| bad())
}

/// Makes the vectors `req` asks for, after recording the call for `context`.
fn make(
    s: &Store,
    imsi: Imsi,
    req: &VectorsRequest,
    network: Option<PlmnId>,
    context: &OpContext,
) -> Result<(Vec<Value>, u64), StoreError> {
    // Unknown subscribers and missing keys fail before anything is recorded or reserved.
    s.auth(imsi)?;
    let seq = s.record_access(context, "auth", &imsi.to_string())?;
    let key = imsi.key();
    let mut rand = OsRand::new();
    let vectors = match (req.kind, network) {
        (VectorType::Eps, Some(network)) => {
            let mut out = Vec::new();
            s.eutran_vectors(key, req.count, &network, &mut rand, &mut out)?;
            out.iter()
                .map(|v| {
                    json!({"rand": hex::encode(v.rand), "xres": hex::encode(v.xres),
                           "autn": hex::encode(v.autn), "kasme": hex::encode(v.kasme)})
                })
                .collect()
        }
        (VectorType::Eps, None) => Vec::new(),
        (VectorType::Umts | VectorType::EapAka, _) => {
            let mut out = Vec::new();
            s.utran_vectors(key, req.count, &mut rand, &mut out)?;
            out.iter()
                .map(|v| {
                    json!({"rand": hex::encode(v.rand), "xres": hex::encode(v.xres),
                           "ck": hex::encode(v.ck), "ik": hex::encode(v.ik),
                           "autn": hex::encode(v.autn)})
                })
                .collect()
        }
        (VectorType::EapAkaPrime, _) => {
            let anid = req.access_network_name.as_deref().unwrap_or("WLAN");
            let mut out = Vec::new();
            s.eap_aka_prime_vectors(key, req.count, anid.as_bytes(), &mut rand, &mut out)?;
            out.iter()
                .map(|v| {
                    json!({"rand": hex::encode(v.rand), "xres": hex::encode(v.xres),
                           "autn": hex::encode(v.autn), "ck_prime": hex::encode(v.ck_prime),
                           "ik_prime": hex::encode(v.ik_prime)})
                })
                .collect()
        }
        (VectorType::ImsAka, _) => {
            let mut out = Vec::new();
            s.ims_aka_vectors(key, req.count, &mut rand, &mut out)?;
            out.iter()
                .map(|v| {
                    json!({"sip_authenticate": hex::encode(v.sip_authenticate),
                           "sip_authorization": hex::encode(v.sip_authorization),
                           "ck": hex::encode(v.ck), "ik": hex::encode(v.ik)})
                })
                .collect()
        }
    };
    Ok((vectors, seq))
}

async fn vectors(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
    JsonBody(req): JsonBody<VectorsRequest>,
) -> Result<Json<VectorsJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    if !(1..=store::MAX_VECTORS_PER_REQUEST).contains(&req.count) {
        return Err(ApiError::invalid("count", "must be 1 to 32"));
    }
    let network = match (req.kind, req.visited_plmn.as_deref()) {
        (VectorType::Eps, Some(p)) => Some(plmn(p)?),
        (VectorType::Eps, None) => {
            return Err(ApiError::invalid("visited_plmn", "eps vectors are bound to it"));
        }
        _ => None,
    };
    if req.access_network_name.as_deref().is_some_and(|a| a.is_empty() || a.len() > 255) {
        return Err(ApiError::invalid("access_network_name", "must be 1 to 255 characters"));
    }
    let kind = match req.kind {
        VectorType::Eps => "eps",
        VectorType::Umts => "umts",
        VectorType::EapAka => "eap_aka",
        VectorType::EapAkaPrime => "eap_aka_prime",
        VectorType::ImsAka => "ims_aka",
    };
    let context = current_context().unwrap_or_default();
    let (vectors, audit_seq) =
        blocking(api, move |s| make(s, imsi, &req, network, &context)).await?;
    tracing::info!(%imsi, kind, count = vectors.len(), audit_seq, "vectors made over REST");
    Ok(Json(VectorsJson { imsi: imsi.to_string(), kind, vectors, audit_seq }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResyncRequest {
    rand: String,
    auts: String,
}

async fn resync(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
    JsonBody(req): JsonBody<ResyncRequest>,
) -> Result<Json<Value>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let rand: [u8; 16] = hex_array("rand", &req.rand)?;
    let auts: [u8; AUTS_LEN] = hex_array("auts", &req.auts)?;
    let context = current_context().unwrap_or_default();
    let (sqn, audit_seq) = blocking(api, move |s| {
        s.auth(imsi)?;
        let seq = s.record_access(&context, "auth", &imsi.to_string())?;
        s.resync(imsi.key(), &rand, &auts)?;
        Ok((s.auth(imsi)?.sqn_reserved, seq))
    })
    .await?;
    tracing::info!(%imsi, audit_seq, "SQN re-synchronised over REST");
    Ok(Json(json!({"imsi": imsi.to_string(), "sqn": sqn, "audit_seq": audit_seq})))
}
