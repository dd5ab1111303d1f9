//! Subscriber data as field groups, in the style of Sentinel VoLTE's HSS data API:
//! `/sh/subscriber-data` creates, reads, replaces and deletes the MMTEL-Services and
//! IMS-ODB-Information documents (TS 29.364 §7 and §10) of a public identity as named fields,
//! and `/sh/field-mappings` says where each field sits in its document. The documents are the
//! identity's Sh repository data (one Service-Indication each): a change here is an update
//! like a PUR, with the sequence-number rules of TS 29.328 §6.1.2.1 and a Push-Notification
//! to every AS subscribed to the document.
//!
//! - `sentinel_doc.rs`: mappings checked and compiled; documents built and read.
//! - `sentinel_wire.rs`: JSON or XML by `Accept` and `Content-Type`.
//! - `sentinel_defaults.rs`: the built-in mappings.

#[path = "sentinel_defaults.rs"]
mod defaults;
#[path = "sentinel_doc.rs"]
mod doc;
#[path = "sentinel_wire.rs"]
mod wire;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use store::{
    FieldMappings, MAX_SERVICE_DATA, RepositoryData, Store, StoreError, SubscriberKey, same_uri,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::doc::Document;
use self::wire::{Accepts, Body, DataBody, DataOut, FieldOut, Format, GroupBody, GroupOut};
use super::{PathParam, Shared, blocking, sh};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::openapi::{model, tags};

/// How often a write re-reads the sequence number when a concurrent update (a PUR) moved it
/// on.
const WRITE_ATTEMPTS: usize = 3;

/// The routes of these resources.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(read, replace, remove))
        .routes(routes!(read_mappings, put_mappings, delete_mappings))
}

/// What a request does to the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// None may exist yet.
    Create,
    /// Some must exist; the given ones are written.
    Replace,
    /// Every existing one is deleted.
    Delete,
}

/// One document to write (`data`) or delete (`None`).
#[derive(Debug)]
struct Write {
    /// Index in the compiled mappings.
    doc: usize,
    /// Index of its group in the request body, to name in errors.
    group: Option<usize>,
    data: Option<String>,
    /// The sequence number the client read: write only while it is the stored one.
    expected: Option<u16>,
}

/// One document changed: its content and number after a write, before a deletion.
#[derive(Debug)]
struct Changed {
    doc: usize,
    sequence: u16,
    xml: String,
}

/// What a change did: the documents changed, and why it stopped early, if it did.
#[derive(Debug)]
struct Outcome {
    key: SubscriberKey,
    changed: Vec<Changed>,
    failure: Option<ApiError>,
}

fn not_found(impu: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "subscriber_data.not_found",
        format!("no subscriber data for {impu}"),
    )
}

fn duplicate(impu: &str) -> ApiError {
    ApiError {
        field: Some("impu".into()),
        ..ApiError::new(
            StatusCode::CONFLICT,
            "subscriber_data.duplicate",
            format!("subscriber data already exists for {impu}"),
        )
    }
}

/// The mappings in force (stored, else built in), compiled.
async fn documents(api: &Shared) -> Result<Vec<Document>, ApiError> {
    let stored = blocking(api.clone(), |s| s.sh_field_mappings()).await?;
    doc::compile(&stored.unwrap_or_else(defaults::defaults)).map_err(|e| {
        tracing::error!(error = e.message, "the stored Sh field mappings do not compile");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the field mappings in force are invalid: {}", e.message),
        )
    })
}

