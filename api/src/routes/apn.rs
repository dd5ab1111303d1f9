//! `/apn-profiles`: the APN configurations subscribers refer to by id.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{ApnId, ApnProfile, Entity, MAX_PAGE_SIZE, Store, StoreError, SubscriberStore};

use super::blocking;
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::schema::{AmbrJson, AmbrPatch, ArpJson, ArpPatch, PageJson, PdnTypeJson};

/// The routes of this resource.
pub fn routes<B: SubscriberStore + 'static>() -> Router<Arc<Store<B>>> {
    Router::new()
        .route("/apn-profiles", get(list::<B>).post(create::<B>))
        .route("/apn-profiles/{id}", get(read::<B>).patch(update::<B>).delete(delete::<B>))
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
    apn: Option<String>,
    qci: Option<u8>,
    arp: Option<ArpPatch>,
    ambr: Option<AmbrPatch>,
    pdn_type: Option<PdnTypeJson>,
}

fn parse_id(raw: &str) -> Result<ApnId, ApiError> {
    raw.parse::<u32>()
        .ok()
        .and_then(|id| ApnId::new(id).ok())
        .ok_or_else(|| ApiError::invalid("id", "must be an integer in 1..=4294967295"))
}

async fn list<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
    page: Pagination,
) -> Result<Json<PageJson<ApnJson>>, ApiError> {
    let p = blocking(store, move |s| s.list_apn_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson {
        items: p.items.into_iter().map(Into::into).collect(),
        page: page.page,
        page_size: page.page_size,
        total: p.total,
    }))
}

async fn create<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
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
    };
    profile.validate()?;
    let profile = blocking(store, move |s| {
        if explicit.is_some() {
            return s.create_apn_profile(&profile).map(|()| profile);
        }
        // The next free id; a concurrent create taking it first makes us try the next.
        for _ in 0..8 {
            profile.id = next_free_id(s)?;
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

/// One above the highest id in use (1 when there is none).
fn next_free_id<B: SubscriberStore>(s: &Store<B>) -> Result<ApnId, StoreError> {
    let mut highest = 0;
    for page in 0.. {
        let p = s.list_apn_profiles(page, MAX_PAGE_SIZE)?;
        highest = p.items.last().map_or(highest, |a| a.id.get());
        if p.items.len() < MAX_PAGE_SIZE {
            break;
        }
    }
    // After u32::MAX this wraps to 0, which ApnId refuses: 422 on "id".
    Ok(ApnId::new(highest.wrapping_add(1))?)
}

async fn read<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
    Path(id): Path<String>,
) -> Result<Json<ApnJson>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(store, move |s| s.apn_profile(id)).await?.into()))
}

async fn update<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<Patch>,
) -> Result<Json<ApnJson>, ApiError> {
    let id = parse_id(&id)?;
    let profile = blocking(store, move |s| {
        let mut p = s.apn_profile(id)?;
        if let Some(apn) = patch.apn {
            p.apn = apn;
        }
        p.qci = patch.qci.unwrap_or(p.qci);
        p.arp = patch.arp.map_or(p.arp, |a| a.apply(p.arp));
        p.ambr = patch.ambr.map_or(p.ambr, |a| a.apply(p.ambr));
        p.pdn_type = patch.pdn_type.map_or(p.pdn_type, Into::into);
        s.update_apn_profile(&p).map(|()| p)
    })
    .await?;
    Ok(Json(profile.into()))
}

async fn delete<B: SubscriberStore + 'static>(
    State(store): State<Arc<Store<B>>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(store, move |s| s.delete_apn_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
