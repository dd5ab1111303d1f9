//! The peer state machine over a real socket, driven by generated message sequences: a bounded,
//! deterministic property test (proptest, a fixed seed, no failure file) that runs in `cargo
//! test`. A cargo-fuzz target would pull RocksDB's C++ build into the codec's fuzz check.
//!
//! Each case opens one connection to an engine on loopback and sends up to 20 steps: CERs
//! (valid, wrong realm, unknown host, a host already connected, an AVP missing, no common
//! application), DWR, DWA, DPR, DPA, AIR/ULR/PUR for known and unknown IMSIs, answers nobody
//! asked for, unknown applications and commands, the codec's catalogue of malformed requests,
//! AVP lengths overwritten, random bodies under random headers, headers that break framing, a
//! partial message, a half-close. A model of the RFC 6733 responder says what each step draws:
//! an answer with a given result (or any result), nothing, or the end of the connection (after
//! an answer, or at once). After every step and at the end of every case:
//!
//! - every message the HSS sends decodes with the codec, every AVP too (Failed-AVP's included),
//!   and it is the answer the step draws: same hop-by-hop id and command, a result present;
//! - nothing else arrives (a final DWR's DWA is the next message), and a connection the model
//!   says closes is closed cleanly within the read timeout, never left hanging;
//! - no panic was caught anywhere in the engine (`engine::panics::counts`);
//! - the connection is gone from the engine once the client drops it, and a fresh, well-behaved
//!   MME on another connection gets CEA 2001 and an AIA with a correct vector.
//!
//! A second property sends up to 40 steps that keep the connection open after one CER, in one
//! stream cut at random points, so that reads carry batches handed to the other shard and cold
//! requests deferred to the slow lane: every answer the model expects arrives (in any order),
//! and nothing else.

mod support;

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use codec::code::experimental;
use codec::dict::base as b;
use codec::view::AnswerResult;
use codec::{ApplicationId, Message, ResultCode};
use engine::peer::{Network, PeerEntry, PeerPolicy, Role};
use engine::settings::EngineSettings;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use support::*;

/// The MME whose connection the sequences drive.
const FUZZ: &str = "mme-fuzz.epc.mnc001.mcc001.3gppnetwork.org";
/// An MME connected for the whole test: a CER naming it is a duplicate (4003).
const HELD: &str = "mme-held.epc.mnc001.mcc001.3gppnetwork.org";
/// The well-behaved MME that checks the HSS after each case.
const FRESH: &str = "mme-fresh.epc.mnc001.mcc001.3gppnetwork.org";
/// A host the peer table does not list.
const STRANGER: &str = "stranger.epc.mnc001.mcc001.3gppnetwork.org";
/// A provisioned subscriber, and one that is not.
const KNOWN: &str = "001010000000077";
const UNKNOWN: &str = "001010000009999";

const CASES: u32 = 64;
const MAX_STEPS: usize = 20;
const PIPELINED_CASES: u32 = 32;
/// Enough for a read to carry a batch another shard serves.
const MAX_PIPELINED: usize = 40;

// ---- the steps -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CerKind {
    Valid,
    WrongRealm,
    UnknownHost,
    /// Names [`HELD`], already open with the same Origin-State-Id.
    DuplicateHost,
    /// Without the n-th of [`CER_MANDATORY`].
    Missing(usize),
    /// Advertising no application.
    NoApplication,
}

