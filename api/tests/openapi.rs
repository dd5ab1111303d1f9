//! The OpenAPI document (`GET /openapi.json`) against the router and the access rules:
//!
//! - it is OpenAPI 3.1, served open (with tokens or without), and `/docs` serves the UI;
//! - every route the sources declare (`#[utoipa::path]`, or a `.route(...)` added by hand) is in
//!   it, and every operation in it is served (the router matched its pattern: `/metrics` counts
//!   each request by the pattern it matched);
//! - every operation names the scope `access::required_scope` gives it, and the server refuses
//!   exactly the tokens without that scope;
//! - every error answer has the error shape, every path parameter is declared;
//! - openapi-spec-validator accepts it (skipped, with a notice, only where the validator is
//!   missing and `CI` is not set; `scripts/setup.sh` installs it).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use api::access::required_scope;
use api::client::{Client, Reply};
use api::{ApiConfig, ApiServer};
use axum::http::Method;
use serde_json::{Value, json};
use store::{MemStore, Scope, Store, StoreConfig};

const ADMIN: &str = "the-configured-admin-token";

fn start(token: Option<&str>) -> ApiServer {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: token.map(Into::into),
        workers: 1,
        ..Default::default()
    };
    ApiServer::start(store, None, &config).expect("API starts")
}

fn ok(reply: Result<Reply, api::client::ClientError>) -> Reply {
    reply.expect("the API answers")
}

