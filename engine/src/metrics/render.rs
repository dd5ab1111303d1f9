//! The data plane's metrics in Prometheus text (`hss_` families), for
//! [`api::ControlPort::metrics`]: the shards' meters merged, the engine's counters, the I/O
//! layer's per-shard counters, the peer table, the lanes and the outbound requests. Reads
//! atomics and the peer table only; the metric names are listed in `docs/API.md`.

use std::collections::BTreeMap;

use api::port::exposition::{Buckets, Exposition, Kind};

use super::answers::ResultLabel;
use super::histogram::{BOUNDS_SECONDS, Snapshot};
use crate::io::IoStats;
use crate::outbound::OutboundKind;
use crate::peer::Watchdog;
use crate::server::services::Services;

/// A counter family read from a snapshot: name, help, the reading.
type Family<T> = (&'static str, &'static str, fn(&T) -> u64);

/// Appends every family of the data plane to `out`; `io` holds each shard's I/O counters.
pub(crate) fn render(services: &Services, io: &[IoStats], out: &mut Exposition) {
    answers(services, out);
    io_families(io, out);
    peers(services, out);
    lanes(services, out);
    outbound(services, out);
    out.family(
        "hss_panics_total",
        Kind::Counter,
        "Panics contained, by where they were caught: a request's handler (answered 5012), a \
         connection (closed), work handed to a shard, a slow-lane round.",
    );
    for (place, count) in crate::panics::counts() {
        out.sample(&[("place", place.name())], count);
    }
}

fn answers(services: &Services, out: &mut Exposition) {
    let mut counts = BTreeMap::new();
    let mut latency = Snapshot::default();
    for meter in services.meters() {
        meter.answers.collect(&mut counts);
        latency.merge(&meter.latency.snapshot());
    }
    out.family(
        "hss_diameter_answers_total",
        Kind::Counter,
        "Diameter answers queued for writing, by application, request command and result \
         (Result-Code, or Experimental-Result-Code).",
    );
    for ((row, result), n) in counts {
        let (application, command) = services.commands.label(row);
        let code;
        let (result, result_type) = match result {
            ResultLabel::Code(c) => {
                code = c.to_string();
                (code.as_str(), "result_code")
            }
            ResultLabel::Experimental(c) => {
                code = c.to_string();
                (code.as_str(), "experimental_result")
            }
            ResultLabel::None => ("none", "none"),
            ResultLabel::Other => ("other", "other"),
        };
        let labels = [
            ("application", application),
            ("command", command),
            ("result", result),
            ("result_type", result_type),
        ];
        out.sample(&labels, n);
    }
    out.family(
        "hss_diameter_request_duration_seconds",
        Kind::Histogram,
        "Time from the read that brought a request to its answer being queued for the \
         connection's write, every shard merged (served on another shard or the slow lane \
         included).",
    );
    histogram(out, &latency);
    out.single("hss_shards", Kind::Gauge, "Data-plane shards.", services.meters().len());
}

fn histogram(out: &mut Exposition, s: &Snapshot) {
    let buckets = Buckets { bounds: &BOUNDS_SECONDS, counts: &s.counts, sum: s.sum_seconds() };
    out.histogram(&[], &buckets);
}

/// One family with a sample per shard.
fn per_shard(out: &mut Exposition, io: &[IoStats], name: &str, help: &str, f: fn(&IoStats) -> u64) {
    out.family(name, Kind::Counter, help);
    for (shard, stats) in io.iter().enumerate() {
        out.sample(&[("shard", &shard.to_string())], f(stats));
    }
}

