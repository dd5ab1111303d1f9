//! Typed views of the requests (and answers) the HSS receives.
//!
//! A view is built once per message: one pass over the top-level AVPs picks out the ones the
//! handler needs ([`index`]), then typed accessors convert them. Handlers read fields, never
//! raw AVP codes. Building a view does not validate the message against the dictionary: call
//! [`crate::validate::validate`] first; a view only fails on what it needs itself (a missing
//! or malformed field it reads), with the same Result-Codes.

pub mod base;
pub mod cx;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;

use crate::avp::RawAvp;
use crate::code::ResultCode;
use crate::dict::{AvpDef, base as b};
use crate::error::MessageError;
use crate::message::Message;

/// Finds the first top-level AVP matching each of `defs`, in one pass.
pub fn index<'a, const N: usize>(
    msg: &Message<'a>,
    defs: [&AvpDef; N],
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    let mut found = [None; N];
    for avp in msg.avps() {
        let avp = avp?;
        if let Some(i) = defs.iter().position(|d| avp.is(d.code, d.vendor))
            && found[i].is_none()
        {
            found[i] = Some(avp);
        }
    }
    Ok(found)
}

/// Finds the first child AVP matching each of `defs` inside a Grouped AVP, in one pass.
pub fn index_group<'a, const N: usize>(
    group: &RawAvp<'a>,
    defs: [&AvpDef; N],
) -> Result<[Option<RawAvp<'a>>; N], MessageError> {
    let mut found = [None; N];
    for avp in group.group() {
        let avp = avp?;
        if let Some(i) = defs.iter().position(|d| avp.is(d.code, d.vendor))
            && found[i].is_none()
        {
            found[i] = Some(avp);
        }
    }
    Ok(found)
}

/// The value of a required AVP, or a 5005 naming it.
pub fn require<'a>(avp: Option<RawAvp<'a>>, def: &AvpDef) -> Result<RawAvp<'a>, MessageError> {
    avp.ok_or_else(|| MessageError::missing(def.code, def.vendor, def.ty.min_len()))
}

/// A required UTF-8 AVP.
pub fn require_str<'a>(avp: Option<RawAvp<'a>>, def: &AvpDef) -> Result<&'a str, MessageError> {
    require(avp, def)?.utf8()
}

/// An optional UTF-8 AVP.
pub fn opt_str<'a>(avp: Option<RawAvp<'a>>) -> Result<Option<&'a str>, MessageError> {
    avp.map(|a| a.utf8()).transpose()
}

/// An optional Unsigned32 / Enumerated AVP.
pub fn opt_u32(avp: Option<RawAvp<'_>>) -> Result<Option<u32>, MessageError> {
    avp.map(|a| a.u32()).transpose()
}

/// A fixed-length OctetString (e.g. a 3-byte PLMN id); another length is a 5014 on that AVP.
pub fn fixed_octets<const N: usize>(avp: &RawAvp<'_>) -> Result<[u8; N], MessageError> {
    avp.data.try_into().map_err(|_| MessageError {
        result_code: ResultCode::INVALID_AVP_LENGTH,
        failed_avp: Some(avp.failed()),
        reason: "OctetString of the wrong length",
    })
}

/// A value the AVP's type allows but the application does not (5004 on that AVP).
pub fn invalid_value(avp: &RawAvp<'_>, reason: &'static str) -> MessageError {
    MessageError {
        result_code: ResultCode::INVALID_AVP_VALUE,
        failed_avp: Some(avp.failed()),
        reason,
    }
}

/// The routing and session fields every request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routing<'a> {
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub destination_host: Option<&'a str>,
    pub destination_realm: Option<&'a str>,
}

impl<'a> Routing<'a> {
    /// The AVPs [`Routing::from_index`] reads: list them first in a view's [`index`] call.
    pub const DEFS: [&'static AvpDef; 5] = [
        &b::SESSION_ID,
        &b::ORIGIN_HOST,
        &b::ORIGIN_REALM,
        &b::DESTINATION_HOST,
        &b::DESTINATION_REALM,
    ];

    /// Builds the routing fields from the first five slots of an index made with [`Self::DEFS`].
    pub fn from_index(found: &[Option<RawAvp<'a>>]) -> Result<Self, MessageError> {
        Ok(Self {
            session_id: opt_str(found[0])?,
            origin_host: require_str(found[1], &b::ORIGIN_HOST)?,
            origin_realm: require_str(found[2], &b::ORIGIN_REALM)?,
            destination_host: opt_str(found[3])?,
            destination_realm: opt_str(found[4])?,
        })
    }
}

/// The result of an answer the HSS receives (CLA, IDA, DSA, RTA, PPA, PNA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerResult {
    /// Result-Code.
    Result(ResultCode),
    /// Experimental-Result with its vendor.
    Experimental { vendor: u32, code: ResultCode },
}

impl AnswerResult {
    /// Reads Result-Code or Experimental-Result from an answer; 5005 when it has neither.
    pub fn from_answer(msg: &Message<'_>) -> Result<Self, MessageError> {
        let [rc, er] = index(msg, [&b::RESULT_CODE, &b::EXPERIMENTAL_RESULT])?;
        if let Some(rc) = rc {
            return Ok(Self::Result(ResultCode(rc.u32()?)));
        }
        let er = require(er, &b::RESULT_CODE)?;
        let [vendor, code] = index_group(&er, [&b::VENDOR_ID, &b::EXPERIMENTAL_RESULT_CODE])?;
        Ok(Self::Experimental {
            vendor: require(vendor, &b::VENDOR_ID)?.u32()?,
            code: ResultCode(require(code, &b::EXPERIMENTAL_RESULT_CODE)?.u32()?),
        })
    }

    /// True for 2xxx results.
    pub fn is_success(self) -> bool {
        match self {
            Self::Result(c) | Self::Experimental { code: c, .. } => c.is_success(),
        }
    }
}
