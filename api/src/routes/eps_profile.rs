//! `/eps-profiles`: shared EPS profiles (UE-AMBR, Network-Access-Mode, APNs and default APN,
//! TAU timer, charging characteristics, roaming profile) that subscribers name in
//! `options.eps_profile`. A `PUT` applies at once to the cached subscribers naming the profile
//! (rebuilt in memory, not dropped) and sends their serving MMEs an IDR with what changed for
//! each of them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use store::EpsProfile;

use super::push::{self, PushCount};
use super::{PathParam, Shared, blocking, parse_id};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/eps-profiles", get(list).post(create))
        .route("/eps-profiles/{id}", get(read).put(replace).delete(delete))
}

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<EpsProfile>>, ApiError> {
    let p = blocking(api, move |s| s.list_eps_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

async fn create(
    State(api): State<Shared>,
    JsonBody(profile): JsonBody<EpsProfile>,
) -> Result<impl IntoResponse, ApiError> {
    profile.validate()?;
    let profile = blocking(api, move |s| {
        s.create_eps_profile(&profile).map(|id| EpsProfile { id, ..profile })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(profile)))
}

async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<EpsProfile>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.eps_profile(id)).await?))
}

/// A replaced profile, with the IDRs its change sent.
#[derive(Debug, Serialize)]
struct Replaced {
    #[serde(flatten)]
    profile: EpsProfile,
    pushed: PushCount,
}

async fn replace(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(profile): JsonBody<EpsProfile>,
) -> Result<Json<Replaced>, ApiError> {
    let id = parse_id(&id)?;
    if profile.id != 0 && profile.id != id {
        return Err(ApiError::invalid("id", "must be the id in the path"));
    }
    let profile = EpsProfile { id, ..profile };
    profile.validate()?;
    let stored = profile.clone();
    let old = blocking(api.clone(), move |s| s.replace_eps_profile(id, &stored)).await?;
    let pushed = push::push_eps_profile(&api, old, profile.clone()).await;
    Ok(Json(Replaced { profile, pushed }))
}

async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_eps_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
