//! Sh data on the control plane (TS 29.328): the repository data (transparent data) kept per
//! public identity and Service-Indication, `/ims-subscriptions/by-impu/{impu}/repository-data`,
//! with the sequence-number rules of §6.1.2.1 and a Push-Notification (PNR) to every AS
//! subscribed to a piece that changes; and the permission list of §6.2,
//! `/sh/application-servers`, which says what each AS may read (UDR), update (PUR) and
//! subscribe to (SNR).

use std::time::{Duration, SystemTime};

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use store::{
    AsPermissions, Entity, MAX_SERVICE_DATA, RepositoryChange, RepositoryData, Store, StoreError,
    SubscriberKey,
};
use tokio::task::JoinSet;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::network::{AnswerJson, call_report, on_port};
use super::{PathParam, Shared, blocking};
use crate::error::ApiError;
use crate::extract::{JsonBody, Pagination};
use crate::openapi::params::ImpuParam;
use crate::openapi::{model, tags};
use crate::port::{Delivery, OutboundRequest};
use crate::schema::PageJson;

/// Data-Reference RepositoryData (TS 29.328 §7.6.1).
const REPOSITORY_DATA: u32 = 0;

/// How long a Push-Notification waits for the AS's answer.
pub const PNR_ANSWER_WAIT: Duration = Duration::from_secs(3);

/// Attempts at one PNR in all (see `notify_data`).
pub const PNR_ATTEMPTS: u32 = 3;

/// The pause between two attempts at a PNR.
pub const PNR_RETRY_PAUSE: Duration = Duration::from_millis(500);

/// Most ASs one change notifies (the store keeps no more subscriptions per piece of data).
pub const MAX_NOTIFICATIONS: usize = store::MAX_SUBSCRIPTIONS_PER_DATA;

/// How often an unconditional deletion re-reads the sequence number when a concurrent update
/// (a PUR) moved it on.
const DELETE_ATTEMPTS: usize = 3;

/// The routes of these resources.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list_repository))
        .routes(routes!(read_repository, put_repository, delete_repository))
        .routes(routes!(list_servers))
        .routes(routes!(read_server, put_server, delete_server))
}

// ---- repository data ----

/// The two parameters of a repository-data path: the public identity and the
/// Service-Indication (UTF-8 text after percent-decoding; otherwise 400).
#[derive(Debug)]
struct RepositoryPath {
    impu: String,
    service_indication: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RepositoryPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<(String, String)>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path((impu, service_indication))) => {
                Ok(Self { impu, service_indication })
            }
            Err(e) => Err(ApiError::bad_request(format!("bad path: {e}"), None)),
        }
    }
}

/// One piece of repository data as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RepositoryData)]
struct RepositoryJson {
    /// The Service-Indication as text (lossy when an AS wrote octets that are not UTF-8).
    service_indication: String,
    /// The Service-Indication's octets in hex, only when they are not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    service_indication_hex: Option<String>,
    sequence_number: u16,
    /// The ServiceData element's content (XML).
    service_data: String,
    /// The Push-Notifications this change sent; left out when it sent none.
    #[serde(skip_serializing_if = "Option::is_none")]
    notified: Option<Vec<PushJson>>,
}

impl From<RepositoryData> for RepositoryJson {
    fn from(r: RepositoryData) -> Self {
        let RepositoryData { service_indication, sequence_number, service_data } = r;
        let (service_indication, service_indication_hex) =
            match String::from_utf8(service_indication) {
                Ok(text) => (text, None),
                Err(e) => {
                    let raw = e.into_bytes();
                    (String::from_utf8_lossy(&raw).into_owned(), Some(hex::encode(&raw)))
                }
            };
        let service_data = String::from_utf8(service_data)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Self {
            service_indication,
            service_indication_hex,
            sequence_number,
            service_data,
            notified: None,
        }
    }
}

