//! `GET /metrics` after traffic: hssd as the binary runs it (engine and REST API over one
//! store, two shards), an MME over TCP sending AIRs (one at a time and 40 in one write, so
//! that some are handed to the other shard), ULRs and an AIR for an unknown IMSI, and REST
//! reads. The scrape is fetched over HTTP, parsed, checked for the format's rules, and shows
//! the counters moved by exactly that traffic.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use api::client::Client;
use codec::ResultCode;
use codec::view::AnswerResult;
use support::*;

const IMSIS: [&str; 2] = ["001010000000001", "001010000000002"];
const UNKNOWN: &str = "001019999999999";

/// One sample: family name (with its `_bucket`/`_sum`/`_count` suffix), labels, value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// A parsed scrape.
#[derive(Debug)]
struct Scrape {
    samples: Vec<Sample>,
}

impl Scrape {
    /// The sum of the samples of `name` carrying every label of `labels`.
    fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|s| s.name == name)
            .filter(|s| labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(v)))
            .map(|s| s.value)
            .sum()
    }

    /// Whether any sample of `name` exists.
    fn has(&self, name: &str) -> bool {
        self.samples.iter().any(|s| s.name == name)
    }

    fn answers(&self, command: &str, result: &str, result_type: &str) -> f64 {
        let labels = [
            ("application", "S6a/S6d"),
            ("command", command),
            ("result", result),
            ("result_type", result_type),
        ];
        self.sum("hss_diameter_answers_total", &labels)
    }
}

/// `GET /metrics` over a plain HTTP/1.1 connection: the content type and the parsed body.
fn scrape(rest: SocketAddr) -> (String, Scrape) {
    let mut s = TcpStream::connect(rest).expect("REST connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    assert_eq!(header("transfer-encoding"), None, "a whole body with its length");
    let content_type = header("content-type").expect("a content type");
    (content_type, parse(body))
}

/// Parses the text format, checking that every sample follows its family's `# TYPE` line,
/// that a family's samples are together, and that histograms are cumulative.
fn parse(text: &str) -> Scrape {
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut finished: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(types.insert(name.into(), kind.into()).is_none(), "{name} declared twice");
            finished.push(std::mem::replace(&mut current, name.into()));
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let sample = parse_sample(line);
        let family = match types.get(&current).map(String::as_str) {
            Some("histogram") => ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|suffix| sample.name.strip_suffix(suffix))
                .unwrap_or(&sample.name),
            _ => &sample.name,
        };
        assert_eq!(family, current, "{line}: not after its family's TYPE line");
        assert!(!finished.contains(&current) || current.is_empty(), "{line}");
        samples.push(sample);
    }
    let scrape = Scrape { samples };
    for (name, _) in types.iter().filter(|(_, kind)| *kind == "histogram") {
        let buckets: Vec<f64> = (scrape.samples.iter())
            .filter(|s| s.name == format!("{name}_bucket"))
            .map(|s| s.value)
            .collect();
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{name}: cumulative buckets");
        let inf = scrape.sum(&format!("{name}_bucket"), &[("le", "+Inf")]);
        assert_eq!(inf, scrape.sum(&format!("{name}_count"), &[]), "{name}: +Inf is the count");
    }
    scrape
}

/// `name{label="value",...} value`, label values with `\\`, `\"` and `\n` escaped.
fn parse_sample(line: &str) -> Sample {
    let (series, value) = line.rsplit_once(' ').expect("series and value");
    let value = match value {
        "+Inf" => f64::INFINITY,
        v => v.parse().unwrap_or_else(|_| panic!("a number in {line}")),
    };
    let Some((name, labels)) = series.split_once('{') else {
        return Sample { name: series.into(), labels: BTreeMap::new(), value };
    };
    let mut map = BTreeMap::new();
    let mut rest = labels.strip_suffix('}').expect("closing brace");
    while !rest.is_empty() {
        let (key, after) = rest.split_once("=\"").expect("label=\"");
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().expect("closing quote") {
                (_, '\\') => match chars.next().expect("escape").1 {
                    'n' => value.push('\n'),
                    c => value.push(c),
                },
                (i, '"') => break i,
                (_, c) => value.push(c),
            }
        };
        map.insert(key.to_owned(), value);
        rest = after[end + 1..].strip_prefix(',').unwrap_or(&after[end + 1..]);
    }
    Sample { name: name.into(), labels: map, value }
}

