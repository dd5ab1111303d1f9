//! Heap allocations per S6a request in the application handlers (issue 5), counted by a
//! global allocator around `engine::apps::handle_request`: AIR with 1 and 5 vectors, ULR from
//! the serving MME, ULR alternating between two MMEs (each one a Cancel-Location), PUR from the
//! serving MME. The store is RocksDB in a temporary directory with one provisioned subscriber;
//! a warm-up fills the cache and the encoded APN profile, reserves the SQN block and grows the
//! answer buffer, which is cleared (capacity kept) between calls, as a connection's is.
//!
//! `cargo bench -p benches --bench alloc` prints one table. The counts are deterministic; the
//! times are a rough guide only (no statistics, one thread, whatever else the machine runs).
//! Only the Rust heap is counted: RocksDB's C++ side (memtable, WAL, pinned slices) calls
//! `malloc` directly and is not seen here.

#![allow(unsafe_code)] // The counting allocator: GlobalAlloc is an unsafe trait.
#![allow(clippy::print_stdout)] // The table is the output.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use codec::build::s6a::{AirBody, PurBody, UlrBody, air, pur, ulr};
use codec::build::{Destination, Origin, RequestIds};
use codec::view::s6a::{PurFlags, RequestedAuthInfo};
use codec::view::{AnswerResult, AnswerView};
use codec::{Message, ResultCode, dict, validate};
use engine::apps::{Action, AppContext, handle_request};
use store::auc::PlmnId;
use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, Imsi, Key128, MAX_SQN_BLOCK, Msisdn,
    NetworkAccessMode, OperatorKey, PdnType, RandSource, RocksConfig, SeededRand, Store,
    StoreConfig, Subscriber, SubscriberStatus,
};

// ---- the counting allocator ------------------------------------------------------------------

/// The system allocator, counting every allocation (a `realloc` counts as one) and its bytes.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

fn record(size: usize) {
    ALLOCS.fetch_add(1, Relaxed);
    BYTES.fetch_add(size as u64, Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as for `System.alloc`; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: `ptr` and `layout` come from this allocator, that is from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes so far.
fn counters() -> (u64, u64) {
    (ALLOCS.load(Relaxed), BYTES.load(Relaxed))
}

// ---- the subscriber and the requests ---------------------------------------------------------

const IMSI: &str = "001010123456789";
const MSISDN: &str = "33612345678";
const HSS: Origin<'static> = Origin {
    host: "hss01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
const MME_A: Origin<'static> = Origin {
    host: "mme01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
const MME_B: Origin<'static> = Origin {
    host: "mme02.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
/// TS 35.208 test set 1.
const K: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];
const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];

/// Calls counted per scenario, after `WARMUP` uncounted ones. With the largest SQN block, all
/// AIRs of a run fit in the block reserved during the first warm-up: none of the counted calls
/// makes a reservation (the `min..max` column would show it).
const CALLS: u32 = 5_000;
const WARMUP: u32 = 200;

fn home() -> PlmnId {
    PlmnId::from_mcc_mnc("001", "01").expect("valid PLMN")
}

/// One subscriber with an MSISDN, one APN (static IPv4) and MILENAGE keys.
fn provision(store: &Store) {
    let apn = ApnId::new(1).expect("non-zero");
    store
        .create_apn_profile(&ApnProfile {
            id: apn,
            apn: "internet".into(),
            qci: 9,
            arp: Arp {
                priority_level: 8,
                pre_emption_capability: false,
                pre_emption_vulnerability: true,
            },
            ambr: Ambr { uplink: 50_000_000, downlink: 100_000_000 },
            pdn_type: PdnType::Ipv4v6,
        })
        .expect("APN profile");
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    store
        .create_subscriber(&Subscriber {
            imsi,
            msisdn: Some(Msisdn::parse(MSISDN).expect("MSISDN")),
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 20_000_000, downlink: 40_000_000 },
            apns: vec![ApnAssignment {
                profile: apn,
                static_ipv4: Some([10, 0, 0, 1].into()),
                static_ipv6: None,
            }],
            default_apn: apn,
            roaming_allowed: true,
        })
        .expect("subscriber");
    store
        .create_auth(
            imsi,
            &AuthData {
                ki: Key128::new(K),
                operator_key: OperatorKey::Opc(Key128::new(OPC)),
                amf: [0x80, 0x00],
                sqn: 0,
            },
        )
        .expect("auth data");
}

fn ids() -> RequestIds {
    RequestIds { hop_by_hop: 0x1234, end_to_end: 0x5678 }
}

fn destination() -> Destination<'static> {
    Destination { host: HSS.host, realm: HSS.realm }
}

fn session(mme: &Origin<'_>) -> String {
    format!("{};1700000000;1", mme.host)
}

fn air_request(vectors: u32) -> BytesMut {
    let mut buf = BytesMut::new();
    let body = AirBody {
        imsi: IMSI,
        visited_plmn_id: *home().as_bytes(),
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(vectors),
            immediate_response_preferred: true,
            resync: None,
        }),
        ..AirBody::default()
    };
    air(&mut buf, ids(), &session(&MME_A), &MME_A, &destination(), &body);
    buf
}

fn ulr_request(mme: &Origin<'_>) -> BytesMut {
    let mut buf = BytesMut::new();
    let body = UlrBody::eutran(IMSI, *home().as_bytes());
    ulr(&mut buf, ids(), &session(mme), mme, &destination(), &body);
    buf
}

fn pur_request(mme: &Origin<'_>) -> BytesMut {
    let mut buf = BytesMut::new();
    let body =
        PurBody { imsi: IMSI, pur_flags: Some(PurFlags::UE_PURGED_IN_MME), ..PurBody::default() };
    pur(&mut buf, ids(), &session(mme), mme, &destination(), &body);
    buf
}

