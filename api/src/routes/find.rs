//! Filtered lists with cursors (OAM): `GET /subscribers?status=&apn_profile=&eps_profile=
//! &roaming_profile=&serving_mme=&imsi_prefix=&msisdn_prefix=&limit=&cursor=`, and who a node
//! serves: `GET /serving/{mme|aaa|scscf}/{host}`. A page seeks past its cursor (the last IMSI
//! looked at), so a far page costs what the first costs; a page looks at 10,000 records at
//! most and may then hold fewer items than asked, with `next` to go on from.

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use serde::Serialize;
use store::{Imsi, NodeRole, SubscriberFilter, SubscriberStatus};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::DEFAULT_PAGE_SIZE;
use crate::openapi::tags;
use crate::schema::CursorPageJson;

/// The routes of this resource (the subscriber listing itself is `subscriber.rs`'s).
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(serving))
}

/// The query of a filtered, cursor listing of subscribers (any of them asks for one), as
/// the document describes it; [`filter`] and [`window`] read it.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(super) struct FilterQuery {
    /// `service_granted` or `operator_determined_barring`.
    status: Option<String>,
    /// Subscribers with this APN profile.
    apn_profile: Option<u32>,
    /// Subscribers naming this EPS profile.
    eps_profile: Option<u32>,
    /// Subscribers naming this roaming profile themselves.
    roaming_profile: Option<u32>,
    /// Registered with this MME (host, any case).
    serving_mme: Option<String>,
    /// IMSIs starting with these digits.
    imsi_prefix: Option<String>,
    /// The MSISDN or an extra MSISDN starts with these digits.
    msisdn_prefix: Option<String>,
    /// Items per page, 1 to 1000 (100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// The query parameters that ask for a filtered, cursor listing of subscribers.
const FILTERS: [&str; 9] = [
    "status",
    "apn_profile",
    "eps_profile",
    "roaming_profile",
    "serving_mme",
    "imsi_prefix",
    "msisdn_prefix",
    "cursor",
    "limit",
];

/// Whether a `GET /subscribers` asks for a filtered, cursor listing.
pub(super) fn wants_cursor(uri: &Uri) -> bool {
    pairs(uri).any(|(name, _)| FILTERS.contains(&name))
}

fn pairs(uri: &Uri) -> impl Iterator<Item = (&str, &str)> {
    uri.query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

fn id(field: &'static str, v: &str) -> Result<u32, ApiError> {
    v.parse::<u32>()
        .ok()
        .filter(|n| *n != 0)
        .ok_or_else(|| ApiError::invalid(field, "must be an integer in 1..=4294967295"))
}

/// `limit` and `cursor` of a cursor listing.
fn window(uri: &Uri) -> Result<(usize, Option<Imsi>), ApiError> {
    let mut limit = DEFAULT_PAGE_SIZE;
    let mut cursor = None;
    for (name, value) in pairs(uri) {
        match name {
            "limit" => {
                limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=store::MAX_PAGE_SIZE).contains(n))
                    .ok_or_else(|| ApiError::invalid("limit", "must be an integer in 1..=1000"))?;
            }
            "cursor" => {
                cursor = Some(
                    parse_imsi(value).map_err(|_| ApiError::invalid("cursor", "not a cursor"))?,
                );
            }
            _ => {}
        }
    }
    Ok((limit, cursor))
}

fn filter(uri: &Uri) -> Result<SubscriberFilter, ApiError> {
    let mut f = SubscriberFilter::default();
    for (name, value) in pairs(uri) {
        match name {
            "status" => {
                f.status = Some(match value {
                    "service_granted" => SubscriberStatus::ServiceGranted,
                    "operator_determined_barring" => SubscriberStatus::OperatorDeterminedBarring,
                    _ => {
                        return Err(ApiError::invalid(
                            "status",
                            "must be service_granted or operator_determined_barring",
                        ));
                    }
                });
            }
            "apn_profile" => f.apn_profile = Some(id("apn_profile", value)?),
            "eps_profile" => f.eps_profile = Some(id("eps_profile", value)?),
            "roaming_profile" => f.roaming_profile = Some(id("roaming_profile", value)?),
            "serving_mme" => f.serving_mme = Some(value.to_owned()),
            "imsi_prefix" => f.imsi_prefix = Some(value.to_owned()),
            "msisdn_prefix" => f.msisdn_prefix = Some(value.to_owned()),
            _ => {}
        }
    }
    Ok(f)
}

/// The filter, `limit` and `cursor` of a cursor listing of subscribers.
pub(super) fn subscriber_query(
    uri: &Uri,
) -> Result<(SubscriberFilter, usize, Option<Imsi>), ApiError> {
    let (limit, cursor) = window(uri)?;
    Ok((filter(uri)?, limit, cursor))
}

/// A subscriber a node serves.
#[derive(Serialize, ToSchema)]
#[schema(as = Served)]
struct ServedJson {
    imsi: String,
    host: String,
    realm: String,
    /// Unix seconds of the registration (MME, AAA server); absent for S-CSCFs.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<u64>,
}

/// The subscribers a node serves: an MME, a 3GPP AAA server or an S-CSCF, by host.
#[utoipa::path(
    get,
    path = "/serving/{role}/{host}",
    tag = tags::SUBSCRIBERS,
    params(
        ("role" = String, Path, description = "`mme`, `aaa` or `scscf`"),
        ("host" = String, Path, description = "The node's Origin-Host (for an S-CSCF, its host)"),
        (
            "limit" = Option<u32>,
            Query,
            description = "Items per page, 1 to 1000 (100)",
            minimum = 1,
            maximum = 1000
        ),
        ("cursor" = Option<String>, Query, description = "The `next` of the previous page")
    ),
    responses(
        (status = 200, description = "One page", body = CursorPageJson<ServedJson>),
        (
            status = 400,
            description = "A path segment that is not UTF-8 once percent-decoded",
            content_type = "text/plain",
            body = String
        )
    )
)]
async fn serving(
    State(api): State<Shared>,
    axum::extract::Path((role, host)): axum::extract::Path<(String, String)>,
    uri: Uri,
) -> Result<Json<CursorPageJson<ServedJson>>, ApiError> {
    let role = match role.as_str() {
        "mme" => NodeRole::Mme,
        "aaa" => NodeRole::Aaa,
        "scscf" => NodeRole::Scscf,
        _ => return Err(ApiError::invalid("role", "must be mme, aaa or scscf")),
    };
    let (limit, cursor) = window(&uri)?;
    let page = blocking(api, move |s| s.served_by(role, &host, cursor, limit)).await?;
    let items: Vec<ServedJson> = page
        .items
        .into_iter()
        .map(|s| ServedJson {
            imsi: s.imsi.to_string(),
            since: (role != NodeRole::Scscf).then(|| {
                s.node.updated_at.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
            }),
            host: s.node.host,
            realm: s.node.realm,
        })
        .collect();
    Ok(Json(CursorPageJson { items, limit, next: page.next.map(|n| n.to_string()) }))
}
