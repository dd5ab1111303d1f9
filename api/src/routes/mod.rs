//! The router: one module per resource (and `import.rs`, the bulk import), `/health`,
//! `/ready`, the document and the UI (`docs.rs`), the token check and the error shape for
//! unknown paths and methods. Each module's routes come with their part of the OpenAPI
//! document (`utoipa_axum::routes!`), so the router and `/openapi.json` are one declaration.

mod aaa;
mod apn;
mod auc;
mod auth;
mod cache;
mod credentials;
mod cscf;
mod docs;
mod eir;
mod eps_profile;
mod find;
mod ifc;
mod import;
mod ims;
mod last_seen;
mod metrics;
mod network;
mod operations;
mod push;
mod roaming;
mod sentinel;
mod sh;
mod static_ip;
mod subscriber;
mod template;
mod tokens;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware;
use axum::{Json, Router};
use serde::Serialize;
use store::{Imsi, Store, StoreError};
use tokio::sync::Semaphore;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::{Access, authorize};
use crate::error::ApiError;
use crate::openapi::{ApiDoc, tags};
use crate::port::ControlPort;

/// Store calls the API runs at once. Provisioning is serialised inside the store anyway; the
/// bound keeps list scans and synced writes from crowding the machine's cores, which the
/// Diameter shards need.
const STORE_CALLS_IN_FLIGHT: usize = 4;

/// Calls into the data plane the API runs at once.
const PORT_CALLS_IN_FLIGHT: usize = 16;

/// What every handler shares.
#[derive(Debug)]
pub struct ApiState {
    store: Arc<Store>,
    /// The data plane, when there is one.
    port: Option<Arc<dyn ControlPort>>,
    in_flight: Semaphore,
    /// Bounds the calls into the data plane running at once (each blocks a pool thread for
    /// at most a few seconds).
    port_calls: Semaphore,
    /// Whether `GET /subscribers/{imsi}/credentials` reveals keys (audited).
    reveal_credentials: bool,
    /// Requests by route and status, for `GET /metrics`.
    rest_metrics: crate::rest_metrics::RestMetrics,
    /// The OpenAPI document, as `GET /openapi.json` serves it.
    openapi: Bytes,
}

/// The handlers' state.
pub type Shared = Arc<ApiState>;

/// Every route, each with its part of the OpenAPI document.
fn resources() -> OpenApiRouter<Shared> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(ready))
        .merge(docs::routes())
        .merge(aaa::routes())
        .merge(apn::routes())
        .merge(auth::routes())
        .merge(subscriber::routes())
        .merge(ims::routes())
        .merge(ifc::routes())
        .merge(import::routes())
        .merge(network::routes())
        .merge(cscf::routes())
        .merge(template::routes())
        .merge(sh::routes())
        .merge(sentinel::routes())
        .merge(eir::routes())
        .merge(roaming::routes())
        .merge(eps_profile::routes())
        .merge(cache::routes())
        .merge(metrics::routes())
        .merge(static_ip::routes())
        .merge(tokens::routes())
        .merge(operations::routes())
        .merge(credentials::routes())
        .merge(auc::routes())
        .merge(find::routes())
        .merge(last_seen::routes())
}

/// The OpenAPI 3.1 document of the whole API, as `GET /openapi.json` serves it.
pub fn openapi() -> serde_json::Value {
    crate::openapi::document(&resources().into_openapi())
}

/// The whole API over `store`. Once a token exists (the configuration's `token`, an admin
/// token, or one in the store) every request but `/health`, `/ready`, the document and the
/// UI must carry one granting the scope it needs (see `access.rs`).
pub fn router(
    store: Arc<Store>,
    port: Option<Arc<dyn ControlPort>>,
    token: Option<String>,
    reveal_credentials: bool,
) -> Router {
    let access = Arc::new(Access::new(store.clone(), token.as_deref()));
    let in_flight = Semaphore::new(STORE_CALLS_IN_FLIGHT);
    let port_calls = Semaphore::new(PORT_CALLS_IN_FLIGHT);
    let rest_metrics = Default::default();
    let (routes, document) = resources().split_for_parts();
    let openapi = serde_json::to_vec(&crate::openapi::document(&document)).unwrap_or_default();
    let state = Arc::new(ApiState {
        store,
        port,
        in_flight,
        port_calls,
        reveal_credentials,
        rest_metrics,
        openapi: Bytes::from(openapi),
    });
    routes
        .fallback(|| async { ApiError::no_route() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed",
            )
        })
        .layer(middleware::from_fn_with_state(access, authorize))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::record))
        .with_state(state)
}