/// Every operation of the document: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            if ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
                .contains(&method.as_str())
            {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

fn served_document(c: &Client) -> Value {
    let r = ok(c.get("/openapi.json"));
    assert_eq!(r.status, 200, "{r:?}");
    r.body
}

/// A raw `GET path` (no redirect followed): status line and headers.
fn head_of(server: &ApiServer, path: &str) -> String {
    let mut s = TcpStream::connect(server.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split("\r\n\r\n").next().unwrap_or("").to_owned()
}

#[test]
fn the_document_is_openapi_3_1_and_it_and_the_ui_are_open() {
    for token in [None, Some(ADMIN)] {
        let server = start(token);
        let c = Client::new(server.local_addr());
        let doc = served_document(&c);
        let version = doc["openapi"].as_str().expect("openapi");
        assert!(version.starts_with("3.1."), "openapi {version}");
        assert_eq!(doc, api::openapi(), "the served document is the one built");
        assert_eq!(doc["info"]["license"]["identifier"], "Apache-2.0");
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["bearer"]["scheme"], "bearer");
        assert_eq!(schemes["provisioning_key"]["name"], "Provisioning-Key");
        // The UI: /docs redirects to /docs/, which serves Swagger UI's page and files from
        // memory, configured with this document and no online validator.
        let redirect = head_of(&server, "/docs");
        assert!(redirect.starts_with("HTTP/1.1 303"), "{redirect}");
        assert!(redirect.to_ascii_lowercase().contains("\r\nlocation: /docs/"), "{redirect}");
        let page = head_of(&server, "/docs/");
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(page.to_ascii_lowercase().contains("content-type: text/html"), "{page}");
        let init = c.send("GET", "/docs/swagger-initializer.js", None, None).expect("answers");
        assert_eq!(init.status, 200);
        let missing = ok(c.get("/docs/no-such-file.js"));
        assert_eq!((missing.status, missing.error_code()), (404, Some("not_found")));
        // Everything else still needs the token when there is one.
        let guarded = ok(c.get("/subscribers"));
        assert_eq!(guarded.status, if token.is_some() { 401 } else { 200 });
    }
    let server = start(None);
    let mut s = TcpStream::connect(server.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let request =
        "GET /docs/swagger-initializer.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    s.write_all(request.as_bytes()).expect("send");
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    assert!(text.contains("\"/openapi.json\""), "the UI loads this API's document: {text}");
    assert!(text.contains("\"validatorUrl\": \"none\""), "no online validator: {text}");
}

// ---- the sources against the document ----

/// The Rust files of `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the sources") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The first string literal in `text`.
fn first_literal(text: &str) -> Option<&str> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

/// The text of the call whose arguments start at `text[0]` (just after its `(`), up to the
/// matching `)`.
fn call_arguments(text: &str) -> &str {
    let mut depth = 1usize;
    let mut in_string = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// Where a route is declared.
const BY_HAND: &str = "a hand-written .route(...), served";
const ANNOTATED: &str = "#[utoipa::path]";

/// What routes `source` declares: each (METHOD, path, where) of a `.route("path",
/// get(..).post(..))` and of a `#[utoipa::path(method, path = "...")]`; and what it cannot
/// check (a route added some other way), as problems.
fn declared_routes(source: &str) -> (BTreeSet<(String, String, &'static str)>, Vec<String>) {
    // Comment lines (documentation that names `.route(`) are not code.
    let code: Vec<&str> = source.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    let source = code.join("\n");
    let source = source.as_str();
    let mut routes = BTreeSet::new();
    let mut problems = Vec::new();
    for (at, _) in source.match_indices(".route(") {
        let args = call_arguments(&source[at + ".route(".len()..]);
        let Some(path) = first_literal(args).filter(|_| args.trim_start().starts_with('"')) else {
            problems.push(format!("a .route( without a literal path: {args}"));
            continue;
        };
        let handlers = &args[args.find(',').unwrap_or(args.len())..];
        let mut any = false;
        for method in ["get", "post", "put", "patch", "delete", "head", "options", "trace"] {
            let needles = [" ", "(", ".", ":"].map(|before| format!("{before}{method}("));
            for needle in needles {
                if handlers.contains(&needle) {
                    routes.insert((method.to_ascii_uppercase(), path.to_owned(), BY_HAND));
                    any = true;
                }
            }
        }
        if !any || handlers.contains("any(") || handlers.contains("on(") {
            problems.push(format!(".route(\"{path}\", ...) with methods this test cannot read"));
        }
    }
    for (at, _) in source.match_indices("#[utoipa::path(") {
        let args = call_arguments(&source[at + "#[utoipa::path(".len()..]);
        let method = args.trim_start().split([',', ' ', '\n']).next().unwrap_or("");
        let path = args.find("path =").and_then(|p| first_literal(&args[p..]));
        match path {
            Some(path) => {
                routes.insert((method.to_ascii_uppercase(), path.to_owned(), ANNOTATED));
            }
            None => problems.push(format!("#[utoipa::path({method}, ...)] without a path")),
        }
    }
    for unreadable in [".route_service(", ".nest(", ".nest_service(", ".fallback_service("] {
        if source.contains(unreadable) {
            problems.push(format!("{unreadable}...): declare routes with routes!() instead"));
        }
    }
    (routes, problems)
}

#[test]
fn the_route_scanner_reads_hand_written_routes() {
    let source = r#"
        Router::new()
            .route("/a/{id}", get(read).delete(remove))
            .route(
                "/b",
                post(create),
            )
            .route(PATH, get(x))
            .route("/e", axum::routing::patch(y))
            .route_service("/c", svc)
        #[utoipa::path(
            put,
            path = "/d/{x}",
            params(("x" = String, Path)),
        )]
    "#;
    let (routes, problems) = declared_routes(source);
    let routes: Vec<(&str, &str)> =
        routes.iter().map(|(m, p, _)| (m.as_str(), p.as_str())).collect();
    assert_eq!(
        routes,
        [
            ("DELETE", "/a/{id}"),
            ("GET", "/a/{id}"),
            ("PATCH", "/e"),
            ("POST", "/b"),
            ("PUT", "/d/{x}")
        ]
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn every_route_the_sources_declare_is_in_the_document() {
    let doc = api::openapi();
    let documented: BTreeSet<(String, String)> =
        operations(&doc).into_iter().map(|(m, p, _)| (m.to_ascii_uppercase(), p)).collect();
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut declared = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a source");
        let (routes, trouble) = declared_routes(&text);
        problems.extend(trouble.into_iter().map(|t| format!("{}: {t}", file.display())));
        for (method, path, origin) in routes {
            let route = (method, path);
            if !documented.contains(&route) {
                problems.push(format!(
                    "{}: {} {} ({origin}) is not in /openapi.json: declare its handler with \
                     #[utoipa::path] and register it with routes!()",
                    file.display(),
                    route.0,
                    route.1
                ));
            }
            declared.insert(route);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Nothing in the document that no source declares.
    let extra: Vec<_> = documented.difference(&declared).collect();
    assert!(extra.is_empty(), "documented but declared nowhere: {extra:?}");
    assert!(declared.len() > 90, "the scan found only {} routes", declared.len());
}

/// A value for each path parameter, so a request reaches its route.
fn sample(name: &str) -> &'static str {
    match name {
        "imsi" => "001010000000001",
        "id" | "seq" => "1",
        "impu" => "sip%3Aalice%40ims.example",
        "impi" => "alice%40ims.example",
        "msisdn" => "491790000001",
        "imei" => "35209900176148",
        "address" => "10.0.0.1",
        "name" => "as1.example",
        "operation_id" => "group-1",
        "role" => "mme",
        "host" => "mme1.example",
        "service_indication" => "MMTEL-Services",
        "file" => "swagger-initializer.js",
        other => panic!("no sample value for path parameter {other}: add one"),
    }
}

fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a closing brace") + open;
        out.push_str(&rest[..open]);
        out.push_str(sample(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn method_of(name: &str) -> &'static str {
    match name {
        "get" => "GET",
        "post" => "POST",
        "put" => "PUT",
        "patch" => "PATCH",
        "delete" => "DELETE",
        other => panic!("method {other}"),
    }
}

fn call(c: &Client, method: &str, path: &str) -> Reply {
    let method = method_of(method);
    let body = (method != "GET" && method != "DELETE").then_some("{}");
    ok(c.send(method, &concrete(path), body, body.map(|_| "application/json")))
}

#[test]
fn every_documented_operation_is_served() {
    let server = start(None);
    let c = Client::new(server.local_addr());
    let doc = served_document(&c);
    let ops = operations(&doc);
    for (method, path, _) in &ops {
        let r = call(&c, method, path);
        assert_ne!(r.error_code(), Some("method_not_allowed"), "{method} {path}: {r:?}");
    }
    // Each request counted under the pattern the router matched: a pattern the router does not
    // serve would be counted as `unmatched`.
    let metrics = c.send("GET", "/metrics", None, None).expect("metrics");
    assert_eq!(metrics.status, 200);
    let text = {
        let mut s = TcpStream::connect(server.local_addr()).expect("connect");
        write!(s, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send");
        let mut t = String::new();
        s.read_to_string(&mut t).expect("read");
        t
    };
    let mut matched = BTreeSet::new();
    for line in text.lines().filter(|l| l.starts_with("hss_rest_requests_total{")) {
        let label = |name: &str| {
            let start = line.find(&format!("{name}=\"")).expect("label") + name.len() + 2;
            line[start..start + line[start..].find('"').expect("end")].to_owned()
        };
        matched.insert((label("method"), label("route")));
    }
    for (method, path, _) in &ops {
        let key = (method_of(method).to_owned(), path.clone());
        assert!(matched.contains(&key), "{method} {path} is documented but no route matched it");
    }
}

// ---- scopes ----

fn grants(token: Scope, needed: Scope) -> bool {
    token == needed
        || token == Scope::Admin
        || (needed == Scope::Read && matches!(token, Scope::Write | Scope::Secrets))
}

#[test]
fn every_operation_names_its_scope_and_the_server_enforces_it() {
    let doc = api::openapi();
    let mut scoped = 0;
    for (method, path, op) in operations(&doc) {
        let verb = Method::from_bytes(method_of(&method).as_bytes()).expect("method");
        let needed = required_scope(&verb, Some(&path)).map(Scope::name);
        let what = format!("{method} {path}");
        assert_eq!(op["x-required-scope"].as_str(), needed, "{what}");
        let security = op["security"].as_array().expect("security");
        match needed {
            None => assert!(security.is_empty(), "{what} is open: {security:?}"),
            Some(s) => {
                scoped += 1;
                assert_eq!(security, &[json!({"bearer": [s]}), json!({"provisioning_key": [s]})]);
                let line = format!("Scope: `{s}`");
                assert!(op["description"].as_str().is_some_and(|d| d.contains(&line)), "{what}");
                for status in ["401", "403"] {
                    assert!(op["responses"][status].is_object(), "{what} lacks {status}");
                }
            }
        }
    }
    assert!(scoped > 90);

    // The server refuses exactly the tokens the document says lack the scope.
    let server = start(Some(ADMIN));
    let admin = Client::new(server.local_addr()).with_token(ADMIN);
    let mut tokens = BTreeMap::new();
    for scope in [Scope::Read, Scope::Write, Scope::Secrets] {
        let r = ok(admin.post("/tokens", &json!({"name": scope.name(), "scopes": [scope.name()]})));
        assert_eq!(r.status, 201, "{r:?}");
        let secret = r.body["secret"].as_str().expect("secret").to_owned();
        tokens.insert(scope, Client::new(server.local_addr()).with_token(secret));
    }
    let anonymous = Client::new(server.local_addr());
    for (method, path, op) in operations(&doc) {
        let what = format!("{method} {path}");
        let needed = op["x-required-scope"]
            .as_str()
            .map(|s| *Scope::ALL.iter().find(|x| x.name() == s).expect("a scope"));
        let r = call(&anonymous, &method, &path);
        assert_eq!(r.status == 401, needed.is_some(), "{what} without a token: {r:?}");
        let Some(needed) = needed else { continue };
        for (&scope, client) in &tokens {
            let granted = grants(scope, needed);
            // Writes that would go through are not sent: only refusals change nothing.
            if granted && method != "get" {
                continue;
            }
            let r = call(client, &method, &path);
            let refused = r.error_code() == Some("forbidden");
            assert_eq!(refused, !granted, "{what} with a {} token: {r:?}", scope.name());
            assert_ne!(r.status, 401, "{what}");
        }
    }
}

// ---- shape ----

#[test]
fn every_error_has_the_error_shape_and_every_parameter_is_declared() {
    let doc = api::openapi();
    let error = &doc["components"]["schemas"]["Error"];
    assert_eq!(error["required"], json!(["error"]), "{error}");
    let detail = &doc["components"]["schemas"]["ErrorDetail"];
    for field in ["code", "message", "field"] {
        assert!(detail["properties"][field].is_object(), "ErrorDetail.{field}: {detail}");
    }
    let tags: BTreeSet<&str> =
        doc["tags"].as_array().expect("tags").iter().filter_map(|t| t["name"].as_str()).collect();
    let mut ids = BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let what = format!("{method} {path}");
        assert!(ids.insert(op["operationId"].as_str().expect("operationId").to_owned()), "{what}");
        let tag = op["tags"][0].as_str().expect("a tag");
        assert!(tags.contains(tag), "{what}: tag {tag}");
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{what} has no summary");
        let responses = op["responses"].as_object().expect("responses");
        assert!(responses.keys().any(|s| s.starts_with('2') || s.starts_with('3')), "{what}");
        assert!(responses.contains_key("422"), "{what}: operation_id is checked everywhere");
        for (status, response) in responses {
            assert!(response["description"].as_str().is_some_and(|d| !d.is_empty()), "{what}");
            if status.starts_with('4') || status.starts_with('5') {
                let content = response["content"].as_object().expect("content");
                let shaped = content
                    .get("application/json")
                    .is_some_and(|c| c["schema"]["$ref"] == "#/components/schemas/Error")
                    || content.contains_key("text/plain");
                assert!(shaped, "{what} {status}: {response}");
            }
        }
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let declared =
            |name: &str, place: &str| params.iter().any(|p| p["name"] == name && p["in"] == place);
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(|c| c == '{' || c == '}');
            assert!(declared(name, "path"), "{what}: path parameter {name} is not declared");
        }
        if !matches!(method.as_str(), "get" | "head") {
            assert!(declared("X-Operation-Id", "header"), "{what}");
        }
    }
}

// ---- the validator ----

/// A Python with openapi-spec-validator: `HSS_TOOLS_VENV`'s, the one `scripts/setup.sh`
/// makes, or `python3`'s.
fn validator_python() -> Result<PathBuf, String> {
    let venv = std::env::var_os("HSS_TOOLS_VENV")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/hss/venv")));
    let candidates =
        venv.map(|v| v.join("bin/python")).into_iter().chain([PathBuf::from("python3")]);
    let mut tried = Vec::new();
    for python in candidates {
        let found = Command::new(&python).args(["-c", "import openapi_spec_validator"]).output();
        match found {
            Ok(out) if out.status.success() => return Ok(python),
            Ok(out) => tried.push(format!("{}: {}", python.display(), out.status)),
            Err(e) => tried.push(format!("{}: {e}", python.display())),
        }
    }
    Err(tried.join("; "))
}

#[test]
fn openapi_spec_validator_accepts_the_document() {
    let python = match validator_python() {
        Ok(python) => python,
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but openapi-spec-validator is missing ({why}); run scripts/setup.sh"
            );
            eprintln!(
                "NOTICE: skipped: openapi-spec-validator is not installed ({why}); \
                 scripts/setup.sh installs it"
            );
            return;
        }
    };
    let server = start(None);
    let doc = served_document(&Client::new(server.local_addr()));
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hss-openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).expect("json")).expect("write");
    let script = "import json, sys\n\
        from openapi_spec_validator import OpenAPIV31SpecValidator, validate\n\
        spec = json.load(open(sys.argv[1]))\n\
        validate(spec, cls=OpenAPIV31SpecValidator)\n\
        print('valid OpenAPI', spec['openapi'], len(spec['paths']), 'paths')\n";
    let out = Command::new(&python).args(["-c", script]).arg(&file).output().expect("python runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "openapi-spec-validator refused {}:\n{text}", file.display());
    eprintln!("{}", text.trim());
}