/// The request as the peer layer hands it over: parsed and validated.
fn parse(bytes: &[u8]) -> Message<'_> {
    let msg = Message::parse(bytes).expect("message");
    let def = dict::command(msg.header.application, msg.header.code).expect("known command");
    validate::validate(&msg, def).expect("valid request");
    msg
}

// ---- the handler under measurement -----------------------------------------------------------

/// What a shard keeps between requests: the answer buffer, the action list, its RAND source.
struct Shard {
    ctx: AppContext,
    rand: SeededRand,
    out: BytesMut,
    actions: Vec<Action>,
}

impl Shard {
    /// Handles `msg` with the buffers cleared (capacity kept), as a connection does.
    fn handle(&mut self, msg: &Message<'_>) {
        self.out.clear();
        self.actions.clear();
        let rand: &mut dyn RandSource = &mut self.rand;
        handle_request(&self.ctx, msg, rand, &mut self.out, &mut self.actions);
    }

    /// Checks that the last answer is a 2001 (outside the counted part).
    fn check(&self) {
        let answer = Message::parse(&self.out).expect("one answer");
        let result = AnswerView::parse(&answer).expect("answer view").result;
        assert_eq!(result, AnswerResult::Result(ResultCode::SUCCESS), "{answer:?}");
    }

    /// Handles `msg`, counted into `tally`, and checks the answer.
    fn counted(&mut self, msg: &Message<'_>, tally: &mut Tally) {
        tally.count(|| self.handle(msg));
        self.check();
    }
}

/// Allocations, bytes and time of the counted calls of one scenario.
#[derive(Default)]
struct Tally {
    calls: u32,
    allocs: u64,
    bytes: u64,
    min: Option<u64>,
    max: u64,
    time: Duration,
}

impl Tally {
    /// Runs `f` once, counted and timed.
    fn count(&mut self, f: impl FnOnce()) {
        let (a0, b0) = counters();
        let t0 = Instant::now();
        f();
        let elapsed = t0.elapsed();
        let (a1, b1) = counters();
        let n = a1 - a0;
        self.calls += 1;
        self.allocs += n;
        self.bytes += b1 - b0;
        self.min = Some(self.min.map_or(n, |m| m.min(n)));
        self.max = self.max.max(n);
        self.time += elapsed;
    }

    fn row(&self, name: &str) {
        let calls = f64::from(self.calls);
        println!(
            "{name:<34} {:>8.2} {:>6}..{:<6} {:>10.1} {:>9.2}",
            self.allocs as f64 / calls,
            self.min.unwrap_or(0),
            self.max,
            self.bytes as f64 / calls,
            self.time.as_secs_f64() * 1e6 / calls,
        );
    }
}

/// Warms up with `step(shard, i, tally)` called `WARMUP` times into a discarded tally, then
/// `CALLS` times, and prints the row. `step` counts what it wants measured.
fn scenario(shard: &mut Shard, name: &str, mut step: impl FnMut(&mut Shard, u32, &mut Tally)) {
    let mut discard = Tally::default();
    for i in 0..WARMUP {
        step(shard, i, &mut discard);
    }
    let mut tally = Tally::default();
    for i in 0..CALLS {
        step(shard, i, &mut tally);
    }
    tally.row(name);
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = StoreConfig { sqn_block: MAX_SQN_BLOCK, ..StoreConfig::default() };
    let store = Store::open(dir.path(), &RocksConfig::default(), config).expect("store");
    provision(&store);
    let mut shard = Shard {
        ctx: AppContext {
            store: Arc::new(store),
            origin_host: HSS.host.into(),
            origin_realm: HSS.realm.into(),
            home_plmn: home(),
            max_vectors: 32,
            bench_echo: false,
            defer_cold: false,
        },
        rand: SeededRand::new(7),
        out: BytesMut::with_capacity(64 * 1024),
        actions: Vec::with_capacity(4),
    };

    let (air1, air5) = (air_request(1), air_request(5));
    let (ulr_a, ulr_b) = (ulr_request(&MME_A), ulr_request(&MME_B));
    let pur_a = pur_request(&MME_A);
    let (air1, air5) = (parse(&air1), parse(&air5));
    let (ulr_a, ulr_b, pur_a) = (parse(&ulr_a), parse(&ulr_b), parse(&pur_a));

    println!(
        "{:<34} {:>8} {:>14} {:>10} {:>9}",
        "handle_request (Rust heap only)", "allocs", "min..max", "bytes", "µs/call"
    );
    scenario(&mut shard, "decode: parse + validate (AIR)", |_, _, t| {
        t.count(|| {
            black_box(parse(black_box(air1.bytes)));
        });
    });
    scenario(&mut shard, "AIR, 1 E-UTRAN vector", |s, _, t| s.counted(&air1, t));
    scenario(&mut shard, "AIR, 5 E-UTRAN vectors", |s, _, t| s.counted(&air5, t));
    scenario(&mut shard, "ULR, same MME", |s, _, t| {
        s.counted(&ulr_a, t);
        assert!(s.actions.is_empty(), "no Cancel-Location");
    });
    scenario(&mut shard, "ULR, MME changes (CLR action)", |s, i, t| {
        s.counted(if i % 2 == 0 { &ulr_b } else { &ulr_a }, t);
        assert_eq!(s.actions.len(), 1, "a Cancel-Location to the previous MME");
    });
    scenario(&mut shard, "PUR from the serving MME", |s, _, t| {
        s.handle(&ulr_a); // registers MME A again, uncounted
        s.counted(&pur_a, t);
    });
    println!(
        "{CALLS} counted calls per row after {WARMUP} warm-up calls; times are indicative only."
    );
}