/// Runs a store operation on tokio's blocking pool: RocksDB calls (synced writes above all)
/// must not hold up the runtime's workers. At most [`STORE_CALLS_IN_FLIGHT`] at once. The
/// request's operation-log context is taken when this is called (so a spawned call keeps it)
/// and set around `f`: its writes are recorded under it.
fn blocking<T>(
    api: Shared,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, ApiError>> + Send
where
    T: Send + 'static,
{
    let context = crate::access::current_context();
    async move {
        let Ok(_permit) = api.in_flight.acquire().await else {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "shutting down",
            ));
        };
        let store = api.store.clone();
        let run = move || match context {
            Some(context) => store::with_operation(context, || f(&store)),
            None => f(&store),
        };
        match tokio::task::spawn_blocking(run).await {
            Ok(result) => result.map_err(ApiError::from),
            Err(e) => {
                tracing::error!(error = %e, "store task failed");
                Err(ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "store task failed",
                ))
            }
        }
    }
}

/// What a u32 resource id (iFC sets, templates, EIR rules) must be.
const ID_RANGE: &str = "must be an integer in 1..=4294967295";

/// A resource's u32 id from its path; 422 naming `id` unless it is 1..=4294967295.
fn parse_id(raw: &str) -> Result<u32, ApiError> {
    raw.parse::<u32>().ok().filter(|id| *id != 0).ok_or_else(|| ApiError::invalid("id", ID_RANGE))
}

/// An IMSI from a path or a body; 422 naming `imsi` when it is not 5 to 15 digits.
fn parse_imsi(raw: &str) -> Result<Imsi, ApiError> {
    Ok(Imsi::parse(raw)?)
}

/// The one parameter of a resource path (`/subscribers/{imsi}`), as text; each handler
/// parses it and names the field. A segment that is not UTF-8 after percent-decoding is 400 in
/// the API's error shape.
#[derive(Debug)]
struct PathParam(String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(p)) => Ok(Self(p)),
            Err(e) => Err(ApiError::bad_request(format!("bad path: {e}"), None)),
        }
    }
}

/// `GET /health`: the process answers and the store reads.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Health)]
struct HealthJson {
    /// `ok`.
    #[schema(example = "ok")]
    status: &'static str,
}

/// `GET /ready`: the store takes writes and the data plane, if any, runs.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Ready)]
struct ReadyJson {
    /// `ready`.
    #[schema(example = "ready")]
    status: &'static str,
    /// `writable`.
    #[schema(example = "writable")]
    store: &'static str,
    /// `running`, or `none in this process` (an API without a data plane).
    #[schema(example = "running")]
    data_plane: &'static str,
}

/// Liveness: the process answers and the store reads.
#[utoipa::path(
    get,
    path = "/health",
    tag = tags::SERVICE,
    responses(
        (status = 200, description = "Alive", body = HealthJson),
        (status = 503, description = "The store does not answer (`unavailable`)")
    )
)]
async fn health(State(api): State<Shared>) -> Result<Json<HealthJson>, ApiError> {
    match blocking(api, |s| s.list_apn_profiles(0, 1)).await {
        Ok(_) => Ok(Json(HealthJson { status: "ok" })),
        Err(e) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("store not answering: {}", e.message),
        )),
    }
}

/// Readiness for orchestrators: the store takes a write (a probe), no other write has failed
/// since the last one that worked, and the data plane runs when this API serves one. Outside
/// the store-call limit, so a queue of provisioning calls never makes the process look unready;
/// the probe has its own deadline. While synced writes fail the probe is synced, so that its
/// success is what makes the process ready again when no request writes.
#[utoipa::path(
    get,
    path = "/ready",
    tag = tags::SERVICE,
    responses(
        (status = 200, description = "Ready", body = ReadyJson),
        (status = 503, description = "The store write probe failed or took over 2 s, or store \
            writes are failing (`not_ready`)")
    )
)]
async fn ready(State(api): State<Shared>) -> Result<Json<ReadyJson>, ApiError> {
    const PROBE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);
    let unready = |why: String| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", why);
    let store = api.store.clone();
    let probe = tokio::task::spawn_blocking(move || store.probe_write());
    match tokio::time::timeout(PROBE_DEADLINE, probe).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => return Err(unready(format!("store write probe failed: {e}"))),
        Ok(Err(_)) => return Err(unready("store write probe failed".into())),
        Err(_) => return Err(unready("store write probe took more than 2 s".into())),
    }
    // The probe worked, but a write as durable as those that failed may not have (a buffered
    // probe while synced writes fail; one that failed since).
    if let Some(fault) = api.store.write_health().failing {
        let secs = fault.since.elapsed().map_or(0, |d| d.as_secs());
        return Err(unready(format!("store writes failing for {secs} s: {}", fault.error)));
    }
    let data_plane = if api.port.is_some() { "running" } else { "none in this process" };
    Ok(Json(ReadyJson { status: "ready", store: "writable", data_plane }))
}
