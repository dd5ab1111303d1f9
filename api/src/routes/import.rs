//! `POST /subscribers/import`: NDJSON, one subscriber (with optional keys) per line, checked
//! line by line and written in synced batches of 10,000.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use store::{ImportItem, StoreError};
use tokio::task::JoinHandle;

use super::subscriber::Create;
use super::{Shared, blocking};
use crate::error::ApiError;
use crate::extract::parse;

/// Largest import body.
pub const MAX_IMPORT_BYTES: usize = 64 << 20;

/// Subscribers written per batch (one synced write each).
const IMPORT_CHUNK: usize = 10_000;

/// Failures listed in an answer (all are counted).
const MAX_LISTED_ERRORS: usize = 100;

/// The route of the bulk import.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/subscribers/import", post(import))
        .route("/ims-subscriptions/import", post(import_ims))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
}

#[derive(Debug, Serialize)]
struct LineError {
    line: usize,
    error: ErrorJson,
}

#[derive(Debug, Serialize)]
struct ErrorJson {
    code: String,
    message: String,
    field: Option<String>,
}

/// What an import did.
#[derive(Debug, Serialize)]
struct Outcome {
    imported: usize,
    failed: usize,
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
    // Lines are parsed here while the previous chunk is written on the blocking pool: parsing
    // and RocksDB then use a core each. Chunks are written in order, so a later chunk is
    // checked against everything before it.
    let mut pending: Option<Pending> = None;
    let mut chunk = Chunk::default();
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse::<Create>(line).and_then(|c| c.into_item(|id| api.store.eps_profile_cached(id)))
        {
            Ok(item) => {
                chunk.items.push(item);
                chunk.lines.push(i + 1);
            }
            Err(e) => outcome.fail(i + 1, e),
        }
        if chunk.items.len() == IMPORT_CHUNK {
            if let Some(p) = pending.take() {
                p.finish(&mut outcome).await?;
            }
            pending = Some(Pending::start(&api, std::mem::take(&mut chunk)));
        }
    }
    if let Some(p) = pending.take() {
        p.finish(&mut outcome).await?;
    }
    if !chunk.items.is_empty() {
        Pending::start(&api, chunk).finish(&mut outcome).await?;
    }
    outcome.errors.sort_by_key(|e| e.line);
    Ok(Json(outcome))
}

/// `POST /ims-subscriptions/import`: NDJSON, one IMS subscription per line (the body of
/// `POST /ims-subscriptions`, `digest_password` included), written in synced batches of
/// 10,000; each line is checked against the store and the lines before it.
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
    let mut items = Vec::new();
    let mut lines = Vec::new();
    let mut lines_iter = body.split(|&b| b == b'\n').enumerate().peekable();
    while let Some((i, line)) = lines_iter.next() {
        if !line.iter().all(u8::is_ascii_whitespace) {
            match parse::<serde_json::Value>(line).and_then(super::ims::subscription) {
                Ok(sub) => {
                    items.push(sub);
                    lines.push(i + 1);
                }
                Err(e) => outcome.fail(i + 1, e),
            }
        }
        if items.len() == IMPORT_CHUNK || (lines_iter.peek().is_none() && !items.is_empty()) {
            let chunk = std::mem::take(&mut items);
            let results =
                blocking(api.clone(), move |s| s.import_ims_subscriptions(&chunk)).await?;
            for (line, result) in std::mem::take(&mut lines).into_iter().zip(results) {
                match result {
                    Ok(_) => outcome.imported += 1,
                    Err(e) => outcome.fail(line, e.into()),
                }
            }
        }
    }
    outcome.errors.sort_by_key(|e| e.line);
    Ok(Json(outcome))
}