/// The documents the groups of a request body make; 422 naming the field for anything the
/// mappings do not allow.
fn prepare(docs: &[Document], groups: &[GroupBody], mode: Mode) -> Result<Vec<Write>, ApiError> {
    if groups.is_empty() {
        return Err(ApiError::invalid("field_groups", "at least one field group"));
    }
    let mut out: Vec<Write> = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        let at = |what: &str| format!("field_groups[{i}].{what}");
        let Some(d) = docs.iter().position(|d| d.service_indication == g.service_indication) else {
            return Err(ApiError::invalid(
                at("service_indication"),
                "no field mappings for this Service-Indication",
            ));
        };
        if out.iter().any(|w| w.doc == d) {
            return Err(ApiError::invalid(at("service_indication"), "given twice"));
        }
        if mode == Mode::Create && g.sequence_number.is_some() {
            return Err(ApiError::invalid(at("sequence_number"), "not allowed when creating"));
        }
        let document = &docs[d];
        let mut values: Vec<Option<String>> = vec![None; document.fields.len()];
        let mut seen = vec![false; document.fields.len()];
        for (j, f) in g.fields.iter().enumerate() {
            let at = |what: &str| format!("field_groups[{i}].fields[{j}].{what}");
            let Some(k) = document.fields.iter().position(|x| x.name == f.name) else {
                return Err(ApiError::invalid(at("name"), "no such field in the document"));
            };
            if std::mem::replace(&mut seen[k], true) {
                return Err(ApiError::invalid(at("name"), "given twice"));
            }
            if let Some(v) = &f.value {
                let checked = doc::check_value(&document.fields[k], v)
                    .map_err(|reason| ApiError::invalid(at("value"), reason))?;
                values[k] = Some(checked);
            }
        }
        let xml = doc::build(document, &values);
        if xml.len() > MAX_SERVICE_DATA {
            return Err(ApiError::invalid(
                format!("field_groups[{i}]"),
                format!("the document would be {} octets, over {MAX_SERVICE_DATA}", xml.len()),
            ));
        }
        out.push(Write { doc: d, group: Some(i), data: Some(xml), expected: g.sequence_number });
    }
    Ok(out)
}

/// Runs `writes` for `impu` on the blocking pool. Errors before the first write are errors;
/// one after it ends the run and is reported with what was changed, so that those changes
/// are still notified.
async fn run(
    api: &Shared,
    docs: &[Document],
    impu: &str,
    writes: Vec<Write>,
    mode: Mode,
) -> Result<Outcome, ApiError> {
    let sis: Vec<String> = docs.iter().map(|d| d.service_indication.clone()).collect();
    let id = impu.to_owned();
    blocking(api.clone(), move |s| execute(s, &id, &sis, writes, mode)).await
}

fn execute(
    s: &Store,
    impu: &str,
    sis: &[String],
    writes: Vec<Write>,
    mode: Mode,
) -> Result<Outcome, StoreError> {
    let key = sh::ims_key(s, impu)?;
    let mut stored_any = false;
    for si in sis {
        if s.repository_data(key, impu, si.as_bytes())?.is_some() {
            stored_any = true;
            break;
        }
    }
    let mut outcome = Outcome { key, changed: Vec::new(), failure: None };
    match (mode, stored_any) {
        (Mode::Create, true) => outcome.failure = Some(duplicate(impu)),
        (Mode::Replace | Mode::Delete, false) => outcome.failure = Some(not_found(impu)),
        _ => {}
    }
    if outcome.failure.is_some() {
        return Ok(outcome);
    }
    for w in &writes {
        match write_one(s, key, impu, sis[w.doc].as_bytes(), w, mode) {
            Ok(Some(changed)) => outcome.changed.push(changed),
            Ok(None) => {}
            Err(e) => {
                outcome.failure = Some(e);
                break;
            }
        }
    }
    if mode == Mode::Delete && outcome.changed.is_empty() && outcome.failure.is_none() {
        // An AS deleted everything meanwhile.
        outcome.failure = Some(not_found(impu));
    }
    if outcome.failure.is_some() && !outcome.changed.is_empty() {
        tracing::warn!(impu, written = outcome.changed.len(), "subscriber data partly changed");
    }
    Ok(outcome)
}