fn io_families(io: &[IoStats], out: &mut Exposition) {
    let families: [Family<IoStats>; 8] = [
        ("hss_io_connections_accepted_total", "Connections a shard took on.", |s| s.accepted),
        ("hss_io_connections_closed_total", "Connections a shard closed.", |s| s.closed),
        (
            "hss_io_slow_readers_total",
            "Connections closed because the peer did not read: output over max_output, no \
             write progress within write_stall, or closing output not flushed in close_timeout.",
            |s| s.slow_readers,
        ),
        (
            "hss_io_outstanding_paused_total",
            "Times a connection stopped reading because max_outstanding_per_connection of its \
             requests waited on the slow lane or other shards (until half were answered).",
            |s| s.outstanding_paused,
        ),
        (
            "hss_io_connections_refused_total",
            "Connections closed on accept: over max_connections, max_connections_per_address or \
             max_unopened (see hss_io_connections_refused_by_cap_total).",
            |s| s.refused(),
        ),
        ("hss_io_reads_total", "Socket reads that returned data.", |s| s.reads),
        ("hss_io_writes_total", "Socket writes started (one per read's answers).", |s| s.writes),
        ("hss_io_messages_total", "Diameter messages read and handed to handlers.", |s| s.frames),
    ];
    for (name, help, f) in families {
        per_shard(out, io, name, help, f);
    }
    out.family(
        "hss_io_connections_refused_by_cap_total",
        Kind::Counter,
        "Connections closed on accept, by the cap they hit: total, per_address, unopened.",
    );
    for (shard, stats) in io.iter().enumerate() {
        let shard = shard.to_string();
        out.sample(&[("shard", &shard), ("cap", "total")], stats.refused_total);
        out.sample(&[("shard", &shard), ("cap", "per_address")], stats.refused_per_address);
        out.sample(&[("shard", &shard), ("cap", "unopened")], stats.refused_unopened);
    }
    out.family("hss_io_bytes_total", Kind::Counter, "Bytes read (in) and written (out).");
    for (shard, stats) in io.iter().enumerate() {
        let shard = shard.to_string();
        out.sample(&[("shard", &shard), ("direction", "in")], stats.bytes_in);
        out.sample(&[("shard", &shard), ("direction", "out")], stats.bytes_out);
    }
}

fn watchdog_name(w: Watchdog) -> &'static str {
    match w {
        Watchdog::Initial => "initial",
        Watchdog::Okay => "okay",
        Watchdog::Suspect => "suspect",
        Watchdog::Down => "down",
    }
}

fn peers(services: &Services, out: &mut Exposition) {
    let mut by_state: BTreeMap<&str, u64> =
        [Watchdog::Okay, Watchdog::Suspect, Watchdog::Down, Watchdog::Initial]
            .into_iter()
            .map(|w| (watchdog_name(w), 0))
            .collect();
    let mut by_peer: BTreeMap<(String, String, &str), u64> = BTreeMap::new();
    for route in services.peers.routes() {
        let state = watchdog_name(route.link.watchdog());
        *by_state.entry(state).or_default() += 1;
        let key = (route.link.host.to_string(), route.link.realm.to_string(), state);
        *by_peer.entry(key).or_default() += 1;
    }
    out.family(
        "hss_peers_connected",
        Kind::Gauge,
        "Peer connections past their capabilities exchange, by watchdog state (RFC 3539).",
    );
    for (state, n) in by_state {
        out.sample(&[("watchdog", state)], n);
    }
    out.family(
        "hss_peer_connections",
        Kind::Gauge,
        "Open connections of each peer (Origin-Host and Origin-Realm of its CER), by watchdog \
         state.",
    );
    for ((host, realm, state), n) in &by_peer {
        out.sample(&[("host", host), ("realm", realm), ("watchdog", state)], *n);
    }
    let c = services.counters.snapshot();
    out.single(
        "hss_peer_capabilities_exchanges_total",
        Kind::Counter,
        "Capabilities exchanges that succeeded (connections registered as peers).",
        c.peers_opened,
    );
    out.single(
        "hss_connections_closed_total",
        Kind::Counter,
        "Connections closed, whatever the reason (including those that never sent a CER).",
        c.connections_closed,
    );
    out.single(
        "hss_commands_lost_total",
        Kind::Counter,
        "Commands for a connection (an outbound request, answers from another thread) dropped \
         because it closed first.",
        c.commands_lost,
    );
}

