//! Who may call what: the scope each request needs and the check of the token it carries.
//!
//! - Open: `/health`, `/ready`, the spec and the API UI.
//! - `admin`: `/tokens`, rolling operations back.
//! - `secrets`: revealing or generating key material (credentials, vectors, resync).
//! - Otherwise `read` for `GET`/`HEAD` and `write` for the rest.
//!
//! While no token exists (none in the store, none in the configuration) every request is
//! allowed: that is how the first admin token is made on a fresh, loopback-only API (hssd
//! refuses a non-loopback API without tokens unless told `--rest-insecure`). Once one exists,
//! a request without a token gets 401, one whose token lacks the scope 403.
//!
//! A token comes as `Authorization: Bearer <secret>` or, as PyHSS clients send it,
//! `Provisioning-Key: <secret>`.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use store::{OpContext, Scope, Store};

use crate::error::ApiError;

/// The name the configuration's token goes by in the operation log.
pub const CONFIG_TOKEN_NAME: &str = "config";

/// The PyHSS header that carries a token.
const PROVISIONING_KEY: &str = "provisioning-key";

/// Who made a request, for the operation log: the token's name (`None` while the API needs
/// no token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The token's name.
    pub token: Option<String>,
}

tokio::task_local! {
    /// The operation-log context of the request a task serves (set by [`authorize`]).
    static CONTEXT: OpContext;
}

/// The context of the request the current task serves, if any: store calls made for it are
/// recorded in the operation log under it.
pub fn current_context() -> Option<OpContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// The client's operation group: `?operation_id=` (as PyHSS takes it) or an
/// `X-Operation-Id` header; 422 when it is empty, over 128 bytes or not printable ASCII.
fn operation_id(req: &Request) -> Result<Option<String>, ApiError> {
    let from_query = req.uri().query().unwrap_or("").split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == "operation_id").then(|| value.to_owned())
    });
    let from_header =
        || req.headers().get("x-operation-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let Some(id) = from_query.or_else(from_header) else { return Ok(None) };
    let id = percent_decode(&id);
    let ok = !id.is_empty()
        && id.len() <= store::model::operation::MAX_OPERATION_ID
        && id.bytes().all(|b| b.is_ascii_graphic());
    if !ok {
        return Err(ApiError::invalid(
            "operation_id",
            "must be 1 to 128 printable ASCII characters without spaces",
        ));
    }
    Ok(Some(id))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the check needs: the store's tokens and the digest of the configuration's token.
#[derive(Debug)]
pub struct Access {
    store: Arc<Store>,
    config: Option<[u8; 32]>,
}

impl Access {
    /// The check over `store`'s tokens and the configuration's `config_token` (an admin
    /// token named `config`).
    pub fn new(store: Arc<Store>, config_token: Option<&str>) -> Self {
        let config = config_token.map(|t| store.api_token_digest(t));
        Self { store, config }
    }

    /// Whether any token exists, so that requests need one.
    pub fn required(&self) -> bool {
        self.config.is_some() || self.store.api_tokens_exist()
    }

    /// The token with secret `secret`: its name and whether it grants `needed`; `None` for
    /// an unknown, revoked or expired one.
    fn check(&self, secret: &str, needed: Scope) -> Option<(String, bool)> {
        let digest = self.store.api_token_digest(secret);
        // Both comparisons always run, so the time does not tell which matched.
        let stored = self.store.api_token_by_digest(&digest);
        let config = self.config.as_ref().is_some_and(|c| Store::digest_matches(c, &digest));
        match (config, stored) {
            (true, _) => Some((CONFIG_TOKEN_NAME.to_owned(), true)),
            (false, Some(t)) => {
                let grants = t.grants(needed);
                Some((t.name, grants))
            }
            (false, None) => None,
        }
    }
}

/// The scope a request for `route` (the matched path pattern, `None` when no route matched)
/// with `method` needs; `None`: open to all.
pub fn required_scope(method: &Method, route: Option<&str>) -> Option<Scope> {
    let read = *method == Method::GET || *method == Method::HEAD;
    match route {
        Some("/health" | "/ready" | "/openapi.json") => None,
        Some(r) if r == "/docs" || r.starts_with("/docs/") => None,
        Some(r) if r == "/tokens" || r.starts_with("/tokens/") => Some(Scope::Admin),
        Some(r) if r.starts_with("/operation") && !read => Some(Scope::Admin),
        Some(
            "/subscribers/{imsi}/credentials"
            | "/auth-data/{imsi}/vectors"
            | "/auth-data/{imsi}/resync",
        ) => Some(Scope::Secrets),
        _ if read => Some(Scope::Read),
        _ => Some(Scope::Write),
    }
}

/// The secret a request presents, if any.
fn presented(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    bearer.or_else(|| headers.get(PROVISIONING_KEY).and_then(|v| v.to_str().ok()).map(str::trim))
}

/// The middleware: lets the request through with its [`Caller`] and its operation-log
/// context, or answers 401 or 403 (or 422 for a bad `operation_id`).
pub async fn authorize(
    State(access): State<Arc<Access>>,
    mut req: Request,
    next: Next,
) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let request = format!("{} {}", req.method(), route.as_deref().unwrap_or(req.uri().path()));
    let operation_id = match operation_id(&req) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let token = match required_scope(req.method(), route.as_deref()) {
        Some(needed) if access.required() => {
            let Some(secret) = presented(req.headers()) else {
                return unauthorized("this request needs a token: Authorization: Bearer <token>");
            };
            match access.check(secret, needed) {
                None => return unauthorized("the token is not known, revoked or expired"),
                Some((name, false)) => {
                    return ApiError::new(
                        StatusCode::FORBIDDEN,
                        "forbidden",
                        format!(
                            "token {name} lacks the {} scope this request needs",
                            needed.name()
                        ),
                    )
                    .into_response();
                }
                Some((name, true)) => Some(name),
            }
        }
        _ => None,
    };
    req.extensions_mut().insert(Caller { token: token.clone() });
    let context = OpContext::new(token, operation_id, request);
    CONTEXT.scope(context, next.run(req)).await
}

fn unauthorized(message: &str) -> Response {
    let mut response =
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_route_and_method() {
        let get = Method::GET;
        let post = Method::POST;
        assert_eq!(required_scope(&get, Some("/health")), None);
        assert_eq!(required_scope(&get, Some("/docs/")), None);
        assert_eq!(required_scope(&get, Some("/subscribers")), Some(Scope::Read));
        assert_eq!(required_scope(&post, Some("/subscribers")), Some(Scope::Write));
        assert_eq!(required_scope(&Method::DELETE, Some("/cache")), Some(Scope::Write));
        assert_eq!(required_scope(&get, Some("/tokens")), Some(Scope::Admin));
        assert_eq!(required_scope(&get, Some("/operations")), Some(Scope::Read));
        assert_eq!(required_scope(&post, Some("/operations/{id}/rollback")), Some(Scope::Admin));
        assert_eq!(required_scope(&post, Some("/auth-data/{imsi}/vectors")), Some(Scope::Secrets));
        assert_eq!(required_scope(&get, None), Some(Scope::Read));
        assert_eq!(required_scope(&post, None), Some(Scope::Write));
    }

    #[test]
    fn either_header_carries_the_token() {
        let mut h = HeaderMap::new();
        assert_eq!(presented(&h), None);
        h.insert("provisioning-key", HeaderValue::from_static(" abc "));
        assert_eq!(presented(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer xyz"));
        assert_eq!(presented(&h), Some("xyz"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic xyz"));
        assert_eq!(presented(&h), Some("abc"));
    }
}
