//! The API UI in a real browser: headless Chromium (the Debian package `chromium`, which
//! `scripts/setup.sh` installs) loads `/docs` from an API on a loopback port, and this test
//! drives Swagger UI through the DevTools protocol as a person would: it opens "create an APN
//! profile", clicks "Try it out", types the profile, clicks "Execute" and waits for the 201;
//! then reads it back the same way through `GET /apn-profiles/{id}`, and saves a screenshot
//! (`$CARGO_TARGET_TMPDIR/docs-ui.png`). Nothing is fetched from the network: the UI's files
//! come from the binary.
//!
//! Skipped, with a notice, only where Chromium is missing and `CI` is not set (CI fails
//! instead). `CHROMIUM` names another browser binary. Every wait is bounded; Chromium is killed
//! at the end, failed or not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use api::client::Client;
use api::{ApiConfig, ApiServer};
use base64::Engine;
use serde_json::{Value, json};
use store::{MemStore, Store, StoreConfig};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The whole test's budget; each wait below ends by then at the latest.
const BUDGET: Duration = Duration::from_secs(50);

const PROFILE: &str = r#"{"apn":"internet","qci":9,"arp":{"priority_level":8,"pre_emption_capability":false,"pre_emption_vulnerability":true},"ambr":{"uplink":50000000,"downlink":100000000},"pdn_type":"ipv4v6"}"#;

/// Swagger UI's element of an operation: `operations-{tag}-{operationId}`.
const CREATE: &str = "#operations-apn-profiles-post_apn_profiles";
const READ: &str = "#operations-apn-profiles-get_apn_profiles_id";

/// The browser to run, if one answers `--version`.
fn chromium() -> Result<(PathBuf, String), String> {
    let names = match std::env::var_os("CHROMIUM") {
        Some(name) => vec![PathBuf::from(name)],
        None => ["chromium", "chromium-browser", "google-chrome"].map(PathBuf::from).to_vec(),
    };
    let mut tried = Vec::new();
    for name in names {
        match Command::new(&name).arg("--version").stderr(Stdio::null()).output() {
            Ok(out) if out.status.success() => {
                return Ok((name, String::from_utf8_lossy(&out.stdout).trim().to_owned()));
            }
            Ok(out) => tried.push(format!("{}: {}", name.display(), out.status)),
            Err(e) => tried.push(format!("{}: {e}", name.display())),
        }
    }
    Err(tried.join("; "))
}

/// Chromium, killed (and its profile removed) when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts headless Chromium with a DevTools port of its choosing; returns it and the port.
fn launch(program: &Path, deadline: Instant) -> (Browser, u16, mpsc::Receiver<String>) {
    let profile = tempfile::tempdir().expect("a profile directory");
    let mut child = Command::new(program)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stderr = child.stderr.take().expect("stderr");
    let browser = Browser { child, _profile: profile };
    // Chromium says where DevTools listens on standard error; the rest is kept for a failure.
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = received.recv_timeout(left).unwrap_or_else(|_| {
            panic!("Chromium never said where DevTools listens:\n{}", seen.join("\n"))
        });
        if let Some(url) = line.split("DevTools listening on ").nth(1) {
            let port = url
                .trim_start_matches("ws://")
                .split(['/', ':'])
                .nth(1)
                .and_then(|p| p.parse().ok())
                .expect("a port in the DevTools URL");
            return (browser, port, received);
        }
        seen.push(line);
    }
}

/// A DevTools session with one page.
struct Page {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    deadline: Instant,
    /// Console messages and exceptions of the page, for a failure's message.
    log: Vec<String>,
    /// The part of the page the test works in (shown when a wait fails).
    focus: String,
}

