//! `POST /subscribers/import`: NDJSON, one subscriber (with optional keys) per line, checked
//! line by line and written in synced batches of 10,000.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use store::{ImportItem, StoreError};
use tokio::task::JoinHandle;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::subscriber::Create;
use super::{Shared, blocking};
use crate::error::ApiError;
use crate::extract::parse;
use crate::openapi::tags;

/// Largest import body.
pub const MAX_IMPORT_BYTES: usize = 64 << 20;

/// Subscribers written per batch (one synced write each).
const IMPORT_CHUNK: usize = 10_000;

/// Failures listed in an answer (all are counted).
const MAX_LISTED_ERRORS: usize = 100;

/// The route of the bulk import.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .routes(routes!(import_ims))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
}

/// A line that was not imported.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportLineError)]
struct LineError {
    /// Its number, from 1.
    line: usize,
    /// Why, in the API's error shape.
    #[schema(value_type = crate::error::Inner)]
    error: ErrorJson,
}

#[derive(Debug, Serialize)]
struct ErrorJson {
    code: String,
    message: String,
    field: Option<String>,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportOutcome)]
struct Outcome {
    /// Lines written.
    imported: usize,
    /// Lines refused (all counted).
    failed: usize,
    /// The first 100 lines refused, in line order.
    errors: Vec<LineError>,
}

impl Outcome {
    fn fail(&mut self, line: usize, e: ApiError) {
        self.failed += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            let error = ErrorJson { code: e.code, message: e.message, field: e.field };
            self.errors.push(LineError { line, error });
        }
    }
}

/// Parsed lines waiting to be written, with their line numbers.
#[derive(Default)]
struct Chunk {
    items: Vec<ImportItem>,
    lines: Vec<usize>,
}

/// A chunk parsed off the async worker, with the lines that failed to parse.
#[derive(Default)]
struct Parsed {
    chunk: Chunk,
    errors: Vec<(usize, ApiError)>,
}

/// A chunk being written.
struct Pending {
    lines: Vec<usize>,
    task: JoinHandle<Result<Vec<Result<(), StoreError>>, ApiError>>,
}

impl Pending {
    fn start(api: &Shared, chunk: Chunk) -> Self {
        let Chunk { items, lines } = chunk;
        let task = tokio::spawn(blocking(api.clone(), move |s| s.import_subscribers(&items)));
        Self { lines, task }
    }

    async fn finish(self, outcome: &mut Outcome) -> Result<(), ApiError> {
        let results = self.task.await.map_err(|e| {
            tracing::error!(error = %e, "import task failed");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "import task failed")
        })??;
        for (line, result) in self.lines.into_iter().zip(results) {
            match result {
                Ok(()) => outcome.imported += 1,
                Err(e) => outcome.fail(line, e.into()),
            }
        }
        Ok(())
    }
}

fn is_ndjson(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim().to_ascii_lowercase();
            matches!(m.as_str(), "application/x-ndjson" | "application/jsonl" | "application/json")
        })
}