/// The AVPs a CER must carry.
const CER_MANDATORY: [&codec::dict::AvpDef; 5] =
    [&b::ORIGIN_HOST, &b::ORIGIN_REALM, &b::HOST_IP_ADDRESS, &b::VENDOR_ID, &b::PRODUCT_NAME];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderFault {
    Version(u8),
    /// A length below the 20-octet header.
    Short(u32),
    /// A length that is not a multiple of 4.
    Unaligned(u32),
    /// A length above every limit.
    Huge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Cer(CerKind),
    Dwr,
    /// A DWA nobody asked for.
    Dwa,
    Dpr,
    /// A DPA nobody asked for.
    Dpa,
    Air {
        known: bool,
    },
    Ulr {
        known: bool,
    },
    Pur {
        known: bool,
    },
    /// A 2001 answer to a made-up request of this command code, hop-by-hop id `hbh`.
    StrayAnswer {
        code: u32,
        hbh: u32,
    },
    /// An AIR under another application id.
    UnknownApplication(u32),
    /// An AIR under another command code.
    UnknownCommand(u32),
    /// The n-th (modulo) of `testkit::malformed::requests`.
    Malformed(usize),
    /// An AIR with the length field of its n-th (modulo) AVP set to `len`.
    AvpLength {
        avp: usize,
        len: u32,
    },
    /// A header with these fields over random bytes.
    Random {
        flags: u8,
        application: u32,
        code: u32,
        body: Vec<u8>,
    },
    BrokenHeader(HeaderFault),
    /// The first n (modulo the length, at least 1) octets of an AIR, then a half-close.
    Partial(usize),
    HalfClose,
}

fn cer_kind() -> impl Strategy<Value = CerKind> {
    prop_oneof![
        4 => Just(CerKind::Valid),
        1 => Just(CerKind::WrongRealm),
        1 => Just(CerKind::UnknownHost),
        1 => Just(CerKind::DuplicateHost),
        1 => (0..CER_MANDATORY.len()).prop_map(CerKind::Missing),
        1 => Just(CerKind::NoApplication),
    ]
}

fn header_fault() -> impl Strategy<Value = HeaderFault> {
    prop_oneof![
        prop_oneof![Just(0u8), 2..=255u8].prop_map(HeaderFault::Version),
        (0..20u32).prop_map(HeaderFault::Short),
        (5..4096u32)
            .prop_filter("unaligned", |n| !n.is_multiple_of(4))
            .prop_map(HeaderFault::Unaligned),
        Just(HeaderFault::Huge),
    ]
}

fn random_frame() -> impl Strategy<Value = Step> {
    let flags =
        prop_oneof![Just(0x80u8), Just(0xc0), Just(0xa0), Just(0x81), Just(0x00), any::<u8>()];
    let application = prop_oneof![
        Just(0u32),
        Just(ApplicationId::S6A.0),
        Just(16_777_216),
        Just(16_777_217),
        any::<u32>()
    ];
    let code =
        prop_oneof![Just(280u32), Just(316), Just(318), Just(321), Just(323), 0..0x100_0000u32];
    let body =
        (0..24usize).prop_flat_map(|words| proptest::collection::vec(any::<u8>(), words * 4));
    (flags, application, code, body).prop_map(|(flags, application, code, body)| {
        // Not a CER nor a DPR: a random one would end the connection or the capabilities
        // exchange by chance, which the model does not try to predict.
        let code = if code == 257 || code == 282 { code + 1000 } else { code };
        Step::Random { flags, application, code, body }
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => cer_kind().prop_map(Step::Cer),
        3 => Just(Step::Dwr),
        1 => Just(Step::Dwa),
        1 => Just(Step::Dpr),
        1 => Just(Step::Dpa),
        3 => any::<bool>().prop_map(|known| Step::Air { known }),
        2 => any::<bool>().prop_map(|known| Step::Ulr { known }),
        1 => any::<bool>().prop_map(|known| Step::Pur { known }),
        1 => (prop_oneof![Just(317u32), Just(318), Just(319), 1..0x100_0000u32], any::<u32>())
            .prop_map(|(code, hbh)| Step::StrayAnswer { code, hbh }),
        1 => prop_oneof![Just(0u32), Just(16_777_216), Just(16_777_238), any::<u32>()]
            .prop_filter("not S6a", |a| *a != ApplicationId::S6A.0)
            .prop_map(Step::UnknownApplication),
        1 => prop_oneof![Just(317u32), Just(319), Just(9999), 1..0x100_0000u32]
            .prop_filter("not served", |c| ![316, 318, 320, 321, 323].contains(c))
            .prop_map(Step::UnknownCommand),
        3 => any::<usize>().prop_map(Step::Malformed),
        2 => (any::<usize>(), prop_oneof![0..40u32, any::<u32>().prop_map(|n| n & 0xff_ffff)])
            .prop_map(|(avp, len)| Step::AvpLength { avp, len }),
        3 => random_frame(),
        1 => header_fault().prop_map(Step::BrokenHeader),
        1 => any::<usize>().prop_map(Step::Partial),
        1 => Just(Step::HalfClose),
    ]
}

/// Up to [`MAX_STEPS`] steps. Most sequences open with a valid CER, or little would get past
/// the capabilities exchange; some with another CER, some with anything.
fn sequence() -> impl Strategy<Value = Vec<Step>> {
    let first = prop_oneof![
        7 => Just(Some(Step::Cer(CerKind::Valid))),
        2 => cer_kind().prop_map(|kind| Some(Step::Cer(kind))),
        1 => Just(None),
    ];
    (first, proptest::collection::vec(step(), 1..MAX_STEPS)).prop_map(|(first, mut steps)| {
        if let Some(first) = first {
            steps.insert(0, first);
        }
        steps
    })
}

// ---- what a step draws -----------------------------------------------------------------------

/// The result an answer must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Is(AnswerResult),
    /// Any Result-Code or Experimental-Result.
    Any,
}

