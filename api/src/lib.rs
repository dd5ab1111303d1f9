//! The HSS control plane: a REST/JSON API for provisioning over [`store::Store`], served by
//! `axum` on its own tokio runtime and threads, never on a Diameter shard (see
//! `docs/API.md` for the resources and the error shape).
//!
//! - `routes/`: the router, one module per resource (`apn`, `auth`, `subscriber`), `/health`
//!   and the write-token check; `docs.rs`: `/openapi.json` and the API UI at `/docs`.
//! - `openapi/`: the OpenAPI 3.1 document, from the handlers' own declarations and types
//!   ([`openapi()`]), with each operation's scope and error answers.
//! - `extract.rs`: JSON bodies whose errors name the field, pagination.
//! - `schema.rs`: JSON shapes shared by resources.
//! - `error.rs`: [`ApiError`], the one error shape.
//!
//! Store calls run on tokio's blocking pool. Every write goes through the store, which drops
//! the subscriber's cache entry, so the next Diameter request on any shard sees it.

pub mod access;
#[cfg(feature = "client")]
pub mod client;
mod error;
mod extract;
mod openapi;
pub mod port;
mod rest_metrics;
mod routes;
mod schema;
mod server;
mod tls;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use store::Store;
use tokio::sync::oneshot;

pub use error::ApiError;
pub use port::ControlPort;
pub use routes::{openapi, router};
pub use server::ConnectionLimits;
pub use tls::{TlsError, TlsFiles};

/// Settings of the control plane.
#[derive(Clone, Default)]
pub struct ApiConfig {
    /// Where to listen (`127.0.0.1:8080` in `hssd`; port 0 picks one).
    pub addr: Option<SocketAddr>,
    /// An admin token from the configuration (named `config` in the operation log); `None`:
    /// only the store's tokens, and no check at all while there are none.
    pub token: Option<String>,
    /// Serve on a non-loopback address although no token exists (else the start fails).
    pub insecure: bool,
    /// `GET /subscribers/{imsi}/credentials` reveals key material (`secrets` scope, each read
    /// in the operation log); off: 403.
    pub reveal_credentials: bool,
    /// Worker threads of the API's runtime (0: 1).
    pub workers: usize,
    /// Serve HTTPS with this certificate and key (reloaded by [`ApiServer::reload_tls`] and,
    /// in hssd, on SIGHUP); `None`: plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Connection cap and deadlines.
    pub limits: ConnectionLimits,
}

impl std::fmt::Debug for ApiConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiConfig")
            .field("addr", &self.addr)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("insecure", &self.insecure)
            .field("reveal_credentials", &self.reveal_credentials)
            .field("workers", &self.workers)
            .field("tls", &self.tls)
            .field("limits", &self.limits)
            .finish()
    }
}

/// Why the control plane could not start.
#[derive(Debug, thiserror::Error)]
pub enum ApiStartError {
    /// The listen address could not be bound.
    #[error("REST API cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// A non-loopback address with no token to protect it, and `insecure` not set.
    #[error(
        "REST API on {addr} would be open to the network: no token exists; set rest_token, \
         create a token on a loopback address first, or start with --rest-insecure"
    )]
    Insecure {
        /// The address.
        addr: SocketAddr,
    },
    /// The certificate or key could not be used.
    #[error("REST API TLS: {0}")]
    Tls(#[from] TlsError),
    /// The runtime or its thread could not be created.
    #[error("REST API cannot start: {0}")]
    Runtime(std::io::Error),
}

/// How long a stop waits for requests in progress (and idle keep-alive connections) before
/// it drops them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// The running control plane.
#[derive(Debug)]
pub struct ApiServer {
    local_addr: SocketAddr,
    tls: Option<Arc<tls::TlsState>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ApiServer {
    /// Binds `config.addr` (on the caller's thread, so a bad address fails here) and serves
    /// the API over `store` on a thread of its own with its own tokio runtime. Without a
    /// `port` (no data plane), the routes that need one answer 503.
    pub fn start(
        store: Arc<Store>,
        port: Option<Arc<dyn ControlPort>>,
        config: &ApiConfig,
    ) -> Result<Self, ApiStartError> {
        let addr = config.addr.unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)));
        let unprotected = config.token.is_none() && !store.api_tokens_exist();
        if unprotected && !addr.ip().is_loopback() {
            if !config.insecure {
                return Err(ApiStartError::Insecure { addr });
            }
            tracing::warn!(%addr, "REST API open to the network with no token (--rest-insecure)");
        }
        let bind = |source| ApiStartError::Bind { addr, source };
        let listener = TcpListener::bind(addr).map_err(bind)?;
        listener.set_nonblocking(true).map_err(bind)?;
        let local_addr = listener.local_addr().map_err(bind)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.workers.max(1))
            .thread_name("api")
            .enable_io()
            .enable_time()
            .build()
            .map_err(ApiStartError::Runtime)?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(bind)?
        };
        let tls = config.tls.clone().map(tls::TlsState::load).transpose()?.map(Arc::new);
        let app = router(store, port, config.token.clone(), config.reveal_credentials)
            .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(config.limits.body_timeout));
        let (stop, stopped) = oneshot::channel::<()>();
        let limits = config.limits;
        let serving_tls = tls.clone();
        let thread = std::thread::Builder::new()
            .name("api-main".into())
            .spawn(move || {
                runtime.block_on(server::serve(listener, app, serving_tls, limits, stopped));
                // Store calls still running on the blocking pool are bounded; do not wait
                // longer than that for them.
                runtime.shutdown_timeout(SHUTDOWN_GRACE);
            })
            .map_err(ApiStartError::Runtime)?;
        Ok(Self { local_addr, tls, stop: Some(stop), thread: Some(thread) })
    }

    /// Reads the TLS certificate and key again: new connections use them; on an error the
    /// previous ones stay (and the error is returned). Nothing to do without TLS.
    pub fn reload_tls(&self) -> Result<(), TlsError> {
        match &self.tls {
            Some(tls) => tls.reload(),
            None => Ok(()),
        }
    }

    /// Whether the API serves HTTPS.
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// The address the API listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, lets requests in progress finish, and joins the thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
