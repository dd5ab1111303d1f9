//! `/ifc-sets`: sets of initial filter criteria that many IMS service profiles share by id.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{Ifc, IfcSet};

use super::{ID_RANGE, PathParam, Shared, blocking, parse_id};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/ifc-sets", get(list).post(create))
        .route("/ifc-sets/{id}", get(read).put(replace).delete(delete))
}

/// The body of `POST` and `PUT`: an iFC set, its id optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    id: Option<u32>,
    name: String,
    ifcs: Vec<Ifc>,
}

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<IfcSet>>, ApiError> {
    let p = blocking(api, move |s| s.list_ifc_sets(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Body>,
) -> Result<impl IntoResponse, ApiError> {
    if body.id == Some(0) {
        return Err(ApiError::invalid("id", ID_RANGE));
    }
    // The store numbers it when the body names no id (the next id no set has).
    let set = IfcSet { id: body.id.unwrap_or(0), name: body.name, ifcs: body.ifcs };
    set.validate()?;
    let set = blocking(api, move |s| s.create_ifc_set(&set).map(|id| IfcSet { id, ..set })).await?;
    Ok((StatusCode::CREATED, Json(set)))
}

async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<IfcSet>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.ifc_set(id)).await?))
}

/// Replaces the set; every subscription using it gets the new iFCs (the store refuses the
/// change, 422, when a profile would then repeat a priority).
async fn replace(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(body): JsonBody<Body>,
) -> Result<Json<ReplacedJson>, ApiError> {
    let id = parse_id(&id)?;
    if body.id.is_some_and(|b| b != id) {
        return Err(ApiError::invalid("id", "must be the id in the path"));
    }
    let set = IfcSet { id, name: body.name, ifcs: body.ifcs };
    set.validate()?;
    let stored = set.clone();
    let users = blocking(api.clone(), move |s| s.replace_ifc_set(id, &stored)).await?;
    // Every registered user of the set gets its new profile (PPR).
    let pushed = super::cscf::push_all(&api, users).await;
    Ok(Json(ReplacedJson { set, push_profiles_sent: pushed }))
}

/// A replaced set, with how many S-CSCFs were sent the new profiles.
#[derive(Debug, Serialize)]
struct ReplacedJson {
    #[serde(flatten)]
    set: IfcSet,
    push_profiles_sent: usize,
}

async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_ifc_set(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
