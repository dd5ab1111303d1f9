//! The messages of one MME, without I/O.

use std::net::{IpAddr, Ipv4Addr};

use bytes::BytesMut;
use codec::build::base::{Capabilities, cer, dpa, dpr, dwa, dwr};
use codec::build::s6a::{AirBody, NorBody, PurBody, UlrBody, air, cla, nor, pur, ulr};
use codec::build::{Destination, Origin, Outcome, RequestIds, start_request};
use codec::dict::CommandDef;
use codec::view::s6a::{RequestedAuthInfo, UlrFlags};
use codec::{ApplicationId, CommandCode, MessageWriter};
use store::auc::PlmnId;

use crate::header::msg;
use crate::plmn::home_plmn;

/// The realm of the test MMEs.
pub const MME_REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";

/// One MME's identity and capabilities, and the messages it sends the HSS: each request with
/// fresh hop-by-hop and end-to-end identifiers and, where it has one, a fresh Session-Id.
///
/// The capability fields are public: set them before [`MmeBuilder::cer_bytes`] to advertise
/// something else.
#[derive(Debug, Clone)]
pub struct MmeBuilder {
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// Destination-Host of its requests.
    pub hss_host: String,
    /// Destination-Realm of its requests.
    pub hss_realm: String,
    /// Host-IP-Address of its CER.
    pub host_ip_address: IpAddr,
    /// Vendor-Id of its CER.
    pub vendor_id: u32,
    /// Product-Name of its CER.
    pub product_name: String,
    /// Origin-State-Id of its CER, DWR and DWA.
    pub origin_state_id: u32,
    /// Advertised in the CER as Vendor-Specific-Application-Id (3GPP).
    pub tgpp_apps: Vec<ApplicationId>,
    /// Advertised in the CER as Auth-Application-Id.
    pub auth_apps: Vec<ApplicationId>,
    next_id: u32,
    sessions: u32,
}

impl MmeBuilder {
    /// The MME `host` in [`MME_REALM`], sending to the HSS `hss_host` in `hss_realm`: a 3GPP
    /// product on 127.0.0.1 ("test-mme", Origin-State-Id 1) advertising S6a.
    pub fn new(host: &str, hss_host: &str, hss_realm: &str) -> Self {
        Self {
            host: host.into(),
            realm: MME_REALM.into(),
            hss_host: hss_host.into(),
            hss_realm: hss_realm.into(),
            host_ip_address: IpAddr::V4(Ipv4Addr::LOCALHOST),
            vendor_id: 10_415,
            product_name: "test-mme".into(),
            origin_state_id: 1,
            tgpp_apps: vec![ApplicationId::S6A],
            auth_apps: Vec::new(),
            next_id: 0x1000,
            sessions: 0,
        }
    }

    /// The identifiers of the next request.
    pub fn ids(&mut self) -> RequestIds {
        self.next_id += 1;
        RequestIds { hop_by_hop: self.next_id, end_to_end: self.next_id ^ 0x5a5a_0000 }
    }

    /// A new Session-Id.
    pub fn session_id(&mut self) -> String {
        self.sessions += 1;
        format!("{};1;{};test", self.host, self.sessions)
    }

