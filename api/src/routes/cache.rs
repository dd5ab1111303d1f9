//! `/cache`: what the data plane's caches hold, and invalidation (Sentinel's Sh-cache API
//! style): all of it, or one subscriber's entries (its EPS profile and keys, and its IMS
//! subscription) by IMSI, by MSISDN or by IMS public identity. Invalidation is for data
//! changed outside this process; writes through the API invalidate what they change anyway.
//! The next request for a dropped subscriber reads it from the store again.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use store::{Msisdn, Store, StoreError, SubscriberKey};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PathParam, Shared, blocking, parse_imsi};
use crate::error::ApiError;
use crate::openapi::params::{ImpuParam, ImsiParam};
use crate::openapi::tags;

/// The routes of this resource.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(counts, drop_all))
        .routes(routes!(by_imsi, drop_by_imsi))
        .routes(routes!(by_msisdn, drop_by_msisdn))
        .routes(routes!(by_impu, drop_by_impu))
}

/// Entries cached.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CacheCounts)]
struct Counts {
    /// EPS subscribers (profile, keys, SQN state).
    subscribers: usize,
    /// IMS subscriptions.
    ims_subscriptions: usize,
}

/// One subscriber's cache entries.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CacheEntry)]
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

/// How many entries the caches hold.
#[utoipa::path(
    get,
    path = "/cache",
    tag = tags::CACHE,
    responses((status = 200, description = "The counts", body = Counts))
)]
async fn counts(State(api): State<Shared>) -> Result<Json<Counts>, ApiError> {
    Ok(Json(blocking(api, |s| Ok::<_, StoreError>(counts_of(s))).await?))
}

/// Drops every entry; answers with the counts before.
#[utoipa::path(
    delete,
    path = "/cache",
    tag = tags::CACHE,
    responses((status = 200, description = "The counts dropped", body = Counts))
)]
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

/// Whether a subscriber (by IMSI) is cached.
#[utoipa::path(
    get,
    path = "/cache/subscribers/{imsi}",
    tag = tags::CACHE,
    params(ImsiParam),
    responses(
        (status = 200, description = "What is cached", body = Entry),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn by_imsi(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    parse_imsi(&raw)?;
    entry(api, raw, false, imsi_key).await
}

/// Drops a subscriber's entries (EPS and IMS), by IMSI.
#[utoipa::path(
    delete,
    path = "/cache/subscribers/{imsi}",
    tag = tags::CACHE,
    params(ImsiParam),
    responses(
        (status = 200, description = "What was cached", body = Entry),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn drop_by_imsi(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    parse_imsi(&raw)?;
    entry(api, raw, true, imsi_key).await
}

/// Whether a subscriber (by MSISDN) is cached.
#[utoipa::path(
    get,
    path = "/cache/msisdn/{msisdn}",
    tag = tags::CACHE,
    params(("msisdn" = String, Path, description = "An MSISDN of the subscriber, digits")),
    responses(
        (status = 200, description = "What is cached", body = Entry),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, false, msisdn_key).await
}

/// Drops a subscriber's entries (EPS and IMS), by MSISDN.
#[utoipa::path(
    delete,
    path = "/cache/msisdn/{msisdn}",
    tag = tags::CACHE,
    params(("msisdn" = String, Path, description = "An MSISDN of the subscriber, digits")),
    responses(
        (status = 200, description = "What was cached", body = Entry),
        (status = 404, description = "No such subscriber (`subscriber.not_found`)")
    )
)]
async fn drop_by_msisdn(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, true, msisdn_key).await
}

/// Whether a subscriber (by IMS public identity) is cached.
#[utoipa::path(
    get,
    path = "/cache/impu/{impu}",
    tag = tags::CACHE,
    params(ImpuParam),
    responses(
        (status = 200, description = "What is cached", body = Entry),
        (status = 404, description = "No such IMS subscription (`ims_subscription.not_found`)")
    )
)]
async fn by_impu(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, false, impu_key).await
}

/// Drops a subscriber's entries (EPS and IMS), by IMS public identity.
#[utoipa::path(
    delete,
    path = "/cache/impu/{impu}",
    tag = tags::CACHE,
    params(ImpuParam),
    responses(
        (status = 200, description = "What was cached", body = Entry),
        (status = 404, description = "No such IMS subscription (`ims_subscription.not_found`)")
    )
)]
async fn drop_by_impu(
    State(api): State<Shared>,
    PathParam(raw): PathParam,
) -> Result<Json<Entry>, ApiError> {
    entry(api, raw, true, impu_key).await
}