fn lanes(services: &Services, out: &mut Exposition) {
    let c = services.counters.snapshot();
    out.single(
        "hss_handoff_batches_total",
        Kind::Counter,
        "Batches of requests a shard handed to another shard.",
        c.handoff_batches,
    );
    out.single(
        "hss_handoff_requests_total",
        Kind::Counter,
        "Requests in those batches.",
        c.handoff_requests,
    );
    out.family(
        "hss_handoff_queue_depth",
        Kind::Gauge,
        "Requests handed to a shard and not yet served there.",
    );
    for (shard, load) in services.loads().unwrap_or_default().iter().enumerate() {
        let queued = load.queued.load(std::sync::atomic::Ordering::Relaxed);
        out.sample(&[("shard", &shard.to_string())], queued);
    }
    out.single(
        "hss_slow_lane_rounds_total",
        Kind::Counter,
        "Slow-lane rounds: each one synced write reserving the SQNs of every cold request it took.",
        c.slow_rounds,
    );
    out.single(
        "hss_slow_lane_requests_total",
        Kind::Counter,
        "Cold requests served by the slow lane.",
        c.slow_requests,
    );
    out.single(
        "hss_slow_lane_shed_total",
        Kind::Counter,
        "Cold requests answered 3004 DIAMETER_TOO_BUSY because the slow lane was full.",
        c.slow_shed,
    );
    out.single(
        "hss_slow_lane_queue_depth",
        Kind::Gauge,
        "Requests sent to the slow lane and not yet served.",
        c.slow_queued,
    );
    out.family(
        "hss_slow_lane_round_duration_seconds",
        Kind::Histogram,
        "Time of one slow-lane round on its commit thread: the synced SQN reservation, then \
         every request served and its answers sent home.",
    );
    histogram(out, &services.slow_round_latency.snapshot());
}

fn outbound(services: &Services, out: &mut Exposition) {
    let stats = services.counters.snapshot().outbound;
    let kinds = OutboundKind::ALL.map(|k| (k, k.tag().to_ascii_uppercase()));
    let families: [Family<crate::outbound::KindStats>; 5] = [
        (
            "hss_outbound_requests_total",
            "Requests the HSS originated (CLR, IDR, DSR, RTR, PPR, PNR), by kind.",
            |s| s.requested,
        ),
        (
            "hss_outbound_not_connected_total",
            "... of which no open connection reached the destination host.",
            |s| s.not_connected,
        ),
        ("hss_outbound_sent_total", "... written to the destination's connection.", |s| s.sent),
        (
            "hss_outbound_not_sent_total",
            "... refused by the destination's connection (closing, watchdog not OKAY, too many \
             pending) or closed first.",
            |s| s.not_sent,
        ),
        (
            "hss_outbound_timeouts_total",
            "... sent, with no answer within the timeout or before the connection closed.",
            |s| s.missing,
        ),
    ];
    for (name, help, f) in families {
        out.family(name, Kind::Counter, help);
        for (kind, label) in &kinds {
            out.sample(&[("kind", label)], f(&stats[*kind]));
        }
    }
    out.family(
        "hss_outbound_answers_total",
        Kind::Counter,
        "Answers to requests the HSS sent, by kind and whether they reported success (2xxx).",
    );
    for (kind, label) in &kinds {
        let s = &stats[*kind];
        out.sample(&[("kind", label), ("result", "success")], s.answered.saturating_sub(s.failed));
        out.sample(&[("kind", label), ("result", "failure")], s.failed);
    }
    out.single(
        "hss_outbound_unmatched_answers_total",
        Kind::Counter,
        "Answers that matched no pending request (late, duplicate or unknown).",
        stats.unmatched,
    );
}
