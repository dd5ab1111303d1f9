//! `GET /metrics`: Prometheus text exposition (format 0.0.4) of the whole process: the data
//! plane's families through the port when this process runs one (answers, latency, peers,
//! lanes, outbound requests, I/O), the store's (cache, SQN reservations, writes, errors) and
//! the REST API's own requests. Counters only: no store call, so it answers at once even while
//! provisioning calls queue. The families are listed in `docs/API.md`.
//!
//! Also the middleware that counts every REST request ([`record`], `rest_metrics.rs`).

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use store::StoreStats;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Shared;
use crate::openapi::tags;
use crate::port::exposition::{CONTENT_TYPE, Exposition, Kind};

pub(super) fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Prometheus text exposition of the whole process (the families are listed in docs/API.md).
#[utoipa::path(
    get,
    path = "/metrics",
    tag = tags::SERVICE,
    responses((
        status = 200,
        description = "Prometheus text format 0.0.4",
        content_type = "text/plain; version=0.0.4; charset=utf-8",
        body = String
    ))
)]
async fn metrics(State(api): State<Shared>) -> impl IntoResponse {
    let mut out = Exposition::new();
    if let Some(port) = &api.port {
        port.metrics(&mut out);
    }
    store_families(&api.store.stats(), &mut out);
    api.rest_metrics.render(&mut out);
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], out.finish())
}

/// Counts the request by its route pattern, method and the status it was answered with
/// (refusals by the token check included: this layer is outside it).
pub(super) async fn record(State(api): State<Shared>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = req.method().clone();
    let response = next.run(req).await;
    let route = route.as_ref().map(MatchedPath::as_str);
    api.rest_metrics.record(route, &method, response.status().as_u16());
    response
}

/// The store's families.
fn store_families(s: &StoreStats, out: &mut Exposition) {
    out.family("hss_cache_entries", Kind::Gauge, "Entries in the object cache.");
    out.sample(&[("cache", "subscriber")], s.cache_entries);
    out.sample(&[("cache", "ims")], s.ims_cache_entries);
    out.family(
        "hss_cache_bytes",
        Kind::Gauge,
        "Approximate heap bytes of the subscriber cache's entries (decoded profile, APN \
         profiles, prepared MILENAGE; not the pieces encoded into an entry on first use).",
    );
    out.sample(&[("cache", "subscriber")], s.cache_bytes);
    out.family(
        "hss_cache_budget_bytes",
        Kind::Gauge,
        "The subscriber cache's byte budget (cache_mb): beyond it, entries not used since the \
         last sweep are evicted.",
    );
    out.sample(&[("cache", "subscriber")], s.cache_budget_bytes);
    out.family(
        "hss_cache_evictions_total",
        Kind::Counter,
        "Entries evicted to keep the subscriber cache within its budget (filled again on their \
         next use).",
    );
    out.sample(&[("cache", "subscriber")], s.cache_evictions);
    out.single(
        "hss_cache_absent_entries",
        Kind::Gauge,
        "IMSIs remembered as not provisioned (answered without a backend read).",
        s.cache_absent_entries,
    );
    out.family("hss_cache_hits_total", Kind::Counter, "Cache lookups that found the entry.");
    out.sample(&[("cache", "subscriber")], s.cache_hits);
    out.family(
        "hss_cache_misses_total",
        Kind::Counter,
        "Subscribers read from the backend into the cache (by a lookup, or the slow lane's \
         batched fill).",
    );
    out.sample(&[("cache", "subscriber")], s.cache_misses);
    out.single(
        "hss_cache_absent_hits_total",
        Kind::Counter,
        "Lookups answered \"unknown subscriber\" from memory.",
        s.cache_absent_hits,
    );
    out.single(
        "hss_sqn_blocks_reserved_total",
        Kind::Counter,
        "SQN blocks reserved (each synced before any of its SQNs is used).",
        s.sqn_blocks_reserved,
    );
    out.single(
        "hss_sqn_reservation_writes_total",
        Kind::Counter,
        "Synced writes that reserved SQN blocks: one per block on a shard, one per slow-lane \
         round.",
        s.sqn_reservation_writes,
    );
    out.single(
        "hss_sqn_boot_windows_total",
        Kind::Counter,
        "Subscribers whose first SQNs after this start came from their boot window (one \
         buffered write, no fsync).",
        s.sqn_boot_windows,
    );
    out.family(
        "hss_store_writes_total",
        Kind::Counter,
        "Writes to the store's backend, synced (fsync: provisioning, SQN reservations) or \
         buffered (write-ahead log only: serving nodes, EIR history).",
    );
    out.sample(&[("durability", "synced")], s.synced_writes);
    out.sample(&[("durability", "buffered")], s.buffered_writes);
    out.family("hss_store_errors_total", Kind::Counter, "Backend reads and writes that failed.");
    out.sample(&[("operation", "read")], s.read_errors);
    out.sample(&[("operation", "write")], s.write_errors);
    out.single(
        "hss_store_writes_failing",
        Kind::Gauge,
        "1 while store writes fail (from a failed write until one as durable succeeds or the \
         backend resumes writes; /ready is not ready meanwhile), else 0.",
        u64::from(s.writes_failing),
    );
    out.single(
        "hss_store_write_recoveries_total",
        Kind::Counter,
        "Times store writes failed and then worked again.",
        s.write_recoveries,
    );
}
