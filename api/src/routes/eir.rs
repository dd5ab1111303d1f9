//! `/eir`: the equipment identity register (S13): rules giving an IMEI (and an IMSI) an
//! equipment status, the status when no rule matches, and a lookup answering as an ECR would.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use store::{EirDefault, EirRule, EquipmentStatus};

use super::{ID_RANGE, PathParam, Shared, blocking, parse_id, parse_imsi};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::schema::PageJson;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/eir/rules", get(list).post(create))
        .route("/eir/rules/{id}", get(read).put(replace).delete(delete))
        .route("/eir/default", get(read_default).put(set_default))
        .route("/eir/lookup/{imei}", get(lookup))
        .route("/eir/history", get(history))
        .route("/subscribers/{imsi}/equipment", get(equipment))
}

/// The body of `POST` and `PUT`: a rule, its id optional (and the path's on `PUT`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    id: Option<u32>,
    #[serde(default)]
    imei: Option<String>,
    #[serde(default)]
    imei_regex: Option<String>,
    #[serde(default)]
    imsi: Option<String>,
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

async fn list(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<EirRule>>, ApiError> {
    let p = blocking(api, move |s| s.list_eir_rules(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

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

async fn read(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<Json<EirRule>, ApiError> {
    let id = parse_id(&id)?;
    Ok(Json(blocking(api, move |s| s.eir_rule(id)).await?))
}

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

async fn delete(
    State(api): State<Shared>,
    PathParam(id): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    blocking(api, move |s| s.delete_eir_rule(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn read_default(State(api): State<Shared>) -> Result<Json<EirDefault>, ApiError> {
    Ok(Json(blocking(api, |s| s.eir_default()).await?))
}

async fn set_default(
    State(api): State<Shared>,
    JsonBody(default): JsonBody<EirDefault>,
) -> Result<Json<EirDefault>, ApiError> {
    blocking(api, move |s| s.set_eir_default(default)).await?;
    Ok(Json(default))
}

/// What an ECR for the IMEI (and the IMSI) gets.
#[derive(Debug, Serialize)]
struct LookupJson {
    imei: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    imsi: Option<String>,
    status: Option<EquipmentStatus>,
    rule: Option<u32>,
    /// `equipment_status` (an Equipment-Status is sent) or `equipment_unknown` (5422).
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