/// Writes or deletes one document with the stored sequence number plus one (0 to create).
/// `None`: a deletion found nothing to delete.
fn write_one(
    s: &Store,
    key: SubscriberKey,
    impu: &str,
    si: &[u8],
    w: &Write,
    mode: Mode,
) -> Result<Option<Changed>, ApiError> {
    let out_of_sync = || {
        let mut e = ApiError::from(StoreError::SequenceOutOfSync);
        if let Some(i) = w.group {
            e.field = Some(format!("field_groups[{i}].sequence_number"));
        }
        e
    };
    for _ in 0..WRITE_ATTEMPTS {
        let old = s.repository_data(key, impu, si)?;
        if let Some(n) = w.expected
            && old.as_ref().map(|o| o.sequence_number) != Some(n)
        {
            return Err(out_of_sync());
        }
        if mode == Mode::Create && old.is_some() {
            return Err(duplicate(impu));
        }
        let sequence = old.as_ref().map_or(0, |o| RepositoryData::next_sequence(o.sequence_number));
        let data = w.data.as_deref().map(str::as_bytes);
        if old.is_none() && data.is_none() {
            return Ok(None);
        }
        match s.update_repository_data(key, impu, si, sequence, data) {
            Ok(_) => {
                return Ok(Some(match (&w.data, old) {
                    (Some(xml), _) => Changed { doc: w.doc, sequence, xml: xml.clone() },
                    (None, Some(old)) => Changed {
                        doc: w.doc,
                        sequence: old.sequence_number,
                        xml: String::from_utf8_lossy(&old.service_data).into_owned(),
                    },
                    (None, None) => return Ok(None),
                }));
            }
            Err(StoreError::SequenceOutOfSync) if mode == Mode::Create => {
                return Err(duplicate(impu));
            }
            // An AS updated the document meanwhile: read the new number.
            Err(StoreError::SequenceOutOfSync) if w.expected.is_none() => {}
            Err(StoreError::SequenceOutOfSync) => return Err(out_of_sync()),
            Err(e) => return Err(e.into()),
        }
    }
    Err(out_of_sync())
}

/// One document's fields as the API shows them.
fn group(doc: &Document, sequence: u16, xml: &str, notified: Option<Vec<Value>>) -> GroupOut {
    let fields = doc
        .fields
        .iter()
        .zip(doc::read(doc, xml))
        .map(|(f, value)| FieldOut { name: f.name.clone(), value })
        .collect();
    GroupOut {
        service_indication: doc.service_indication.clone(),
        sequence_number: sequence,
        fields,
        notified,
    }
}

/// Notifies the ASs subscribed to each changed document, then answers with the changed
/// documents, or with the error that stopped the change.
async fn finish(
    api: &Shared,
    docs: &[Document],
    impu: String,
    outcome: Outcome,
    format: Format,
    status: StatusCode,
    location: Option<String>,
) -> Result<Response, ApiError> {
    let mut field_groups = Vec::with_capacity(outcome.changed.len());
    for c in outcome.changed {
        let d = &docs[c.doc];
        let si = d.service_indication.clone().into_bytes();
        let notified = sh::notify(api, outcome.key, impu.clone(), si)
            .await
            .map(|list| list.iter().filter_map(|p| serde_json::to_value(p).ok()).collect());
        field_groups.push(group(d, c.sequence, &c.xml, notified));
    }
    if let Some(failure) = outcome.failure {
        return Err(failure);
    }
    let mut headers = HeaderMap::new();
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, location);
    }
    Ok(wire::respond(format, status, headers, &DataOut { impu, field_groups }))
}