/// What one Push-Notification to an AS did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PushNotification)]
pub(super) struct PushJson {
    as_host: String,
    /// Whether the PNR was written to the AS's connection.
    sent: bool,
    /// The AS's answer, when it came within the wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<AnswerJson>,
    /// Why it was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

/// The body of a `PUT`: the sequence number (0 to create, the stored one plus one to
/// update, TS 29.328 §6.1.2.1) and the ServiceData content.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RepositoryDataBody)]
struct RepositoryBody {
    sequence_number: u16,
    /// Well-formed XML content, at most 64 KiB.
    service_data: String,
}

/// The subscription holding public identity `impu`; 404 `ims_subscription.not_found` when
/// none does.
pub(super) fn ims_key(s: &Store, impu: &str) -> Result<SubscriberKey, StoreError> {
    s.ims_key_by_impu(impu).map_err(|e| match e {
        StoreError::UnknownSubscriber => StoreError::NotFound(Entity::ImsSubscription),
        other => other,
    })
}

/// ServiceData must be at most 64 KiB of well-formed XML content: what may stand between
/// `<ServiceData>` and `</ServiceData>` (text, elements, comments; no XML declaration, no
/// DTD, namespace prefixes declared within).
fn check_service_data(data: &str) -> Result<(), ApiError> {
    if data.len() > MAX_SERVICE_DATA {
        return Err(ApiError::invalid(
            "service_data",
            format!("at most {MAX_SERVICE_DATA} octets (has {})", data.len()),
        ));
    }
    // The content on a line of its own, so that an error's line and column are the content's
    // (line numbers one too many).
    let wrapped = format!("<ServiceData>\n{data}\n</ServiceData>");
    if let Err(e) = roxmltree::Document::parse(&wrapped) {
        let text = e.to_string();
        // Errors with a position end in " at {row}:{col}" of the wrapped document.
        let reason = match text.rsplit_once(" at ") {
            Some((reason, _)) => {
                let pos = e.pos();
                format!("{reason} at {}:{}", pos.row.saturating_sub(1).max(1), pos.col)
            }
            None => text,
        };
        return Err(ApiError::invalid(
            "service_data",
            format!("not well-formed XML content: {reason}"),
        ));
    }
    Ok(())
}

/// `?sequence_number=n` of a deletion, when given.
fn sequence_query(uri: &Uri) -> Result<Option<u16>, ApiError> {
    let mut out = None;
    for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name == "sequence_number" {
            let n = value.parse::<u16>().map_err(|_| {
                ApiError::invalid("sequence_number", "must be an integer 0..=65535")
            })?;
            out = Some(n);
        }
    }
    Ok(out)
}

/// The repository data (Sh transparent data) of a public identity.
#[utoipa::path(
    get,
    path = "/ims-subscriptions/by-impu/{impu}/repository-data",
    tag = tags::SH,
    params(ImpuParam, Pagination),
    responses(
        (status = 200, description = "One page", body = PageJson<RepositoryJson>),
        (status = 404, description = "No such IMS subscription (`ims_subscription.not_found`)")
    )
)]
async fn list_repository(
    State(api): State<Shared>,
    PathParam(impu): PathParam,
    page: Pagination,
) -> Result<Json<PageJson<RepositoryJson>>, ApiError> {
    let all = blocking(api, move |s| {
        let key = ims_key(s, &impu)?;
        s.repository_data_all(key, &impu)
    })
    .await?;
    let total = all.len() as u64;
    let items = all.into_iter().skip(page.index().saturating_mul(page.page_size));
    Ok(Json(PageJson {
        items: items.take(page.page_size).map(RepositoryJson::from).collect(),
        page: page.page,
        page_size: page.page_size,
        total,
    }))
}