impl Page {
    /// The page target of the browser at DevTools `port`.
    fn attach(port: u16, deadline: Instant) -> Self {
        let list = loop {
            let list = http_get(port, "/json/list");
            let pages: Vec<Value> = serde_json::from_str(&list).unwrap_or_default();
            if let Some(p) = pages.into_iter().find(|t| t["type"] == "page") {
                break p;
            }
            assert!(Instant::now() < deadline, "no page target: {list}");
            std::thread::sleep(Duration::from_millis(100));
        };
        let url = list["webSocketDebuggerUrl"].as_str().expect("a WebSocket URL");
        let (ws, _) = tungstenite::connect(url).expect("DevTools WebSocket");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_millis(250))).expect("read timeout");
        }
        Self { ws, next_id: 1, deadline, log: Vec::new(), focus: "body".into() }
    }

    /// Calls `method` and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let text = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws.send(Message::text(text)).expect("send to DevTools");
        loop {
            assert!(Instant::now() < self.deadline, "{method}: no answer in time; {:?}", self.log);
            let message = match self.ws.read() {
                Ok(m) => m,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue;
                }
                Err(e) => panic!("DevTools connection: {e}"),
            };
            let Ok(text) = message.to_text() else { continue };
            let Ok(v) = serde_json::from_str::<Value>(text) else { continue };
            if v["id"] == id {
                assert!(v["error"].is_null(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
            match v["method"].as_str() {
                Some("Runtime.consoleAPICalled") => {
                    let args: Vec<String> = (v["params"]["args"].as_array().into_iter().flatten())
                        .map(|a| a["value"].to_string())
                        .collect();
                    self.log.push(format!("console: {}", args.join(" ")));
                }
                Some("Runtime.exceptionThrown") => {
                    self.log.push(format!("exception: {}", v["params"]["exceptionDetails"]));
                }
                _ => {}
            }
        }
    }

    /// The value of a JavaScript expression (promises awaited).
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r["exceptionDetails"].is_null(), "{expression}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is truthy; returns its value.
    fn wait_for(&mut self, what: &str, expression: &str) -> Value {
        // A little of the budget is kept to read the page when this wait fails.
        let give_up = self.deadline - Duration::from_secs(3);
        loop {
            let v = self.eval(expression);
            if !(v.is_null() || v == false || v == "" || v == 0) {
                return v;
            }
            if Instant::now() >= give_up {
                let shown = self.eval(&format!(
                    "(() => {{ const e = document.querySelector('{}'); \
                     return e ? e.innerText.slice(0, 4000) : ''; }})()",
                    self.focus
                ));
                panic!(
                    "timed out waiting for {what}; {} shows: {shown}\nlog: {:?}",
                    self.focus, self.log
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the first element matching `selector` within `scope` (a selector too).
    fn click(&mut self, scope: &str, selector: &str) {
        scope.clone_into(&mut self.focus);
        let found = self.wait_for(
            &format!("{scope} {selector}"),
            &format!("!!document.querySelector('{scope} {selector}')"),
        );
        assert_eq!(found, true);
        self.eval(&format!("document.querySelector('{scope} {selector}').click(); true"));
    }

    /// Types `text` into the input or textarea `selector` as React sees typing.
    fn type_into(&mut self, selector: &str, text: &str) {
        self.wait_for(selector, &format!("!!document.querySelector('{selector}')"));
        let text = serde_json::to_string(text).expect("a JSON string");
        self.eval(&format!(
            "(() => {{ const e = document.querySelector('{selector}');
               e.focus();
               const proto = Object.getPrototypeOf(e);
               Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, {text});
               e.dispatchEvent(new Event('input', {{bubbles: true}}));
               e.dispatchEvent(new Event('change', {{bubbles: true}}));
               e.blur();
               return true; }})()"
        ));
        // Swagger UI's parameter inputs are debounced (300 ms; a blur flushes them).
        std::thread::sleep(Duration::from_millis(400));
    }

    /// The live response Swagger UI shows for the operation `scope`: (status, body text).
    fn response(&mut self, scope: &str) -> (String, String) {
        let status = format!(
            "(() => {{ const s = document.querySelector('{scope} .live-responses-table tr.response \
             .response-col_status'); return s ? s.innerText.trim() : ''; }})()"
        );
        let status = self.wait_for(&format!("the response of {scope}"), &status);
        let body = self.eval(&format!(
            "(() => {{ const b = document.querySelector('{scope} .live-responses-table tr.response \
             .response-col_description'); return b ? b.innerText : ''; }})()"
        ));
        (status.as_str().unwrap_or("").to_owned(), body.as_str().unwrap_or("").to_owned())
    }
}

