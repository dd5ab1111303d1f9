//! `/apn-profiles`: the APN configurations subscribers refer to by id.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{ApnId, ApnProfile, Entity, StoreError};

use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination, non_null};
use crate::schema::{AmbrJson, AmbrPatch, ArpJson, ArpPatch, PageJson, PdnTypeJson};

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/apn-profiles", get(list).post(create))
        .route("/apn-profiles/{id}", get(read).patch(update).delete(delete))
}

/// An APN profile as the API shows it.
#[derive(Debug, Serialize)]
pub struct ApnJson {
    id: u32,
    apn: String,
    qci: u8,
    arp: ArpJson,
    ambr: AmbrJson,
    pdn_type: PdnTypeJson,
}

impl From<ApnProfile> for ApnJson {
    fn from(p: ApnProfile) -> Self {
        Self {
            id: p.id.get(),
            apn: p.apn,
            qci: p.qci,
            arp: p.arp.into(),
            ambr: p.ambr.into(),
            pdn_type: p.pdn_type.into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Create {
    id: Option<u32>,
    apn: String,
    qci: u8,
    arp: ArpJson,
    ambr: AmbrJson,
    pdn_type: PdnTypeJson,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    #[serde(default, deserialize_with = "non_null")]
    apn: Option<String>,
    #[serde(default, deserialize_with = "non_null")]
    qci: Option<u8>,
    #[serde(default, deserialize_with = "non_null")]
    arp: Option<ArpPatch>,
    #[serde(default, deserialize_with = "non_null")]
    ambr: Option<AmbrPatch>,
    #[serde(default, deserialize_with = "non_null")]
    pdn_type: Option<PdnTypeJson>,
}

fn parse_id(raw: &str) -> Result<ApnId, ApiError> {
    raw.parse::<u32>()
        .ok()
        .and_then(|id| ApnId::new(id).ok())
        .ok_or_else(|| ApiError::invalid("id", "must be an integer in 1..=4294967295"))
}

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<ApnJson>>, ApiError> {
    let p = blocking(api, move |s| s.list_apn_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Create>,
) -> Result<impl IntoResponse, ApiError> {
    let explicit = body.id.map(|id| ApnId::new(id).map_err(ApiError::from)).transpose()?;
    let mut profile = ApnProfile {
        // Validated with a placeholder when the id is to be chosen.
        id: explicit.map_or_else(|| ApnId::new(1), Ok)?,
        apn: body.apn,
        qci: body.qci,
        arp: body.arp.into(),
        ambr: body.ambr.into(),
        pdn_type: body.pdn_type.into(),
        options: Default::default(),
    };
    profile.validate()?;
    let profile = blocking(api, move |s| {
        if explicit.is_some() {
            return s.create_apn_profile(&profile).map(|()| profile);
        }
        // The lowest free id; a concurrent create taking it first makes us look again.
        for _ in 0..8 {
            profile.id = s.free_apn_id()?;
            match s.create_apn_profile(&profile) {
                Err(StoreError::Duplicate { .. }) => continue,
                other => return other.map(|()| profile),
            }
        }
        Err(StoreError::Duplicate { entity: Entity::ApnProfile, field: "id" })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(ApnJson::from(profile))))
}

async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<ApnJson>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.apn_profile(id)).await?.into()))
}

async fn update(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<ApnJson>, ApiError> {
    let id = parse_id(&id)?;
    let profile = blocking(api, move |s| {
        s.modify_apn_profile(id, |p| {
            if let Some(apn) = patch.apn {
                p.apn = apn;
            }
            p.qci = patch.qci.unwrap_or(p.qci);
            p.arp = patch.arp.map_or(p.arp, |a| a.apply(p.arp));
            p.ambr = patch.ambr.map_or(p.ambr, |a| a.apply(p.ambr));
            p.pdn_type = patch.pdn_type.map_or(p.pdn_type, Into::into);
            Ok(())
        })
    })
    .await?;
    Ok(Json(profile.into()))
}

async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_apn_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
