//! One request a scenario sends ([`Step`]): how it is encoded with the codec's peer-side
//! builders, which application it belongs to (advertised in the CER), and how its answer is
//! judged ([`Judgement`]).
//!
//! Adding a request (an Sh PUR, ...) is a new variant here: its name, command code,
//! application, encoder and answer check. Nothing else in the client needs to change: requests
//! and answers are matched by identifiers, and the CER advertises every application the run's
//! steps use.

use bytes::BytesMut;
use codec::build::base::dwr;
use codec::build::cx::{LirBody, MarBody, SarBody, UarBody, lir, mar, sar, uar};
use codec::build::s6a::{AirBody, PurBody, UlrBody, air, pur, ulr};
use codec::build::s13::{EcrBody, ecr};
use codec::build::sh::{UdrBody, udr};
use codec::build::swx::{self as swx, SwxMarBody};
use codec::build::{Destination, Origin, RequestIds};
use codec::code::experimental;
use codec::dict::{AvpDef, base as b, cx as c, s6a, s13, sh};
use codec::view::cx::{
    AuthScheme, ServerAssignmentType, UserAuthorizationType, UserDataAlreadyAvailable,
};
use codec::view::s6a::{PurFlags, RequestedAuthInfo, TerminalInformation};
use codec::view::sh::{DataReference, ShSubject, UserIdentity};
use codec::view::swx::{AnTrusted, RatType};
use codec::view::{AnswerResult, AnswerView, index};
use codec::{ApplicationId, CommandCode, Message, ResultCode};

use crate::imsi::imei_of;
use crate::judgement::{Judgement, ResultKey};

/// Service-Indication of the repository data a [`Step::Udr`] reads (TS 29.364's MMTEL
/// supplementary services); provisioning writes one item of it per IMPU.
pub const SERVICE_INDICATION: &str = "MMTEL-Services";

/// Access Network Identity of a [`Step::SwxMar`] (TS 24.302 §8.1.1.3: untrusted WLAN behind an
/// ePDG), the input of the HSS's CK'/IK' derivation.
pub const SWX_ANID: &str = "WLAN";

/// One request a scenario sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Authentication-Information-Request asking for E-UTRAN vectors.
    Air,
    /// Update-Location-Request from an MME over E-UTRAN (S6a indicator set).
    Ulr,
    /// Purge-UE-Request from an MME (UE purged in MME).
    Pur,
    /// Device-Watchdog-Request (base protocol, no subscriber): measures the peer's Diameter
    /// stack alone, for comparing with other stacks.
    Dwr,
    /// Cx User-Authorization-Request from an I-CSCF: REGISTRATION of the IMSI's IMPI and
    /// IMPU through the home network.
    Uar,
    /// Cx Multimedia-Auth-Request from an S-CSCF: `vectors` Digest-AKAv1-MD5 items (at
    /// least one).
    Mar,
    /// Cx Server-Assignment-Request from an S-CSCF: REGISTRATION of the IMPU, asking for the
    /// user profile (User-Data-Already-Available 0).
    Sar,
    /// Cx Location-Info-Request from an I-CSCF: which S-CSCF serves the IMPU.
    Lir,
    /// Sh User-Data-Request from an application server: the repository data (Data-Reference
    /// 0) of the IMPU with Service-Indication [`SERVICE_INDICATION`].
    Udr,
    /// S13 ME-Identity-Check-Request from an MME: the IMEI derived from the IMSI
    /// ([`crate::imei_of`]) in Terminal-Information, the IMSI as User-Name.
    Ecr,
    /// SWx Multimedia-Auth-Request from a 3GPP AAA server (an ePDG's, VoWiFi): `vectors`
    /// EAP-AKA' items (at least one) for the IMSI over untrusted WLAN, ANID [`SWX_ANID`].
    SwxMar,
}