/// What a step draws from the HSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Draws {
    Answer(Want),
    Nothing,
    /// The connection ends, after this answer if any.
    Close(Option<Want>),
}

fn rc(code: ResultCode) -> Want {
    Want::Is(AnswerResult::Result(code))
}

/// The responder as the model sees it: before the CER, or after it (R-Open, or Closing after
/// a DPR, which serves requests the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    WaitCer,
    Open,
}

/// What `step` draws in `phase`, and the phase after it (`None`: the connection is over).
fn model(phase: Phase, step: &Step) -> (Draws, Option<Phase>) {
    use Draws::{Answer, Close, Nothing};
    match (phase, step) {
        // Whatever comes before a CER ends the connection unanswered (RFC 6733 §5.6.1), and a
        // stream out of step ends it in any phase.
        (_, Step::BrokenHeader(_) | Step::Partial(_) | Step::HalfClose) => (Close(None), None),
        (Phase::WaitCer, Step::Cer(kind)) => match kind {
            CerKind::Valid => (Answer(rc(ResultCode::SUCCESS)), Some(Phase::Open)),
            CerKind::WrongRealm | CerKind::UnknownHost => {
                (Close(Some(rc(ResultCode::UNKNOWN_PEER))), None)
            }
            CerKind::DuplicateHost => (Close(Some(rc(ResultCode::ELECTION_LOST))), None),
            CerKind::Missing(_) => (Close(Some(rc(ResultCode::MISSING_AVP))), None),
            CerKind::NoApplication => (Close(Some(rc(ResultCode::NO_COMMON_APPLICATION))), None),
        },
        (Phase::WaitCer, _) => (Close(None), None),
        // No CER on an open connection: 5012, and the exchange made stays.
        (Phase::Open, Step::Cer(_)) => (Answer(rc(ResultCode::UNABLE_TO_COMPLY)), Some(phase)),
        (Phase::Open, Step::Dwr | Step::Dpr) => (Answer(rc(ResultCode::SUCCESS)), Some(phase)),
        (Phase::Open, Step::Dwa | Step::Dpa | Step::StrayAnswer { .. }) => (Nothing, Some(phase)),
        (Phase::Open, Step::Air { known } | Step::Ulr { known }) => {
            let want = if *known {
                rc(ResultCode::SUCCESS)
            } else {
                Want::Is(experimental(experimental::ERROR_USER_UNKNOWN))
            };
            (Answer(want), Some(phase))
        }
        (Phase::Open, Step::Pur { known: true }) => (Answer(Want::Any), Some(phase)),
        (Phase::Open, Step::Pur { known: false }) => {
            (Answer(Want::Is(experimental(experimental::ERROR_USER_UNKNOWN))), Some(phase))
        }
        // The common application carries no request the HSS serves beyond CER, DWR and DPR.
        (Phase::Open, Step::UnknownApplication(0)) => {
            (Answer(rc(ResultCode::COMMAND_UNSUPPORTED)), Some(phase))
        }
        (Phase::Open, Step::UnknownApplication(_)) => {
            (Answer(rc(ResultCode::APPLICATION_UNSUPPORTED)), Some(phase))
        }
        (Phase::Open, Step::UnknownCommand(_)) => {
            (Answer(rc(ResultCode::COMMAND_UNSUPPORTED)), Some(phase))
        }
        (Phase::Open, Step::Malformed(n)) => {
            let all = testkit::malformed::requests();
            (Answer(rc(all[n % all.len()].result_code)), Some(phase))
        }
        (Phase::Open, Step::AvpLength { .. }) => (Answer(Want::Any), Some(phase)),
        (Phase::Open, Step::Random { flags, .. }) if flags & 0x80 != 0 => {
            (Answer(Want::Any), Some(phase))
        }
        (Phase::Open, Step::Random { .. }) => (Nothing, Some(phase)),
    }
}

