//! The Wireshark referee: every message our encoder produces ([`codec::samples::all`]) is written
//! to a pcap as one plausible TCP connection to port 3868 and decoded by `tshark` (the Debian
//! package; `scripts/setup.sh` installs it). Each sample must decode as one Diameter message of
//! the expected command, and tshark must raise no expert info of severity Note, Warning or Error
//! (Chat, such as "connection establish request (SYN)", is fine) and print nothing "Malformed"
//! or "Unreassembled".
//!
//! When tshark is missing the test fails if `CI` is set and is skipped (with a notice) otherwise.
//! `TSHARK` overrides the program to run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use codec::samples::{self, Sample};
use codec::{Message, dict};

#[test]
fn tshark_decodes_every_sample_without_complaint() {
    let program = std::env::var("TSHARK").unwrap_or_else(|_| "tshark".to_owned());
    let version = match Command::new(&program).arg("--version").output() {
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
            eprintln!(
                "NOTICE: skipping the Wireshark check: `{program}` is not usable ({why}); install tshark"
            );
            return;
        }
    };

    let samples = samples::all();
    assert!(!samples.is_empty());
    let capture = pcap::connection(&samples);
    let file = TempFile::new("pcap");
    std::fs::write(&file.0, &capture.bytes).unwrap();

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

    let mut problems = String::new();
    let name_of_frame = |frame: usize| {
        capture.frames[frame - 1]
            .map_or("TCP control segment".to_owned(), |i| format!("sample {:?}", samples[i].name))
    };

    // 1. No complaint anywhere in the detailed dissection.
    for (frame, lines) in frames(&detail) {
        for line in lines.iter().filter(|l| is_complaint(l)) {
            let _ = writeln!(problems, "frame {frame} ({}): {}", name_of_frame(frame), line.trim());
        }
    }

    // 2. Each sample decoded once, as the right command, request or answer.
    let pdus: Vec<Pdu> =
        summary.lines().filter(|l| !l.trim().is_empty()).flat_map(Pdu::parse).collect();
    if pdus.len() != samples.len() {
        let _ = writeln!(
            problems,
            "tshark decoded {} Diameter messages, we wrote {}",
            pdus.len(),
            samples.len()
        );
    }
    for (i, sample) in samples.iter().enumerate() {
        let msg = Message::parse(&sample.bytes).unwrap();
        let h = msg.header;
        let expected = expected_name(&msg);
        let frame = capture.last_frame_of(i);
        let found = pdus.iter().find(|p| {
            p.frame == frame
                && p.hop_by_hop == h.hop_by_hop
                && p.code == h.code.0
                && p.request == msg.is_request()
        });
        match found {
            None => {
                let _ = writeln!(
                    problems,
                    "sample {:?}: no Diameter {} (code {}, hop-by-hop {:#x}) in frame {frame}",
                    sample.name, expected, h.code.0, h.hop_by_hop
                );
            }
            Some(p) if !p.info.contains(&expected) => {
                let _ = writeln!(
                    problems,
                    "sample {:?}: expected {expected:?}, tshark says {:?}",
                    sample.name, p.info
                );
            }
            Some(_) => {}
        }
    }

    if problems.is_empty() {
        eprintln!("{version}: {} samples decoded cleanly", samples.len());
    } else {
        let kept = file.keep();
        panic!(
            "{version} complained about our messages (capture kept at {}):\n{problems}",
            kept.display()
        );
    }
}

/// The name tshark gives the message, e.g. "Capabilities-Exchange Request". Wireshark prefixes
/// some 3GPP commands ("3GPP-Update-Location"), so the test looks for this as a substring.
fn expected_name(msg: &Message<'_>) -> String {
    let h = msg.header;
    let kind = if msg.is_request() { "Request" } else { "Answer" };
    match dict::command(h.application, h.code) {
        Some(def) => format!("{} {kind}", def.name),
        // The one sample outside our dictionary answers a command Wireshark knows.
        None if h.code.0 == 8_388_638 => format!("Update-VCSG-Location {kind}"),
        None => {
            panic!("sample command {:?} of {:?} is not in the dictionary", h.code, h.application)
        }
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
        let frame: usize = frame.parse().unwrap();
        let number = |s: &str| match s.strip_prefix("0x") {
            Some(h) => u32::from_str_radix(h, 16).unwrap(),
            None => s.parse().unwrap(),
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
        Self(std::env::temp_dir().join(format!("codec-tshark-{}.{ext}", std::process::id())))
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

/// A minimal pcap writer: Ethernet / IPv4 / TCP, one connection from a client port to 3868 on
/// 127.0.0.1, with a three-way handshake, consistent sequence and acknowledgement numbers, an
/// ACK for every message, and correct IP and TCP checksums.
mod pcap {
    use super::Sample;
    use codec::Message;

    const CLIENT_PORT: u16 = 45_678;
    const SERVER_PORT: u16 = 3868;
    const ADDR: [u8; 4] = [127, 0, 0, 1];
    /// Payload bytes per segment: longer messages are split, as over Ethernet.
    const MSS: usize = 1460;
    const WINDOW: u16 = 65_535;

    const SYN: u8 = 0x02;
    const PSH: u8 = 0x08;
    const ACK: u8 = 0x10;

    /// The capture and, for each frame (index = frame number - 1), the sample it carries.
    pub struct Capture {
        pub bytes: Vec<u8>,
        pub frames: Vec<Option<usize>>,
    }

    impl Capture {
        /// The frame holding the end of sample `i`, where tshark shows the whole message.
        pub fn last_frame_of(&self, i: usize) -> usize {
            self.frames.iter().rposition(|f| *f == Some(i)).expect("sample was written") + 1
        }
    }

    /// One side of the connection.
    struct Side {
        port: u16,
        next_seq: u32,
        ip_id: u16,
    }

    struct Writer {
        out: Vec<u8>,
        frames: Vec<Option<usize>>,
        micros: u64,
        client: Side,
        server: Side,
    }

    /// Requests go from the client to the server, answers back.
    pub fn connection(samples: &[Sample]) -> Capture {
        let mut w = Writer {
            out: Vec::new(),
            frames: Vec::new(),
            micros: 1_700_000_000_000_000,
            client: Side { port: CLIENT_PORT, next_seq: 0x1000_0000, ip_id: 0x1000 },
            server: Side { port: SERVER_PORT, next_seq: 0x7000_0000, ip_id: 0x7000 },
        };
        w.global_header();
        w.segment(true, SYN, &[], None);
        w.segment(false, SYN | ACK, &[], None);
        w.segment(true, ACK, &[], None);
        for (i, s) in samples.iter().enumerate() {
            let from_client = Message::parse(&s.bytes).expect("sample parses").is_request();
            let chunks: Vec<&[u8]> = s.bytes.chunks(MSS).collect();
            for (n, chunk) in chunks.iter().enumerate() {
                let flags = if n + 1 == chunks.len() { PSH | ACK } else { ACK };
                w.segment(from_client, flags, chunk, Some(i));
            }
            w.segment(!from_client, ACK, &[], None);
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

        fn segment(&mut self, from_client: bool, flags: u8, payload: &[u8], sample: Option<usize>) {
            let (me, peer) = if from_client {
                (&mut self.client, &self.server)
            } else {
                (&mut self.server, &self.client)
            };
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
            self.frames.push(sample);
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

    #[test]
    fn checksum_matches_rfc_1071_example() {
        // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
        assert_eq!(checksum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0x220d);
    }
}
