//! The Diameter dictionary as compile-time tables.
//!
//! Each AVP is a `const` [`AvpDef`] named after the spec (`SESSION_ID`, `SUBSCRIPTION_DATA`)
//! that both the encoder (code, vendor, M bit) and the validator (type, grouped rules) use.
//! Each module lists its AVPs in `AVPS` and its commands in `COMMANDS`; the lookup functions
//! here index them all once. Nothing is read at run time.
//!
//! # Layers
//!
//! `base` (RFC 6733) ← `ietf` (other IETF AVPs) ← `tgpp` (shared 3GPP AVPs) ← the applications
//! `s6a`, `s13`, `cx`, `sh`, `swx`. A module uses only the layers below it; applications never
//! import from one another. Each AVP is defined, and listed in `AVPS`, in exactly one module; one
//! that more than one application (or a lower layer) uses lives in the lowest layer that needs
//! it: `tgpp` for a 3GPP AVP (or another vendor's), `ietf` for an IETF one. An application that
//! used to define an AVP since moved down re-exports it (`pub use super::tgpp::PDN_TYPE;`), so
//! re-exports point downward too. The dictionary tests check that every grouped AVP and command
//! names only AVPs of its own module or of a lower layer.

pub mod base;
pub mod cx;
pub mod ietf;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;
pub mod tgpp;

use std::sync::OnceLock;

use crate::code::{ApplicationId, AvpCode, CommandCode, VendorId};

/// The data format of an AVP (RFC 6733 §4.2 and §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvpType {
    OctetString,
    Integer32,
    Integer64,
    Unsigned32,
    Unsigned64,
    Float32,
    Float64,
    Grouped,
    Address,
    Time,
    Utf8String,
    DiameterIdentity,
    DiameterUri,
    Enumerated,
    IpFilterRule,
}

impl AvpType {
    /// The exact value length of fixed-size types.
    pub const fn fixed_len(self) -> Option<usize> {
        match self {
            AvpType::Integer32 | AvpType::Unsigned32 | AvpType::Float32 => Some(4),
            AvpType::Time | AvpType::Enumerated => Some(4),
            AvpType::Integer64 | AvpType::Unsigned64 | AvpType::Float64 => Some(8),
            _ => None,
        }
    }

    /// The length of the zero-filled payload of the example AVP a Failed-AVP carries for a
    /// missing AVP (5005) or one whose length field cannot be trusted (5014): RFC 6733 §7.5 "a
    /// zero filled payload of the minimum required length for the omitted AVP", §7.1.5 "of the
    /// minimum required length for the payloads data type".
    ///
    /// Fixed-size types take their size. OctetString and the types derived from it (UTF8String,
    /// DiameterIdentity, DiameterURI, IPFilterRule) may be empty (§4.2, §4.3), so take none: any
    /// zero octet would be read as content, e.g. a User-Name that a 3GPP receiver decodes as an
    /// IMSI (Wireshark stops decoding the message there). Grouped takes none ("the Grouped AVP
    /// header with an empty payload", §7.1.5). Address takes 6: its 2-octet AddressType and the
    /// 4 octets of the shortest address it carries, IPv4 (family 0 with 4 zero octets decodes).
    pub const fn min_len(self) -> usize {
        match self.fixed_len() {
            Some(n) => n,
            None => match self {
                AvpType::Address => 6,
                _ => 0,
            },
        }
    }

    /// True for types whose value must be valid UTF-8.
    pub const fn is_text(self) -> bool {
        matches!(
            self,
            AvpType::Utf8String
                | AvpType::DiameterIdentity
                | AvpType::DiameterUri
                | AvpType::IpFilterRule
        )
    }
}

/// The rule for an AVP flag bit in the dictionary's flag table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagRule {
    Must,
    May,
    MustNot,
}

/// One AVP of the dictionary.
#[derive(Debug, Clone, Copy)]
pub struct AvpDef {
    pub code: AvpCode,
    /// [`VendorId::IETF`] for AVPs sent without a Vendor-ID.
    pub vendor: VendorId,
    /// The name as the spec writes it, e.g. `"Auth-Session-State"`.
    pub name: &'static str,
    pub ty: AvpType,
    /// The M-bit rule; the encoder sets M exactly when this is [`FlagRule::Must`].
    pub mandatory: FlagRule,
    /// For Grouped AVPs: the ABNF of the children (empty means "any").
    pub rules: &'static [Rule],
    /// For Enumerated AVPs (and flag-like Unsigned32 ones): value names, for printing.
    pub values: &'static [(u32, &'static str)],
}

