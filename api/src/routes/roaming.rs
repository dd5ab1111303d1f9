//! `/roaming-profiles`: per visited PLMN, whether subscribers naming the profile may use data
//! (S6a) and IMS (Cx) there, and the default for PLMNs not listed. A change applies to the
//! next request of every subscriber naming the profile.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use store::RoamingProfile;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_id};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::openapi::model;
use crate::openapi::params::IdParam;
use crate::openapi::tags;
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(read, replace, delete))
}

/// The roaming profiles, by id.
#[utoipa::path(
    get,
    path = "/roaming-profiles",
    tag = tags::ROAMING,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::RoamingProfile>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<RoamingProfile>>, ApiError> {
    let p = blocking(api, move |s| s.list_roaming_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates a roaming profile (numbered when the body names no id).
#[utoipa::path(
    post,
    path = "/roaming-profiles",
    tag = tags::ROAMING,
    request_body = model::RoamingProfile,
    responses(
        (status = 201, description = "Created", body = model::RoamingProfile),
        (status = 409, description = "The id is taken (`roaming_profile.duplicate`)")
    )
)]
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

/// One roaming profile.
#[utoipa::path(
    get,
    path = "/roaming-profiles/{id}",
    tag = tags::ROAMING,
    params(IdParam),
    responses(
        (status = 200, description = "The profile", body = model::RoamingProfile),
        (status = 404, description = "No such profile (`roaming_profile.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<RoamingProfile>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.roaming_profile(id)).await?))
}

/// Replaces a roaming profile; the next request of every subscriber naming it follows it.
#[utoipa::path(
    put,
    path = "/roaming-profiles/{id}",
    tag = tags::ROAMING,
    params(IdParam),
    request_body = model::RoamingProfile,
    responses(
        (status = 200, description = "The profile as stored", body = model::RoamingProfile),
        (status = 404, description = "No such profile (`roaming_profile.not_found`)")
    )
)]
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

/// Deletes a roaming profile.
#[utoipa::path(
    delete,
    path = "/roaming-profiles/{id}",
    tag = tags::ROAMING,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such profile (`roaming_profile.not_found`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_roaming_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
