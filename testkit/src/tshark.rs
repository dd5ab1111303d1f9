//! The Wireshark referee: whole Diameter messages are written to a pcap as plausible TCP
//! connections to port 3868 and decoded by `tshark` (the Debian package; `scripts/setup.sh`
//! installs it). Each message must decode once, as the command the dictionary names, request or
//! answer as its R bit says, and tshark must raise no expert info of severity Note, Warning or
//! Error (Chat, such as "connection establish request (SYN)", is fine) and print nothing
//! "Malformed", "Unreassembled" or "[Dissector bug".
//!
//! - [`referee`]: named messages on one connection, requests from the client, answers from the
//!   server (the codec's samples, one peer's exchange).
//! - [`referee_sent`]: messages on several connections, each with the side that sent it (the
//!   HSS's own requests: PNR, PPR, RTR).
//! - [`referee_answers`]: error answers alone, from the server (the malformed requests they
//!   answer would draw complaints), each with what tshark may say about the offending AVP its
//!   Failed-AVP copies.
//! - [`Transcript`]: records what a test's [`Mme`] peers send and receive, for [`referee_sent`].
//!
//! Inside a Failed-AVP, an empty placeholder payload ("Data is empty") is no complaint: RFC 6733
//! §7.1.5 and §7.5 ask for one (a Grouped AVP's, a missing string's).
//!
//! When tshark is missing the referee panics if `CI` is set and says [`Verdict::Skipped`]
//! otherwise. `TSHARK` overrides the program to run. A capture tshark complained about is kept
//! in the temporary directory and named in the verdict.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use codec::{Message, dict};

use crate::header::is_request;
use crate::mme::Mme;

/// The side of a connection that sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The peer that opened the connection (an MME, a CSCF, an AS).
    Client,
    /// The HSS, on port 3868.
    Server,
}

impl Side {
    /// The usual sender of `bytes`: the client for a request, the server for an answer.
    pub fn of(bytes: &[u8]) -> Side {
        if bytes.len() > 4 && is_request(bytes) { Side::Client } else { Side::Server }
    }
}

/// One whole Diameter message as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The connection it travels on: messages with the same number share one TCP connection,
    /// opened before its first message.
    pub connection: usize,
    /// Who sent it.
    pub from: Side,
    /// A short name for the report, e.g. `"UAA first registration"`.
    pub name: String,
    /// The whole message.
    pub bytes: Vec<u8>,
}

/// What tshark made of the messages.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Verdict {
    /// Every message decoded as expected, with no complaint.
    Clean {
        /// tshark's version line.
        tshark: String,
        /// How many messages were checked.
        messages: usize,
    },
    /// tshark is not usable and `CI` is not set: nothing was checked.
    Skipped {
        /// Why tshark could not run.
        reason: String,
    },
    /// tshark complained, or did not decode a message as expected.
    Complaints {
        /// tshark's version line.
        tshark: String,
        /// One line per complaint, naming the frame and the message.
        problems: Vec<String>,
        /// The capture, kept for a look with Wireshark.
        capture: PathBuf,
    },
}

impl Verdict {
    /// True unless tshark complained.
    pub fn is_clean(&self) -> bool {
        !matches!(self, Verdict::Complaints { .. })
    }

    /// Panics with every complaint (and where the capture was kept) unless the verdict is
    /// clean; says on stderr what was checked or why nothing was.
    #[track_caller]
    pub fn assert_clean(&self) {
        match self {
            Verdict::Clean { tshark, messages } => {
                eprintln!("{tshark}: {messages} messages decoded cleanly");
            }
            Verdict::Skipped { reason } => {
                eprintln!("NOTICE: skipping the Wireshark check: {reason}; install tshark");
            }
            Verdict::Complaints { tshark, problems, capture } => panic!(
                "{tshark} complained about our messages (capture kept at {}):\n{}",
                capture.display(),
                problems.join("\n")
            ),
        }
    }
}