// ---- the bytes of a step ---------------------------------------------------------------------

/// The bytes `step` sends from `mme`.
fn bytes_of(mme: &mut MmeBuilder, step: &Step) -> Vec<u8> {
    match step {
        Step::Cer(kind) => {
            let mut other = mme.clone();
            match kind {
                CerKind::Valid | CerKind::Missing(_) => {}
                CerKind::WrongRealm => other.realm = "epc.mnc099.mcc099.3gppnetwork.org".into(),
                CerKind::UnknownHost => other.host = STRANGER.into(),
                CerKind::DuplicateHost => other.host = HELD.into(),
                CerKind::NoApplication => other.tgpp_apps.clear(),
            }
            let cer = other.cer_bytes();
            // Keep the identifiers moving on the connection's builder.
            mme.ids();
            match kind {
                CerKind::Missing(n) => without_avp(&cer, CER_MANDATORY[*n]),
                _ => cer,
            }
        }
        Step::Dwr => mme.dwr_bytes(),
        Step::Dwa => {
            let dwr = mme.dwr_bytes();
            mme.answer_bytes(&dwr)
        }
        Step::Dpr => mme.dpr_bytes(0),
        Step::Dpa => {
            let dpr = mme.dpr_bytes(0);
            mme.answer_bytes(&dpr)
        }
        Step::Air { known } => mme.air_bytes(imsi_of(*known), 1, &home_plmn(), None),
        Step::Ulr { known } => {
            mme.ulr_bytes(imsi_of(*known), codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR)
        }
        Step::Pur { known } => mme.pur_bytes(imsi_of(*known)),
        Step::StrayAnswer { code, hbh } => {
            let mut request = mme.air_bytes(KNOWN, 1, &home_plmn(), None);
            set_u24(&mut request, 5, *code);
            request[12..16].copy_from_slice(&hbh.to_be_bytes());
            mme.answer_bytes(&request)
        }
        Step::UnknownApplication(application) => {
            let mut air = mme.air_bytes(KNOWN, 1, &home_plmn(), None);
            air[8..12].copy_from_slice(&application.to_be_bytes());
            air
        }
        Step::UnknownCommand(code) => {
            let mut air = mme.air_bytes(KNOWN, 1, &home_plmn(), None);
            set_u24(&mut air, 5, *code);
            air
        }
        Step::Malformed(n) => {
            let all = testkit::malformed::requests();
            all[n % all.len()].request.clone()
        }
        Step::AvpLength { avp, len } => {
            let mut air = mme.air_bytes(KNOWN, 1, &home_plmn(), None);
            let offsets: Vec<usize> =
                msg(&air).avps().map(|a| a.expect("our AIR decodes").offset).collect();
            let at = offsets[avp % offsets.len()];
            set_u24(&mut air, at + 5, *len);
            air
        }
        Step::Random { flags, application, code, body } => {
            let ids = mme.ids();
            let mut m = Vec::with_capacity(20 + body.len());
            m.push(1);
            m.extend_from_slice(&(20 + body.len() as u32).to_be_bytes()[1..]);
            m.push(*flags);
            m.extend_from_slice(&code.to_be_bytes()[1..]);
            m.extend_from_slice(&application.to_be_bytes());
            m.extend_from_slice(&ids.hop_by_hop.to_be_bytes());
            m.extend_from_slice(&ids.end_to_end.to_be_bytes());
            m.extend_from_slice(body);
            m
        }
        Step::BrokenHeader(fault) => {
            let mut dwr = mme.dwr_bytes();
            match fault {
                HeaderFault::Version(v) => dwr[0] = *v,
                HeaderFault::Short(len) | HeaderFault::Unaligned(len) => set_u24(&mut dwr, 1, *len),
                HeaderFault::Huge => set_u24(&mut dwr, 1, 0xff_fffc),
            }
            dwr
        }
        Step::Partial(n) => {
            let air = mme.air_bytes(KNOWN, 1, &home_plmn(), None);
            let n = 1 + n % (air.len() - 1);
            air[..n].to_vec()
        }
        Step::HalfClose => Vec::new(),
    }
}

