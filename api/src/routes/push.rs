//! Network actions after a provisioning change (TS 29.272 §5.2.1.2, §5.2.2, TS 29.273
//! §8.1.2.3-4): an Insert-Subscriber-Data to the serving MME when data it holds changed (only
//! the parts that changed), a Delete-Subscriber-Data when APNs or values were removed, a
//! Push-Profile to the 3GPP AAA server when the subscriber changed; a Cancel-Location
//! (SUBSCRIPTION_WITHDRAWAL) and a Registration-Termination when the subscription goes. Each request is tried up to
//! [`PUSH_ATTEMPTS`] times with a doubling pause when the MME's connection did not take it or
//! it got no answer; what happened is reported to the REST caller ([`PushJson`]) and logged.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use store::{EpsProfile, Imsi, NodeKind, ServingNode, Subscriber, SubscriptionDiff};
use utoipa::ToSchema;

use super::network::{AnswerJson, call_report, on_port};
use super::{Shared, blocking};
use crate::port::{Delivery, OutboundRequest};

/// How long one attempt waits for the MME's answer.
pub const PUSH_ANSWER_WAIT: Duration = Duration::from_secs(3);
/// Attempts at one request in all.
pub const PUSH_ATTEMPTS: u32 = 3;
/// The pause before the second attempt; it doubles for each further one.
pub const PUSH_FIRST_PAUSE: Duration = Duration::from_millis(250);
/// Cancellation-Type SUBSCRIPTION_WITHDRAWAL (TS 29.272 §7.3.24).
const SUBSCRIPTION_WITHDRAWAL: u32 = 2;
/// Deregistration-Reason's Reason-Code PERMANENT_TERMINATION (TS 29.273 §8.2.3.5).
const PERMANENT_TERMINATION: u32 = 0;
/// Most subscribers one APN-profile change updates from one REST call; more are reported as
/// not updated (their MMEs get the change at the next Update-Location).
pub const MAX_PROFILE_PUSHES: usize = 10_000;

/// What became of one request the change sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NetworkRequest)]
pub(super) struct PushJson {
    /// `idr`, `dsr`, `clr` (to the MME), `ppr` or `rtr` (to the 3GPP AAA server).
    #[schema(example = "idr")]
    pub request: &'static str,
    /// The node it went to.
    pub host: String,
    /// Whether its connection took it.
    pub sent: bool,
    /// Attempts made.
    pub attempts: u32,
    /// The MME's answer, when it came within the wait.
    pub answer: Option<AnswerJson>,
    /// Why it was not sent (`peer.not_connected`, `peer.not_ready`, `data_plane.unavailable`).
    pub error: Option<&'static str>,
}

/// Sends what `diff` needs to the MME serving `imsi`, if any, and reports each request. Nothing
/// is sent without a data plane, a serving MME or a change the MME holds.
pub(super) async fn push_changes(
    api: &Shared,
    imsi: Imsi,
    diff: SubscriptionDiff,
) -> Vec<PushJson> {
    if api.port.is_none() || !(diff.needs_insert() || diff.needs_delete()) {
        return Vec::new();
    }
    let Some(mme) = serving_mme(api, imsi).await else { return Vec::new() };
    let mut out = Vec::new();
    // The IDR first (a new default APN, the APNs added), then the DSR withdrawing what went:
    // the MME never holds a default APN it was told to delete.
    if diff.needs_insert() {
        let request = OutboundRequest::InsertSubscriberData {
            imsi: imsi.to_string(),
            host: mme.host.clone(),
            realm: mme.realm.clone(),
            diff: diff.clone(),
        };
        out.push(send(api, "idr", &mme.host, request).await);
    }
    if diff.needs_delete() {
        let request = OutboundRequest::DeleteSubscriberData {
            imsi: imsi.to_string(),
            host: mme.host.clone(),
            realm: mme.realm.clone(),
            diff,
        };
        out.push(send(api, "dsr", &mme.host, request).await);
    }
    out
}

