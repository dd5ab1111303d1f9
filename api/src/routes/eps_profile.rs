//! `/eps-profiles`: shared EPS profiles (UE-AMBR, Network-Access-Mode, APNs and default APN,
//! TAU timer, charging characteristics, roaming profile) that subscribers name in
//! `options.eps_profile`. A `PUT` applies at once to the cached subscribers naming the profile
//! (rebuilt in memory, not dropped) and sends their serving MMEs an IDR with what changed for
//! each of them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use store::EpsProfile;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::push::{self, PushCount};
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

/// The EPS profiles, by id.
#[utoipa::path(
    get,
    path = "/eps-profiles",
    tag = tags::EPS,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::EpsProfile>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<EpsProfile>>, ApiError> {
    let p = blocking(api, move |s| s.list_eps_profiles(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates an EPS profile (numbered when the body names no id).
#[utoipa::path(
    post,
    path = "/eps-profiles",
    tag = tags::EPS,
    request_body = model::EpsProfile,
    responses(
        (status = 201, description = "Created", body = model::EpsProfile),
        (status = 409, description = "The id is taken (`eps_profile.duplicate`)")
    )
)]
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

/// One EPS profile.
#[utoipa::path(
    get,
    path = "/eps-profiles/{id}",
    tag = tags::EPS,
    params(IdParam),
    responses(
        (status = 200, description = "The profile", body = model::EpsProfile),
        (status = 404, description = "No such profile (`eps_profile.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<EpsProfile>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.eps_profile(id)).await?))
}

/// A replaced profile, with the IDRs its change sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = EpsProfileReplaced)]
struct Replaced {
    #[serde(flatten)]
    #[schema(value_type = model::EpsProfile)]
    profile: EpsProfile,
    pushed: PushCount,
}

/// Replaces an EPS profile: it applies at once to the subscribers naming it, whose MMEs get
/// an IDR with what changed for each.
#[utoipa::path(
    put,
    path = "/eps-profiles/{id}",
    tag = tags::EPS,
    params(IdParam),
    request_body = model::EpsProfile,
    responses(
        (status = 200, description = "The profile, with the IDRs sent", body = Replaced),
        (status = 404, description = "No such profile (`eps_profile.not_found`)")
    )
)]
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

/// Deletes an EPS profile no subscriber names.
#[utoipa::path(
    delete,
    path = "/eps-profiles/{id}",
    tag = tags::EPS,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such profile (`eps_profile.not_found`)"),
        (status = 409, description = "Subscribers name it (`eps_profile.in_use`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_eps_profile(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
