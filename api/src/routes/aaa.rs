//! Non-3GPP access (SWx, TS 29.273): the 3GPP AAA server a subscriber is registered with, and
//! what the operator asks of it through the data plane's port ([`crate::ControlPort`]).
//!
//! - `GET /subscribers/{imsi}/aaa-server`: the registered AAA server, or 404.
//! - `POST /subscribers/{imsi}/non-3gpp/deregister`: a Registration-Termination (Reason-Code
//!   PERMANENT_TERMINATION unless the body names another) to the registered AAA server, then
//!   the registration is cleared (unless a newer one replaced it meanwhile); reports what was
//!   sent and the answer, as `POST /subscribers/{imsi}/detach` does for the MME.
//! - `POST /subscribers/{imsi}/non-3gpp/push-profile`: a Push-Profile with the subscriber's
//!   current Non-3GPP-User-Data to the registered AAA server ([`push_aaa_profile`], which a
//!   change of the subscriber also calls).

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::{Imsi, NodeKind, ServingNode};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::network::{AnswerJson, delivery_report, on_port, port};
use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::extract::parse;
use crate::openapi::params::ImsiParam;
use crate::openapi::tags;
use crate::port::OutboundRequest;
use crate::schema::rfc3339;

/// How long a deregistration or a push waits for the AAA server's answer.
pub const AAA_ANSWER_WAIT: Duration = Duration::from_secs(3);

/// Reason-Code PERMANENT_TERMINATION (TS 29.273 §8.2.3, the Cx AVP of TS 29.229 §6.3.17).
const PERMANENT_TERMINATION: u32 = 0;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(aaa_server))
        .routes(routes!(deregister))
        .routes(routes!(push_profile))
}

/// A 3GPP AAA server as registered.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AaaServer)]
pub(crate) struct AaaServerJson {
    host: String,
    realm: String,
}

/// The 3GPP AAA server a subscriber is registered with.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AaaRegistration)]
struct RegisteredJson {
    imsi: String,
    /// Its Origin-Host.
    host: String,
    /// Its Origin-Realm.
    realm: String,
    /// When it registered (RFC 3339).
    registered_at: String,
}

/// What one request sent to the 3GPP AAA server told the operator.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AaaNotification)]
pub(crate) struct AaaNotifyJson {
    /// RTR or PPR.
    #[schema(example = "RTR")]
    request: &'static str,
    aaa_server: AaaServerJson,
    sent: bool,
    /// The AAA server's answer, when it came within the wait.
    answer: Option<AnswerJson>,
    /// Why it was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

impl AaaNotifyJson {
    /// Whether the request was written to the AAA server.
    pub(crate) fn sent(&self) -> bool {
        self.sent
    }

    /// The error of a request not sent, as the API reports it (503).
    fn into_error(self) -> ApiError {
        let host = self.aaa_server.host;
        match self.error {
            Some("peer.not_connected") => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "peer.not_connected",
                format!("the 3GPP AAA server {host} has no open connection; nothing was sent"),
            ),
            _ => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "peer.not_ready",
                format!("the connection to the 3GPP AAA server {host} did not take the request"),
            ),
        }
    }
}

fn not_registered() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "aaa_server.not_registered",
        "no 3GPP AAA server is registered for this subscriber",
    )
}

/// The registered AAA server of `imsi`; 404 for an unknown subscriber.
async fn registered(api: &Shared, imsi: Imsi) -> Result<Option<ServingNode>, ApiError> {
    blocking(api.clone(), move |s| {
        s.subscriber(imsi)?;
        s.serving_node(imsi.key(), NodeKind::Aaa)
    })
    .await
}

/// Sends `request` to the AAA server `node` and reports it.
async fn notify(
    api: &Shared,
    name: &'static str,
    node: ServingNode,
    request: OutboundRequest,
) -> Result<AaaNotifyJson, ApiError> {
    let delivery = on_port(api, move |p| p.send(request, AAA_ANSWER_WAIT)).await?;
    let (sent, answer, error) = delivery_report(delivery);
    let aaa_server = AaaServerJson { host: node.host, realm: node.realm };
    Ok(AaaNotifyJson { request: name, aaa_server, sent, answer, error })
}

/// A Push-Profile with the current Non-3GPP-User-Data of `imsi` to its registered 3GPP AAA
/// server: `None` when none is registered. Errors: the subscriber unknown (404), no data plane
/// in this process (503), the store failing. A request not sent is reported, not an error.
pub(crate) async fn push_aaa_profile(
    api: &Shared,
    imsi: Imsi,
) -> Result<Option<AaaNotifyJson>, ApiError> {
    port(api)?;
    let Some(node) = registered(api, imsi).await? else { return Ok(None) };
    let request = OutboundRequest::SwxPushProfile {
        imsi: imsi.to_string(),
        host: node.host.clone(),
        realm: node.realm.clone(),
    };
    notify(api, "PPR", node, request).await.map(Some)
}

