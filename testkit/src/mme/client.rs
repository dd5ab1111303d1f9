//! A blocking Diameter client over TCP, and whole-message reads from any `TcpStream`.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use codec::ResultCode;
use codec::view::AnswerResult;

use super::builder::MmeBuilder;
use crate::answers::result;
use crate::header::{hop_by_hop, is_request};
use crate::plmn::home_plmn;

/// How long any read waits before a test fails.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// A TCP connection to `addr` with [`READ_TIMEOUT`] and `TCP_NODELAY`.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(READ_TIMEOUT)).expect("timeout");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// Reads one whole message.
pub fn read_message(s: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut m = vec![0; 20];
    s.read_exact(&mut m)?;
    let len = u32::from_be_bytes([0, m[1], m[2], m[3]]) as usize;
    assert!(len >= 20, "message length {len}");
    m.resize(len, 0);
    s.read_exact(&mut m[20..])?;
    Ok(m)
}

/// True when the other side closed the connection (EOF or reset) within the read timeout,
/// with nothing more to read.
pub fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut b = [0; 64];
    match s.read(&mut b) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() == io::ErrorKind::ConnectionReset,
    }
}

/// A blocking Diameter client playing an MME. It builds its messages with its
/// [`MmeBuilder`], which it dereferences to (`mme.air_bytes(...)`, `mme.host`).
#[derive(Debug)]
pub struct Mme {
    /// The connection.
    pub stream: TcpStream,
    /// Requests from the HSS (CLR ...) read while waiting for an answer.
    pub inbox: VecDeque<Vec<u8>>,
    builder: MmeBuilder,
}

impl Deref for Mme {
    type Target = MmeBuilder;

    fn deref(&self) -> &MmeBuilder {
        &self.builder
    }
}

impl DerefMut for Mme {
    fn deref_mut(&mut self) -> &mut MmeBuilder {
        &mut self.builder
    }
}

impl Mme {
    /// Opens the TCP connection only: the MME `host` ([`MmeBuilder::new`]) talking to the HSS
    /// `hss_host` in `hss_realm` at `addr`.
    pub fn connect(addr: SocketAddr, host: &str, hss_host: &str, hss_realm: &str) -> Self {
        Self {
            stream: connect(addr),
            inbox: VecDeque::new(),
            builder: MmeBuilder::new(host, hss_host, hss_realm),
        }
    }

    /// Sends the CER and checks the CEA's 2001; returns the CEA.
    pub fn exchange_capabilities(&mut self) -> Vec<u8> {
        let cer = self.cer_bytes();
        let cea = self.call(&cer);
        assert_eq!(result(&cea), AnswerResult::Result(ResultCode::SUCCESS), "CEA");
        cea
    }

    /// Writes `bytes` as they are.
    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// Reads one whole message.
    pub fn read_message(&mut self) -> io::Result<Vec<u8>> {
        read_message(&mut self.stream)
    }

    /// Sends `request` and returns the answer with its hop-by-hop identifier; requests from
    /// the HSS that arrive first go to the inbox.
    pub fn call(&mut self, request: &[u8]) -> Vec<u8> {
        self.send(request);
        self.answer_to(hop_by_hop(request))
    }

    /// Reads until the answer with hop-by-hop identifier `hbh` arrives; requests from the HSS
    /// go to the inbox.
    pub fn answer_to(&mut self, hbh: u32) -> Vec<u8> {
        loop {
            let m = self.read_message().expect("an answer");
            if is_request(&m) {
                self.inbox.push_back(m);
                continue;
            }
            assert_eq!(hop_by_hop(&m), hbh, "answers come in order on this connection");
            return m;
        }
    }

    /// The next request from the HSS: the inbox's first, or the next one read (answers read
    /// meanwhile are dropped).
    pub fn next_request(&mut self) -> Vec<u8> {
        if let Some(m) = self.inbox.pop_front() {
            return m;
        }
        loop {
            let m = self.read_message().expect("a request from the HSS");
            if is_request(&m) {
                return m;
            }
        }
    }

    /// AIR for `n` vectors from the home network; the AIA.
    pub fn air(&mut self, imsi: &str, n: u32) -> Vec<u8> {
        let req = self.air_bytes(imsi, n, &home_plmn(), None);
        self.call(&req)
    }

    /// ULR with the S6a/S6d indicator; the ULA.
    pub fn ulr(&mut self, imsi: &str) -> Vec<u8> {
        let req = self.ulr_bytes(imsi, codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR);
        self.call(&req)
    }

    /// PUR; the PUA.
    pub fn pur(&mut self, imsi: &str) -> Vec<u8> {
        let req = self.pur_bytes(imsi);
        self.call(&req)
    }

    /// True when the HSS closed the connection (EOF or reset) within the read timeout, with
    /// nothing more to read.
    pub fn closed_by_server(&mut self) -> bool {
        closed_by_server(&mut self.stream)
    }
}
