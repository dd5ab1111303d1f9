//! The OpenAPI 3.1 document of the API, served at `/openapi.json` and shown by the API UI at
//! `/docs` (`routes/docs.rs`).
//!
//! Each handler declares its path, parameters, body and answers with `#[utoipa::path]` over
//! its own request and response types (`ToSchema`; [`model`] for the store's types it answers
//! as they are), and its module registers it with `utoipa_axum::routes!`, which puts it on the
//! router and in the document at once (`tests/openapi.rs` fails on a `.route(...)` added by
//! hand). [`document`] then adds what every operation shares, from the rules the server itself
//! applies:
//!
//! - the scope it needs ([`required_scope`]) as its security requirement (a bearer token or a
//!   `Provisioning-Key` header) and as `x-required-scope`, with 401 and 403;
//! - `operation_id` (query) and `X-Operation-Id` (header) on writes, and 422 on every operation
//!   (the check of `operation_id` runs before any route);
//! - 400, 413, 415 and 422 where a JSON body is required, 500 where the store is called;
//! - the one error shape on every error answer that has no other.

pub(crate) mod model;
pub(crate) mod params;

use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::access::required_scope;

/// The name of the bearer-token security scheme.
pub const BEARER: &str = "bearer";
/// The name of the `Provisioning-Key` header security scheme.
pub const PROVISIONING_KEY: &str = "provisioning_key";
/// The extension naming an operation's scope.
pub const SCOPE_EXTENSION: &str = "x-required-scope";

/// The operations' tags, in the order the API UI shows them.
pub(crate) mod tags {
    pub(crate) const SUBSCRIBERS: &str = "subscribers";
    pub(crate) const AUTH: &str = "auth-data";
    pub(crate) const APN: &str = "apn-profiles";
    pub(crate) const EPS: &str = "eps-profiles";
    pub(crate) const ROAMING: &str = "roaming-profiles";
    pub(crate) const STATIC_IP: &str = "static-ips";
    pub(crate) const NETWORK: &str = "network";
    pub(crate) const IMS: &str = "ims";
    pub(crate) const IFC: &str = "ifc-sets";
    pub(crate) const TEMPLATES: &str = "user-data-templates";
    pub(crate) const SH: &str = "sh";
    pub(crate) const EIR: &str = "eir";
    pub(crate) const CACHE: &str = "cache";
    pub(crate) const OPERATIONS: &str = "operations";
    pub(crate) const TOKENS: &str = "tokens";
    pub(crate) const SERVICE: &str = "service";
}

/// Each tag and what it groups.
const TAGS: [(&str, &str); 16] = [
    (tags::SUBSCRIBERS, "EPS subscribers: profile, APNs, options; filtered lists; bulk import"),
    (tags::AUTH, "SIM keys (never shown), the AuC (vectors, resync) and audited key reads"),
    (tags::APN, "APN profiles subscribers refer to by id"),
    (tags::EPS, "Shared EPS profiles subscribers name in options.eps_profile"),
    (tags::ROAMING, "Roaming profiles: data and IMS per visited PLMN"),
    (tags::STATIC_IP, "Static addresses held per APN profile (read only)"),
    (tags::NETWORK, "The Diameter data plane: peers, detach, non-3GPP (SWx), Notify state"),
    (tags::IMS, "IMS subscriptions (Cx), their import and S-CSCF deregistration"),
    (tags::IFC, "Shared initial filter criteria"),
    (tags::TEMPLATES, "Jinja2 templates rendering the Cx User-Data"),
    (tags::SH, "Sh: repository data, AS permissions, Sentinel-style subscriber data"),
    (tags::EIR, "Equipment identity register (S13)"),
    (tags::CACHE, "The data plane's caches: inspection and invalidation"),
    (tags::OPERATIONS, "The operation log and rollback"),
    (tags::TOKENS, "REST API tokens and their scopes"),
    (tags::SERVICE, "Health, readiness, metrics, this document and the API UI"),
];

/// The document's fixed parts: title, description, licence.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "HSS control plane",
        description = "The REST/JSON control plane of hssd: provisioning, state and actions on \
            the Diameter data plane. The human guide is docs/API.md.\n\n\
            Every error answers `{\"error\": {\"code\", \"message\", \"field\"}}`. Once any token \
            exists, every operation but the open ones needs `Authorization: Bearer <token>` or \
            `Provisioning-Key: <token>` with the scope it names (`x-required-scope`); `admin` \
            grants every scope, `write` and `secrets` also grant `read`. A write may carry \
            `operation_id` (or `X-Operation-Id`) to group it in the operation log.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    components(schemas(crate::error::Body<'static>))
)]
pub(crate) struct ApiDoc;

