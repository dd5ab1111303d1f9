//! [`LoadError`]: why a run or a provisioning could not be carried out. It imports from no
//! other module, so every module can use it.

/// Why a run or a provisioning could not be carried out. Failed requests are not errors: they
/// are counted in the [`Report`](crate::Report).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A setting is out of range or malformed; `field` names the flag without its dashes.
    #[error("invalid --{field}: {reason}")]
    Config {
        /// The flag, e.g. `window`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The target address did not resolve.
    #[error("cannot resolve target {target}: {source}")]
    Resolve {
        /// `--target` as given.
        target: String,
        /// The resolver's error.
        source: std::io::Error,
    },
    /// A provisioning request failed or was refused.
    #[error("provisioning {request} failed: {detail}")]
    Provision {
        /// Method and URL, e.g. `POST http://127.0.0.1:8080/subscribers`.
        request: String,
        /// The transport error, or the HTTP status and the body of the answer.
        detail: String,
    },
    /// A `--tls-*` file could not be read, or rustls refused what it holds.
    #[error("TLS: {path}: {reason}")]
    Tls {
        /// The file, as given.
        path: std::path::PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The tokio runtime could not be built.
    #[error("cannot start the runtime: {0}")]
    Runtime(std::io::Error),
}
