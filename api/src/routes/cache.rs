//! `/cache`: what the data plane's caches hold, and invalidation (Sentinel's Sh-cache API
//! style): all of it, or one subscriber's entries (its EPS profile and keys, and its IMS
//! subscription) by IMSI, by MSISDN or by IMS public identity. Invalidation is for data
//! changed outside this process; writes through the API invalidate what they change anyway.
//! The next request for a dropped subscriber reads it from the store again.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use store::{Msisdn, Store, StoreError, SubscriberKey};

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;

/// The routes of this resource.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/cache", get(counts).delete(drop_all))
        .route("/cache/subscribers/{imsi}", get(by_imsi).delete(drop_by_imsi))
        .route("/cache/msisdn/{msisdn}", get(by_msisdn).delete(drop_by_msisdn))
        .route("/cache/impu/{impu}", get(by_impu).delete(drop_by_impu))
}

#[derive(Debug, Serialize)]
struct Counts {
    subscribers: usize,
    ims_subscriptions: usize,
}

#[derive(Debug, Serialize)]
struct Entry {
    /// The identity asked for, as given.
    identity: String,
    /// The subscriber's EPS entry (profile, keys, SQN state) is cached.
    cached: bool,
    /// Its IMS subscription is cached.
    ims_cached: bool,
}

fn counts_of(s: &Store) -> Counts {
    Counts { subscribers: s.cached_count(), ims_subscriptions: s.ims_cached_count() }
}

async fn counts(State(api): State<Shared>) -> Result<Json<Counts>, ApiError> {
    Ok(Json(blocking(api, |s| Ok::<_, StoreError>(counts_of(s))).await?))
}

/// Drops every entry; answers with the counts before.
async fn drop_all(State(api): State<Shared>) -> Result<Json<Counts>, ApiError> {
    let before = blocking(api, |s| {
        let before = counts_of(s);
        s.invalidate_all();
        Ok::<_, StoreError>(before)
    })
    .await?;
    tracing::info!(
        subscribers = before.subscribers,
        ims = before.ims_subscriptions,
        "cache dropped"
    );
    Ok(Json(before))
}

/// The entry state of the subscriber `resolve` finds, and drops it when `drop` is set.
async fn entry(
    api: Shared,
    identity: String,
    drop: bool,
    resolve: impl FnOnce(&Store, &str) -> Result<SubscriberKey, StoreError> + Send + 'static,
) -> Result<Json<Entry>, ApiError> {
    blocking(api, move |s| {
        let key = resolve(s, &identity)?;
        let (cached, ims_cached) = s.is_cached(key);
        if drop {
            s.invalidate(key);
        }
        Ok(Json(Entry { identity, cached, ims_cached }))
    })
    .await
}

fn imsi_key(s: &Store, raw: &str) -> Result<SubscriberKey, StoreError> {
    let imsi = store::Imsi::parse(raw)?;
    s.subscriber(imsi)?;
    Ok(imsi.key())
}

fn msisdn_key(s: &Store, raw: &str) -> Result<SubscriberKey, StoreError> {
    let imsi = s.imsi_of(Msisdn::parse(raw)?)?;
    Ok(imsi.ok_or(StoreError::NotFound(store::Entity::Subscriber))?.key())
}

fn impu_key(s: &Store, raw: &str) -> Result<SubscriberKey, StoreError> {
    s.ims_key_by_impu(raw).map_err(|e| match e {
        StoreError::UnknownSubscriber => StoreError::NotFound(store::Entity::ImsSubscription),
        other => other,
    })
}

async fn by_imsi(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    parse_imsi(&raw)?;
    entry(api, raw, false, imsi_key).await
}

async fn drop_by_imsi(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    parse_imsi(&raw)?;
    entry(api, raw, true, imsi_key).await
}

async fn by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, false, msisdn_key).await
}

async fn drop_by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, true, msisdn_key).await
}

async fn by_impu(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, false, impu_key).await
}

async fn drop_by_impu(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, true, impu_key).await
}
