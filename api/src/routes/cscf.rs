//! What the S-CSCF is told when the operator changes an IMS subscription (TS 29.228 §6.1.3,
//! §6.1.4): `POST /ims-subscriptions/{impi}/deregister` sends a Registration-Termination and
//! clears the registration; a deleted subscription is deregistered the same way; a changed
//! subscription or iFC set is pushed (Push-Profile) to the S-CSCF of each registered user.
//! All through the data plane's port ([`crate::ControlPort`]).

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::{ImsRegistration, SubscriberKey};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::network::{AnswerJson, delivery_report, on_port, port};
use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::parse;
use crate::openapi::params::ImpiParam;
use crate::openapi::tags;
use crate::port::OutboundRequest;

/// How long a deregistration or a push waits for the S-CSCF's answer.
pub const CSCF_ANSWER_WAIT: Duration = Duration::from_secs(3);

/// Most subscriptions an iFC-set change pushes to from one request; the rest get the new
/// profile at their next registration (SAR).
pub const MAX_PUSHES: usize = 1000;

/// Reason-Code PERMANENT_TERMINATION (TS 29.229 §6.3.17).
const PERMANENT_TERMINATION: u32 = 0;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(deregister))
}

/// What one request sent an S-CSCF told the operator.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CscfNotification)]
pub struct NotifyJson {
    /// RTR or PPR.
    #[schema(example = "PPR")]
    request: &'static str,
    scscf_host: String,
    sent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<AnswerJson>,
    /// Why it was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

impl NotifyJson {
    /// Whether the request was written to the S-CSCF.
    pub fn sent(&self) -> bool {
        self.sent
    }