/// Withdraws the registrations of `imsi` before the subscriber is deleted: a Cancel-Location
/// (SUBSCRIPTION_WITHDRAWAL) to its serving MME, a Registration-Termination
/// (PERMANENT_TERMINATION) to its 3GPP AAA server; nothing without a data plane.
pub(super) async fn withdraw(api: &Shared, imsi: Imsi) -> Vec<PushJson> {
    let mut out = Vec::new();
    if api.port.is_none() {
        return out;
    }
    if let Some(mme) = serving_mme(api, imsi).await {
        let request = OutboundRequest::CancelLocation {
            imsi: imsi.to_string(),
            host: mme.host.clone(),
            realm: mme.realm.clone(),
            cancellation_type: SUBSCRIPTION_WITHDRAWAL,
            reattach: false,
        };
        out.push(send(api, "clr", &mme.host, request).await);
    }
    if let Some(aaa) = serving(api, imsi, NodeKind::Aaa).await {
        let request = OutboundRequest::SwxRegistrationTermination {
            imsi: imsi.to_string(),
            host: aaa.host.clone(),
            realm: aaa.realm.clone(),
            reason_code: PERMANENT_TERMINATION,
        };
        out.push(send(api, "rtr", &aaa.host, request).await);
    }
    out
}

/// How many requests a profile change sent, how many it could not, and whether users were
/// left out (more than [`MAX_PROFILE_PUSHES`]: they get the change at their next ULR).
#[derive(Debug, Default, Serialize, ToSchema)]
#[schema(as = PushCount)]
pub(super) struct PushCount {
    /// Requests written to the MMEs' connections.
    pub sent: usize,
    /// Requests not sent (no connection, or not taken).
    pub not_sent: usize,
    /// More users than one change updates: the rest get it at their next Update-Location.
    pub truncated: bool,
}

/// Profile changes reach this many users' MMEs at once (each request waits for its answer).
const FAN_OUT: usize = 8;

/// After EPS profile `old` became `new`: to the MME of every subscriber naming it (at most
/// [`MAX_PROFILE_PUSHES`], [`FAN_OUT`] at a time), an IDR (and DSR) with what changed for that
/// subscriber (its overrides kept).
pub(super) async fn push_eps_profile(api: &Shared, old: EpsProfile, new: EpsProfile) -> PushCount {
    let id = new.id;
    let users = blocking(api.clone(), move |s| s.eps_profile_users(id, 0, MAX_PROFILE_PUSHES + 1));
    let (old, new) = (Arc::new(old), Arc::new(new));
    fan_out(api, users.await, move |api, imsi| {
        let (old, new) = (old.clone(), new.clone());
        async move {
            let record = blocking(api.clone(), move |s| s.subscriber(imsi)).await.ok()?;
            let stored = &record.subscriber;
            Some(SubscriptionDiff::between(&old.apply(stored), &new.apply(stored)))
        }
    })
    .await
}

/// An IDR with APN profile `id`'s configuration to the MME of every subscriber using it (at
/// most [`MAX_PROFILE_PUSHES`], [`FAN_OUT`] at a time).
pub(super) async fn push_apn_profile(api: &Shared, id: store::ApnId) -> PushCount {
    let users = blocking(api.clone(), move |s| s.apn_profile_users(id, 0, MAX_PROFILE_PUSHES + 1));
    fan_out(
        api,
        users.await,
        move |_, _| async move { Some(SubscriptionDiff::apn_profile_changed(id)) },
    )
    .await
}

