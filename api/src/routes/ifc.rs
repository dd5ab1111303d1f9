//! `/ifc-sets`: sets of initial filter criteria that many IMS service profiles share by id.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::{Ifc, IfcSet};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ID_RANGE, PathParam, Shared, blocking, parse_id};
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

/// The body of `POST` and `PUT`: an iFC set, its id optional.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IfcSetBody)]
struct Body {
    /// 1 to 4294967295; on `PUT`, the path's.
    #[serde(default)]
    id: Option<u32>,
    name: String,
    #[schema(value_type = Vec<model::Ifc>)]
    ifcs: Vec<Ifc>,
}

/// The iFC sets, by id.
#[utoipa::path(
    get,
    path = "/ifc-sets",
    tag = tags::IFC,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::IfcSet>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<IfcSet>>, ApiError> {
    let p = blocking(api, move |s| s.list_ifc_sets(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates an iFC set (numbered when the body names no id).
#[utoipa::path(
    post,
    path = "/ifc-sets",
    tag = tags::IFC,
    request_body = Body,
    responses(
        (status = 201, description = "Created", body = model::IfcSet),
        (status = 409, description = "The id is taken (`ifc_set.duplicate`)")
    )
)]
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

/// One iFC set.
#[utoipa::path(
    get,
    path = "/ifc-sets/{id}",
    tag = tags::IFC,
    params(IdParam),
    responses(
        (status = 200, description = "The set", body = model::IfcSet),
        (status = 404, description = "No such set (`ifc_set.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<IfcSet>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.ifc_set(id)).await?))
}

/// Replaces the set; every subscription using it gets the new iFCs (the store refuses the
/// change, 422, when a profile would then repeat a priority).
#[utoipa::path(
    put,
    path = "/ifc-sets/{id}",
    tag = tags::IFC,
    params(IdParam),
    request_body = Body,
    responses(
        (status = 200, description = "The set, with the PPRs sent", body = ReplacedJson),
        (status = 404, description = "No such set (`ifc_set.not_found`)")
    )
)]
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
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IfcSetReplaced)]
struct ReplacedJson {
    #[serde(flatten)]
    #[schema(value_type = model::IfcSet)]
    set: IfcSet,
    push_profiles_sent: usize,
}

/// Deletes an iFC set no service profile uses.
#[utoipa::path(
    delete,
    path = "/ifc-sets/{id}",
    tag = tags::IFC,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such set (`ifc_set.not_found`)"),
        (status = 409, description = "A service profile uses it (`ifc_set.in_use`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_ifc_set(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