/// The families of a scrape (histograms without their suffixes).
fn scrape_families(scrape: &Scrape) -> Vec<String> {
    let mut names: Vec<String> = (scrape.samples.iter())
        .map(|s| {
            let bucket = s.labels.contains_key("le");
            let name = s.name.as_str();
            let base = ["_bucket", "_sum", "_count"].iter().find_map(|x| name.strip_suffix(x));
            match base {
                Some(base) if bucket || scrape.has(&format!("{base}_bucket")) => base.to_owned(),
                _ => name.to_owned(),
            }
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every `hss_...` metric name in `text` (histogram suffixes taken off).
fn metric_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .match_indices("hss_")
        .map(|(i, _)| {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            name.strip_suffix("_bucket").map_or(name.clone(), str::to_owned)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn a_scrape_after_traffic_shows_the_counters_moved() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    for imsi in IMSIS {
        provision(daemon.engine().store(), &SubSpec::new(imsi));
    }
    let rest = daemon.rest_addr();
    let (content_type, before) = scrape(rest);
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    assert_eq!(before.answers("AIR", "2001", "result_code"), 0.0);
    assert_eq!(before.sum("hss_shards", &[]), 2.0);
    assert_eq!(before.sum("hss_peers_connected", &[]), 0.0);

    let settings = engine::config::Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut mme = Mme::connect(addr, "mme1.test", &settings.origin_host, &settings.origin_realm);
    mme.exchange_capabilities();
    for imsi in IMSIS {
        assert_eq!(verified_sqns(&mme.air(imsi, 1)).len(), 1);
        assert_eq!(result(&mme.ulr(imsi)), AnswerResult::Result(ResultCode::SUCCESS));
    }
    assert_eq!(result(&mme.air(UNKNOWN, 1)), experimental(ResultCode(5001)));
    // 40 AIRs in one write: a read large enough to be shared with the other shard.
    let batch: Vec<Vec<u8>> =
        (0..40).map(|i| mme.air_bytes(IMSIS[i % 2], 1, &home_plmn(), None)).collect();
    mme.send(&batch.concat());
    for _ in 0..batch.len() {
        let answer = mme.read_message().expect("answer");
        assert_eq!(result(&answer), AnswerResult::Result(ResultCode::SUCCESS));
    }
    let client = Client::new(rest);
    assert_eq!(client.get(&format!("/subscribers/{}", IMSIS[0])).expect("REST").status, 200);
    assert_eq!(client.get(&format!("/subscribers/{UNKNOWN}")).expect("REST").status, 404);
    assert_eq!(client.get("/no/such/route").expect("REST").status, 404);

    let (_, after) = scrape(rest);
    // Answers by command and result, counted where they were queued.
    assert_eq!(after.answers("AIR", "2001", "result_code"), 42.0);
    assert_eq!(after.answers("AIR", "5001", "experimental_result"), 1.0);
    assert_eq!(after.answers("ULR", "2001", "result_code"), 2.0);
    let cea = [("application", "base"), ("command", "CER"), ("result", "2001")];
    assert_eq!(after.sum("hss_diameter_answers_total", &cea), 1.0);
    // Every answer has its latency, the handed-off and slow-lane ones included.
    let answers = after.sum("hss_diameter_answers_total", &[]);
    assert_eq!(answers, 46.0);
    assert_eq!(after.sum("hss_diameter_request_duration_seconds_count", &[]), answers);
    assert!(after.sum("hss_diameter_request_duration_seconds_sum", &[]) > 0.0);
    // The first AIR of each subscriber, and the unknown one, went through the slow lane.
    assert!(after.sum("hss_slow_lane_rounds_total", &[]) >= 1.0);
    assert_eq!(after.sum("hss_slow_lane_requests_total", &[]), 3.0);
    assert_eq!(after.sum("hss_slow_lane_queue_depth", &[]), 0.0);
    assert!(after.sum("hss_slow_lane_round_duration_seconds_count", &[]) >= 1.0);
    assert_eq!(after.sum("hss_handoff_queue_depth", &[]), 0.0);
    let handed = after.sum("hss_handoff_requests_total", &[]);
    assert_eq!(handed, daemon.engine().stats().handoff_requests as f64);
    // The store: cache and SQN reservations.
    let subscriber = [("cache", "subscriber")];
    assert_eq!(after.sum("hss_cache_entries", &subscriber), 2.0);
    assert!(after.sum("hss_cache_bytes", &subscriber) > 2.0 * 100.0);
    assert!(after.sum("hss_cache_hits_total", &subscriber) >= 44.0, "every AIR and ULR hit");
    assert_eq!(after.sum("hss_cache_misses_total", &subscriber), 3.0, "two IMSIs and UNKNOWN");
    assert_eq!(after.sum("hss_cache_absent_entries", &[]), 1.0);
    assert!(after.sum("hss_cache_absent_hits_total", &[]) >= 1.0);
    assert!(after.sum("hss_sqn_blocks_reserved_total", &[]) >= 2.0);
    assert!(after.sum("hss_sqn_reservation_writes_total", &[]) >= 1.0);
    assert!(after.sum("hss_store_writes_total", &[("durability", "buffered")]) >= 2.0, "ULRs");
    assert!(after.sum("hss_store_writes_total", &[("durability", "synced")]) >= 3.0);
    assert_eq!(after.sum("hss_store_errors_total", &[]), 0.0);
    // Peers, I/O and the requests the HSS originates (none here).
    assert_eq!(after.sum("hss_peers_connected", &[("watchdog", "okay")]), 1.0);
    let peer = [("host", "mme1.test"), ("realm", MME_REALM), ("watchdog", "okay")];
    assert_eq!(after.sum("hss_peer_connections", &peer), 1.0);
    assert_eq!(after.sum("hss_peer_capabilities_exchanges_total", &[]), 1.0);
    assert_eq!(after.sum("hss_io_messages_total", &[]), 46.0);
    assert!(after.sum("hss_io_bytes_total", &[("direction", "out")]) > 0.0);
    assert_eq!(after.sum("hss_outbound_requests_total", &[("kind", "CLR")]), 0.0);
    assert!(after.has("hss_outbound_timeouts_total"));
    // REST requests by route pattern and status; the first scrape is counted too.
    let rest_requests = |route: &str, status: &str| {
        let labels = [("route", route), ("method", "GET"), ("status", status)];
        after.sum("hss_rest_requests_total", &labels)
    };
    assert_eq!(rest_requests("/subscribers/{imsi}", "200"), 1.0);
    assert_eq!(rest_requests("/subscribers/{imsi}", "404"), 1.0);
    assert_eq!(rest_requests("unmatched", "404"), 1.0);
    assert_eq!(rest_requests("/metrics", "200"), 1.0);

    // Every family is documented, and the dashboard uses only families that exist.
    let families: Vec<String> = scrape_families(&after);
    let doc = |path: &str| {
        let path = format!("{}/../docs/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let api_doc = doc("API.md");
    for family in &families {
        assert!(api_doc.contains(&format!("`{family}`")), "{family} is not in docs/API.md");
    }
    for used in metric_names(&doc("grafana-dashboard.json")) {
        assert!(families.contains(&used), "the dashboard uses {used}, which no scrape shows");
    }

    // Moved again by the next request.
    assert_eq!(verified_sqns(&mme.air(IMSIS[0], 1)).len(), 1);
    let (_, again) = scrape(rest);
    assert_eq!(again.answers("AIR", "2001", "result_code"), 43.0);
    assert_eq!(again.sum("hss_rest_requests_total", &[("route", "/metrics")]), 2.0);
    drop(mme);
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
