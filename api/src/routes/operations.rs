//! `/operations`: the operation log (every provisioning write, with who, when, and each
//! key's value before and after), and rollback (`admin` scope) of one operation or of a
//! client's `operation_id` group, as PyHSS's `/oam/rollback_operation`.

use axum::extract::State;
use axum::http::Uri;
use axum::{Json, Router, routing::get, routing::post};
use serde::Serialize;
use serde_json::{Value, json};
use store::keys::Kind;
use store::{Logged, OpFilter, Operation, SubscriberRecord, decode_logged, key_text};

use super::apn::ApnJson;
use super::subscriber::SubscriberJson;
use super::{PathParam, Shared, blocking};
use crate::access::current_context;
use crate::error::ApiError;

/// Most operations per page.
const MAX_LIMIT: usize = 1000;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/operations", get(list))
        .route("/operations/{seq}", get(read))
        .route("/operations/{seq}/rollback", post(rollback))
        .route("/operation-groups/{operation_id}/rollback", post(rollback_group))
}

/// An operation as the API shows it.
#[derive(Debug, Serialize)]
pub struct OperationJson {
    seq: u64,
    /// Unix milliseconds.
    time: u64,
    token: Option<String>,
    operation_id: Option<String>,
    request: String,
    entity: String,
    key: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rollback_of: Vec<u64>,
    changes: Vec<Value>,
}

fn shown(kind: Option<Kind>, key: &[u8], value: Option<&store::Stored>) -> Value {
    let (Some(kind), Some(value)) = (kind, value) else { return Value::Null };
    match decode_logged(kind, key, value) {
        Logged::Subscriber(s) => serde_json::to_value(SubscriberJson::from(SubscriberRecord {
            subscriber: s,
            serving_mme: None,
        }))
        .unwrap_or(Value::Null),
        Logged::ApnProfile(p) => serde_json::to_value(ApnJson::from(p)).unwrap_or(Value::Null),
        Logged::Json(v) => v,
        Logged::Fingerprint(f) => json!({"fingerprint": f}),
        Logged::Bytes(b) => json!({"encoded": hex::encode(b)}),
    }
}

impl From<Operation> for OperationJson {
    fn from(op: Operation) -> Self {
        let changes = op
            .changes
            .iter()
            .map(|c| {
                let kind = c.kind();
                json!({
                    "entity": c.kind,
                    "key": kind.map_or_else(|| hex::encode(&c.key), |k| key_text(k, &c.key)),
                    "before": shown(kind, &c.key, c.before.as_ref()),
                    "after": shown(kind, &c.key, c.after.as_ref()),
                })
            })
            .collect();
        Self {
            seq: op.seq,
            time: op.time,
            token: op.token,
            operation_id: op.operation_id,
            request: op.request,
            entity: op.entity,
            key: op.key,
            rollback_of: op.rollback_of,
            changes,
        }
    }
}

#[derive(Debug, Serialize)]
struct PageJson {
    items: Vec<OperationJson>,
    /// Pass as `cursor` for the next page; absent at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// The filters and cursor of a listing, from the query.
fn query(uri: &Uri) -> Result<(OpFilter, Option<u64>, usize), ApiError> {
    let mut filter = OpFilter::default();
    let (mut entity, mut key, mut cursor, mut limit) = (None, None, None, 100usize);
    let number = |name: &'static str, v: &str| {
        v.parse::<u64>().map_err(|_| ApiError::invalid(name, "must be a non-negative integer"))
    };
    for pair in uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "entity" => entity = Some(value.to_owned()),
            "key" => key = Some(value.to_owned()),
            "token" => filter.token = Some(value.to_owned()),
            "operation_id" => filter.operation_id = Some(value.to_owned()),
            "since" => filter.since = Some(number("since", value)?),
            "until" => filter.until = Some(number("until", value)?),
            "cursor" => cursor = Some(number("cursor", value)?),
            "limit" => {
                limit = usize::try_from(number("limit", value)?).unwrap_or(usize::MAX);
                if !(1..=MAX_LIMIT).contains(&limit) {
                    return Err(ApiError::invalid("limit", "must be 1 to 1000"));
                }
            }
            _ => {}
        }
    }
    match (entity, key) {
        (Some(e), Some(k)) => {
            let kind = Kind::from_name(&e)
                .ok_or_else(|| ApiError::invalid("entity", "not an entity of the store"))?;
            filter.entity = Some((kind, k));
        }
        (None, None) => {}
        (Some(_), None) => return Err(ApiError::invalid("key", "entity needs key")),
        (None, Some(_)) => return Err(ApiError::invalid("entity", "key needs entity")),
    }
    Ok((filter, cursor, limit))
}

async fn list(State(api): State<Shared>, uri: Uri) -> Result<Json<PageJson>, ApiError> {
    let (filter, cursor, limit) = query(&uri)?;
    let page = blocking(api, move |s| s.operations(&filter, cursor, limit)).await?;
    Ok(Json(PageJson {
        items: page.items.into_iter().map(Into::into).collect(),
        next: page.next.map(|n| n.to_string()),
    }))
}

fn parse_seq(raw: &str) -> Result<u64, ApiError> {
    raw.parse::<u64>()
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| ApiError::invalid("seq", "must be a positive integer"))
}

async fn read(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<OperationJson>, ApiError> {
    let seq = parse_seq(&raw)?;
    let op = blocking(api, move |s| s.operation(seq)).await?;
    op.map(|op| Json(op.into()))
        .ok_or_else(|| store::StoreError::NotFound(store::Entity::Operation).into())
}

async fn rollback(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<OperationJson>, ApiError> {
    let seq = parse_seq(&raw)?;
    let context = current_context().unwrap_or_default();
    let op = blocking(api, move |s| s.rollback(&[seq], context)).await?;
    tracing::info!(seq, rollback = op.seq, token = ?op.token, "operation rolled back");
    Ok(Json(op.into()))
}

async fn rollback_group(
    State(api): State<Shared>,
    PathParam(group): PathParam,
) -> Result<Json<OperationJson>, ApiError> {
    let context = current_context().unwrap_or_default();
    let op = blocking(api, move |s| {
        let seqs = s.operations_of_group(&group)?;
        if seqs.is_empty() {
            return Err(store::StoreError::NotFound(store::Entity::Operation));
        }
        s.rollback(&seqs, context)
    })
    .await?;
    tracing::info!(rollback = op.seq, undone = ?op.rollback_of, "operation group rolled back");
    Ok(Json(op.into()))
}
