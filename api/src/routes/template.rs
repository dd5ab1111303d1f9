//! `/user-data-templates`: Jinja2 documents that render the Cx User-Data of the IMS
//! subscriptions naming them (`user_data_template`), as PyHSS's iFC templates do. A template is
//! refused (422 naming `template`, with the renderer's reason) unless it compiles and renders
//! a well-formed IMSSubscription document; the variables are listed in `docs/API.md`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::template::UserDataTemplate;
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

/// The body of `POST` and `PUT`; the id is optional (the store numbers it) and must match
/// the path on `PUT`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = UserDataTemplateBody)]
struct Body {
    #[serde(default)]
    id: Option<u32>,
    name: String,
    #[serde(default)]
    description: Option<String>,
    /// The Jinja2 document; it must render a well-formed IMSSubscription (422 naming
    /// `template` with the renderer's reason otherwise).
    template: String,
}

/// The template of `body` with id `id`, checked; the renderer's own words on failure.
fn checked(id: u32, body: Body) -> Result<UserDataTemplate, ApiError> {
    let t = UserDataTemplate {
        id,
        name: body.name,
        description: body.description,
        template: body.template,
    };
    t.validate().map_err(|f| match t.check() {
        Err(e) if f.field == "template" => ApiError::invalid("template", e),
        _ => f.into(),
    })?;
    Ok(t)
}

/// The User-Data templates, by id.
#[utoipa::path(
    get,
    path = "/user-data-templates",
    tag = tags::TEMPLATES,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::UserDataTemplate>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<UserDataTemplate>>, ApiError> {
    let p = blocking(api, move |s| s.list_templates(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates a template (numbered when the body names no id).
#[utoipa::path(
    post,
    path = "/user-data-templates",
    tag = tags::TEMPLATES,
    request_body = Body,
    responses(
        (status = 201, description = "Created", body = model::UserDataTemplate),
        (status = 409, description = "The id is taken (`user_data_template.duplicate`)")
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Body>,
) -> Result<impl IntoResponse, ApiError> {
    if body.id == Some(0) {
        return Err(ApiError::invalid("id", ID_RANGE));
    }
    let t = checked(body.id.unwrap_or(0), body)?;
    let t = blocking(api, move |s| s.create_template(&t).map(|id| UserDataTemplate { id, ..t }))
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

/// One template.
#[utoipa::path(
    get,
    path = "/user-data-templates/{id}",
    tag = tags::TEMPLATES,
    params(IdParam),
    responses(
        (status = 200, description = "The template", body = model::UserDataTemplate),
        (status = 404, description = "No such template (`user_data_template.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<UserDataTemplate>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.template(id)).await?))
}

/// Replaces the template: every subscription naming it is rendered anew, and the S-CSCF of
/// each registered one is sent the new User-Data (PPR).
#[utoipa::path(
    put,
    path = "/user-data-templates/{id}",
    tag = tags::TEMPLATES,
    params(IdParam),
    request_body = Body,
    responses(
        (status = 200, description = "The template, with the PPRs sent", body = ReplacedJson),
        (status = 404, description = "No such template (`user_data_template.not_found`)")
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
    let t = checked(id, body)?;
    let stored = t.clone();
    let users = blocking(api.clone(), move |s| s.replace_template(id, &stored)).await?;
    // The S-CSCF of every registered user it renders gets the new User-Data (PPR).
    let pushed = super::cscf::push_all(&api, users).await;
    Ok(Json(ReplacedJson { template: t, push_profiles_sent: pushed }))
}

/// A replaced template, with how many S-CSCFs were sent the new profiles.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = UserDataTemplateReplaced)]
struct ReplacedJson {
    #[serde(flatten)]
    #[schema(value_type = model::UserDataTemplate)]
    template: UserDataTemplate,
    push_profiles_sent: usize,
}

/// Deletes a template no IMS subscription names.
#[utoipa::path(
    delete,
    path = "/user-data-templates/{id}",
    tag = tags::TEMPLATES,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such template (`user_data_template.not_found`)"),
        (status = 409, description = "An IMS subscription names it (`user_data_template.in_use`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_template(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