fn imsi_of(known: bool) -> &'static str {
    if known { KNOWN } else { UNKNOWN }
}

/// Writes the low 24 bits of `value` at `at`.
fn set_u24(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 3].copy_from_slice(&value.to_be_bytes()[1..]);
}

// ---- reading what the HSS sends --------------------------------------------------------------

/// What one read of the connection found.
#[derive(Debug)]
enum Received {
    Message(Vec<u8>),
    /// EOF at a message boundary, or a reset.
    Closed,
}

/// Reads one whole message, or the end of the connection. A read that times out is an error:
/// the HSS neither answered nor closed.
fn read_one(stream: &mut TcpStream) -> Result<Received, String> {
    let mut header = [0u8; 20];
    let mut got = 0;
    while got < header.len() {
        match stream.read(&mut header[got..]) {
            Ok(0) if got == 0 => return Ok(Received::Closed),
            Ok(0) => return Err(format!("the HSS closed after {got} octets of a header")),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return Ok(Received::Closed),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("no answer and no close within the timeout: {e}")),
        }
    }
    let len = u32::from_be_bytes([0, header[1], header[2], header[3]]) as usize;
    if !(20..=1 << 20).contains(&len) || !len.is_multiple_of(4) {
        return Err(format!("the HSS sent a header with length {len}: {header:02x?}"));
    }
    let mut m = header.to_vec();
    m.resize(len, 0);
    stream.read_exact(&mut m[20..]).map_err(|e| format!("a message cut short: {e}"))?;
    Ok(Received::Message(m))
}