    /// Origin-Host and Origin-Realm.
    pub fn origin(&self) -> Origin<'_> {
        Origin { host: &self.host, realm: &self.realm }
    }

    /// Destination-Host and Destination-Realm: the HSS.
    pub fn destination(&self) -> Destination<'_> {
        Destination { host: &self.hss_host, realm: &self.hss_realm }
    }

    /// Any request with a Session-Id: `build` gets the buffer, fresh identifiers, a fresh
    /// Session-Id, this MME as origin and the HSS as destination.
    pub fn request_with(
        &mut self,
        build: impl FnOnce(&mut BytesMut, RequestIds, &str, &Origin<'_>, &Destination<'_>),
    ) -> Vec<u8> {
        let ids = self.ids();
        let session = self.session_id();
        let mut buf = BytesMut::new();
        build(&mut buf, ids, &session, &self.origin(), &self.destination());
        buf.to_vec()
    }

    /// A request of command `def` with the AVPs every request starts with (Session-Id, the
    /// application's ids, origin, destination), then whatever `fill` writes.
    pub fn request_bytes(
        &mut self,
        def: &CommandDef,
        fill: impl FnOnce(&mut MessageWriter<'_>),
    ) -> Vec<u8> {
        self.request_with(|buf, ids, session, origin, dest| {
            let mut w = start_request(buf, def, ids, session, origin, dest);
            fill(&mut w);
            w.finish();
        })
    }

    /// The CER: the capability fields above.
    pub fn cer_bytes(&mut self) -> Vec<u8> {
        let ids = self.ids();
        let ips = [self.host_ip_address];
        let caps = Capabilities {
            origin: self.origin(),
            host_ip_addresses: &ips,
            vendor_id: self.vendor_id,
            product_name: &self.product_name,
            origin_state_id: Some(self.origin_state_id),
            firmware_revision: None,
            tgpp_applications: &self.tgpp_apps,
            auth_applications: &self.auth_apps,
        };
        build(|buf| {
            cer(buf, ids, &caps);
        })
    }

    /// An AIR for `n` E-UTRAN vectors (immediate response preferred) from the network
    /// `visited`, with RAND ‖ AUTS when `resync` is given.
    pub fn air_bytes(
        &mut self,
        imsi: &str,
        n: u32,
        visited: &PlmnId,
        resync: Option<&[u8; 30]>,
    ) -> Vec<u8> {
        let body = AirBody {
            imsi,
            visited_plmn_id: *visited.as_bytes(),
            eutran: Some(RequestedAuthInfo {
                number_of_requested_vectors: Some(n),
                immediate_response_preferred: true,
                resync,
            }),
            ..AirBody::default()
        };
        self.request_with(|buf, ids, session, origin, dest| {
            air(buf, ids, session, origin, dest, &body);
        })
    }

    /// A ULR over E-UTRAN from the home network with `flags`.
    pub fn ulr_bytes(&mut self, imsi: &str, flags: UlrFlags) -> Vec<u8> {
        let body = UlrBody { ulr_flags: flags, ..UlrBody::eutran(imsi, *home_plmn().as_bytes()) };
        self.request_with(|buf, ids, session, origin, dest| {
            ulr(buf, ids, session, origin, dest, &body);
        })
    }

    /// A PUR without PUR-Flags.
    pub fn pur_bytes(&mut self, imsi: &str) -> Vec<u8> {
        let body = PurBody { imsi, ..PurBody::default() };
        self.request_with(|buf, ids, session, origin, dest| {
            pur(buf, ids, session, origin, dest, &body);
        })
    }

    /// A NOR with nothing to notify but the IMSI.
    pub fn nor_bytes(&mut self, imsi: &str) -> Vec<u8> {
        let body = NorBody { imsi, ..NorBody::default() };
        self.request_with(|buf, ids, session, origin, dest| {
            nor(buf, ids, session, origin, dest, &body);
        })
    }

    /// A DWR.
    pub fn dwr_bytes(&mut self) -> Vec<u8> {
        let ids = self.ids();
        build(|buf| {
            dwr(buf, ids, &self.origin(), Some(self.origin_state_id));
        })
    }

    /// A DPR with Disconnect-Cause `cause`.
    pub fn dpr_bytes(&mut self, cause: u32) -> Vec<u8> {
        let ids = self.ids();
        build(|buf| {
            dpr(buf, ids, &self.origin(), cause);
        })
    }

    /// A CLA with 2001 to the CLR `clr`.
    pub fn cla_bytes(&self, clr: &[u8]) -> Vec<u8> {
        build(|buf| {
            cla(buf, &msg(clr), &self.origin(), Outcome::Success);
        })
    }

    /// The successful answer to a request from the HSS: DWA to a DWR, DPA to a DPR, and a
    /// CLA-shaped 2001 to anything else.
    pub fn answer_bytes(&self, request: &[u8]) -> Vec<u8> {
        let req = msg(request);
        assert!(req.is_request(), "answering an answer");
        let origin = self.origin();
        build(|buf| {
            match req.header.code {
                CommandCode::DEVICE_WATCHDOG => dwa(buf, &req, &origin, Some(self.origin_state_id)),
                CommandCode::DISCONNECT_PEER => dpa(buf, &req, &origin),
                _ => cla(buf, &req, &origin, Outcome::Success),
            };
        })
    }
}

/// The bytes `f` writes.
fn build(f: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    f(&mut buf);
    buf.to_vec()
}