/// Imports subscribers: NDJSON, one `SubscriberCreate` (with its keys as `auth`) per line,
/// each line checked on its own, written in synced batches of 10,000.
#[utoipa::path(
    post,
    path = "/subscribers/import",
    tag = tags::SUBSCRIBERS,
    request_body(
        content = String,
        content_type = "application/x-ndjson",
        description = "One `SubscriberCreate` object per line (at most 64 MiB)",
        example = json!("{\"imsi\": \"001010000000001\", \"ue_ambr\": {\"uplink\": 1000, \"downlink\": 2000}, \"apns\": [{\"profile\": 1}]}\n")
    ),
    responses(
        (status = 200, description = "What was imported, and each line that failed", body = Outcome),
        (
            status = 413,
            description = "Body over 64 MiB",
            content_type = "text/plain",
            body = String
        ),
        (
            status = 415,
            description = "Not `application/x-ndjson` (or `application/jsonl`, \
                `application/json`) (`unsupported_media_type`)"
        )
    )
)]
async fn import(
    State(api): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Outcome>, ApiError> {
    if !is_ndjson(&headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: application/x-ndjson",
        ));
    }
    let mut outcome = Outcome { imported: 0, failed: 0, errors: Vec::new() };
    // Lines are parsed on a blocking thread, never on the API's async worker (a 64 MiB body
    // is seconds of JSON), while the previous chunk is written on the blocking pool: parsing
    // and RocksDB then use a core each. Chunks are written in order, so a later chunk is
    // checked against everything before it.
    let (chunks, mut parsed) = tokio::sync::mpsc::channel::<Parsed>(1);
    let store = api.store.clone();
    let parser = tokio::task::spawn_blocking(move || {
        let mut chunk = Parsed::default();
        for (i, line) in body.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match parse::<Create>(line).and_then(|c| c.into_item(|id| store.eps_profile_cached(id)))
            {
                Ok(item) => {
                    chunk.chunk.items.push(item);
                    chunk.chunk.lines.push(i + 1);
                }
                Err(e) => chunk.errors.push((i + 1, e)),
            }
            if chunk.chunk.items.len() == IMPORT_CHUNK
                && chunks.blocking_send(std::mem::take(&mut chunk)).is_err()
            {
                return;
            }
        }
        let _ = chunks.blocking_send(chunk);
    });
    let mut pending: Option<Pending> = None;
    while let Some(next) = parsed.recv().await {
        for (line, e) in next.errors {
            outcome.fail(line, e);
        }
        if let Some(p) = pending.take() {
            p.finish(&mut outcome).await?;
        }
        if !next.chunk.items.is_empty() {
            pending = Some(Pending::start(&api, next.chunk));
        }
    }
    if let Some(p) = pending.take() {
        p.finish(&mut outcome).await?;
    }
    if parser.await.is_err() {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "import parser failed",
        ));
    }
    outcome.errors.sort_by_key(|e| e.line);
    Ok(Json(outcome))
}

/// `POST /ims-subscriptions/import`: NDJSON, one IMS subscription per line (the body of
/// `POST /ims-subscriptions`, `digest_password` included), written in synced batches of
/// 10,000; each line is checked against the store and the lines before it.
#[utoipa::path(
    post,
    path = "/ims-subscriptions/import",
    tag = tags::IMS,
    request_body(
        content = String,
        content_type = "application/x-ndjson",
        description = "One `ImsSubscription` object per line (at most 64 MiB)"
    ),
    responses(
        (status = 200, description = "What was imported, and each line that failed", body = Outcome),
        (
            status = 413,
            description = "Body over 64 MiB",
            content_type = "text/plain",
            body = String
        ),
        (
            status = 415,
            description = "Not `application/x-ndjson` (or `application/jsonl`, \
                `application/json`) (`unsupported_media_type`)"
        )
    )
)]
async fn import_ims(
    State(api): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Outcome>, ApiError> {
    if !is_ndjson(&headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: application/x-ndjson",
        ));
    }
    let mut outcome = Outcome { imported: 0, failed: 0, errors: Vec::new() };
    // Parsed on a blocking thread (never on the API's async worker), then written in chunks.
    let parsed = tokio::task::spawn_blocking(move || {
        let mut items = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in body.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match parse::<serde_json::Value>(line).and_then(super::ims::subscription) {
                Ok(sub) => items.push((i + 1, sub)),
                Err(e) => errors.push((i + 1, e)),
            }
        }
        (items, errors)
    })
    .await;
    let Ok((items, errors)) = parsed else {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "import parser failed",
        ));
    };
    for (line, e) in errors {
        outcome.fail(line, e);
    }
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let (lines, chunk): (Vec<usize>, Vec<_>) = items.by_ref().take(IMPORT_CHUNK).unzip();
        let results = blocking(api.clone(), move |s| s.import_ims_subscriptions(&chunk)).await?;
        for (line, result) in lines.into_iter().zip(results) {
            match result {
                Ok(_) => outcome.imported += 1,
                Err(e) => outcome.fail(line, e.into()),
            }
        }
    }
    outcome.errors.sort_by_key(|e| e.line);
    Ok(Json(outcome))
}