/// `s` percent-encoded as one path segment (everything but unreserved characters).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `POST /sh/subscriber-data`: creates the documents of the groups given for the `impu` of
/// the body; 201 with them and `Location`, 409 when the identity has subscriber data.
#[utoipa::path(
    post,
    path = "/sh/subscriber-data",
    tag = tags::SH,
    params(("Accept" = Option<String>, Header, description = "`application/json` (the default) or `application/xml`")),
    request_body(
        description = "JSON or XML, by `Content-Type`",
        content(
            (DataBody = "application/json"),
            (DataBody = "application/xml"),
            (DataBody = "text/xml")
        )
    ),
    responses(
        (
            status = 201,
            description = "Created",
            content((DataOut = "application/json"), (DataOut = "application/xml")),
            headers(("Location" = String, description = "The path of the data"))
        ),
        (status = 400, description = "Malformed JSON or XML (`bad_request`)"),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`)"
        ),
        (
            status = 406,
            description = "`Accept` allows neither JSON nor XML (`not_acceptable`)"
        ),
        (
            status = 409,
            description = "The identity has subscriber data (`subscriber_data.duplicate`)"
        ),
        (
            status = 415,
            description = "Not `application/json`, `application/xml` or `text/xml` \
                (`unsupported_media_type`)"
        )
    )
)]
async fn create(
    State(api): State<Shared>,
    Accepts(format): Accepts,
    body: Body,
) -> Result<Response, ApiError> {
    let data = body.parse()?;
    let impu =
        data.impu.filter(|i| !i.is_empty()).ok_or_else(|| ApiError::invalid("impu", "missing"))?;
    let docs = documents(&api).await?;
    let writes = prepare(&docs, &data.field_groups, Mode::Create)?;
    let outcome = run(&api, &docs, &impu, writes, Mode::Create).await?;
    let location = format!("/sh/subscriber-data/{}", encode(&impu));
    finish(&api, &docs, impu, outcome, format, StatusCode::CREATED, Some(location)).await
}

/// `GET /sh/subscriber-data/{impu}`: every document the mappings name that the identity has.
#[utoipa::path(
    get,
    path = "/sh/subscriber-data/{impu}",
    tag = tags::SH,
    params(("impu" = String, Path, description = "The public identity, percent-encoded"), ("Accept" = Option<String>, Header, description = "`application/json` (the default) or `application/xml`")),
    responses(
        (
            status = 200,
            description = "The documents as fields",
            content((DataOut = "application/json"), (DataOut = "application/xml"))
        ),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`), or no \
                subscriber data (`subscriber_data.not_found`)"
        ),
        (
            status = 406,
            description = "`Accept` allows neither JSON nor XML (`not_acceptable`)"
        )
    )
)]
async fn read(
    State(api): State<Shared>,
    Accepts(format): Accepts,
    PathParam(impu): PathParam,
) -> Result<Response, ApiError> {
    let docs = documents(&api).await?;
    let sis: Vec<String> = docs.iter().map(|d| d.service_indication.clone()).collect();
    let id = impu.clone();
    let stored = blocking(api, move |s| {
        let key = sh::ims_key(s, &id)?;
        sis.iter()
            .map(|si| s.repository_data(key, &id, si.as_bytes()))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let field_groups: Vec<GroupOut> = docs
        .iter()
        .zip(stored)
        .filter_map(|(d, r)| {
            let r = r?;
            Some(group(d, r.sequence_number, &String::from_utf8_lossy(&r.service_data), None))
        })
        .collect();
    if field_groups.is_empty() {
        return Err(not_found(&impu));
    }
    Ok(wire::respond(format, StatusCode::OK, HeaderMap::new(), &DataOut { impu, field_groups }))
}

/// `PUT /sh/subscriber-data/{impu}`: replaces the documents of the groups given (fields left
/// out are absent from the new document); 200 with them, 404 when the identity has no
/// subscriber data.
#[utoipa::path(
    put,
    path = "/sh/subscriber-data/{impu}",
    tag = tags::SH,
    params(("impu" = String, Path, description = "The public identity, percent-encoded"), ("Accept" = Option<String>, Header, description = "`application/json` (the default) or `application/xml`")),
    request_body(
        description = "JSON or XML, by `Content-Type`",
        content(
            (DataBody = "application/json"),
            (DataBody = "application/xml"),
            (DataBody = "text/xml")
        )
    ),
    responses(
        (
            status = 200,
            description = "Replaced, with the PNRs sent",
            content((DataOut = "application/json"), (DataOut = "application/xml"))
        ),
        (status = 400, description = "Malformed JSON or XML (`bad_request`)"),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`), or no \
                subscriber data (`subscriber_data.not_found`)"
        ),
        (
            status = 406,
            description = "`Accept` allows neither JSON nor XML (`not_acceptable`)"
        ),
        (
            status = 409,
            description = "A document changed meanwhile \
                (`repository_data.sequence_out_of_sync`, naming the group's `sequence_number`)"
        ),
        (
            status = 415,
            description = "Not `application/json`, `application/xml` or `text/xml` \
                (`unsupported_media_type`)"
        )
    )
)]
async fn replace(
    State(api): State<Shared>,
    Accepts(format): Accepts,
    PathParam(impu): PathParam,
    body: Body,
) -> Result<Response, ApiError> {
    let data = body.parse()?;
    if data.impu.as_deref().is_some_and(|given| !same_uri(given, &impu)) {
        return Err(ApiError::invalid("impu", "must be the identity in the path"));
    }
    let docs = documents(&api).await?;
    let writes = prepare(&docs, &data.field_groups, Mode::Replace)?;
    let outcome = run(&api, &docs, &impu, writes, Mode::Replace).await?;
    finish(&api, &docs, impu, outcome, format, StatusCode::OK, None).await
}

/// `DELETE /sh/subscriber-data/{impu}`: deletes every document the mappings name; 200 with
/// them as they were.
#[utoipa::path(
    delete,
    path = "/sh/subscriber-data/{impu}",
    tag = tags::SH,
    params(("impu" = String, Path, description = "The public identity, percent-encoded"), ("Accept" = Option<String>, Header, description = "`application/json` (the default) or `application/xml`")),
    responses(
        (
            status = 200,
            description = "Deleted: the documents as they were, with the PNRs sent",
            content((DataOut = "application/json"), (DataOut = "application/xml"))
        ),
        (
            status = 404,
            description = "No such IMS subscription (`ims_subscription.not_found`), or no \
                subscriber data (`subscriber_data.not_found`)"
        ),
        (
            status = 406,
            description = "`Accept` allows neither JSON nor XML (`not_acceptable`)"
        ),
        (
            status = 409,
            description = "A document changed meanwhile \
                (`repository_data.sequence_out_of_sync`, naming the group's `sequence_number`)"
        )
    )
)]
async fn remove(
    State(api): State<Shared>,
    Accepts(format): Accepts,
    PathParam(impu): PathParam,
) -> Result<Response, ApiError> {
    let docs = documents(&api).await?;
    let writes =
        (0..docs.len()).map(|doc| Write { doc, group: None, data: None, expected: None }).collect();
    let outcome = run(&api, &docs, &impu, writes, Mode::Delete).await?;
    finish(&api, &docs, impu, outcome, format, StatusCode::OK, None).await
}

/// `GET /sh/field-mappings`: the mappings in force (the built-in ones until some are stored).
#[utoipa::path(
    get,
    path = "/sh/field-mappings",
    tag = tags::SH,
    responses((status = 200, description = "The mappings in force", body = model::FieldMappings))
)]
async fn read_mappings(State(api): State<Shared>) -> Result<Json<FieldMappings>, ApiError> {
    let stored = blocking(api, |s| s.sh_field_mappings()).await?;
    Ok(Json(stored.unwrap_or_else(defaults::defaults)))
}

/// `PUT /sh/field-mappings`: checks and stores new mappings; 200 with them.
#[utoipa::path(
    put,
    path = "/sh/field-mappings",
    tag = tags::SH,
    request_body = model::FieldMappings,
    responses((status = 200, description = "Stored", body = model::FieldMappings))
)]
async fn put_mappings(
    State(api): State<Shared>,
    JsonBody(mappings): JsonBody<FieldMappings>,
) -> Result<Json<FieldMappings>, ApiError> {
    doc::compile(&mappings)?;
    let stored = mappings.clone();
    blocking(api, move |s| s.put_sh_field_mappings(&stored)).await?;
    Ok(Json(mappings))
}

/// `DELETE /sh/field-mappings`: back to the built-in mappings; 204.
#[utoipa::path(
    delete,
    path = "/sh/field-mappings",
    tag = tags::SH,
    responses((status = 204, description = "Back to the built-in mappings"))
)]
async fn delete_mappings(State(api): State<Shared>) -> Result<StatusCode, ApiError> {
    blocking(api, |s| s.delete_sh_field_mappings()).await?;
    Ok(StatusCode::NO_CONTENT)
}