/// Operations that never call the store (no 500).
const NO_STORE: [(&str, &str); 9] = [
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
    ("get", "/tokens"),
    ("get", "/tokens/{name}"),
    ("get", "/openapi.json"),
    ("get", "/docs"),
    ("get", "/docs/"),
    ("get", "/docs/{file}"),
];

/// Writes that refuse every query parameter but their own: only the header groups them.
const QUERY_CLOSED: [(&str, &str); 1] = [("post", "/subscribers/{imsi}/detach")];

/// The HTTP methods an OpenAPI path item may hold, lowercase.
pub const METHODS: [&str; 8] =
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The served document: `openapi` (the handlers' declarations) with what every operation
/// shares added (see the module's documentation).
pub(crate) fn document(openapi: &utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(openapi).unwrap_or(Value::Null);
    doc["tags"] =
        TAGS.iter().map(|(name, about)| json!({"name": name, "description": about})).collect();
    let components = object(&mut doc, "components");
    components.insert(
        "securitySchemes".into(),
        json!({
            BEARER: {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer <token>`: a token made with POST /tokens, \
                    or the configured rest_token"
            },
            PROVISIONING_KEY: {
                "type": "apiKey",
                "in": "header",
                "name": "Provisioning-Key",
                "description": "The same token in PyHSS's header"
            }
        }),
    );
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            for method in METHODS {
                if let Some(op) = item.get_mut(method) {
                    complete(op, method, path);
                }
            }
        }
    }
    doc
}

/// `v[key]` as an object, made one if it is not.
fn object<'a>(v: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    if !v[key].is_object() {
        v[key] = Value::Object(Map::new());
    }
    match &mut v[key] {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// Adds to one operation what every operation shares.
fn complete(op: &mut Value, method: &str, path: &str) {
    op["operationId"] = json!(operation_id(method, path));
    let verb = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap_or(Method::GET);
    let scope = required_scope(&verb, Some(path)).map(|s| s.name());
    op["security"] = match scope {
        None => json!([]),
        Some(s) => json!([{BEARER: [s]}, {PROVISIONING_KEY: [s]}]),
    };
    let line = match scope {
        Some(s) => {
            op[SCOPE_EXTENSION] = json!(s);
            format!("Scope: `{s}` (needed once any token exists).")
        }
        None => "Open: no token is needed.".to_owned(),
    };
    op["description"] = match op["description"].as_str() {
        Some(text) if !text.is_empty() => json!(format!("{text}\n\n{line}")),
        _ => json!(line),
    };
    if !matches!(method, "get" | "head") {
        operation_id_parameters(op, !QUERY_CLOSED.contains(&(method, path)));
    }
    let body_required = op.pointer("/requestBody/required") == Some(&json!(true));
    let json_body = op.pointer("/requestBody/content/application~1json").is_some();
    if !body_required
        && let Some(schema) = op.pointer_mut("/requestBody/content/application~1json/schema")
    {
        // An optional body is absent, not `null`.
        if let Some(list) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
            list.retain(|s| s != &json!({"type": "null"}));
            if list.len() == 1 {
                *schema = list.remove(0);
            }
        }
    }
    let responses = object(op, "responses");
    let bad = match (body_required && json_body, path.contains('{')) {
        (true, true) => Some(
            "Malformed JSON, a body that cannot be read, or a path segment that \
                              is not UTF-8 once percent-decoded (`bad_request`)",
        ),
        (true, false) => Some("Malformed JSON, or a body that cannot be read (`bad_request`)"),
        (false, true) => {
            Some("A path segment that is not UTF-8 once percent-decoded (`bad_request`)")
        }
        (false, false) => None,
    };
    if let Some(why) = bad {
        add(responses, StatusCode::BAD_REQUEST, why);
    }
    if body_required && json_body {
        add(
            responses,
            StatusCode::PAYLOAD_TOO_LARGE,
            "The body is larger than the limit, 2 MiB (`payload_too_large`)",
        );
        add(
            responses,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The body is not `Content-Type: application/json` (`unsupported_media_type`)",
        );
    }
    add(
        responses,
        StatusCode::UNPROCESSABLE_ENTITY,
        "A value of the body, path or query is invalid (`invalid`, naming it in `field`), or \
         `operation_id` is not 1 to 128 printable ASCII characters",
    );
    if let Some(s) = scope {
        add(
            responses,
            StatusCode::UNAUTHORIZED,
            "Tokens exist and the request has none, or one unknown, revoked or expired \
             (`unauthorized`, with `WWW-Authenticate: Bearer`)",
        );
        add(
            responses,
            StatusCode::FORBIDDEN,
            &format!("The token lacks the `{s}` scope (`forbidden`)"),
        );
        if let Some(r) = responses.get_mut(StatusCode::UNAUTHORIZED.as_str()) {
            r["headers"] = json!({"WWW-Authenticate": {
                "description": "`Bearer`",
                "schema": {"type": "string"}
            }});
        }
    }
    if !NO_STORE.contains(&(method, path)) {
        add(responses, StatusCode::INTERNAL_SERVER_ERROR, "The store failed (`internal`)");
        store_unavailable(responses);
    }
    for (status, response) in responses.iter_mut() {
        let code = status.parse::<u16>().ok().and_then(|c| StatusCode::from_u16(c).ok());
        if response.get("description").is_none_or(|d| d == "") {
            let reason = code.and_then(|c| c.canonical_reason()).unwrap_or("Answer");
            response["description"] = json!(reason);
        }
        let error = code.is_some_and(|c| c.is_client_error() || c.is_server_error());
        if error && response.get("content").is_none() {
            response["content"] = json!({"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}
            }});
        }
    }
}

/// The 503 of a transient store failure (`ApiError::store_unavailable`), with its
/// `Retry-After`; added to what the operation says of 503 when it says something already.
fn store_unavailable(responses: &mut Map<String, Value>) {
    const WHY: &str = "The store cannot do it now and may shortly: writes failing (a full or \
                       failing disk), stopped after a storage error, or stalled \
                       (`store.unavailable`, naming the failure; retry after `Retry-After`)";
    let answer = responses.entry(StatusCode::SERVICE_UNAVAILABLE.as_str()).or_insert(json!({}));
    answer["description"] = match answer["description"].as_str() {
        Some(own) if !own.is_empty() => json!(format!("{own}; or: {WHY}")),
        _ => json!(WHY),
    };
    answer["headers"]["Retry-After"] = json!({
        "description": "With `store.unavailable`: seconds to wait before sending the request \
                        again",
        "schema": {"type": "integer", "minimum": 1}
    });
}

/// `status` with `description` among `responses`, unless the operation lists it already.
fn add(responses: &mut Map<String, Value>, status: StatusCode, description: &str) {
    responses.entry(status.as_str()).or_insert_with(|| json!({"description": description}));
}

/// A unique operation id from the method and path (`get_apn_profiles_id`): the handlers'
/// names repeat from module to module (`list`, `read`).
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        let name = segment.trim_start_matches('{').trim_end_matches('}');
        id.extend(name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
    }
    if path.len() > 1 && path.ends_with('/') {
        id.push_str("_index");
    }
    id
}

/// The operation-log group parameters of a write (the query one when `query`), unless the
/// operation names them.
fn operation_id_parameters(op: &mut Value, query: bool) {
    if !op["parameters"].is_array() {
        op["parameters"] = json!([]);
    }
    let Some(list) = op["parameters"].as_array_mut() else { return };
    let has = |list: &[Value], name: &str, place: &str| {
        list.iter().any(|p| {
            p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)) && p["in"] == place
        })
    };
    let about = "Groups this write with others in the operation log (1 to 128 printable ASCII \
                 characters); `POST /operation-groups/{operation_id}/rollback` undoes the group";
    if query && !has(list, "operation_id", "query") {
        list.push(json!({"name": "operation_id", "in": "query", "required": false,
            "description": about, "schema": {"type": "string", "minLength": 1, "maxLength": 128}}));
    }
    if !has(list, "X-Operation-Id", "header") {
        list.push(json!({"name": "X-Operation-Id", "in": "header", "required": false,
            "description": "As `operation_id` (the query parameter wins)",
            "schema": {"type": "string", "minLength": 1, "maxLength": 128}}));
    }
}