/// Checks that `answer` decodes whole (every AVP, Failed-AVP's children too), answers `request`
/// (an answer, same hop-by-hop id and command) and carries the result `want`.
fn check_answer(request: &[u8], answer: &[u8], want: Want) -> Result<(), String> {
    let m = Message::parse(answer).map_err(|e| format!("the answer does not parse: {e}"))?;
    for avp in m.avps() {
        let avp = avp.map_err(|e| format!("an AVP of the answer does not decode: {e:?}"))?;
        if avp.is(b::FAILED_AVP.code, b::FAILED_AVP.vendor) {
            avps_fit(avp.data).map_err(|e| format!("Failed-AVP does not decode: {e}"))?;
        }
    }
    if m.is_request() {
        return Err(format!("a request from the HSS where an answer was due: {answer:02x?}"));
    }
    let (hbh, code) = (hop_by_hop(request), command_code(request));
    if hop_by_hop(answer) != hbh || command_code(answer) != code {
        return Err(format!(
            "answer {}/{:#x} to request {code}/{hbh:#x}",
            command_code(answer),
            hop_by_hop(answer)
        ));
    }
    let result = AnswerResult::from_answer(&m).map_err(|e| format!("no result: {e:?}"))?;
    match want {
        Want::Is(expected) if result != expected => {
            Err(format!("result {result:?} where {expected:?} was due"))
        }
        _ => Ok(()),
    }
}

/// Checks that `data` splits into whole AVPs, each length field covering its header and no
/// more than what is there (RFC 6733 §4.1), padded to 4. The flags are not checked: Failed-AVP
/// copies the offending AVP, reserved bits included (3009).
fn avps_fit(data: &[u8]) -> Result<(), String> {
    let mut at = 0;
    while at < data.len() {
        let rest = &data[at..];
        if rest.len() < 8 {
            return Err(format!("{} octets left at {at}, under an AVP header", rest.len()));
        }
        let header = if rest[4] & 0x80 != 0 { 12 } else { 8 };
        let len = u32::from_be_bytes([0, rest[5], rest[6], rest[7]]) as usize;
        if len < header || len > rest.len() {
            return Err(format!("AVP length {len} at {at}, {} octets left", rest.len()));
        }
        at += len.next_multiple_of(4);
    }
    Ok(())
}

/// Reads what `draws` says `request` draws.
fn expect(stream: &mut TcpStream, request: &[u8], draws: Draws) -> Result<(), String> {
    let answer = match draws {
        Draws::Nothing => return Ok(()),
        Draws::Answer(want) | Draws::Close(Some(want)) => Some(want),
        Draws::Close(None) => None,
    };
    if let Some(want) = answer {
        match read_one(stream)? {
            Received::Message(m) => check_answer(request, &m, want)?,
            Received::Closed => return Err("closed where an answer was due".into()),
        }
    }
    if let Draws::Close(_) = draws {
        match read_one(stream)? {
            Received::Closed => {}
            Received::Message(m) => {
                return Err(format!("a message where a close was due: {m:02x?}"));
            }
        }
    }
    Ok(())
}

// ---- one case --------------------------------------------------------------------------------

fn panics() -> u64 {
    engine::panics::counts().iter().map(|(_, n)| n).sum()
}

/// Connections the test has opened so far: once the test drops them, the engine must have
/// closed them all (a failed case drops its connection too).
#[derive(Debug, Default)]
struct Count {
    connections: Cell<u64>,
}

impl Count {
    fn opened(&self) {
        self.connections.set(self.connections.get() + 1);
    }
}

/// Sends `steps` on a new connection as [`FUZZ`], then checks the HSS with a fresh MME.
fn run_case(hss: &Hss, count: &Count, steps: &[Step]) -> Result<(), String> {
    let mut stream = connect(hss.addr());
    count.opened();
    let mut mme = MmeBuilder::new(FUZZ, hss.origin_host(), hss.origin_realm());
    let mut phase = Some(Phase::WaitCer);
    for (i, step) in steps.iter().enumerate() {
        let Some(now) = phase else { break };
        let bytes = bytes_of(&mut mme, step);
        let (draws, next) = model(now, step);
        if !bytes.is_empty() {
            stream.write_all(&bytes).map_err(|e| format!("step {i}: write: {e}"))?;
        }
        if matches!(step, Step::Partial(_) | Step::HalfClose) {
            stream.shutdown(Shutdown::Write).map_err(|e| format!("step {i}: shutdown: {e}"))?;
        }
        expect(&mut stream, &bytes, draws).map_err(|e| format!("step {i} {step:?}: {e}"))?;
        if panics() != 0 {
            return Err(format!("step {i} {step:?}: the engine caught a panic"));
        }
        phase = next;
    }
    // Still open: nothing stray is waiting, the next message is the DWA to a last DWR.
    if phase.is_some() {
        let dwr = mme.dwr_bytes();
        stream.write_all(&dwr).map_err(|e| format!("final DWR: {e}"))?;
        let draws = match phase {
            Some(Phase::Open) => Draws::Answer(rc(ResultCode::SUCCESS)),
            _ => Draws::Close(None),
        };
        expect(&mut stream, &dwr, draws).map_err(|e| format!("final DWR: {e}"))?;
    }
    drop(stream);
    settled(hss, count)?;
    check_fresh(hss, count)
}

