//! The AuC over REST (PyHSS `/auc/aka/vector_count`, `/auc/aka/resync`, `/auc/eap_aka`),
//! `secrets` scope, each call recorded in the operation log before any vector is made:
//!
//! - `POST /auth-data/{imsi}/vectors`: `count` (1 to 32) vectors of `type` `eps` (for
//!   `visited_plmn`), `umts`, `eap_aka` (UMTS quintuplets), `eap_aka_prime` (for
//!   `access_network_name`, default `WLAN`) or `ims_aka`, from the subscriber's one SQN space,
//!   never reused, the same the Diameter path uses.
//! - `POST /auth-data/{imsi}/resync`: RAND and AUTS from the USIM; the next vectors continue
//!   after its SQN.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::auc::{AUTS_LEN, PlmnId};
use store::{Imsi, OpContext, OsRand, Store, StoreError};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::access::current_context;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::openapi::params::ImsiParam;
use crate::openapi::tags;
use crate::schema::hex_array;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(vectors)).routes(routes!(resync))
}

/// The kind of vectors: `eps` (for `visited_plmn`), `umts`, `eap_aka` (UMTS quintuplets),
/// `eap_aka_prime` (for `access_network_name`), `ims_aka`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "snake_case")]
enum VectorType {
    Eps,
    Umts,
    EapAka,
    EapAkaPrime,
    ImsAka,
}

/// Which vectors, how many.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"type": "eps", "count": 3, "visited_plmn": "00101"}))]
struct VectorsRequest {
    #[serde(rename = "type")]
    kind: VectorType,
    /// 1 to 32.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 32, default = 1)]
    count: usize,
    /// MCC and MNC digits (`00101`), for `eps`.
    visited_plmn: Option<String>,
    /// The ANID, for `eap_aka_prime`.
    access_network_name: Option<String>,
}

const fn one() -> usize {
    1
}

/// The vectors made, each from a new SQN.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Vectors)]
struct VectorsJson {
    imsi: String,
    /// The type asked for.
    #[serde(rename = "type")]
    #[schema(value_type = VectorType)]
    kind: &'static str,
    /// The vectors, their fields in hex.
    #[schema(value_type = Vec<Vector>)]
    vectors: Vec<Value>,
    /// The operation-log record of this call.
    audit_seq: u64,
}

/// One vector, by type (every field lowercase hex).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Vector {
    /// `eps`: an E-UTRAN vector.
    Eps(EpsVector),
    /// `umts` and `eap_aka`: a quintuplet.
    Umts(UmtsVector),
    /// `eap_aka_prime`.
    EapAkaPrime(EapAkaPrimeVector),
    /// `ims_aka`.
    ImsAka(ImsAkaVector),
}

/// An E-UTRAN vector.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
struct EpsVector {
    rand: String,
    xres: String,
    autn: String,
    kasme: String,
}

/// A UMTS quintuplet.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
struct UmtsVector {
    rand: String,
    xres: String,
    ck: String,
    ik: String,
    autn: String,
}

/// An EAP-AKA' vector.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
struct EapAkaPrimeVector {
    rand: String,
    xres: String,
    autn: String,
    ck_prime: String,
    ik_prime: String,
}

/// An IMS AKA vector.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
struct ImsAkaVector {
    sip_authenticate: String,
    sip_authorization: String,
    ck: String,
    ik: String,
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

/// Makes authentication vectors (PyHSS `/auc/aka/vector_count`), each call recorded in the
/// operation log first.
#[utoipa::path(
    post,
    path = "/auth-data/{imsi}/vectors",
    tag = tags::AUTH,
    params(ImsiParam),
    request_body = VectorsRequest,
    responses(
        (status = 200, description = "The vectors", body = VectorsJson),
        (
            status = 404,
            description = "No such subscriber (`subscriber.not_found`) or no keys \
                (`auth_data.not_found`)"
        ),
        (status = 409, description = "The SQN space is used up (`sqn.exhausted`)")
    )
)]
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

/// The RAND and AUTS the USIM answered a synchronisation failure with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ResyncRequest {
    /// 32 hex digits.
    rand: String,
    /// 28 hex digits.
    auts: String,
}

/// The SQN after a resynchronisation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Resynced)]
struct ResyncJson {
    imsi: String,
    /// The SQN reservation mark: the next vectors continue after the USIM's SQN.
    sqn: u64,
    /// The operation-log record of this call.
    audit_seq: u64,
}

/// Re-synchronises the SQN from the USIM's AUTS (PyHSS `/auc/aka/resync`).
#[utoipa::path(
    post,
    path = "/auth-data/{imsi}/resync",
    tag = tags::AUTH,
    params(ImsiParam),
    request_body = ResyncRequest,
    responses(
        (status = 200, description = "Re-synchronised", body = ResyncJson),
        (
            status = 404,
            description = "No such subscriber (`subscriber.not_found`) or no keys \
                (`auth_data.not_found`)"
        ),
        (
            status = 422,
            description = "A field is invalid (`invalid`), or MAC-S does not verify \
                (`resync.refused`, naming `auts`; the SQN is unchanged)"
        )
    )
)]
async fn resync(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
    JsonBody(req): JsonBody<ResyncRequest>,
) -> Result<Json<ResyncJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let rand: [u8; 16] = hex_array("rand", &req.rand)?;
    let auts: [u8; AUTS_LEN] = hex_array("auts", &req.auts)?;
    let context = current_context().unwrap_or_default();
    let (sqn, audit_seq) = blocking(api, move |s| {
        s.auth(imsi)?;
        let seq = s.record_access(&context, "auth", &imsi.to_string())?;
        s.resync_from_operator(imsi.key(), &rand, &auts)?;
        Ok((s.auth(imsi)?.sqn_reserved, seq))
    })
    .await?;
    tracing::info!(%imsi, audit_seq, "SQN re-synchronised over REST");
    Ok(Json(ResyncJson { imsi: imsi.to_string(), sqn, audit_seq }))
}