/// Everything a request is built from besides its step.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'s> {
    /// Hop-by-hop and end-to-end identifiers.
    pub ids: RequestIds,
    /// Session-Id, `{origin_host};{peer};{counter}`.
    pub session_id: &'s str,
    /// The peer's Origin-Host and Origin-Realm.
    pub origin: Origin<'s>,
    /// Destination-Host and Destination-Realm.
    pub destination: Destination<'s>,
    /// User-Name of the S6a requests.
    pub imsi: &'s str,
    /// User-Name of the Cx requests: the IMPI derived from the IMSI, `{imsi}@{ims_domain}`.
    pub impi: &'s str,
    /// Public-Identity of the Cx and Sh requests: `sip:{impi}`.
    pub impu: &'s str,
    /// The home network domain, `ims.mnc{MNC}.mcc{MCC}.3gppnetwork.org`: the UAR's
    /// Visited-Network-Identifier (the user registers at home).
    pub ims_domain: &'s str,
    /// Server-Name of the S-CSCF in MAR and SAR.
    pub server_name: &'s str,
    /// Visited-PLMN-Id, TS 24.008 encoding.
    pub visited_plmn_id: [u8; 3],
    /// Number-Of-Requested-Vectors of an AIR, SIP-Number-Auth-Items of a MAR (at least one).
    pub vectors: u32,
}