/// One piece of repository data.
#[utoipa::path(
    get,
    path = "/ims-subscriptions/by-impu/{impu}/repository-data/{service_indication}",
    tag = tags::SH,
    params(("impu" = String, Path, description = "The public identity, percent-encoded"),
        ("service_indication" = String, Path, description = "The Service-Indication (UTF-8 text)")),
    responses(
        (status = 200, description = "The data", body = RepositoryJson),
        (status = 400, description = "A path segment is not UTF-8 (`bad_request`)"),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`) or data \
                (`repository_data.not_found`)"
        )
    )
)]
async fn read_repository(
    State(api): State<Shared>,
    path: RepositoryPath,
) -> Result<Json<RepositoryJson>, ApiError> {
    let RepositoryPath { impu, service_indication } = path;
    let data = blocking(api, move |s| {
        let key = ims_key(s, &impu)?;
        s.repository_data(key, &impu, service_indication.as_bytes())?
            .ok_or(StoreError::NotFound(Entity::RepositoryData))
    })
    .await?;
    Ok(Json(data.into()))
}

/// Creates (sequence number 0) or updates (the stored one plus one) a piece of repository
/// data; 201 or 200 with it, and the PNRs the change sent.
#[utoipa::path(
    put,
    path = "/ims-subscriptions/by-impu/{impu}/repository-data/{service_indication}",
    tag = tags::SH,
    params(("impu" = String, Path, description = "The public identity, percent-encoded"),
        ("service_indication" = String, Path, description = "The Service-Indication (UTF-8 text)")),
    request_body = RepositoryBody,
    responses(
        (status = 200, description = "Updated, with the PNRs sent", body = RepositoryJson),
        (status = 201, description = "Created, with the PNRs sent", body = RepositoryJson),
        (status = 404, description = "No such IMS subscription (`ims_subscription.not_found`)"),
        (
            status = 409,
            description = "The sequence number is not the next one \
                (`repository_data.sequence_out_of_sync`)"
        )
    )
)]
async fn put_repository(
    State(api): State<Shared>,
    path: RepositoryPath,
    JsonBody(body): JsonBody<RepositoryBody>,
) -> Result<impl IntoResponse, ApiError> {
    let RepositoryPath { impu, service_indication } = path;
    store::validate_repository(service_indication.as_bytes(), body.service_data.as_bytes())?;
    check_service_data(&body.service_data)?;
    let RepositoryBody { sequence_number, service_data } = body;
    let (si, data, id) = (service_indication.clone(), service_data.clone(), impu.clone());
    let (key, change) = blocking(api.clone(), move |s| {
        let key = ims_key(s, &id)?;
        let change = s.update_repository_data(
            key,
            &id,
            si.as_bytes(),
            sequence_number,
            Some(data.as_bytes()),
        )?;
        Ok((key, change))
    })
    .await?;
    let notified = notify(&api, key, impu, service_indication.clone().into_bytes()).await;
    let status = match change {
        RepositoryChange::Created => StatusCode::CREATED,
        RepositoryChange::Updated | RepositoryChange::Deleted => StatusCode::OK,
    };
    let json = RepositoryJson {
        service_indication,
        service_indication_hex: None,
        sequence_number,
        service_data,
        notified,
    };
    Ok((status, Json(json)))
}

/// Deletes a piece of repository data: with `?sequence_number=n` only when n is the stored
/// number plus one (TS 29.328 §6.1.2.1, as a PUR without ServiceData), without it whatever is
/// stored. 200 with the piece as it was, and the PNRs the change sent.
#[utoipa::path(
    delete,
    path = "/ims-subscriptions/by-impu/{impu}/repository-data/{service_indication}",
    tag = tags::SH,
    params(
        ("impu" = String, Path, description = "The public identity, percent-encoded"),
        ("service_indication" = String, Path, description = "The Service-Indication (UTF-8 text)"),
        (
            "sequence_number" = Option<u16>,
            Query,
            description = "Delete only when this is the stored number plus one"
        )
    ),
    responses(
        (status = 200, description = "Deleted: the data as it was, with the PNRs sent", body = RepositoryJson),
        (status = 400, description = "A path segment is not UTF-8 (`bad_request`)"),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`) or data \
                (`repository_data.not_found`)"
        ),
        (
            status = 409,
            description = "The sequence number is not the next one \
                (`repository_data.sequence_out_of_sync`)"
        )
    )
)]
async fn delete_repository(
    State(api): State<Shared>,
    path: RepositoryPath,
    uri: Uri,
) -> Result<Json<RepositoryJson>, ApiError> {
    let expected = sequence_query(&uri)?;
    let RepositoryPath { impu, service_indication } = path;
    let (si, id) = (service_indication.clone().into_bytes(), impu.clone());
    let (key, old) = blocking(api.clone(), move |s| {
        let key = ims_key(s, &id)?;
        for _ in 0..DELETE_ATTEMPTS {
            let old = s
                .repository_data(key, &id, &si)?
                .ok_or(StoreError::NotFound(Entity::RepositoryData))?;
            let sequence = expected.unwrap_or(RepositoryData::next_sequence(old.sequence_number));
            match s.update_repository_data(key, &id, &si, sequence, None) {
                Ok(_) => return Ok((key, old)),
                // Unconditional: an AS updated it meanwhile; read the new number.
                Err(StoreError::SequenceOutOfSync) if expected.is_none() => {}
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::SequenceOutOfSync)
    })
    .await?;
    let notified = notify(&api, key, impu, service_indication.into_bytes()).await;
    let mut json = RepositoryJson::from(old);
    json.notified = notified;
    Ok(Json(json))
}

/// Sends a PNR for the repository data `service_indication` of `impu` to every AS subscribed
/// to it (at most [`MAX_NOTIFICATIONS`], concurrently as far as the port allows, each waiting
/// up to [`PNR_ANSWER_WAIT`]); `None` when there is no data plane or no subscriber. The
/// change stands whatever the ASs answer.
pub(super) async fn notify(
    api: &Shared,
    key: SubscriberKey,
    impu: String,
    service_indication: Vec<u8>,
) -> Option<Vec<PushJson>> {
    notify_data(api, key, impu, REPOSITORY_DATA, service_indication).await
}

/// [`notify`] for any Data-Reference the data plane renders (`service_indication` empty but
/// for repository data): the iFCs (13) after a change of a subscription or an iFC set.
pub(super) async fn notify_data(
    api: &Shared,
    key: SubscriberKey,
    impu: String,
    data_reference: u32,
    service_indication: Vec<u8>,
) -> Option<Vec<PushJson>> {
    api.port.as_ref()?;
    let (id, si) = (impu.clone(), service_indication.clone());
    let subscribers = blocking(api.clone(), move |s| {
        s.sh_subscribers(key, &id, data_reference, &si, SystemTime::now())
    })
    .await;
    let subscribers = match subscribers {
        Ok(list) if !list.is_empty() => list,
        Ok(_) => return None,
        Err(e) => {
            tracing::warn!(impu, error = e.message, "Sh subscribers not read; no PNR sent");
            return None;
        }
    };
    let mut tasks = JoinSet::new();
    for (i, subscriber) in subscribers.into_iter().take(MAX_NOTIFICATIONS).enumerate() {
        let api = api.clone();
        let request = OutboundRequest::PushNotification {
            impu: impu.clone(),
            data_reference,
            service_indication: service_indication.clone(),
            host: subscriber.as_host.clone(),
            realm: subscriber.as_realm,
        };
        let as_host = subscriber.as_host;
        tasks.spawn(async move {
            // A PNR the AS's connection did not take, or that got no answer, is sent again
            // (at most PNR_ATTEMPTS in all, PNR_RETRY_PAUSE apart); an AS not connected is not
            // waited for.
            let mut attempt = 1;
            let delivery = loop {
                let r = request.clone();
                let delivery = on_port(&api, move |p| p.send(r, PNR_ANSWER_WAIT)).await;
                let again =
                    matches!(delivery, Ok(Delivery::NotSent | Delivery::Sent { answer: None }));
                if !again || attempt == PNR_ATTEMPTS {
                    break delivery;
                }
                attempt += 1;
                tokio::time::sleep(PNR_RETRY_PAUSE).await;
            };
            let (sent, answer, error) = call_report(delivery);
            if !sent {
                tracing::warn!(as_host, error, data_reference, "PNR not sent");
            }
            (i, PushJson { as_host, sent, answer, error })
        });
    }
    let mut out = Vec::with_capacity(tasks.len());
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(push) => out.push(push),
            Err(e) => tracing::error!(error = %e, "PNR task failed"),
        }
    }
    out.sort_by_key(|(i, _)| *i);
    Some(out.into_iter().map(|(_, push)| push).collect())
}