impl AvpDef {
    /// An IETF AVP (no vendor) with the M bit set.
    pub const fn ietf(code: u32, name: &'static str, ty: AvpType) -> Self {
        Self::vendor(code, VendorId::IETF, name, ty)
    }

    /// A 3GPP (vendor 10415) AVP with the M bit set.
    pub const fn tgpp(code: u32, name: &'static str, ty: AvpType) -> Self {
        Self::vendor(code, VendorId::TGPP, name, ty)
    }

    /// An AVP of `vendor` with the M bit set.
    pub const fn vendor(code: u32, vendor: VendorId, name: &'static str, ty: AvpType) -> Self {
        Self {
            code: AvpCode(code),
            vendor,
            name,
            ty,
            mandatory: FlagRule::Must,
            rules: &[],
            values: &[],
        }
    }

    /// The M bit must not be set.
    pub const fn m_must_not(mut self) -> Self {
        self.mandatory = FlagRule::MustNot;
        self
    }

    /// The M bit may be set; the encoder leaves it clear.
    pub const fn m_may(mut self) -> Self {
        self.mandatory = FlagRule::May;
        self
    }

    /// Sets the grouped ABNF.
    pub const fn group(mut self, rules: &'static [Rule]) -> Self {
        self.rules = rules;
        self
    }

    /// Sets the value names.
    pub const fn values(mut self, values: &'static [(u32, &'static str)]) -> Self {
        self.values = values;
        self
    }

    /// The name of an enumerated value, if the dictionary knows it.
    pub fn value_name(&self, v: u32) -> Option<&'static str> {
        self.values.iter().find(|(n, _)| *n == v).map(|(_, s)| *s)
    }

    /// The flags byte the encoder writes for this AVP.
    pub const fn flags(&self) -> u8 {
        let v = if self.vendor.0 != 0 { crate::avp::AvpFlags::VENDOR } else { 0 };
        let m = if matches!(self.mandatory, FlagRule::Must) {
            crate::avp::AvpFlags::MANDATORY
        } else {
            0
        };
        v | m
    }
}

/// Unbounded maximum in a [`Rule`].
pub const MANY: u8 = u8::MAX;

/// One line of a command or grouped-AVP ABNF: which AVP, how many times.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub avp: &'static AvpDef,
    pub min: u8,
    /// [`MANY`] for unbounded; 0 with `min` 0 means "must not be present".
    pub max: u8,
}

impl Rule {
    /// `{AVP}`: exactly once.
    pub const fn required(avp: &'static AvpDef) -> Self {
        Self { avp, min: 1, max: 1 }
    }
    /// `[AVP]`: at most once.
    pub const fn optional(avp: &'static AvpDef) -> Self {
        Self { avp, min: 0, max: 1 }
    }
    /// `*[AVP]`: any number.
    pub const fn any(avp: &'static AvpDef) -> Self {
        Self { avp, min: 0, max: MANY }
    }
    /// `1*{AVP}` and friends: at least `min`, at most `max`.
    pub const fn range(avp: &'static AvpDef, min: u8, max: u8) -> Self {
        Self { avp, min, max }
    }
    /// `0*0[AVP]`: must not be present.
    pub const fn forbidden(avp: &'static AvpDef) -> Self {
        Self { avp, min: 0, max: 0 }
    }
}

/// One command of an application, with the ABNF of its request and answer.
#[derive(Debug, Clone, Copy)]
pub struct CommandDef {
    pub code: CommandCode,
    pub application: ApplicationId,
    /// Full name, e.g. `"Authentication-Information"`.
    pub name: &'static str,
    /// Abbreviation of the request, e.g. `"AIR"`.
    pub request: &'static str,
    /// Abbreviation of the answer, e.g. `"AIA"`.
    pub answer: &'static str,
    /// Whether the P bit is set on this command.
    pub proxiable: bool,
    pub request_rules: &'static [Rule],
    pub answer_rules: &'static [Rule],
}

