//! `/operations`: the operation log (every provisioning write, with who, when, and each
//! key's value before and after), and rollback (`admin` scope) of one operation or of a
//! client's `operation_id` group, as PyHSS's `/oam/rollback_operation`.

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use serde::Serialize;
use serde_json::{Value, json};
use store::keys::Kind;
use store::{Logged, OpFilter, Operation, SubscriberRecord, decode_logged, key_text};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::apn::ApnJson;
use super::subscriber::SubscriberJson;
use super::{PathParam, Shared, blocking};
use crate::access::current_context;
use crate::error::ApiError;
use crate::openapi::tags;

/// Most operations per page.
const MAX_LIMIT: usize = 1000;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read))
        .routes(routes!(rollback))
        .routes(routes!(rollback_group))
}

/// An operation as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Operation)]
pub struct OperationJson {
    /// Its number, in the order operations were written.
    seq: u64,
    /// Unix milliseconds.
    time: u64,
    /// The token's name; `null` while the API needs no token.
    token: Option<String>,
    /// The client's group (`operation_id`).
    operation_id: Option<String>,
    /// The request (`POST /subscribers`).
    request: String,
    /// The entity it changed.
    entity: String,
    /// That entity's key (IMSI, id, name).
    key: String,
    /// For a rollback: the operations it undid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rollback_of: Vec<u64>,
    /// Each key's value before and after (in a list, the first 20 only: read one operation
    /// for them all).
    #[schema(value_type = Vec<ChangeJson>)]
    changes: Vec<Value>,
    /// How many keys it changed.
    changes_total: usize,
}

/// Changes shown per operation in a list: an import's operation changes tens of thousands of
/// keys, and a page of such would run to gigabytes.
const LIST_CHANGES: usize = 20;

/// One key's change.
#[derive(Serialize, ToSchema)]
#[schema(as = OperationChange)]
#[allow(dead_code)]
struct ChangeJson {
    /// The store's kind of record (`subscriber`, `auth`, `apn_profile`, ...).
    entity: String,
    /// The key as text (hex when the kind is not known).
    key: String,
    /// The value before (`null`: absent): the resource as the API shows it, `{"fingerprint"}`
    /// for key material, `{"encoded"}` (hex) for a value of no JSON form.
    before: Option<Value>,
    /// The value after (`null`: deleted), as `before`.
    after: Option<Value>,
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
        Self::shown(op, usize::MAX)
    }
}

impl OperationJson {
    /// `op` with its first `max_changes` changes.
    fn shown(op: Operation, max_changes: usize) -> Self {
        let changes_total = op.changes.len();
        let changes = op
            .changes
            .iter()
            .take(max_changes)
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
            changes_total,
        }
    }
}

/// A page of operations, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OperationPage)]
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

/// The operation log, newest first, filtered.
#[utoipa::path(
    get,
    path = "/operations",
    tag = tags::OPERATIONS,
    params(
        (
            "entity" = Option<String>,
            Query,
            description = "A store kind (`subscriber`, `auth`, `apn_profile`, \
                `ims_subscription`, `eps_profile`, ...); needs `key`"
        ),
        ("key" = Option<String>, Query, description = "The entity's key (IMSI, id, name); needs `entity`"),
        ("token" = Option<String>, Query, description = "Only operations of this token (its name)"),
        ("operation_id" = Option<String>, Query, description = "Only operations of this group"),
        ("since" = Option<u64>, Query, description = "Not before, Unix milliseconds"),
        ("until" = Option<u64>, Query, description = "Not after, Unix milliseconds"),
        ("limit" = Option<u32>, Query, description = "1 to 1000 (100)", minimum = 1, maximum = 1000),
        ("cursor" = Option<u64>, Query, description = "The `next` of the previous page")
    ),
    responses((status = 200, description = "One page", body = PageJson))
)]
async fn list(State(api): State<Shared>, uri: Uri) -> Result<Json<PageJson>, ApiError> {
    let (filter, cursor, limit) = query(&uri)?;
    let page = blocking(api, move |s| s.operations(&filter, cursor, limit)).await?;
    Ok(Json(PageJson {
        items: page.items.into_iter().map(|op| OperationJson::shown(op, LIST_CHANGES)).collect(),
        next: page.next.map(|n| n.to_string()),
    }))
}

fn parse_seq(raw: &str) -> Result<u64, ApiError> {
    raw.parse::<u64>()
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| ApiError::invalid("seq", "must be a positive integer"))
}

/// One operation.
#[utoipa::path(
    get,
    path = "/operations/{seq}",
    tag = tags::OPERATIONS,
    params(("seq" = u64, Path, description = "The operation's number", minimum = 1)),
    responses(
        (status = 200, description = "The operation", body = OperationJson),
        (status = 404, description = "No such operation (`operation.not_found`)")
    )
)]
async fn read(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<OperationJson>, ApiError> {
    let seq = parse_seq(&raw)?;
    let op = blocking(api, move |s| s.operation(seq)).await?;
    op.map(|op| Json(op.into()))
        .ok_or_else(|| store::StoreError::NotFound(store::Entity::Operation).into())
}

/// Rolls one operation back: each key gets its value from before; the rollback is an
/// operation itself.
#[utoipa::path(
    post,
    path = "/operations/{seq}/rollback",
    tag = tags::OPERATIONS,
    params(("seq" = u64, Path, description = "The operation's number", minimum = 1)),
    responses(
        (status = 200, description = "The rollback's own operation", body = OperationJson),
        (status = 404, description = "No such operation (`operation.not_found`)"),
        (
            status = 409,
            description = "A later operation changed the same data, or key material would have \
                to be restored (`operation.conflict`)"
        )
    )
)]
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

/// Rolls back every operation of a client's group (`operation_id`), as one rollback.
#[utoipa::path(
    post,
    path = "/operation-groups/{operation_id}/rollback",
    tag = tags::OPERATIONS,
    params(("operation_id" = String, Path, description = "The group")),
    responses(
        (status = 200, description = "The rollback's own operation", body = OperationJson),
        (status = 404, description = "The group has no operation (`operation.not_found`)"),
        (
            status = 409,
            description = "A later operation changed the same data, or key material would have \
                to be restored (`operation.conflict`)"
        )
    )
)]
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