// ---- AS permissions ----

/// The body of a `PUT`: the Data-Reference values the AS may use in each request. `name`, if
/// given, must be the path's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AsPermissionsBody, example = json!({"udr": [0, 14], "pur": [0], "snr": [0]}))]
struct PermissionsBody {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    udr: Vec<u32>,
    #[serde(default)]
    pur: Vec<u32>,
    #[serde(default)]
    snr: Vec<u32>,
}

/// The application servers' Sh permissions.
#[utoipa::path(
    get,
    path = "/sh/application-servers",
    tag = tags::SH,
    params(Pagination),
    responses((status = 200, description = "One page", body = PageJson<model::AsPermissions>))
)]
async fn list_servers(
    State(api): State<Shared>,
    page: Pagination,
) -> Result<Json<PageJson<AsPermissions>>, ApiError> {
    let p = blocking(api, move |s| s.list_as_permissions(page.index(), page.page_size)).await?;
    Ok(Json(PageJson::from_page(page, p)))
}

/// One application server's Sh permissions.
#[utoipa::path(
    get,
    path = "/sh/application-servers/{name}",
    tag = tags::SH,
    params(("name" = String, Path, description = "The AS's Origin-Host, or a realm")),
    responses(
        (status = 200, description = "Its permissions", body = model::AsPermissions),
        (status = 404, description = "None stored (`as_permission.not_found`)")
    )
)]
async fn read_server(
    State(api): State<Shared>,
    PathParam(name): PathParam,
) -> Result<Json<AsPermissions>, ApiError> {
    let p = blocking(api, move |s| {
        s.as_permissions(&name)?.ok_or(StoreError::NotFound(Entity::AsPermission))
    })
    .await?;
    Ok(Json(p))
}