/// A well-behaved MME on another connection is served: CEA 2001, an AIA with a correct vector.
/// Then no panic was caught.
fn check_fresh(hss: &Hss, count: &Count) -> Result<(), String> {
    let mut fresh = Mme::connect(hss.addr(), FRESH, hss.origin_host(), hss.origin_realm());
    count.opened();
    let cer = fresh.cer_bytes();
    fresh.send(&cer);
    expect(&mut fresh.stream, &cer, Draws::Answer(rc(ResultCode::SUCCESS)))
        .map_err(|e| format!("fresh CER: {e}"))?;
    let air = fresh.air_bytes(KNOWN, 1, &home_plmn(), None);
    fresh.send(&air);
    let aia = match read_one(&mut fresh.stream)? {
        Received::Message(m) => m,
        Received::Closed => return Err("fresh AIR: closed".into()),
    };
    check_answer(&air, &aia, rc(ResultCode::SUCCESS)).map_err(|e| format!("fresh AIA: {e}"))?;
    if verified_sqns(&aia).len() != 1 {
        return Err("fresh AIA: not one vector".into());
    }
    drop(fresh);
    settled(hss, count)?;
    if panics() != 0 {
        return Err("the engine caught a panic".into());
    }
    Ok(())
}

/// Opens a connection as [`FUZZ`], sends `steps` after its CER in one stream cut at `cuts`
/// (modulo its length), and reads every answer they draw, in any order: requests a busy
/// connection hands to another shard or defers to the slow lane come back when they are
/// served. Then the DWA to a last DWR is the next message, and a fresh MME is served.
fn run_pipelined(hss: &Hss, count: &Count, steps: &[Step], cuts: &[usize]) -> Result<(), String> {
    let mut stream = connect(hss.addr());
    count.opened();
    let mut mme = MmeBuilder::new(FUZZ, hss.origin_host(), hss.origin_realm());
    let cer = mme.cer_bytes();
    stream.write_all(&cer).map_err(|e| format!("CER: {e}"))?;
    expect(&mut stream, &cer, Draws::Answer(rc(ResultCode::SUCCESS)))
        .map_err(|e| format!("CER: {e}"))?;
    let mut bytes = Vec::new();
    let mut due = Vec::new();
    for step in steps {
        let request = bytes_of(&mut mme, step);
        match model(Phase::Open, step) {
            (Draws::Answer(want), Some(Phase::Open)) => due.push((request.clone(), want)),
            (Draws::Nothing, Some(Phase::Open)) => {}
            other => return Err(format!("{step:?} is not for a pipeline: {other:?}")),
        }
        bytes.extend_from_slice(&request);
    }
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut at = 0;
    for cut in cuts {
        stream.write_all(&bytes[at..cut]).map_err(|e| format!("write: {e}"))?;
        at = cut;
    }
    while !due.is_empty() {
        let answer = match read_one(&mut stream)? {
            Received::Message(m) => m,
            Received::Closed => return Err(format!("closed with {} answers due", due.len())),
        };
        let Some(i) = due.iter().position(|(request, _)| {
            hop_by_hop(request) == hop_by_hop(&answer)
                && command_code(request) == command_code(&answer)
        }) else {
            return Err(format!("a message nothing asked for: {answer:02x?}"));
        };
        let (request, want) = due.swap_remove(i);
        check_answer(&request, &answer, want)?;
    }
    let dwr = mme.dwr_bytes();
    stream.write_all(&dwr).map_err(|e| format!("final DWR: {e}"))?;
    expect(&mut stream, &dwr, Draws::Answer(rc(ResultCode::SUCCESS)))
        .map_err(|e| format!("final DWR: {e}"))?;
    if panics() != 0 {
        return Err("the engine caught a panic".into());
    }
    drop(stream);
    settled(hss, count)?;
    check_fresh(hss, count)
}