/// Decodes `messages` (a name and the bytes of one whole message each) on one connection:
/// requests from the client, answers from the server, in order.
pub fn referee(messages: &[(String, Vec<u8>)]) -> Verdict {
    let sent: Vec<Sent> = messages
        .iter()
        .map(|(name, bytes)| Sent {
            connection: 0,
            from: Side::of(bytes),
            name: name.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    referee_sent(&sent)
}

/// An error answer for [`referee_answers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorAnswer<'a> {
    /// A short name for the report.
    pub name: &'a str,
    /// The whole answer.
    pub bytes: &'a [u8],
    /// What tshark says about the offending AVP the answer's Failed-AVP copies whole (RFC 6733
    /// §7.5 "MUST contain the entire AVP that could not be processed successfully"), e.g.
    /// "Reserved bit set": the request's own defect, excused there and nowhere else.
    pub echoed: Option<&'a str>,
}

/// Decodes `answers` alone on one connection, each from the server: error answers to requests
/// tshark would itself complain about (malformed ones), which stay out of the capture. Beyond
/// what every referee excuses in a Failed-AVP (an empty placeholder payload), tshark may say
/// each answer's [`ErrorAnswer::echoed`] inside its Failed-AVP.
pub fn referee_answers(answers: &[ErrorAnswer<'_>]) -> Verdict {
    let sent: Vec<Sent> = answers
        .iter()
        .map(|a| Sent {
            connection: 0,
            from: Side::Server,
            name: a.name.to_owned(),
            bytes: a.bytes.to_vec(),
        })
        .collect();
    let echoed: Vec<Option<&str>> = answers.iter().map(|a| a.echoed).collect();
    referee_excusing(&sent, &echoed)
}

/// Decodes `messages` in order, each on its connection from its sender.
pub fn referee_sent(messages: &[Sent]) -> Verdict {
    referee_excusing(messages, &[])
}

/// [`referee_sent`], where tshark may say `echoed[i]` inside the Failed-AVP of message `i`.
fn referee_excusing(messages: &[Sent], echoed: &[Option<&str>]) -> Verdict {
    assert!(!messages.is_empty(), "nothing for the referee");
    let program = std::env::var("TSHARK").unwrap_or_else(|_| "tshark".to_owned());
    let tshark = match Command::new(&program).arg("--version").output() {
        Ok(out) if out.status.success() => {
            String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").to_owned()
        }
        other => {
            let why = match other {
                Ok(out) => format!("exited with {}", out.status),
                Err(e) => e.to_string(),
            };
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but `{program} --version` failed: {why}"
            );
            return Verdict::Skipped { reason: format!("`{program}` is not usable ({why})") };
        }
    };

    let capture = pcap::capture(messages);
    let file = TempFile::new("pcap");
    std::fs::write(&file.0, &capture.bytes).expect("writing the capture");

    let detail = run(&program, &file.0, &["-V"]);
    // One line per frame holding Diameter; several messages in a frame are joined by ';'.
    let mut args = vec!["-Y", "diameter", "-T", "fields", "-E", "separator=\t"];
    args.extend(["-E", "occurrence=a", "-E", "aggregator=;"]);
    for field in [
        "frame.number",
        "diameter.hopbyhopid",
        "diameter.cmd.code",
        "diameter.flags.request",
        "_ws.col.Info",
    ] {
        args.extend(["-e", field]);
    }
    let summary = run(&program, &file.0, &args);

    let mut problems = Vec::new();
    let name_of_frame = |frame: usize| {
        capture.frames.get(frame - 1).copied().flatten().map_or_else(
            || "TCP control segment".to_owned(),
            |i| format!("message {:?}", messages[i].name),
        )
    };

    // 1. No complaint anywhere in the detailed dissection, but what a Failed-AVP may hold.
    for (frame, lines) in frames(&detail) {
        let message = capture.frames.get(frame - 1).copied().flatten();
        let echoed = message.and_then(|i| echoed.get(i).copied().flatten());
        for line in complaints(&lines, echoed) {
            problems.push(format!("frame {frame} ({}): {}", name_of_frame(frame), line.trim()));
        }
    }

    // 2. Each message decoded once, as the right command, request or answer.
    let pdus: Vec<Pdu> =
        summary.lines().filter(|l| !l.trim().is_empty()).flat_map(Pdu::parse).collect();
    if pdus.len() != messages.len() {
        problems.push(format!(
            "tshark decoded {} Diameter messages, we wrote {}",
            pdus.len(),
            messages.len()
        ));
    }
    for (i, sent) in messages.iter().enumerate() {
        let msg = match Message::parse(&sent.bytes) {
            Ok(msg) => msg,
            Err(e) => {
                problems.push(format!("message {:?} does not parse: {e}", sent.name));
                continue;
            }
        };
        let h = msg.header;
        let Some(expected) = expected_name(&msg) else {
            problems.push(format!(
                "message {:?}: command {:?} of {:?} is not in the dictionary",
                sent.name, h.code, h.application
            ));
            continue;
        };
        let frame = capture.last_frame_of(i);
        let found = pdus.iter().find(|p| {
            p.frame == frame
                && p.hop_by_hop == h.hop_by_hop
                && p.code == h.code.0
                && p.request == msg.is_request()
        });
        match found {
            None => problems.push(format!(
                "message {:?}: no Diameter {} (code {}, hop-by-hop {:#x}) in frame {frame}",
                sent.name, expected, h.code.0, h.hop_by_hop
            )),
            Some(p) if !p.info.contains(&expected) => problems.push(format!(
                "message {:?}: expected {expected:?}, tshark says {:?}",
                sent.name, p.info
            )),
            Some(_) => {}
        }
    }

    if problems.is_empty() {
        Verdict::Clean { tshark, messages: messages.len() }
    } else {
        Verdict::Complaints { tshark, problems, capture: file.keep() }
    }
}

/// Records the messages a test's peers exchange with the HSS, each on its peer's connection,
/// for [`referee_sent`].
#[derive(Debug, Default)]
pub struct Transcript {
    sent: Vec<Sent>,
    /// The local address of each connection seen, by connection number.
    connections: Vec<SocketAddr>,
}

impl Transcript {
    /// An empty transcript.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `request` from `peer` and returns the answer, recording both (`"{name}"` and
    /// `"{name} answer"`); requests from the HSS read meanwhile stay in the peer's inbox.
    pub fn call(&mut self, peer: &mut Mme, name: &str, request: &[u8]) -> Vec<u8> {
        let answer = peer.call(request);
        self.record(peer, Side::Client, name, request);
        self.record(peer, Side::Server, &format!("{name} answer"), &answer);
        answer
    }

    /// The next request from the HSS to `peer` ([`Mme::next_request`]), recorded as `name`.
    pub fn next_request(&mut self, peer: &mut Mme, name: &str) -> Vec<u8> {
        let request = peer.next_request();
        self.record(peer, Side::Server, name, &request);
        request
    }

    /// Sends `bytes` from `peer` (an answer to the HSS's request), recorded as `name`.
    pub fn send(&mut self, peer: &mut Mme, name: &str, bytes: &[u8]) {
        peer.send(bytes);
        self.record(peer, Side::Client, name, bytes);
    }

    /// Records a message `from` one side of `peer`'s connection, sent or read elsewhere.
    pub fn record(&mut self, peer: &Mme, from: Side, name: &str, bytes: &[u8]) {
        let addr = peer.stream.local_addr().expect("the peer's address");
        let connection = match self.connections.iter().position(|a| *a == addr) {
            Some(n) => n,
            None => {
                self.connections.push(addr);
                self.connections.len() - 1
            }
        };
        self.sent.push(Sent { connection, from, name: name.to_owned(), bytes: bytes.to_vec() });
    }

    /// Everything recorded, in order.
    pub fn messages(&self) -> &[Sent] {
        &self.sent
    }

    /// [`referee_sent`] over everything recorded.
    pub fn referee(&self) -> Verdict {
        referee_sent(&self.sent)
    }
}

/// The name tshark gives the message, e.g. "Capabilities-Exchange Request"; `None` for a
/// command outside the dictionary. Wireshark prefixes some 3GPP commands
/// ("3GPP-Update-Location"), so the referee looks for this as a substring.
fn expected_name(msg: &Message<'_>) -> Option<String> {
    let h = msg.header;
    let kind = if msg.is_request() { "Request" } else { "Answer" };
    match dict::command(h.application, h.code) {
        Some(def) => Some(format!("{} {kind}", def.name)),
        // The one sample outside our dictionary answers a command Wireshark knows.
        None if h.code.0 == 8_388_638 => Some(format!("Update-VCSG-Location {kind}")),
        None => None,
    }
}

/// A line of the detailed dissection that means tshark disagrees with the bytes.
fn is_complaint(line: &str) -> bool {
    let serious = ["(Note/", "(Warning/", "(Error/"];
    (line.contains("[Expert Info") && serious.iter().any(|s| line.contains(s)))
        || line.contains("Malformed")
        || line.contains("Unreassembled")
        || line.contains("[Dissector bug")
}

/// The complaints among the lines of one frame, but those about what a Failed-AVP holds that
/// RFC 6733 puts there (each with the lines under it): the empty payload of a placeholder AVP
/// (§7.1.5, §7.5: "a zero filled payload of the minimum required length", none for a Grouped
/// AVP or a string), and `echoed`, the defect of the offending AVP copied whole. A Malformed
/// Packet (the dissector gave up) is never excused.
fn complaints<'t>(lines: &[&'t str], echoed: Option<&str>) -> Vec<&'t str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut failed_avp: Option<usize> = None;
    let mut excused: Option<usize> = None;
    let mut out = Vec::new();
    for &line in lines {
        let depth = indent(line);
        failed_avp = failed_avp.filter(|&d| depth > d);
        excused = excused.filter(|&d| depth > d);
        if line.trim_start().starts_with("AVP: Failed-AVP(") {
            failed_avp = Some(depth);
        }
        if excused.is_some() || !is_complaint(line) {
            continue;
        }
        let expected = line.contains("[Expert Info")
            && !line.contains("Malformed Packet")
            && (line.contains("Data is empty") || echoed.is_some_and(|e| line.contains(e)));
        if failed_avp.is_some() && expected {
            excused = Some(depth);
        } else {
            out.push(line);
        }
    }
    out
}