/// Creates (201) or replaces (200) the permissions of `name`.
#[utoipa::path(
    put,
    path = "/sh/application-servers/{name}",
    tag = tags::SH,
    params(("name" = String, Path, description = "The AS's Origin-Host, or a realm")),
    request_body = PermissionsBody,
    responses(
        (status = 200, description = "Replaced", body = model::AsPermissions),
        (status = 201, description = "Created", body = model::AsPermissions)
    )
)]
async fn put_server(
    State(api): State<Shared>,
    PathParam(name): PathParam,
    JsonBody(body): JsonBody<PermissionsBody>,
) -> Result<impl IntoResponse, ApiError> {
    let PermissionsBody { name: named, udr, pur, snr } = body;
    // DiameterIdentities compare without case.
    if named.is_some_and(|n| !n.eq_ignore_ascii_case(&name)) {
        return Err(ApiError::invalid("name", "must be the name in the path"));
    }
    let tidy = |mut list: Vec<u32>| {
        list.sort_unstable();
        list.dedup();
        list
    };
    let permissions = AsPermissions { name, udr: tidy(udr), pur: tidy(pur), snr: tidy(snr) };
    permissions.validate()?;
    let stored = permissions.clone();
    let created = blocking(api, move |s| s.put_as_permissions(&stored)).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(permissions)))
}

/// Deletes an application server's Sh permissions.
#[utoipa::path(
    delete,
    path = "/sh/application-servers/{name}",
    tag = tags::SH,
    params(("name" = String, Path, description = "The AS's Origin-Host, or a realm")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "None stored (`as_permission.not_found`)")
    )
)]
async fn delete_server(
    State(api): State<Shared>,
    PathParam(name): PathParam,
) -> Result<StatusCode, ApiError> {
    blocking(api, move |s| s.delete_as_permissions(&name)).await?;
    Ok(StatusCode::NO_CONTENT)
}
