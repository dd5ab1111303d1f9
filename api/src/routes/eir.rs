//! `/eir`: the equipment identity register (S13): rules giving an IMEI (and an IMSI) an
//! equipment status, the status when no rule matches, and a lookup answering as an ECR would.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::{EirDefault, EirRule, EquipmentStatus};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ID_RANGE, PathParam, Shared, blocking, parse_id, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::openapi::model;
use crate::openapi::params::{IdParam, ImsiParam};
use crate::openapi::tags;
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, replace, delete))
        .routes(routes!(read_default, set_default))
        .routes(routes!(lookup))
        .routes(routes!(history))
        .routes(routes!(equipment))
}

/// The body of `POST` and `PUT`: a rule, its id optional (and the path's on `PUT`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = EirRuleBody, example = json!({"imei": "35209900176148", "status": "blacklisted",
    "description": "stolen"}))]
struct Body {
    #[serde(default)]
    id: Option<u32>,
    #[serde(default)]
    imei: Option<String>,
    #[serde(default)]
    imei_regex: Option<String>,
    #[serde(default)]
    imsi: Option<String>,
    #[schema(value_type = model::EquipmentStatus)]
    status: EquipmentStatus,
    #[serde(default)]
    description: Option<String>,
}

impl Body {
    /// The rule with id `id`, checked.
    fn rule(self, id: u32) -> Result<EirRule, ApiError> {
        let rule = EirRule {
            id,
            imei: self.imei,
            imei_regex: self.imei_regex,
            imsi: self.imsi,
            status: self.status,
            description: self.description,
        };
        rule.validate()?;
        Ok(rule)
    }
}

/// The EIR rules, by id.
#[utoipa::path(
    get,
    path = "/eir/rules",
    tag = tags::EIR,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::EirRule>))
)]
async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<EirRule>>, ApiError> {
    let p = blocking(api, move |s| s.list_eir_rules(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// Creates a rule (numbered when the body names no id).
#[utoipa::path(
    post,
    path = "/eir/rules",
    tag = tags::EIR,
    request_body = Body,
    responses(
        (status = 201, description = "Created", body = model::EirRule),
        (status = 409, description = "The id is taken (`eir_rule.duplicate`)")
    )
)]
async fn create(
    State(api): State<Shared>,
    JsonBody(body): JsonBody<Body>,
) -> Result<impl IntoResponse, ApiError> {
    if body.id == Some(0) {
        return Err(ApiError::invalid("id", ID_RANGE));
    }
    // The store numbers it when the body names no id.
    let id = body.id.unwrap_or(0);
    let rule = body.rule(id)?;
    let rule =
        blocking(api, move |s| s.create_eir_rule(&rule).map(|id| EirRule { id, ..rule })).await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// One rule.
#[utoipa::path(
    get,
    path = "/eir/rules/{id}",
    tag = tags::EIR,
    params(IdParam),
    responses(
        (status = 200, description = "The rule", body = model::EirRule),
        (status = 404, description = "No such rule (`eir_rule.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<EirRule>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.eir_rule(id)).await?))
}

/// Replaces a rule.
#[utoipa::path(
    put,
    path = "/eir/rules/{id}",
    tag = tags::EIR,
    params(IdParam),
    request_body = Body,
    responses(
        (status = 200, description = "The rule as stored", body = model::EirRule),
        (status = 404, description = "No such rule (`eir_rule.not_found`)")
    )
)]
async fn replace(
    State(api): State<Shared>,
    PathParam(id): PathParam,
    JsonBody(body): JsonBody<Body>,
) -> Result<Json<EirRule>, ApiError> {
    let id = parse_id(&id)?;
    if body.id.is_some_and(|b| b != id) {
        return Err(ApiError::invalid("id", "must be the id in the path"));
    }
    let rule = body.rule(id)?;
    let stored = rule.clone();
    blocking(api, move |s| s.replace_eir_rule(id, &stored)).await?;
    Ok(Json(rule))
}

/// Deletes a rule.
#[utoipa::path(
    delete,
    path = "/eir/rules/{id}",
    tag = tags::EIR,
    params(IdParam),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such rule (`eir_rule.not_found`)")
    )
)]
async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_eir_rule(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The status an ECR gets when no rule matches.
#[utoipa::path(
    get,
    path = "/eir/default",
    tag = tags::EIR,
    responses((status = 200, description = "The default", body = model::EirDefault))
)]
async fn read_default(State(api): State<Shared>) -> Result<Json<EirDefault>, ApiError> {
    Ok(Json(blocking(api, |s| s.eir_default()).await?))
}

/// Sets the status an ECR gets when no rule matches (`null`: 5422, equipment unknown).
#[utoipa::path(
    put,
    path = "/eir/default",
    tag = tags::EIR,
    request_body = model::EirDefault,
    responses((status = 200, description = "The default as stored", body = model::EirDefault))
)]
async fn set_default(
    State(api): State<Shared>,
    JsonBody(default): JsonBody<EirDefault>,
) -> Result<Json<EirDefault>, ApiError> {
    blocking(api, move |s| s.set_eir_default(default)).await?;
    Ok(Json(default))
}

