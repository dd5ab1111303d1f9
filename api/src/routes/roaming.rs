//! `/roaming-profiles`: per visited PLMN, whether subscribers naming the profile may use data
//! (S6a) and IMS (Cx) there, and the default for PLMNs not listed. A change applies to the
//! next request of every subscriber naming the profile.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use store::RoamingProfile;

use super::{PathParam, Shared, blocking, parse_id};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/roaming-profiles", get(list).post(create))
        .route("/roaming-profiles/{id}", get(read).put(replace).delete(delete))
}

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<RoamingProfile>>, ApiError> {
    let p = blocking(api, move |s| s.list_roaming_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

async fn create(
    State(api): State<Shared>,
    JsonBody(profile): JsonBody<RoamingProfile>,
) -> Result<impl IntoResponse, ApiError> {
    profile.validate()?;
    let profile = blocking(api, move |s| {
        s.create_roaming_profile(&profile).map(|id| RoamingProfile { id, ..profile })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(profile)))
}

async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<RoamingProfile>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.roaming_profile(id)).await?))
}

async fn replace(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(profile): JsonBody<RoamingProfile>,
) -> Result<Json<RoamingProfile>, ApiError> {
    let id = parse_id(&id)?;
    if profile.id != 0 && profile.id != id {
        return Err(ApiError::invalid("id", "must be the id in the path"));
    }
    let profile = RoamingProfile { id, ..profile };
    profile.validate()?;
    let stored = profile.clone();
    blocking(api, move |s| s.replace_roaming_profile(id, &stored)).await?;
    Ok(Json(profile))
}

async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_roaming_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