/// Splits `tshark -V` output into (frame number, lines) per frame.
fn frames(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        let number = line
            .strip_prefix("Frame ")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse::<usize>().ok());
        match (number, out.last_mut()) {
            (Some(n), _) => out.push((n, vec![line])),
            (None, Some((_, lines))) => lines.push(line),
            (None, None) => {}
        }
    }
    out
}

/// One Diameter message as tshark summarised it.
#[derive(Debug)]
struct Pdu {
    frame: usize,
    hop_by_hop: u32,
    code: u32,
    request: bool,
    info: String,
}

impl Pdu {
    /// A `-T fields` line: a frame may hold several messages, their fields joined by ';'.
    fn parse(line: &str) -> Vec<Pdu> {
        let cols: Vec<&str> = line.split('\t').collect();
        let [frame, hbh, code, request, info] = cols[..] else {
            panic!("unexpected tshark line {line:?}")
        };
        let frame: usize = frame.parse().expect("a frame number");
        let number = |s: &str| match s.strip_prefix("0x") {
            Some(h) => u32::from_str_radix(h, 16).expect("a hex number"),
            None => s.parse().expect("a number"),
        };
        let hbh: Vec<u32> = hbh.split(';').map(number).collect();
        let code: Vec<u32> = code.split(';').map(number).collect();
        let request: Vec<bool> = request.split(';').map(|r| r == "1" || r == "True").collect();
        assert!(hbh.len() == code.len() && code.len() == request.len(), "{line:?}");
        (0..hbh.len())
            .map(|i| Pdu {
                frame,
                hop_by_hop: hbh[i],
                code: code[i],
                request: request[i],
                info: info.to_owned(),
            })
            .collect()
    }
}