/// Sends each of `users` what `diff_of` gives it, [`FAN_OUT`] users at a time.
async fn fan_out<F, Fut>(
    api: &Shared,
    users: Result<Vec<Imsi>, crate::error::ApiError>,
    diff_of: F,
) -> PushCount
where
    F: Fn(Shared, Imsi) -> Fut,
    Fut: std::future::Future<Output = Option<SubscriptionDiff>> + Send + 'static,
{
    let mut count = PushCount::default();
    if api.port.is_none() {
        return count;
    }
    let mut users = match users {
        Ok(users) => users,
        Err(e) => {
            tracing::warn!(error = e.message, "profile users not read; no IDR sent");
            return count;
        }
    };
    if users.len() > MAX_PROFILE_PUSHES {
        users.truncate(MAX_PROFILE_PUSHES);
        count.truncated = true;
    }
    let mut tasks: tokio::task::JoinSet<Vec<PushJson>> = tokio::task::JoinSet::new();
    for imsi in users {
        if tasks.len() >= FAN_OUT
            && let Some(Ok(pushes)) = tasks.join_next().await
        {
            count.add(&pushes);
        }
        let diff = diff_of(api.clone(), imsi);
        let api = api.clone();
        tasks.spawn(async move {
            match diff.await {
                Some(diff) => push_changes(&api, imsi, diff).await,
                None => Vec::new(),
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok(pushes) = done {
            count.add(&pushes);
        }
    }
    count
}

impl PushCount {
    fn add(&mut self, pushes: &[PushJson]) {
        for push in pushes {
            if push.sent {
                self.sent += 1;
            } else {
                self.not_sent += 1;
            }
        }
    }
}

/// After `old` became `new`: a Push-Profile (SWx) with the Non-3GPP-User-Data as it is now to
/// the 3GPP AAA server registered for the subscriber, if any and if anything changed.
pub(super) async fn push_aaa_changes(
    api: &Shared,
    imsi: Imsi,
    old: &Subscriber,
    new: &Subscriber,
) -> Option<PushJson> {
    api.port.as_ref()?;
    if old == new {
        return None;
    }
    let aaa = serving(api, imsi, NodeKind::Aaa).await?;
    let request = OutboundRequest::SwxPushProfile {
        imsi: imsi.to_string(),
        host: aaa.host.clone(),
        realm: aaa.realm.clone(),
    };
    Some(send(api, "ppr", &aaa.host, request).await)
}

async fn serving_mme(api: &Shared, imsi: Imsi) -> Option<ServingNode> {
    serving(api, imsi, NodeKind::Mme).await
}

async fn serving(api: &Shared, imsi: Imsi, kind: NodeKind) -> Option<ServingNode> {
    let read = blocking(api.clone(), move |s| s.serving_node(imsi.key(), kind)).await;
    match read {
        Ok(mme) => mme,
        Err(e) => {
            tracing::warn!(error = e.message, "serving MME not read; nothing pushed");
            None
        }
    }
}

/// Sends `request`, again after a doubling pause while its connection did not take it or it
/// got no answer (at most [`PUSH_ATTEMPTS`] in all); an MME not connected is not waited for.
async fn send(api: &Shared, kind: &'static str, host: &str, request: OutboundRequest) -> PushJson {
    let mut attempts = 0;
    let mut pause = PUSH_FIRST_PAUSE;
    let delivery = loop {
        attempts += 1;
        let r = request.clone();
        let delivery = on_port(api, move |p| p.send(r, PUSH_ANSWER_WAIT)).await;
        let again = matches!(delivery, Ok(Delivery::NotSent | Delivery::Sent { answer: None }));
        if !again || attempts == PUSH_ATTEMPTS {
            break delivery;
        }
        tokio::time::sleep(pause).await;
        pause *= 2;
    };
    let (sent, answer, error) = call_report(delivery);
    match (&answer, error) {
        (_, Some(error)) => tracing::warn!(request = kind, host, error, attempts, "not sent"),
        (None, None) => tracing::warn!(request = kind, host, attempts, "sent, no answer"),
        (Some(_), None) => tracing::debug!(request = kind, host, attempts, "answered"),
    }
    PushJson { request: kind, host: host.to_owned(), sent, attempts, answer, error }
}