/// An application and its tables.
#[derive(Debug, Clone, Copy)]
pub struct Application {
    pub id: ApplicationId,
    pub name: &'static str,
    /// The vendor advertised in Vendor-Specific-Application-Id; IETF for base applications.
    pub vendor: VendorId,
    pub commands: &'static [CommandDef],
    pub avps: &'static [AvpDef],
}

/// Every application of the dictionary. The base protocol comes first; IETF and 3GPP AVPs that
/// several applications share sit in `ietf` and `tgpp` with no commands of their own.
pub static APPLICATIONS: &[Application] = &[
    base::APPLICATION,
    ietf::APPLICATION,
    tgpp::APPLICATION,
    s6a::APPLICATION,
    s13::APPLICATION,
    cx::APPLICATION,
    sh::APPLICATION,
    swx::APPLICATION,
];

fn key(code: AvpCode, vendor: VendorId) -> u64 {
    (u64::from(vendor.0) << 32) | u64::from(code.0)
}

/// Direct-indexed slots for IETF codes below this bound.
const IETF_DIRECT: usize = 1024;
/// Direct-indexed slots for 3GPP codes below this bound.
const TGPP_DIRECT: usize = 4096;
/// An empty slot.
const NO_SLOT: u16 = u16::MAX;

/// The lookup index: every IETF and 3GPP AVP of the dictionary is found with one array load;
/// other vendors' AVPs (a few ETSI ones) and larger codes by binary search.
struct AvpIndex {
    defs: Vec<&'static AvpDef>,
    ietf: Vec<u16>,
    tgpp: Vec<u16>,
    /// Sorted by key.
    rest: Vec<(u64, u16)>,
}

fn avp_index() -> &'static AvpIndex {
    static INDEX: OnceLock<AvpIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let defs: Vec<&'static AvpDef> = APPLICATIONS.iter().flat_map(|a| a.avps.iter()).collect();
        let mut index = AvpIndex {
            ietf: vec![NO_SLOT; IETF_DIRECT],
            tgpp: vec![NO_SLOT; TGPP_DIRECT],
            rest: Vec::new(),
            defs,
        };
        for (i, d) in index.defs.iter().enumerate() {
            // The dictionary holds a few hundred AVPs, far below u16::MAX.
            let slot = u16::try_from(i).expect("fewer than 65535 AVPs");
            let code = d.code.0 as usize;
            match d.vendor {
                VendorId::IETF if code < IETF_DIRECT => index.ietf[code] = slot,
                VendorId::TGPP if code < TGPP_DIRECT => index.tgpp[code] = slot,
                _ => index.rest.push((key(d.code, d.vendor), slot)),
            }
        }
        index.rest.sort_unstable_by_key(|(k, _)| *k);
        index
    })
}

/// The definition of AVP `code` from `vendor`, if the dictionary has it.
pub fn avp(code: AvpCode, vendor: VendorId) -> Option<&'static AvpDef> {
    let index = avp_index();
    let direct = match vendor {
        VendorId::IETF => index.ietf.get(code.0 as usize),
        VendorId::TGPP => index.tgpp.get(code.0 as usize),
        _ => None,
    };
    let slot = match direct {
        Some(&slot) => slot,
        None => {
            let k = key(code, vendor);
            let i = index.rest.binary_search_by_key(&k, |(k, _)| *k).ok()?;
            index.rest[i].1
        }
    };
    index.defs.get(usize::from(slot)).copied()
}

/// The definition of `code` in `application`, else in the base protocol: session commands (RAR,
/// STR, ASR) travel with the id of the application they serve.
pub fn command(application: ApplicationId, code: CommandCode) -> Option<&'static CommandDef> {
    let find = |app: ApplicationId| {
        APPLICATIONS
            .iter()
            .filter(|a| a.id == app)
            .flat_map(|a| a.commands.iter())
            .find(|c| c.code == code)
    };
    find(application).or_else(|| find(ApplicationId::COMMON))
}

/// The application with this id.
pub fn application(id: ApplicationId) -> Option<&'static Application> {
    APPLICATIONS.iter().find(|a| a.id == id && !a.commands.is_empty())
}

#[cfg(test)]
mod tests;