fn run(program: &str, file: &Path, args: &[&str]) -> String {
    let out = Command::new(program)
        .arg("-r")
        .arg(file)
        .args(["-d", "tcp.port==3868,diameter"])
        // Reassemble messages split over segments, and check every checksum we wrote.
        .args(["-o", "tcp.desegment_tcp_streams:TRUE", "-o", "diameter.desegment:TRUE"])
        .args(["-o", "tcp.analyze_sequence_numbers:TRUE", "-o", "tcp.check_checksum:TRUE"])
        .args(["-o", "ip.check_checksum:TRUE"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} failed ({}): {stderr}", out.status);
    // tshark prints a warning when run as root; anything else on stderr is worth failing on.
    let noise = stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("Running as user"))
        .collect::<Vec<_>>();
    assert!(noise.is_empty(), "{program} printed on stderr:\n{}", noise.join("\n"));
    String::from_utf8(out.stdout).expect("tshark output is UTF-8")
}

/// A file in the temp directory, removed on drop unless kept.
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("testkit-tshark-{}-{n}.{ext}", std::process::id());
        Self(std::env::temp_dir().join(name))
    }

    fn keep(self) -> PathBuf {
        let path = self.0.clone();
        std::mem::forget(self);
        path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A minimal pcap writer: Ethernet / IPv4 / TCP on 127.0.0.1, one connection per connection
/// number from client port 45678 + its number to 3868, each opened with a three-way handshake
/// before its first message, with consistent sequence and acknowledgement numbers, an ACK for
/// every message, and correct IP and TCP checksums.
mod pcap {
    use super::{Sent, Side};

    const CLIENT_PORT: u16 = 45_678;
    const SERVER_PORT: u16 = 3868;
    const ADDR: [u8; 4] = [127, 0, 0, 1];
    /// Payload bytes per segment: longer messages are split, as over Ethernet.
    const MSS: usize = 1460;
    const WINDOW: u16 = 65_535;

    const SYN: u8 = 0x02;
    const PSH: u8 = 0x08;
    const ACK: u8 = 0x10;

    /// The capture and, for each frame (index = frame number - 1), the message it carries.
    pub(super) struct Capture {
        pub(super) bytes: Vec<u8>,
        pub(super) frames: Vec<Option<usize>>,
    }

    impl Capture {
        /// The frame holding the end of message `i`, where tshark shows the whole message.
        pub(super) fn last_frame_of(&self, i: usize) -> usize {
            self.frames.iter().rposition(|f| *f == Some(i)).expect("message was written") + 1
        }
    }

    /// One side of a connection.
    struct Half {
        port: u16,
        next_seq: u32,
        ip_id: u16,
    }

    struct Connection {
        client: Half,
        server: Half,
    }

    struct Writer {
        out: Vec<u8>,
        frames: Vec<Option<usize>>,
        micros: u64,
    }

    /// Each message on its connection from its sender, in order.
    pub(super) fn capture(messages: &[Sent]) -> Capture {
        let mut w = Writer { out: Vec::new(), frames: Vec::new(), micros: 1_700_000_000_000_000 };
        w.global_header();
        let mut connections: Vec<Option<Connection>> = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            if connections.len() <= m.connection {
                connections.resize_with(m.connection + 1, || None);
            }
            let c = connections[m.connection].get_or_insert_with(|| {
                let n = m.connection as u16;
                let mut c = Connection {
                    client: Half {
                        port: CLIENT_PORT.wrapping_add(n),
                        next_seq: 0x1000_0000u32.wrapping_add(u32::from(n) << 20),
                        ip_id: 0x1000u16.wrapping_add(n << 8),
                    },
                    server: Half {
                        port: SERVER_PORT,
                        next_seq: 0x7000_0000u32.wrapping_add(u32::from(n) << 20),
                        ip_id: 0x7000u16.wrapping_add(n << 8),
                    },
                };
                w.segment(&mut c, true, SYN, &[], None);
                w.segment(&mut c, false, SYN | ACK, &[], None);
                w.segment(&mut c, true, ACK, &[], None);
                c
            });
            let from_client = m.from == Side::Client;
            let chunks: Vec<&[u8]> = m.bytes.chunks(MSS).collect();
            for (n, chunk) in chunks.iter().enumerate() {
                let flags = if n + 1 == chunks.len() { PSH | ACK } else { ACK };
                w.segment(c, from_client, flags, chunk, Some(i));
            }
            w.segment(c, !from_client, ACK, &[], None);
        }
        // No FIN exchange: tshark 4.0 tags closing segments with Note-level expert info.
        Capture { bytes: w.out, frames: w.frames }
    }

    impl Writer {
        fn global_header(&mut self) {
            self.out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes()); // microsecond timestamps
            self.out.extend_from_slice(&2u16.to_le_bytes());
            self.out.extend_from_slice(&4u16.to_le_bytes());
            self.out.extend_from_slice(&0i32.to_le_bytes()); // thiszone
            self.out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
            self.out.extend_from_slice(&262_144u32.to_le_bytes()); // snaplen
            self.out.extend_from_slice(&1u32.to_le_bytes()); // LINKTYPE_ETHERNET
        }

        fn segment(
            &mut self,
            c: &mut Connection,
            from_client: bool,
            flags: u8,
            payload: &[u8],
            message: Option<usize>,
        ) {
            let (me, peer) =
                if from_client { (&mut c.client, &c.server) } else { (&mut c.server, &c.client) };
            let seq = me.next_seq;
            let ack = if flags & ACK != 0 { peer.next_seq } else { 0 };
            me.next_seq = seq.wrapping_add(payload.len() as u32 + u32::from(flags & SYN != 0));
            let (src_port, dst_port) = (me.port, peer.port);
            let ip_id = me.ip_id;
            me.ip_id = me.ip_id.wrapping_add(1);

            let mut tcp = Vec::with_capacity(20 + payload.len());
            tcp.extend_from_slice(&src_port.to_be_bytes());
            tcp.extend_from_slice(&dst_port.to_be_bytes());
            tcp.extend_from_slice(&seq.to_be_bytes());
            tcp.extend_from_slice(&ack.to_be_bytes());
            tcp.push(5 << 4); // data offset: 5 words, no options
            tcp.push(flags);
            tcp.extend_from_slice(&WINDOW.to_be_bytes());
            tcp.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
            tcp.extend_from_slice(payload);
            let mut pseudo = Vec::with_capacity(12 + tcp.len());
            pseudo.extend_from_slice(&ADDR);
            pseudo.extend_from_slice(&ADDR);
            pseudo.extend_from_slice(&[0, 6]);
            pseudo.extend_from_slice(&(tcp.len() as u16).to_be_bytes());
            pseudo.extend_from_slice(&tcp);
            let sum = checksum(&pseudo);
            tcp[16..18].copy_from_slice(&sum.to_be_bytes());

            let mut ip = Vec::with_capacity(20);
            ip.extend_from_slice(&[0x45, 0]);
            ip.extend_from_slice(&((20 + tcp.len()) as u16).to_be_bytes());
            ip.extend_from_slice(&ip_id.to_be_bytes());
            ip.extend_from_slice(&[0x40, 0]); // don't fragment
            ip.extend_from_slice(&[64, 6, 0, 0]); // TTL, TCP, checksum
            ip.extend_from_slice(&ADDR);
            ip.extend_from_slice(&ADDR);
            let sum = checksum(&ip);
            ip[10..12].copy_from_slice(&sum.to_be_bytes());

            let mut frame = Vec::with_capacity(14 + ip.len() + tcp.len());
            frame.extend_from_slice(&[0; 12]); // loopback: zero MAC addresses
            frame.extend_from_slice(&0x0800u16.to_be_bytes());
            frame.extend_from_slice(&ip);
            frame.extend_from_slice(&tcp);

            self.micros += 100;
            let (secs, micros) = (self.micros / 1_000_000, self.micros % 1_000_000);
            self.out.extend_from_slice(&(secs as u32).to_le_bytes());
            self.out.extend_from_slice(&(micros as u32).to_le_bytes());
            self.out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            self.out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            self.out.extend_from_slice(&frame);
            self.frames.push(message);
        }
    }

    /// The Internet checksum (RFC 1071).
    fn checksum(data: &[u8]) -> u16 {
        let mut sum: u32 = data
            .chunks(2)
            .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
            .sum();
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        !(sum as u16)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn checksum_matches_rfc_1071_example() {
            // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
            assert_eq!(checksum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0x220d);
        }

        #[test]
        fn each_connection_opens_once_before_its_first_message() {
            let m = |connection, from, len| Sent {
                connection,
                from,
                name: String::new(),
                bytes: vec![0; len],
            };
            let messages = [
                m(0, Side::Client, 20),
                m(1, Side::Client, 20),
                m(0, Side::Server, 3000),
                m(1, Side::Server, 20),
            ];
            let c = capture(&messages);
            // Per message: its segments and an ACK; per connection: a handshake.
            assert_eq!(c.frames.len(), 2 * 3 + 2 + 2 + 4 + 2);
            assert_eq!(c.frames.iter().filter(|f| **f == Some(2)).count(), 3, "split at MSS");
            assert_eq!(c.last_frame_of(0), 4);
            assert_eq!(c.last_frame_of(1), 9);
        }
    }
}