    /// The S-CSCF's host.
    pub fn host(&self) -> &str {
        &self.scscf_host
    }
}

/// The S-CSCF's Diameter identity, when a set is registered (or unregistered) there.
fn scscf(r: &ImsRegistration) -> Option<(String, String)> {
    r.any_assigned().then(|| Some((r.scscf_host.clone()?, r.scscf_realm.clone()?))).flatten()
}

/// Sends `request` to `host`; `None` when there is no data plane in this process.
async fn notify(
    api: &Shared,
    name: &'static str,
    host: String,
    request: OutboundRequest,
) -> Option<NotifyJson> {
    port(api).ok()?;
    let delivery = on_port(api, move |p| p.send(request, CSCF_ANSWER_WAIT)).await.ok()?;
    let (sent, answer, error) = delivery_report(delivery);
    Some(NotifyJson { request: name, scscf_host: host, sent, answer, error })
}

/// A Push-Profile to the S-CSCF of `impi`'s subscription if it is registered.
pub(super) async fn push_profile(
    api: &Shared,
    impi: String,
    registration: &ImsRegistration,
) -> Option<NotifyJson> {
    let (host, realm) = scscf(registration)?;
    let request = OutboundRequest::PushProfile { impi, host: host.clone(), realm };
    notify(api, "PPR", host, request).await
}

/// A Registration-Termination of every identity of `impi` to the S-CSCF of `registration`.
pub(super) async fn terminate(
    api: &Shared,
    impi: String,
    registration: &ImsRegistration,
    reason_code: u32,
    reason_info: Option<String>,
) -> Option<NotifyJson> {
    let (host, realm) = scscf(registration)?;
    let request = OutboundRequest::RegistrationTermination {
        impi,
        impus: Vec::new(),
        host: host.clone(),
        realm,
        reason_code,
        reason_info,
    };
    notify(api, "RTR", host, request).await
}

/// Pushes the profile to the S-CSCF of each of `users` that is registered (at most
/// [`MAX_PUSHES`]); returns how many were sent.
pub(super) async fn push_all(api: &Shared, users: Vec<SubscriberKey>) -> usize {
    if port(api).is_err() {
        return 0;
    }
    let mut sent = 0;
    for key in users.into_iter().take(MAX_PUSHES) {
        let Ok(record) = blocking(api.clone(), move |s| s.ims_record(key)).await else {
            continue;
        };
        let Some(impi) = record.subscription.private_identities.first() else { continue };
        let pushed = push_profile(api, impi.impi.clone(), &record.registration).await;
        sent += usize::from(pushed.is_some_and(|p| p.sent));
        // Application servers watching its iFCs (Sh Data-Reference 13) get them anew.
        for p in &record.subscription.public_identities {
            let _ = super::sh::notify_data(api, key, p.impu.clone(), 13, Vec::new()).await;
        }
    }
    sent
}

/// The body of a deregistration: why (Reason-Code 0..=3, PERMANENT_TERMINATION when absent)
/// and the text shown to the user.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ImsDeregister)]
struct Deregister {
    /// Reason-Code: 0 PERMANENT_TERMINATION (the default), 1 NEW_SERVER_ASSIGNED, 2
    /// SERVER_CHANGE, 3 REMOVE_S_CSCF.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 3)]
    reason_code: Option<u32>,
    /// Reason-Info shown to the user, at most 255 octets.
    #[serde(default)]
    reason_info: Option<String>,
}

/// An IMS deregistration: the RTR sent and the S-CSCF's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImsDeregistered)]
struct DeregisterJson {
    impi: String,
    reason_code: u32,
    #[serde(flatten)]
    notified: NotifyJson,
}

/// Administrative deregistration: RTR to the S-CSCF, then the registration is cleared.
#[utoipa::path(
    post,
    path = "/ims-subscriptions/{impi}/deregister",
    tag = tags::IMS,
    params(ImpiParam),
    request_body(
        content = Option<Deregister>,
        description = "Optional: no body means Reason-Code 0 (PERMANENT_TERMINATION)"
    ),
    responses(
        (status = 200, description = "Sent; the registration is cleared", body = DeregisterJson),
        (status = 400, description = "Malformed JSON, or a path segment not UTF-8 (`bad_request`)"),
        (status = 404, description = "No such IMS subscription (`ims_subscription.not_found`)"),
        (
            status = 409,
            description = "No S-CSCF serves the subscription (`ims_subscription.not_registered`)"
        ),
        (status = 413, description = "Body over 2 MiB", content_type = "text/plain", body = String),
        (
            status = 503,
            description = "No data plane in this process (`data_plane.unavailable`), or the \
                S-CSCF not connected (`peer.not_connected`) or not taking requests \
                (`peer.not_ready`): nothing changed"
        )
    )
)]
async fn deregister(
    State(api): State<Shared>,
    PathParam(impi): PathParam,
    body: Bytes,
) -> Result<Json<DeregisterJson>, ApiError> {
    // The body is optional: empty means the defaults.
    let body: Deregister = if body.is_empty() { Deregister::default() } else { parse(&body)? };
    let reason_code = body.reason_code.unwrap_or(PERMANENT_TERMINATION);
    if reason_code > 3 {
        return Err(ApiError::invalid("reason_code", "must be 0 to 3 (TS 29.229 §6.3.17)"));
    }
    if body.reason_info.as_ref().is_some_and(|i| i.len() > 255) {
        return Err(ApiError::invalid("reason_info", "at most 255 octets"));
    }
    port(&api)?;
    let name = impi.clone();
    let record = blocking(api.clone(), move |s| s.ims_subscription(&name)).await?;
    if scscf(&record.registration).is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "ims_subscription.not_registered",
            "no S-CSCF serves this subscription",
        ));
    }
    let notified =
        terminate(&api, impi.clone(), &record.registration, reason_code, body.reason_info)
            .await
            .ok_or_else(|| {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "shutting down")
            })?;
    if let Some(error) = notified.error {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            error,
            format!("the S-CSCF {} did not take the request; nothing changed", notified.scscf_host),
        ));
    }
    blocking(api, move |s| s.clear_ims_registration(record.key)).await?;
    Ok(Json(DeregisterJson { impi, reason_code, notified }))
}