/// The 3GPP AAA server the subscriber is registered with (SWx).
#[utoipa::path(
    get,
    path = "/subscribers/{imsi}/aaa-server",
    tag = tags::NETWORK,
    params(ImsiParam),
    responses(
        (status = 200, description = "The registration", body = RegisteredJson),
        (
            status = 404,
            description = "No such subscriber (`subscriber.not_found`), or no AAA server is \
                registered (`aaa_server.not_registered`)"
        )
    )
)]
async fn aaa_server(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<RegisteredJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let Some(node) = registered(&api, imsi).await? else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "aaa_server.not_registered",
            "no 3GPP AAA server is registered for this subscriber",
        ));
    };
    Ok(Json(RegisteredJson {
        imsi: imsi.to_string(),
        host: node.host,
        realm: node.realm,
        registered_at: rfc3339(node.updated_at),
    }))
}

/// The body of a deregistration (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Non3gppDeregister)]
struct Deregister {
    /// Reason-Code: 0 PERMANENT_TERMINATION (the default), 1 NEW_SERVER_ASSIGNED, 2
    /// SERVER_CHANGE, 3 REMOVE_S_CSCF.
    reason_code: Option<u32>,
}

/// A non-3GPP deregistration: the RTR sent and the AAA server's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Non3gppDeregistered)]
struct DeregisterJson {
    imsi: String,
    reason_code: u32,
    #[serde(flatten)]
    notified: AaaNotifyJson,
}

/// Administrative deregistration from non-3GPP access: RTR to the registered AAA server, then
/// the registration is cleared (only if that server is still the one registered).
#[utoipa::path(
    post,
    path = "/subscribers/{imsi}/non-3gpp/deregister",
    tag = tags::NETWORK,
    params(ImsiParam),
    request_body(
        content = Option<Deregister>,
        description = "Optional: no body means Reason-Code 0 (PERMANENT_TERMINATION)"
    ),
    responses(
        (status = 200, description = "Sent; the registration is cleared", body = DeregisterJson),
        (status = 400, description = "Malformed JSON, or a path segment not UTF-8 (`bad_request`)"),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)"),
        (
            status = 409,
            description = "No AAA server is registered (`aaa_server.not_registered`)"
        ),
        (status = 413, description = "Body over 2 MiB", content_type = "text/plain", body = String),
        (
            status = 503,
            description = "No data plane in this process (`data_plane.unavailable`), or the AAA \
                server not connected (`peer.not_connected`) or not taking requests \
                (`peer.not_ready`): nothing was sent"
        )
    )
)]
async fn deregister(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
    body: Bytes,
) -> Result<Json<DeregisterJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let body: Deregister = if body.is_empty() { Deregister::default() } else { parse(&body)? };
    let reason_code = body.reason_code.unwrap_or(PERMANENT_TERMINATION);
    if reason_code > 3 {
        return Err(ApiError::invalid("reason_code", "must be 0 to 3 (TS 29.229 §6.3.17)"));
    }
    port(&api)?;
    let node = registered(&api, imsi).await?.ok_or_else(not_registered)?;
    let host = node.host.clone();
    let request = OutboundRequest::SwxRegistrationTermination {
        imsi: imsi.to_string(),
        host: node.host.clone(),
        realm: node.realm.clone(),
        reason_code,
    };
    let notified = notify(&api, "RTR", node, request).await?;
    if !notified.sent() {
        return Err(notified.into_error());
    }
    blocking(api, move |s| s.clear_serving_node(imsi.key(), NodeKind::Aaa, Some(&host))).await?;
    Ok(Json(DeregisterJson { imsi: imsi.to_string(), reason_code, notified }))
}

/// Sends the current profile to the registered AAA server (PPR).
#[utoipa::path(
    post,
    path = "/subscribers/{imsi}/non-3gpp/push-profile",
    tag = tags::NETWORK,
    params(ImsiParam),
    responses(
        (status = 200, description = "Sent", body = AaaNotifyJson),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)"),
        (
            status = 409,
            description = "No AAA server is registered (`aaa_server.not_registered`)"
        ),
        (
            status = 503,
            description = "No data plane in this process (`data_plane.unavailable`), or the AAA \
                server not connected (`peer.not_connected`) or not taking requests \
                (`peer.not_ready`): nothing was sent"
        )
    )
)]
async fn push_profile(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<AaaNotifyJson>, ApiError> {
    let imsi = parse_imsi(&raw)?;
    let notified = push_aaa_profile(&api, imsi).await?.ok_or_else(not_registered)?;
    if !notified.sent() {
        return Err(notified.into_error());
    }
    Ok(Json(notified))
}
