//! What the control plane asks of the data plane through its port ([`crate::ControlPort`]):
//! `GET /peers`, the connected Diameter peers, and `POST /subscribers/{imsi}/detach`, the
//! administrative detach (a Cancel-Location with Cancellation-Type SUBSCRIPTION_WITHDRAWAL to
//! the MME holding the registration; the subscriber stays provisioned).

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use store::NodeKind;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::Pagination;
use crate::openapi::params::ImsiParam;
use crate::openapi::{model, tags};
use crate::port::{AnswerResult, ControlPort, Delivery, OutboundRequest, PeerStatus};
use crate::schema::{PageJson, rfc3339};

/// How long a detach waits for the MME's Cancel-Location-Answer before it reports the request
/// sent without an answer.
pub const DETACH_ANSWER_WAIT: Duration = Duration::from_secs(3);

/// Cancellation-Type SUBSCRIPTION_WITHDRAWAL (TS 29.272 §7.3.24).
const SUBSCRIPTION_WITHDRAWAL: u32 = 2;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(peers))
        .routes(routes!(detach))
        .routes(routes!(notify_state))
}

/// The data plane's port, or 503 when the API runs without one.
pub(super) fn port(api: &Shared) -> Result<Arc<dyn ControlPort>, ApiError> {
    api.port.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "data_plane.unavailable",
            "no Diameter data plane is running in this process",
        )
    })
}

/// Runs a port call on the blocking pool, at most a few at once.
pub(super) async fn on_port<T: Send + 'static>(
    api: &Shared,
    f: impl FnOnce(&dyn ControlPort) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let port = port(api)?;
    let Ok(_permit) = api.port_calls.acquire().await else {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "shutting down"));
    };
    tokio::task::spawn_blocking(move || f(&*port)).await.map_err(|e| {
        tracing::error!(error = %e, "data plane call failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "data plane call failed")
    })
}

/// One connected peer (one open connection).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Peer)]
struct PeerJson {
    origin_host: String,
    origin_realm: String,
    /// Its address and port.
    address: String,
    /// The applications the capabilities exchange settled on.
    applications: Vec<ApplicationJson>,
    /// RFC 3539 watchdog state: `okay`, `suspect`, `down`, `initial`.
    #[schema(example = "okay")]
    watchdog: &'static str,
    /// RFC 3339.
    connected_since: String,
    /// Whether requests to this peer's host are routed over this connection.
    route: bool,
}

/// A Diameter application of a peer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PeerApplication)]
struct ApplicationJson {
    id: u32,
    name: String,
}

impl From<PeerStatus> for PeerJson {
    fn from(p: PeerStatus) -> Self {
        Self {
            origin_host: p.origin_host,
            origin_realm: p.origin_realm,
            address: p.address.to_string(),
            applications: (p.applications.into_iter())
                .map(|(id, name)| ApplicationJson { id, name })
                .collect(),
            watchdog: p.watchdog,
            connected_since: rfc3339(p.connected_since),
            route: p.route,
        }
    }
}

/// The connected Diameter peers.
#[utoipa::path(
    get,
    path = "/peers",
    tag = tags::NETWORK,
    params(Pagination),
    responses(
        (status = 200, description = "One page", body = PageJson<PeerJson>),
        (
            status = 503,
            description = "No data plane in this process (`data_plane.unavailable`)"
        )
    )
)]
async fn peers(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<PeerJson>>, ApiError> {
    let all = on_port(&api, |port| port.peers()).await?;
    let total = all.len() as u64;
    let items = all.into_iter().skip(page.index() * page.page_size).take(page.page_size);
    Ok(Json(PageJson {
        items: items.map(PeerJson::from).collect(),
        page: page.page,
        page_size: page.page_size,
        total,
    }))
}

/// A detach: the CLR sent and the MME's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Detached)]
struct DetachJson {
    imsi: String,
    mme: MmeJson,
    /// `subscription_withdrawal`.
    #[schema(example = "subscription_withdrawal")]
    cancellation_type: &'static str,
    /// Whether CLR-Flags Reattach-Required was set.
    reattach: bool,
    sent: bool,
    /// The MME's answer, when it came within the wait.
    answer: Option<AnswerJson>,
}

/// An MME's Diameter identity.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Mme)]
struct MmeJson {
    host: String,
    realm: String,
}

/// What a report says of a delivery: whether the peer's connection took the request, its
/// answer when one came, and why it was not sent (`peer.not_connected`, `peer.not_ready`).
pub(super) fn delivery_report(
    delivery: Delivery,
) -> (bool, Option<AnswerJson>, Option<&'static str>) {
    match delivery {
        Delivery::Sent { answer } => (true, answer.map(AnswerJson::from), None),
        Delivery::NotConnected => (false, None, Some("peer.not_connected")),
        Delivery::NotSent => (false, None, Some("peer.not_ready")),
    }
}

/// [`delivery_report`] of a port call that may not have run (`data_plane.unavailable`).
pub(super) fn call_report(
    delivery: Result<Delivery, ApiError>,
) -> (bool, Option<AnswerJson>, Option<&'static str>) {
    delivery.map_or((false, None, Some("data_plane.unavailable")), delivery_report)
}

/// A peer's answer: its Result-Code, or its Experimental-Result (code and vendor); empty
/// when the answer could not be read.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DiameterAnswer)]
pub(super) struct AnswerJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    result_code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    experimental_result_code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor_id: Option<u32>,
}