impl Step {
    /// The command name, e.g. `"AIR"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Air => "AIR",
            Self::Ulr => "ULR",
            Self::Pur => "PUR",
            Self::Dwr => "DWR",
            Self::Uar => "UAR",
            Self::Mar => "MAR",
            Self::Sar => "SAR",
            Self::Lir => "LIR",
            Self::Udr => "UDR",
            Self::Ecr => "ECR",
            Self::SwxMar => "SWx-MAR",
        }
    }

    /// The command code of the request and its answer.
    pub fn command(self) -> CommandCode {
        match self {
            Self::Air => CommandCode::AUTHENTICATION_INFORMATION,
            Self::Ulr => CommandCode::UPDATE_LOCATION,
            Self::Pur => CommandCode::PURGE_UE,
            Self::Dwr => CommandCode::DEVICE_WATCHDOG,
            Self::Uar => CommandCode::USER_AUTHORIZATION,
            Self::Mar => CommandCode::MULTIMEDIA_AUTH,
            Self::Sar => CommandCode::SERVER_ASSIGNMENT,
            Self::Lir => CommandCode::LOCATION_INFO,
            Self::Udr => CommandCode::USER_DATA,
            Self::Ecr => CommandCode::ME_IDENTITY_CHECK,
            Self::SwxMar => CommandCode::MULTIMEDIA_AUTH,
        }
    }

    /// The application the CER must advertise for this request; `None` for the base protocol.
    pub fn application(self) -> Option<ApplicationId> {
        match self {
            Self::Air | Self::Ulr | Self::Pur => Some(ApplicationId::S6A),
            Self::Uar | Self::Mar | Self::Sar | Self::Lir => Some(ApplicationId::CX),
            Self::Udr => Some(ApplicationId::SH),
            Self::Ecr => Some(ApplicationId::S13),
            Self::SwxMar => Some(ApplicationId::SWX),
            Self::Dwr => None,
        }
    }

    /// True for the Cx requests.
    pub fn is_cx(self) -> bool {
        self.application() == Some(ApplicationId::CX)
    }

    /// True for the Sh requests: they need, beyond the IMS subscription, the application
    /// server's permissions and the repository data they read.
    pub fn is_sh(self) -> bool {
        self.application() == Some(ApplicationId::SH)
    }

    /// True for the Cx and Sh requests: they name the user by the IMS identities of
    /// [`RequestContext`], which need an IMS subscription for the IMSI.
    pub fn is_ims(self) -> bool {
        self.is_cx() || self.is_sh()
    }

    /// Appends the request to `buf`; returns its length.
    pub fn encode(self, buf: &mut BytesMut, cx: &RequestContext<'_>) -> usize {
        match self {
            Self::Air => {
                let body = AirBody {
                    imsi: cx.imsi,
                    visited_plmn_id: cx.visited_plmn_id,
                    eutran: Some(RequestedAuthInfo {
                        number_of_requested_vectors: Some(cx.vectors),
                        immediate_response_preferred: true,
                        resync: None,
                    }),
                    ..AirBody::default()
                };
                air(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Ulr => {
                let body = UlrBody::eutran(cx.imsi, cx.visited_plmn_id);
                ulr(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Pur => {
                let body = PurBody {
                    imsi: cx.imsi,
                    pur_flags: Some(PurFlags::UE_PURGED_IN_MME),
                    ..PurBody::default()
                };
                pur(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Dwr => dwr(buf, cx.ids, &cx.origin, None),
            Self::Uar => {
                let body = UarBody {
                    user_name: cx.impi,
                    public_identity: cx.impu,
                    visited_network_identifier: cx.ims_domain.as_bytes(),
                    user_authorization_type: Some(UserAuthorizationType::REGISTRATION),
                    uar_flags: None,
                };
                uar(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Mar => {
                let body = MarBody {
                    user_name: cx.impi,
                    public_identity: cx.impu,
                    server_name: cx.server_name,
                    sip_number_auth_items: cx.vectors.max(1),
                    scheme: AuthScheme::DigestAkaV1Md5,
                    resync: None,
                };
                mar(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Sar => {
                let impus = [cx.impu];
                let body = SarBody {
                    user_name: Some(cx.impi),
                    public_identities: &impus,
                    wildcarded_public_identity: None,
                    server_name: cx.server_name,
                    server_assignment_type: ServerAssignmentType::REGISTRATION,
                    user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
                    scscf_restoration_info: None,
                    multiple_registration_indication: None,
                    session_priority: None,
                    sar_flags: None,
                };
                sar(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Lir => {
                let body = LirBody {
                    public_identity: cx.impu,
                    originating_request: false,
                    user_authorization_type: None,
                    session_priority: None,
                };
                lir(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Udr => {
                let subject = ShSubject {
                    user_identity: UserIdentity::PublicIdentity(cx.impu),
                    wildcarded_public_identity: None,
                    wildcarded_impu: None,
                    user_name: None,
                };
                let service_indications = [SERVICE_INDICATION.as_bytes()];
                let body = UdrBody {
                    service_indications: &service_indications,
                    ..UdrBody::new(subject, &[DataReference::REPOSITORY_DATA])
                };
                udr(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Ecr => {
                let imei = imei_of(cx.imsi);
                // The IMEI is ASCII digits (or the IMSI's bytes, which are).
                let imei = std::str::from_utf8(&imei).unwrap_or("350000000000000");
                let terminal_information =
                    TerminalInformation { imei: Some(imei), software_version: None, meid: None };
                let body = EcrBody { terminal_information, imsi: Some(cx.imsi) };
                ecr(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::SwxMar => {
                let body = SwxMarBody {
                    user_name: cx.imsi,
                    sip_number_auth_items: cx.vectors.max(1),
                    scheme: AuthScheme::EapAkaPrime,
                    resync: None,
                    rat_type: Some(RatType::WLAN),
                    an_trusted: Some(AnTrusted::UNTRUSTED),
                    anid: Some(SWX_ANID),
                    visited_network_identifier: None,
                    terminal_information: None,
                    aaa_failure_indication: None,
                };
                swx::mar(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
        }
    }

    /// Judges the answer to this step's request (matched by its identifiers).
    ///
    /// The success results: Result-Code 2001, except for a UAA (Experimental-Result 2001
    /// FIRST_REGISTRATION or 2002 SUBSEQUENT_REGISTRATION) and a LIA (Result-Code 2001 for a
    /// registered IMPU, or Experimental-Result 2003 UNREGISTERED_SERVICE for one that is not
    /// registered but has services for that case: the I-CSCF then routes to an S-CSCF all the
    /// same). Anything else is a failure, counted under its code (a LIA's 5003
    /// IDENTITY_NOT_REGISTERED among them).
    ///
    /// A successful AIA must carry between 1 and `vectors` E-UTRAN vectors, a MAA (Cx or SWx)
    /// between 1 and `max(vectors, 1)` SIP-Auth-Data-Items (and SIP-Number-Auth-Items, when present,
    /// their count), a SAA and a UDA the User-Data they were asked for, an ECA an
    /// Equipment-Status (whichever: no rule provisioned gives the default); ULA, PUA, DWA,
    /// UAA and LIA need only their result.
    pub fn check(self, answer: &Message<'_>, vectors: u32) -> Judgement {
        if answer.is_request() || answer.header.code != self.command() {
            return Judgement::Invalid("answer of another command");
        }
        let d = AnswerView::DEFS;
        let Ok(found) = index(answer, [d[0], d[1], d[2], d[3], d[4], self.content()]) else {
            return Judgement::Invalid("malformed answer");
        };
        let view = match AnswerView::from_index(answer, &found) {
            Ok(v) => v,
            Err(_) => return Judgement::Invalid("answer without Origin or result"),
        };
        if let Some(not_success) = self.judge_result(view.result) {
            return not_success;
        }
        match self {
            Self::Air => {
                let Some(info) = found[5] else {
                    return Judgement::Invalid("AIA success without Authentication-Info");
                };
                let mut n = 0u32;
                for child in info.group() {
                    match child {
                        Ok(c) if c.is(s6a::E_UTRAN_VECTOR.code, s6a::E_UTRAN_VECTOR.vendor) => {
                            n += 1;
                        }
                        Ok(_) => {}
                        Err(_) => return Judgement::Invalid("malformed Authentication-Info"),
                    }
                }
                if n == 0 || n > vectors {
                    return Judgement::Invalid("AIA with a wrong number of E-UTRAN vectors");
                }
                Judgement::Success
            }
            Self::Mar | Self::SwxMar => {
                let item = &c::SIP_AUTH_DATA_ITEM;
                let n =
                    answer.avps().map_while(Result::ok).filter(|a| a.is(item.code, item.vendor));
                let n = u32::try_from(n.count()).unwrap_or(u32::MAX);
                if n == 0 || n > vectors.max(1) {
                    return Judgement::Invalid("MAA with a wrong number of SIP-Auth-Data-Items");
                }
                match found[5].map(|a| a.u32()) {
                    None => Judgement::Success,
                    Some(Ok(count)) if count == n => Judgement::Success,
                    Some(_) => {
                        Judgement::Invalid("MAA whose SIP-Number-Auth-Items is not its count")
                    }
                }
            }
            Self::Sar => match found[5] {
                Some(_) => Judgement::Success,
                None => Judgement::Invalid("SAA success without the User-Data asked for"),
            },
            Self::Udr => match found[5] {
                Some(_) => Judgement::Success,
                None => Judgement::Invalid("UDA success without User-Data"),
            },
            Self::Ecr => match found[5] {
                Some(_) => Judgement::Success,
                None => Judgement::Invalid("ECA success without Equipment-Status"),
            },
            Self::Ulr | Self::Pur | Self::Dwr | Self::Uar | Self::Lir => Judgement::Success,
        }
    }

    /// The AVP a successful answer must carry beyond its result, found in the same pass as
    /// the result (an AVP the answer never has for the steps that need nothing more).
    fn content(self) -> &'static AvpDef {
        match self {
            Self::Sar => &c::USER_DATA,
            Self::Udr => &sh::USER_DATA,
            Self::Ecr => &s13::EQUIPMENT_STATUS,
            Self::Mar | Self::SwxMar => &c::SIP_NUMBER_AUTH_ITEMS,
            _ => &s6a::AUTHENTICATION_INFO,
        }
    }

    /// `None` when `result` is a success of this step, else how the answer counts.
    fn judge_result(self, result: AnswerResult) -> Option<Judgement> {
        let success = match (self, result) {
            (Self::Uar, AnswerResult::Experimental { code, .. }) => {
                code == experimental::FIRST_REGISTRATION
                    || code == experimental::SUBSEQUENT_REGISTRATION
            }
            (Self::Uar, AnswerResult::Result(ResultCode::SUCCESS)) => {
                return Some(Judgement::Invalid(
                    "UAA to a registration with Result-Code 2001, not Experimental-Result \
                     2001 or 2002",
                ));
            }
            (Self::Lir, AnswerResult::Experimental { code, .. }) => {
                code == experimental::UNREGISTERED_SERVICE
            }
            (_, AnswerResult::Result(code)) => code == ResultCode::SUCCESS,
            (_, AnswerResult::Experimental { .. }) => false,
        };
        if success {
            return None;
        }
        Some(Judgement::Failure(match result {
            AnswerResult::Result(code) => ResultKey::Result(code.0),
            AnswerResult::Experimental { code, .. } => ResultKey::Experimental(code.0),
        }))
    }
}

/// The Result-Code of a CEA or DPA, `None` when it has none.
pub(crate) fn base_result(answer: &Message<'_>) -> Option<u32> {
    let [rc] = index(answer, [&b::RESULT_CODE]).ok()?;
    rc?.u32().ok()
}

#[cfg(test)]
#[path = "step_tests.rs"]
mod tests;
