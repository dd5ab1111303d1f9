//! `GET /subscribers/{imsi}/last-seen`: what the network last did for a subscriber. The times
//! of the last S6a AIR and ULR, Cx MAR and SWx MAR and the visited PLMN of the last AIR or ULR
//! are kept in memory with the subscriber's cache entry (since it was last loaded: a write of
//! the subscriber or a restart starts them again); the serving MME with its registration time
//! and the last equipment (IMEI) come from the store.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::openapi::params::ImsiParam;
use crate::openapi::tags;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(last_seen))
}

/// The MME a subscriber is registered with.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LastSeenMme)]
struct MmeJson {
    host: String,
    realm: String,
    /// Unix milliseconds of its Update-Location.
    since: u64,
    /// The RAT-Type of that Update-Location.
    rat_type: Option<u32>,
}

/// The equipment last seen.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LastSeenEquipment)]
struct EquipmentJson {
    imei: String,
    software_version: Option<String>,
    /// Unix milliseconds.
    time: u64,
    /// `ulr` (Terminal-Information) or `ecr`.
    source: String,
}

/// What the network last did for a subscriber (times in Unix milliseconds).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LastSeen)]
struct LastSeenJson {
    imsi: String,
    /// Whether the in-memory times are known (the subscriber's entry is cached).
    cached: bool,
    /// The last S6a Authentication-Information-Request.
    last_air: Option<u64>,
    /// The last S6a Update-Location-Request.
    last_ulr: Option<u64>,
    /// The last Cx Multimedia-Auth-Request.
    last_cx_mar: Option<u64>,
    /// The last SWx Multimedia-Auth-Request.
    last_swx_mar: Option<u64>,
    /// MCC and MNC of the Visited-PLMN-Id of the last AIR or ULR.
    visited_plmn: Option<String>,
    /// The MME the subscriber is registered with.
    mme: Option<MmeJson>,
    /// The equipment last seen (ULR Terminal-Information or ECR).
    equipment: Option<EquipmentJson>,
}

/// What the network last did for a subscriber.
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}/last-seen",
    tag = tags::SUBSCRIBERS,
    params(ImsiParam),
    responses(
        (status = 200, description = "The last requests seen", body = LastSeenJson),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn last_seen(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<LastSeenJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let (record, equipment) = blocking(api.clone(), move |s| {
        let record = s.subscriber(imsi)?;
        Ok((record, s.equipment(imsi.key())?))
    })
    .await?;
    let seen = api.store.last_seen(imsi.key());
    let visited_plmn = seen.and_then(|s| s.visited_plmn).and_then(|b| {
        store::auc::PlmnId::from_bytes(b).ok().map(|p| format!("{}{}", p.mcc(), p.mnc()))
    });
    let mme = record.serving_mme.map(|n| MmeJson {
        host: n.host,
        realm: n.realm,
        since: store::millis(n.updated_at),
        rat_type: n.rat_type,
    });
    let equipment = equipment.map(|e| EquipmentJson {
        imei: e.imei,
        software_version: e.software_version,
        time: e.time_ms,
        source: e.source,
    });
    Ok(Json(LastSeenJson {
        imsi: imsi.to_string(),
        cached: seen.is_some(),
        last_air: seen.and_then(|s| s.air),
        last_ulr: seen.and_then(|s| s.ulr),
        last_cx_mar: seen.and_then(|s| s.cx_mar),
        last_swx_mar: seen.and_then(|s| s.swx_mar),
        visited_plmn,
        mme,
        equipment,
    }))
}