impl From<AnswerResult> for AnswerJson {
    fn from(r: AnswerResult) -> Self {
        let none = Self { result_code: None, experimental_result_code: None, vendor_id: None };
        match r {
            AnswerResult::ResultCode(code) => Self { result_code: Some(code), ..none },
            AnswerResult::Experimental { vendor, code } => {
                Self { experimental_result_code: Some(code), vendor_id: Some(vendor), ..none }
            }
            AnswerResult::Unreadable => none,
        }
    }
}

/// Administrative detach: CLR (SUBSCRIPTION_WITHDRAWAL) to the subscriber's serving MME, then
/// the registration is cleared (unless a newer one replaced it meanwhile).
///
/// `?reattach=true` sets CLR-Flags Reattach-Required: the MME asks the UE to attach again.
#[utoipa::path(
    post,
    path = "/subscribers/{imsi}/detach",
    tag = tags::NETWORK,
    params(
        ImsiParam,
        (
            "reattach" = Option<bool>,
            Query,
            description = "`true`: CLR-Flags Reattach-Required (false when absent); any other \
                query parameter is refused (422 naming `query`; group it with `X-Operation-Id`)"
        )
    ),
    responses(
        (status = 200, description = "Sent; the registration is cleared", body = DetachJson),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)"),
        (status = 409, description = "No MME is registered (`subscriber.not_registered`)"),
        (
            status = 503,
            description = "No data plane in this process (`data_plane.unavailable`), or the \
                serving MME not connected (`peer.not_connected`) or not taking requests \
                (`peer.not_ready`): nothing was sent"
        )
    )
)]
async fn detach(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<DetachJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let reattach = reattach_asked(query.as_deref())?;
    port(&api)?;
    let record = blocking(api.clone(), move |s| s.subscriber(imsi)).await?;
    let Some(mme) = record.serving_mme else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "subscriber.not_registered",
            "no MME is registered for this subscriber",
        ));
    };
    let request = OutboundRequest::CancelLocation {
        imsi: imsi.to_string(),
        host: mme.host.clone(),
        realm: mme.realm.clone(),
        cancellation_type: SUBSCRIPTION_WITHDRAWAL,
        reattach,
    };
    let delivery = on_port(&api, move |port| port.send(request, DETACH_ANSWER_WAIT)).await?;
    let answer = match delivery {
        Delivery::Sent { answer } => answer,
        Delivery::NotConnected => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "peer.not_connected",
                format!("the serving MME {} has no open connection; nothing was sent", mme.host),
            ));
        }
        Delivery::NotSent => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "peer.not_ready",
                format!("the connection to the serving MME {} did not take the request", mme.host),
            ));
        }
    };
    let host = mme.host.clone();
    blocking(api, move |s| s.clear_serving_node(imsi.key(), NodeKind::Mme, Some(&host))).await?;
    Ok(Json(DetachJson {
        imsi: imsi.to_string(),
        mme: MmeJson { host: mme.host, realm: mme.realm },
        cancellation_type: "subscription_withdrawal",
        reattach,
        sent: true,
        answer: answer.map(AnswerJson::from),
    }))
}

/// The detach's `reattach` query parameter: `true` or `false` (absent: false).
fn reattach_asked(query: Option<&str>) -> Result<bool, ApiError> {
    let mut reattach = false;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("reattach", "true")) => reattach = true,
            Some(("reattach", "false")) => reattach = false,
            Some(("reattach", _)) | None if pair.starts_with("reattach") => {
                return Err(ApiError::invalid("reattach", "must be true or false"));
            }
            _ => return Err(ApiError::invalid("query", "only reattach is accepted")),
        }
    }
    Ok(reattach)
}

/// What the serving MME reported with Notify-Requests (PDN GWs per APN, UE capabilities and
/// reachability); empty when nothing was reported, 404 for an unknown subscriber.
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}/notify-state",
    tag = tags::NETWORK,
    params(ImsiParam),
    responses(
        (status = 200, description = "The Notify state", body = model::NotifyState),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn notify_state(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<store::NotifyState>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let state = blocking(api, move |s| {
        s.subscriber(imsi)?;
        s.notify_state(imsi.key())
    })
    .await?;
    Ok(Json(state))
}