/// Waits until the engine has closed every connection the test closed, and only [`HELD`] is
/// still open as a peer.
fn settled(hss: &Hss, count: &Count) -> Result<(), String> {
    let done = wait_until(Duration::from_secs(5), || {
        let stats = hss.engine.stats();
        stats.connections_closed == count.connections.get() && stats.peers_open == 1
    });
    if done {
        Ok(())
    } else {
        let stats = hss.engine.stats();
        Err(format!(
            "connections not settled: closed {} of {}, peers open {}",
            stats.connections_closed,
            count.connections.get(),
            stats.peers_open
        ))
    }
}

fn entry(host: &str) -> PeerEntry {
    PeerEntry {
        host: host.into(),
        realm: MME_REALM.into(),
        networks: vec![Network::parse("127.0.0.0/8").expect("network")],
        role: Role::Mme,
        applications: Role::Mme.default_applications().to_vec(),
        relay_realms: Vec::new(),
        plmns: Vec::new(),
        max_connections: 1,
    }
}

/// An engine of two shards serving [`FUZZ`], [`HELD`] and [`FRESH`], whose timers never fire
/// during a case (the model leaves time out), with [`KNOWN`] provisioned and [`HELD`]
/// connected.
fn start() -> (Hss, Mme) {
    let mut settings = EngineSettings {
        peers: PeerPolicy::Table(vec![entry(FUZZ), entry(HELD), entry(FRESH)]),
        ..settings(2)
    };
    settings.timers.watchdog = Duration::from_secs(3600);
    settings.timers.disconnect_grace = Duration::from_secs(60);
    let hss = Hss::start_with(settings);
    provision(hss.store(), &SubSpec::new(KNOWN));
    let held = hss.mme(HELD);
    (hss, held)
}

fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

#[test]
fn generated_sequences_never_panic_hang_or_garble_and_the_hss_keeps_serving() {
    let (hss, held) = start();
    assert_eq!(panics(), 0);
    let count = Count::default();
    let steps = sequence();
    let result = runner(CASES)
        .run(&steps, |steps| run_case(&hss, &count, &steps).map_err(TestCaseError::fail));
    if let Err(e) = result {
        panic!("{e}");
    }
    drop(held);
    hss.stop();
}

/// A step that keeps the connection: what a pipeline may carry.
fn pipelined_step() -> impl Strategy<Value = Step> {
    step().prop_filter("keeps the connection", |s| {
        !matches!(s, Step::BrokenHeader(_) | Step::Partial(_) | Step::HalfClose)
    })
}

#[test]
fn pipelined_sequences_in_cut_writes_get_every_answer_they_draw() {
    let (hss, held) = start();
    let count = Count::default();
    let steps = proptest::collection::vec(pipelined_step(), 1..=MAX_PIPELINED);
    let cuts = proptest::collection::vec(any::<usize>(), 0..6);
    let result = runner(PIPELINED_CASES).run(&(steps, cuts), |(steps, cuts)| {
        run_pipelined(&hss, &count, &steps, &cuts).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    drop(held);
    hss.stop();
}