/// `GET path` on DevTools' HTTP endpoint: the body.
fn http_get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("DevTools HTTP");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    match (body.find('['), body.rfind(']')) {
        (Some(a), Some(b)) if a < b => body[a..=b].to_owned(),
        _ => body.to_owned(),
    }
}

#[test]
fn the_api_ui_creates_an_apn_profile_and_reads_it_back_in_chromium() {
    let started = Instant::now();
    let deadline = started + BUDGET;
    let (program, version) = match chromium() {
        Ok(found) => found,
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no Chromium runs ({why}); scripts/setup.sh installs it"
            );
            eprintln!(
                "NOTICE: skipped: Chromium is not installed ({why}); scripts/setup.sh installs \
                 the Debian package chromium"
            );
            return;
        }
    };
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        workers: 2,
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let docs = format!("http://{}/docs", server.local_addr());

    let (_browser, port, _stderr) = launch(&program, deadline);
    let mut page = Page::attach(port, deadline);
    page.call("Runtime.enable", json!({}));
    page.call("Page.enable", json!({}));
    page.call("Page.navigate", json!({"url": docs}));
    page.wait_for(
        "Swagger UI to show the operations",
        &format!("!!document.querySelector('{CREATE}')"),
    );
    let title = page.eval("document.querySelector('.info .title') ? document.querySelector('.info .title').innerText : ''");
    assert!(title.as_str().is_some_and(|t| t.contains("HSS control plane")), "{title}");

    // POST /apn-profiles: expand, try it out, type the body, execute.
    page.click(CREATE, ".opblock-summary-control");
    page.click(CREATE, ".try-out__btn");
    page.type_into(&format!("{CREATE} textarea.body-param__text"), PROFILE);
    page.click(CREATE, ".execute");
    let (status, body) = page.response(CREATE);
    assert_eq!(status, "201", "create answered {status}: {body}\nlog: {:?}", page.log);
    let created: Value = serde_json::from_str(
        &body[body.find('{').expect("a JSON body")..body.rfind('}').expect("end") + 1],
    )
    .expect("the created profile as JSON");
    let id = created["id"].as_u64().expect("an id");
    assert_eq!(created["apn"], "internet");

    // GET /apn-profiles/{id}: the same, with the id typed into its parameter.
    page.click(READ, ".opblock-summary-control");
    page.click(READ, ".try-out__btn");
    page.type_into(&format!("{READ} tr[data-param-name=\"id\"] input"), &id.to_string());
    page.click(READ, ".execute");
    let (status, body) = page.response(READ);
    assert_eq!(status, "200", "read answered {status}: {body}\nlog: {:?}", page.log);
    assert!(body.contains("\"apn\": \"internet\""), "the read shows the APN: {body}");

    // The server holds what the UI created.
    let stored = Client::new(server.local_addr()).get(&format!("/apn-profiles/{id}")).expect("API");
    assert_eq!((stored.status, &stored.body["qci"]), (200, &json!(9)));

    let shot = page.call("Page.captureScreenshot", json!({"format": "png"}));
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().expect("screenshot data"))
        .expect("base64");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() > 20_000, "a screenshot of {} bytes is too small to show the UI", png.len());
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-ui.png");
    std::fs::write(&file, &png).expect("write the screenshot");
    eprintln!(
        "{version}: created and read APN profile {id} through /docs in {:.1} s; screenshot {} \
         ({} bytes)",
        started.elapsed().as_secs_f64(),
        file.display(),
        png.len()
    );
}