/// What an ECR for the IMEI (and the IMSI) gets.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = EirLookup)]
struct LookupJson {
    imei: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    imsi: Option<String>,
    /// `null`: equipment unknown.
    #[schema(value_type = Option<model::EquipmentStatus>)]
    status: Option<EquipmentStatus>,
    /// The rule that decided; `null`: the default.
    rule: Option<u32>,
    /// `equipment_status` (an Equipment-Status is sent) or `equipment_unknown` (5422).
    #[schema(example = "equipment_status")]
    result: &'static str,
}

/// `?imsi=...`, when given; 422 naming `imsi` when it is not 5 to 15 digits.
fn imsi_query(uri: &Uri) -> Result<Option<String>, ApiError> {
    let mut out = None;
    for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name == "imsi" {
            parse_imsi(value)?;
            out = Some(value.to_owned());
        }
    }
    Ok(out)
}

/// What an ECR for this IMEI (and an IMSI) would get; nothing is recorded.
#[utoipa::path(
    get,
    path = "/eir/lookup/{imei}",
    tag = tags::EIR,
    params(
        ("imei" = String, Path, description = "IMEI or IMEISV, 14 to 16 digits"),
        ("imsi" = Option<String>, Query, description = "The IMSI the ECR would carry, 5 to 15 digits")
    ),
    responses((status = 200, description = "The verdict", body = LookupJson))
)]
async fn lookup(
    State(api): State<Shared>,
    PathParam(imei): PathParam,
    uri: Uri,
) -> Result<Json<LookupJson>, ApiError> {
    if store::imei_key(&imei).is_none() {
        return Err(ApiError::invalid("imei", "must be 14 to 16 digits (IMEI or IMEISV)"));
    }
    let imsi = imsi_query(&uri)?;
    let (i, m) = (imei.clone(), imsi.clone());
    let verdict = blocking(api, move |s| Ok(s.eir_check(&i, m.as_deref()))).await?;
    let result = if verdict.status.is_some() { "equipment_status" } else { "equipment_unknown" };
    Ok(Json(LookupJson { imei, imsi, status: verdict.status, rule: verdict.rule, result }))
}

/// Most checks one history read returns.
const MAX_HISTORY_READ: usize = 1000;

/// `GET /eir/history?imsi=&imei=&limit=`: the checks recorded (the last 100,000 at most),
/// newest first, of that IMSI and/or IMEI (its first 14 digits compared).
#[utoipa::path(
    get,
    path = "/eir/history",
    tag = tags::EIR,
    params(
        ("imsi" = Option<String>, Query, description = "Only checks of this IMSI (5 to 15 digits)"),
        ("imei" = Option<String>, Query, description = "Only checks of this IMEI (14 to 16 digits)"),
        (
            "limit" = Option<u32>,
            Query,
            description = "Most checks returned, 1 to 1000 (100)",
            minimum = 1,
            maximum = 1000
        )
    ),
    responses((status = 200, description = "The checks, newest first", body = Vec<model::EirCheck>))
)]
async fn history(
    State(api): State<Shared>,
    uri: Uri,
) -> Result<Json<Vec<store::EirCheck>>, ApiError> {
    let imsi = imsi_query(&uri)?;
    let (mut imei, mut limit) = (None, 100usize);
    for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "imei" => {
                if store::imei_key(value).is_none() {
                    return Err(ApiError::invalid(
                        "imei",
                        "must be 14 to 16 digits (IMEI or IMEISV)",
                    ));
                }
                imei = Some(value.to_owned());
            }
            "limit" => {
                limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|l| (1..=MAX_HISTORY_READ).contains(l))
                    .ok_or_else(|| ApiError::invalid("limit", "must be 1 to 1000"))?;
            }
            _ => {}
        }
    }
    let checks =
        blocking(api, move |s| s.eir_history(imsi.as_deref(), imei.as_deref(), limit)).await?;
    Ok(Json(checks))
}

/// `GET /subscribers/{imsi}/equipment`: the equipment the subscriber was last seen with (ECR
/// or ULR's Terminal-Information); 404 `equipment.not_found` when none was.
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}/equipment",
    tag = tags::EIR,
    params(ImsiParam),
    responses(
        (status = 200, description = "The equipment last seen", body = model::SeenEquipment),
        (status = 404, description = "None seen (`equipment.not_found`)")
    )
)]
async fn equipment(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<store::SeenEquipment>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    match blocking(api, move |s| s.equipment(imsi.key())).await? {
        Some(seen) => Ok(Json(seen)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "equipment.not_found",
            "no equipment seen for this subscriber",
        )),
    }
}
